package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/correction"
	"github.com/congportal/cong/internal/vn"
)

// corrections is the corrections store; it holds no state of its own.
func (s *Server) corrections() *correction.Store { return correction.NewStore(s.db, s.content, s.now) }

// correctionListPage is /dinh-chinh: the site's public corrections.
type correctionListPage struct {
	*Page
	List       []*correction.Correction
	PageNo     int
	Prev, Next string
}

// correctionList serves /dinh-chinh, newest first, in the page's language.
func (s *Server) correctionList(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	n := pageNumber(r.URL.Query().Get("trang"))
	list, more, err := s.corrections().Public(r.Context(), st.ID, langOf(r), n)
	if err != nil {
		return err
	}
	tagPage(r, siteTag(st.ID))
	p := &correctionListPage{Page: s.publicPage(r, translate(langOf(r), "cr.list.title")), List: list, PageNo: n}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	if n > 1 {
		p.Prev = p.Link("/dinh-chinh") + "?trang=" + strconv.Itoa(n-1)
	}
	if more {
		p.Next = p.Link("/dinh-chinh") + "?trang=" + strconv.Itoa(n+1)
	}
	return s.tmpl.render(w, http.StatusOK, "public/corrections", p)
}

// correctionPage is one correction: the notice and what changed.
type correctionPage struct {
	*Page
	C       *correction.Correction
	Changes []content.FieldDiff
}

// FieldName is a changed field's name for readers.
func (p *correctionPage) FieldName(field string) string { return p.T("cr.field." + field) }

// correctionShow serves /dinh-chinh/{id}: the dated notice, then each
// corrected field as it read before and as it reads now.
func (s *Server) correctionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	st := siteOf(r)
	fixes := s.corrections()
	c, err := fixes.PublicGet(r.Context(), st.ID, id)
	if err != nil {
		return err
	}
	tagPage(r, itemTag(c.ItemID))
	p := &correctionPage{Page: s.publicPage(r, translate(langOf(r), "cr.one.title")+": "+c.Title), C: c}
	if p.Changes, err = fixes.Changes(r.Context(), c); err != nil {
		return err
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/correction", p)
}

// ISO writes t as the day in Vietnam, for a <time> element.
func (p *correctionListPage) ISO(t time.Time) string { return t.In(vn.ICT).Format("2006-01-02") }
