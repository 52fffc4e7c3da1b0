package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/congportal/cong/internal/legal"
)

// legalListPage is the legal-documents database of a site.
type legalListPage struct {
	*Page
	Docs    []*legal.Doc
	Total   listCount
	Filter  legal.Filter
	Types   []string
	Issuers []string
	Years   []int
	Today   string
	Prev    string
	Next    string
}

// StatusOf is a document's status today, for the list.
func (p *legalListPage) StatusOf(d *legal.Doc) legal.Status { return d.StatusOn(p.Today) }

// legalList serves /van-ban: the documents with filters by type, issuer,
// year and status, sorted and paged.
func (s *Server) legalList(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	q := r.URL.Query()
	f := legal.Filter{SiteID: st.ID, Type: q.Get("loai"), Issuer: q.Get("co-quan"), Status: legal.Status(q.Get("hieu-luc")),
		Sort: q.Get("sap-xep"), Limit: 20}
	f.Year, _ = strconv.Atoi(q.Get("nam"))
	page := pageNumber(q.Get("trang"))
	f.Offset = (page - 1) * f.Limit
	docs, total, err := s.legal.List(r.Context(), f)
	if err != nil {
		return err
	}
	p := &legalListPage{Page: s.publicPage(r, translate(langOf(r), "legal.docs")), Docs: docs, Total: countOf(total, legal.CountCap), Filter: f,
		Today: legal.Today(s.now())}
	if p.Types, p.Issuers, p.Years, err = s.legal.Facets(r.Context(), st.ID); err != nil {
		return err
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("trang", strconv.Itoa(n))
		return p.Link("/van-ban") + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page*f.Limit < min(total, legal.CountCap) {
		p.Next = link(page + 1)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/legal_list", p)
}
