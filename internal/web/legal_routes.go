package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/vn"
)

// legalPublicRoutes: a legal document's page, whose English address
// resolves although laws are published in Vietnamese only, and the
// number-or-keyword box of /van-ban (issue 20, point 4).
func (s *Server) legalPublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /van-ban/{slug}", s.public(s.legalDoc))
	mux.Handle("GET /van-ban/tra-cuu", s.public(s.legalLookup))
}

// legalDoc serves a legal document as every item is served.
func (s *Server) legalDoc(w http.ResponseWriter, r *http.Request) error {
	r.SetPathValue("kind", content.Legal.Path()) // what article reads under GET /{kind}/{slug}
	return s.itemPage(w, r)
}

// itemPage serves an item (article); in the English version, an item
// that has no English text — a law, a project, most of what an agency
// publishes — leads to its Vietnamese page instead of "not found" (a
// temporary redirect: a translation may be published later). English
// lists show such items, and their links must resolve.
func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) error {
	err := s.article(w, r)
	if err == nil || langOf(r) != "en" {
		return err
	}
	if e, ok := apperr.As(err); !ok || e.Kind != apperr.NotFound {
		return err
	}
	kind, ok := content.KindOfPath(r.PathValue("kind"))
	if !ok {
		return err
	}
	st := siteOf(r)
	it, _, verr := s.content.PublishedBySlug(r.Context(), st.ID, "vi", kind, r.PathValue("slug"))
	if verr != nil {
		return err
	}
	http.Redirect(w, r, st.URL(it.URL()), http.StatusFound)
	return nil
}

// legalLookup is the box of /van-ban: a number in any typing
// ("15/2019/qđ-ubnd", "15 2019 QĐ UBND") opens that document — on this
// site, else on the main portal, which holds the laws and decrees; other
// words search the legal documents.
func (s *Server) legalLookup(w http.ResponseWriter, r *http.Request) error {
	q := vn.Clean(strings.ToValidUTF8(r.URL.Query().Get("q"), ""))
	st, lang := siteOf(r), langOf(r)
	p := s.publicPage(r, "")
	if q == "" {
		http.Redirect(w, r, p.Link("/van-ban"), http.StatusSeeOther)
		return nil
	}
	if strings.ContainsAny(q, "0123456789") && len([]rune(q)) <= 60 { // a number's key is indexed: cheap to try
		for _, id := range []int64{st.ID, s.mainSite(r).ID} {
			if d, err := s.legal.ByNumber(r.Context(), id, q); err == nil {
				where := st
				if id != st.ID {
					where = s.mainSite(r)
				}
				path := "/van-ban/" + d.Slug
				if lang == "en" && d.Lang == "en" {
					path = "/en" + path
				}
				http.Redirect(w, r, where.URL(path), http.StatusSeeOther)
				return nil
			}
		}
	}
	http.Redirect(w, r, p.Link("/tim-kiem")+"?"+url.Values{"q": {q}, "loai": {string(content.Legal)}}.Encode(), http.StatusSeeOther)
	return nil
}
