package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// channelAdminPage is GET /quan-tri/s/{site}/kenh-chinh-thuc: the
// site's official channels, and the form to add one or change one.
type channelAdminPage struct {
	*AdminPage
	Work     *site.Site
	Channels []*channel.Channel
	Kinds    []channel.Kind
	Values   map[string]string // the form being edited or sent back
	Today    string
}

// V is a value of the form.
func (p *channelAdminPage) V(field string) string { return p.Values[field] }

// Editing reports whether the form holds an existing channel.
func (p *channelAdminPage) Editing() bool { return p.V("id") != "" && p.V("id") != "0" }

// KindLabel names a kind of channel in the page's language.
func (p *channelAdminPage) KindLabel(k channel.Kind) string { return k.Label(p.Lang) }

// Day writes a day (YYYY-MM-DD) in words.
func (p *channelAdminPage) Day(day string) string { return dayWords(&p.Page, day) }

func (s *Server) channelAdmin(w http.ResponseWriter, r *http.Request) error {
	st, ok, err := s.channelSite(r)
	if err != nil {
		return err
	}
	if !ok {
		s.deny(r, st.ID, st.Code, "channel.read")
		return errForbidden
	}
	values := map[string]string{"kind": string(channel.Social), "verified_on": vn.Day(s.now())}
	if v := r.URL.Query().Get("sua"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return errNotFound
		}
		c, err := s.channels().Get(r.Context(), st.ID, id)
		if err != nil {
			return err
		}
		values = map[string]string{"id": v, "kind": string(c.Kind), "name": c.Name, "link": c.Link, "verified_on": c.VerifiedOn, "note": c.Note}
	}
	return s.renderChannels(w, r, http.StatusOK, st, values, nil)
}

// renderChannels draws the registry page with the form holding values.
func (s *Server) renderChannels(w http.ResponseWriter, r *http.Request, status int, st *site.Site, values map[string]string, errs []string) error {
	list, err := s.channels().List(r.Context(), st.ID)
	if err != nil {
		return err
	}
	lang := langOf(r)
	p := &channelAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "ch.title")+" – "+st.DisplayName(lang)),
		Work: st, Channels: list, Kinds: channel.Kinds, Values: values, Today: vn.Day(s.now())}
	p.Notice, p.Errors = noticeOf(r), errs
	if r.URL.Query().Get("bo") != "" {
		p.Notice = translate(lang, "ch.removed")
	}
	return s.tmpl.render(w, status, "admin/channel_list", p)
}

// channelSave is POST /quan-tri/s/{site}/kenh-chinh-thuc: a channel
// added (no id) or changed. A refused one comes back with its fields.
func (s *Server) channelSave(w http.ResponseWriter, r *http.Request) error {
	st, ok, err := s.channelSite(r)
	if err != nil {
		return err
	}
	if !ok {
		s.deny(r, st.ID, st.Code, "channel.save")
		return errForbidden
	}
	f := r.PostFormValue
	var id int64
	if v := strings.TrimSpace(f("id")); v != "" && v != "0" {
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
			return errNotFound
		}
	}
	c := &channel.Channel{ID: id, SiteID: st.ID, Kind: channel.Kind(f("kind")), Name: f("name"), Link: f("link"),
		VerifiedOn: isoDay(f("verified_on")), Note: f("note")}
	if err := s.channels().Save(r.Context(), c, s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			values := map[string]string{}
			for _, k := range []string{"id", "kind", "name", "link", "verified_on", "note"} {
				values[k] = f(k)
			}
			return s.renderChannels(w, fr, statusOf(err), st, values, msgs)
		}
		return err
	}
	s.contentChanged(st.ID, 0) // the public list, the footer's page, the JSON-LD
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/kenh-chinh-thuc?luu=1", http.StatusSeeOther)
	return nil
}

// channelRemove is POST /quan-tri/s/{site}/kenh-chinh-thuc/{id}/bo: a
// channel the agency no longer runs leaves the list.
func (s *Server) channelRemove(w http.ResponseWriter, r *http.Request) error {
	st, ok, err := s.channelSite(r)
	if err != nil {
		return err
	}
	if !ok {
		s.deny(r, st.ID, st.Code, "channel.remove")
		return errForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	if err := s.channels().Remove(r.Context(), st.ID, id, s.actor(r)); err != nil {
		return err
	}
	s.contentChanged(st.ID, 0)
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/kenh-chinh-thuc?bo=1", http.StatusSeeOther)
	return nil
}
