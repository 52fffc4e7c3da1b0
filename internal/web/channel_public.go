package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"

	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/site"
)

// channelGroup is the channels of one kind, as the public page lists them.
type channelGroup struct {
	Kind     channel.Kind
	Label    string
	Channels []*channel.Channel
}

// channelsPage is /kenh-chinh-thuc: the site's official channels by
// kind, each with its address and the day it was verified (REQ-05,
// REQ-38), and the site described in JSON-LD with them as sameAs.
type channelsPage struct {
	*Page
	Groups []channelGroup
	list   []*channel.Channel
	ld     template.JS
}

// JSONLD is the site as a schema.org GovernmentOrganization naming its
// channels.
func (p *channelsPage) JSONLD() template.JS { return p.ld }

// TelURL is the tel: link of a hotline; html/template would refuse the
// scheme from a string, and Tel writes digits and a plus only.
func (p *channelsPage) TelURL(c *channel.Channel) template.URL { return template.URL(c.Tel()) }

// Day writes a day (YYYY-MM-DD) in words in the page's language.
func (p *channelsPage) Day(day string) string { return dayWords(p.Page, day) }

// channelsSection is the slug of the required section "Kênh thông tin
// chính thức" (rules/defaults.go), whose page lists the channels too.
const channelsSection = "kenh-thong-tin-chinh-thuc"

// channelGroups reads the site's official channels, grouped by kind, for
// page pg.
func (s *Server) channelGroups(r *http.Request, pg *Page) (*channelsPage, error) {
	list, err := s.channels().List(r.Context(), siteOf(r).ID)
	if err != nil {
		return nil, err
	}
	p := &channelsPage{Page: pg, list: list}
	for _, k := range channel.Kinds {
		g := channelGroup{Kind: k, Label: k.Label(pg.Lang)}
		for _, c := range list {
			if c.Kind == k {
				g.Channels = append(g.Channels, c)
			}
		}
		if g.Channels != nil {
			p.Groups = append(p.Groups, g)
		}
	}
	return p, nil
}

func (s *Server) channelsPublic(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	lang := langOf(r)
	p, err := s.channelGroups(r, s.publicPage(r, translate(lang, "ch.title")))
	if err != nil {
		return err
	}
	p.Description = translate(lang, "ch.lead.short") + " " + st.DisplayName(lang) + "."
	p.ld = orgJSONLD(st, lang, s.baseURL(r), p.list)
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/channel_list", p)
}

// orgJSONLD describes a site as a schema.org GovernmentOrganization with
// its official channels: the https:// ones as sameAs (the accounts that
// are the same organisation, which is how search engines learn which
// page is the agency's own), the hotlines as contact points. It is
// marshalled by encoding/json, which escapes <, > and &, so it cannot end
// the script.
func orgJSONLD(st *site.Site, lang, base string, list []*channel.Channel) template.JS {
	org := map[string]any{"@context": "https://schema.org", "@type": "GovernmentOrganization",
		"name": st.DisplayName(lang), "url": base + st.URL("/")}
	addChannels(org, list)
	out, err := json.Marshal(org)
	if err != nil {
		return "{}"
	}
	return template.JS(out)
}

// addChannels puts a site's channels into its JSON-LD description.
func addChannels(org map[string]any, list []*channel.Channel) {
	var same []string
	var points []map[string]string
	for _, c := range list {
		switch {
		case c.Web():
			same = append(same, c.Link)
		case c.Kind == channel.Hotline:
			points = append(points, map[string]string{"@type": "ContactPoint", "name": c.Name, "telephone": c.Link, "contactType": "hotline"})
		}
	}
	if same != nil {
		org["sameAs"] = same
	}
	if points != nil {
		org["contactPoint"] = points
	}
}

// SiteJSONLD describes the site of a home page as an organisation with
// its official channels (sameAs), for search engines.
func (p *Page) SiteJSONLD() template.JS { return orgJSONLD(p.Site, p.Lang, p.Base, p.channels) }

// siteChannels are the channels of a site for another page's JSON-LD (the
// directory's); a failure leaves them out rather than fail the page.
func (s *Server) siteChannels(ctx context.Context, siteID int64) []*channel.Channel {
	list, err := s.channels().List(ctx, siteID)
	if err != nil {
		s.log.Warn("official channels for JSON-LD", "site", siteID, "err", err)
		return nil
	}
	return list
}
