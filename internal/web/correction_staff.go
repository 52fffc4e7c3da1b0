package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/correction"
	"github.com/congportal/cong/internal/site"
)

// itemCorrections is the corrections section of the staff item page:
// the item's public corrections, and for those who may publish, the
// revisions a new one may name as the one the public saw.
type itemCorrections struct {
	List       []*correction.Correction
	Candidates []int  // earlier published revisions, newest first
	MayPublish bool   // content.publish on the site, the item live
	Done       bool   // a correction was just published
	Notice     string // the notice as typed, when the form comes back with an error
	Action     string
	PublicBase string // the site's public prefix, for the notices' links
}

// Link is a correction's public page.
func (ic *itemCorrections) Link(c *correction.Correction) string {
	if c.Lang == "en" {
		return ic.PublicBase + "/en/dinh-chinh/" + strconv.FormatInt(c.ID, 10)
	}
	return ic.PublicBase + "/dinh-chinh/" + strconv.FormatInt(c.ID, 10)
}

// itemCorrectionsOf fills the section for it; nil for an item never
// published, which cannot have any.
func (s *Server) itemCorrectionsOf(r *http.Request, st *site.Site, it *content.Item) (*itemCorrections, error) {
	if it.FirstPublishedAt == nil {
		return nil, nil
	}
	fixes := s.corrections()
	ic := &itemCorrections{Action: itemAdminURL(st, it.ID) + "/dinh-chinh", Done: r.URL.Query().Get("dinh-chinh") != "",
		Notice:     r.PostFormValue("notice"),
		PublicBase: strings.TrimSuffix(st.URL("/"), "/")}
	var err error
	if ic.List, err = fixes.ForItem(r.Context(), it.ID); err != nil {
		return nil, err
	}
	p := s.person(r)
	ic.MayPublish = it.Live && p.User.Can(st.ID, p.MainID, account.PublishContent)
	if ic.MayPublish {
		if ic.Candidates, err = fixes.Candidates(r.Context(), it); err != nil {
			return nil, err
		}
	}
	return ic, nil
}

// correctionPublish marks public the correction of a published item by
// its published revision (REQ-21): the board head or deputy names the
// revision the public saw and writes the notice.
func (s *Server) correctionPublish(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	p := s.person(r)
	if !p.User.Can(st.ID, p.MainID, account.PublishContent) {
		s.deny(r, st.ID, strconv.FormatInt(it.ID, 10), "correction.publish")
		return errForbidden
	}
	before := 0
	if v := strings.TrimSpace(r.PostFormValue("before")); v != "" {
		if before, err = strconv.Atoi(v); err != nil || before <= 0 {
			err = apperr.Field("before", "Hãy chọn một bản đã đăng trước bản đang đăng.", "Choose a revision published before the current one.")
		}
	}
	if err == nil {
		_, err = s.corrections().Publish(r.Context(), it.ID, before, r.PostFormValue("notice"),
			correction.Person{User: p.User, MainID: p.MainID, Actor: s.actor(r)})
	}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		return s.renderItem(w, fr, statusOf(err), st, it, nil, "", msgs)
	}
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?dinh-chinh=da-cong-bo#dinh-chinh", http.StatusSeeOther)
	return nil
}

// minorNotice reads the notice an approver may write with a minor
// correction (the item form's "notice", REQ-21: the correction made
// public as the revision is published): "" when none was written, an
// error when the one written cannot be published, before anything is.
func minorNotice(r *http.Request) (string, error) {
	if strings.TrimSpace(r.PostFormValue("notice")) == "" {
		return "", nil
	}
	return correction.CheckNote(r.PostFormValue("notice"))
}

// publishMinorNotice makes public the notice written with the minor
// correction just published, naming the revision published before it.
func (s *Server) publishMinorNotice(r *http.Request, itemID int64, notice string) error {
	if notice == "" {
		return nil
	}
	p := s.person(r)
	_, err := s.corrections().Publish(r.Context(), itemID, 0, notice, correction.Person{User: p.User, MainID: p.MainID, Actor: s.actor(r)})
	return err
}
