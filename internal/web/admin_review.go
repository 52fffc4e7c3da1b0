package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/workflow"
)

// deny records a refusal for want of rights and returns the error page.
func (s *Server) deny(r *http.Request, siteID int64, target, what string) {
	audit.Record(r.Context(), s.db, s.actor(r).Entry("denied", siteID, target, what))
}

type diffPage struct {
	*AdminPage
	Work   *site.Site
	Item   *content.Item
	A, B   *content.Revision
	Fields []content.FieldDiff
}

// itemDiff compares two revisions of an item (?a=N&b=M, by number).
func (s *Server) itemDiff(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	a, err := s.revisionByNumber(r, it, r.URL.Query().Get("a"))
	if err != nil {
		return err
	}
	b, err := s.revisionByNumber(r, it, r.URL.Query().Get("b"))
	if err != nil {
		return err
	}
	p := &diffPage{AdminPage: s.adminPage(r, userOf(r), it.Rev.Title), Work: st, Item: it, A: a, B: b, Fields: content.Compare(a, b)}
	return s.tmpl.render(w, http.StatusOK, "admin/diff", p)
}

func (s *Server) revisionByNumber(r *http.Request, it *content.Item, n string) (*content.Revision, error) {
	num, err := strconv.Atoi(n)
	if err != nil {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy phiên bản.", "Revision not found.")
	}
	revs, err := s.content.Revisions(r.Context(), it.ID)
	if err != nil {
		return nil, err
	}
	for _, rv := range revs {
		if rv.Number == num {
			return s.content.Revision(r.Context(), rv.ID)
		}
	}
	return nil, apperr.New(apperr.NotFound, "Không tìm thấy phiên bản.", "Revision not found.")
}

// itemRestore saves an old revision's text as a new revision: history is
// never rewritten, and the restored text goes through the workflow again.
func (s *Server) itemRestore(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	p := s.person(r)
	if !workflow.MayEdit(p.User, p.MainID, it) {
		s.deny(r, st.ID, strconv.FormatInt(it.ID, 10), "item.restore")
		return errForbidden
	}
	old, err := s.revisionByNumber(r, it, r.PostFormValue("number"))
	if err != nil {
		return err
	}
	d := draftOf(it)
	d.Title, d.Summary, d.Body, d.Author, d.Source, d.Tags = old.Title, old.Summary, old.Body, old.Author, old.Source, old.Tags
	d.CoverMediaID, d.CoverAlt = old.CoverMediaID, old.CoverAlt
	d.Note = "Khôi phục phiên bản " + strconv.Itoa(old.Number)
	if _, err := s.content.Save(r.Context(), it.ID, d, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1", http.StatusSeeOther)
	return nil
}

func (s *Server) itemPropose(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	if err := s.flow.Propose(r.Context(), it.ID, r.PostFormValue("note"), s.person(r)); err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		return s.renderItem(w, fr, statusOf(err), st, it, nil, "", msgs)
	}
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?xong=propose", http.StatusSeeOther)
	return nil
}

func (s *Server) postCheckConfirm(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.flow.ConfirmPostCheck(r.Context(), id, r.PostFormValue("note"), s.person(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/?xong=check", http.StatusSeeOther)
	return nil
}

func (s *Server) reportResolve(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.flow.ResolveReport(r.Context(), id, r.PostFormValue("resolution"), s.person(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/?xong=resolve", http.StatusSeeOther)
	return nil
}

func (s *Server) inboxAccept(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	cp, err := s.flow.Accept(r.Context(), id, s.person(r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, itemAdminURL(st, cp.ID)+"?xong=accept", http.StatusSeeOther)
	return nil
}

func (s *Server) inboxReturn(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.flow.ReturnProposal(r.Context(), id, r.PostFormValue("reason"), s.person(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/?xong=return", http.StatusSeeOther)
	return nil
}

type categoriesPage struct {
	*AdminPage
	Work       *site.Site
	Categories []*content.Category
	Terms      string
	MayManage  bool
}

// categoriesShow lists the site's categories and prohibited terms.
func (s *Server) categoriesShow(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	return s.renderCategories(w, r, http.StatusOK, st, noticeOf(r), nil)
}

func (s *Server) renderCategories(w http.ResponseWriter, r *http.Request, status int, st *site.Site, notice string, errs []string) error {
	cats, err := s.content.Categories(r.Context(), st.ID)
	if err != nil {
		return err
	}
	terms, err := s.flow.Terms(r.Context(), st.ID)
	if err != nil {
		return err
	}
	p := s.person(r)
	page := &categoriesPage{AdminPage: s.adminPage(r, p.User, translate(langOf(r), "categories")), Work: st, Categories: cats,
		Terms: strings.Join(terms, "\n"), MayManage: p.User.Can(st.ID, p.MainID, account.ApproveContent)}
	page.Notice, page.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/categories", page)
}

// categorySave creates or updates a category; board heads and deputies
// decide the site's structure.
func (s *Server) categorySave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	p := s.person(r)
	if !p.User.Can(st.ID, p.MainID, account.ApproveContent) {
		s.deny(r, st.ID, st.Code, "category.save")
		return errForbidden
	}
	c := &content.Category{SiteID: st.ID, Slug: r.PostFormValue("slug"), Name: r.PostFormValue("name"),
		NameEN: r.PostFormValue("name_en"), InMenu: r.PostFormValue("in_menu") == "1", HomeBlock: r.PostFormValue("home_block") == "1"}
	c.ID, _ = strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	c.Position, _ = strconv.Atoi(r.PostFormValue("position"))
	if err := s.content.SaveCategory(r.Context(), c, s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok {
			fr, msgs := withInvalid(r, e)
			return s.renderCategories(w, fr, statusOf(err), st, "", msgs)
		}
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/chuyen-muc?luu=1", http.StatusSeeOther)
	return nil
}

func (s *Server) termsSave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	terms := strings.Split(r.PostFormValue("terms"), "\n")
	if err := s.flow.SetTerms(r.Context(), st.ID, terms, s.person(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/chuyen-muc?luu=1", http.StatusSeeOther)
	return nil
}
