package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/workflow"
)

// The staff side of a legal document: its metadata (number, type,
// issuer, signer, field, dates) and its relations to other documents,
// on the item's page. On a live item both act on the public pages at
// once, so only those who may publish change them; on a draft, whoever
// may edit it.

// legalItem loads the legal item of the URL and checks the person may
// change its metadata.
func (s *Server) legalItem(r *http.Request, what string) (*site.Site, *content.Item, error) {
	st, it, err := s.workItem(r)
	if err != nil {
		return nil, nil, err
	}
	if it.Kind != content.Legal {
		return nil, nil, errNotFound
	}
	p := s.person(r)
	may := p.User.Can(st.ID, p.MainID, account.PublishContent) || (!it.Live && workflow.MayEdit(p.User, p.MainID, it))
	if !may {
		s.deny(r, st.ID, strconv.FormatInt(it.ID, 10), what)
		return nil, nil, errForbidden
	}
	return st, it, nil
}

// legalSave is POST …/noi-dung/{id}/van-ban: the document's metadata.
func (s *Server) legalSave(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.legalItem(r, "legal.save")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	d := legal.Doc{ItemID: it.ID, Number: f("number"), Type: f("doc_type"), Issuer: f("issuer"), Signer: f("signer"),
		Field: f("field"), Issued: isoDay(f("issued")), Effective: isoDay(f("effective")), Expires: isoDay(f("expires")), Original: f("original"), National: f("national")}
	if err := s.legal.SaveBy(r.Context(), d, st.ID, s.actor(r)); err != nil {
		return s.legalError(w, r, st, it, err)
	}
	s.contentChanged(st.ID, it.ID)
	s.searchRefresh(it.ID) // the number, type and field are search filters
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1#van-ban", http.StatusSeeOther)
	return nil
}

// legalRelate is POST …/noi-dung/{id}/quan-he: kind, number (of the other
// document, in any typing), partial. This document acts on the other.
func (s *Server) legalRelate(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.legalItem(r, "legal.relate")
	if err != nil {
		return err
	}
	number := strings.TrimSpace(r.PostFormValue("number"))
	if number == "" {
		return s.legalError(w, r, st, it, apperr.Field("number", "Hãy nhập số, ký hiệu của văn bản liên quan.", "Enter the other document's number."))
	}
	// The other document is looked for on this site, then on the main
	// portal, which holds the laws and decrees a local text acts on.
	other, err := s.legal.ByNumber(r.Context(), st.ID, number)
	if apperr.KindOf(err) == apperr.NotFound && !st.Main {
		other, err = s.legal.ByNumber(r.Context(), s.mainSite(r).ID, number)
	}
	if err != nil {
		return s.legalError(w, r, st, it, err)
	}
	k := legal.Kind(r.PostFormValue("kind"))
	if err := s.legal.RelateBy(r.Context(), it.ID, other.ItemID, k, r.PostFormValue("partial") == "1", st.ID, s.actor(r)); err != nil {
		return s.legalError(w, r, st, it, err)
	}
	s.relationChanged(r, it.ID, other.ItemID)
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1#quan-he", http.StatusSeeOther)
	return nil
}

// legalUnrelate is POST …/noi-dung/{id}/quan-he/bo: from, to, kind; one
// of the two documents is this one.
func (s *Server) legalUnrelate(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.legalItem(r, "legal.unrelate")
	if err != nil {
		return err
	}
	from, _ := strconv.ParseInt(r.PostFormValue("from"), 10, 64)
	to, _ := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
	if from != it.ID && to != it.ID {
		return errNotFound
	}
	if err := s.legal.UnrelateBy(r.Context(), from, to, legal.Kind(r.PostFormValue("kind")), st.ID, s.actor(r)); err != nil {
		return err
	}
	s.relationChanged(r, from, to)
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1#quan-he", http.StatusSeeOther)
	return nil
}

// relationChanged drops the pages of both documents: each shows the
// relation, and an ended document's status changes.
func (s *Server) relationChanged(r *http.Request, a, b int64) {
	for _, id := range []int64{a, b} {
		if it, err := s.content.Get(r.Context(), id); err == nil {
			s.contentChanged(it.SiteID, id)
		}
	}
}

// legalError shows the item page again with the message, or passes on
// what is not the person's mistake.
func (s *Server) legalError(w http.ResponseWriter, r *http.Request, st *site.Site, it *content.Item, err error) error {
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.Invalid && e.Kind != apperr.NotFound) {
		return err
	}
	fr, msgs := withInvalid(r, e)
	return s.renderItem(w, fr, http.StatusUnprocessableEntity, st, it, nil, "", msgs)
}
