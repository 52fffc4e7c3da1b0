package web

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/procedure"
	"github.com/congportal/cong/internal/site"
)

// procedureAdminPage is the staff list of a site's catalogue with the
// two imports.
type procedureAdminPage struct {
	*AdminPage
	Work *site.Site
	List []*procedure.Procedure
}

// procedureFormPage is the form of one procedure.
type procedureFormPage struct {
	*AdminPage
	Work    *site.Site
	Proc    *procedure.Procedure
	Dossier string // the components, one a line: name | originals | copies
	Forms   string // the forms, one a line: name | link
}

// Levels and ServiceLevels are the choices of the form.
func (p *procedureFormPage) Levels() []procedure.Level { return procedure.Levels }

// ServiceLevels are the online service levels.
func (p *procedureFormPage) ServiceLevels() []procedure.ServiceLevel { return procedure.ServiceLevels }

// Proactives are the proactive levels, 0 for none.
func (p *procedureFormPage) Proactives() []int { return []int{0, 1, 2, 3, 4} }

// procedureSite reads the site and checks that the person may keep its
// catalogue: content.publish (the board head or deputy), since what is
// saved is public at once, as a published item is. Refusals are logged.
func (s *Server) procedureSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	main := s.resolver.Main()
	if main == nil || !userOf(r).Can(st.ID, main.ID, account.PublishContent) {
		s.deny(r, st.ID, r.Method+" "+r.URL.Path, "procedure.manage")
		return nil, errForbidden
	}
	return st, nil
}

func (s *Server) renderProcedureAdmin(w http.ResponseWriter, r *http.Request, status int, st *site.Site, errs []string) error {
	list, err := procedure.NewStore(s.db, s.now).List(r.Context(), st.ID)
	if err != nil {
		return err
	}
	lang := langOf(r)
	p := &procedureAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "proc.admin.title")+" – "+st.DisplayName(lang)), Work: st, List: list}
	p.Notice, p.Errors = procedureNotice(r), errs
	return s.tmpl.render(w, status, "admin/procedure_list", p)
}

// procedureNotice says what the last step did (?luu=1, or the counts of
// an import).
func procedureNotice(r *http.Request) string {
	q, lang := r.URL.Query(), langOf(r)
	if v := q.Get("nhap"); v != "" {
		var c, u, n int
		if _, err := fmt.Sscanf(v, "%d-%d-%d", &c, &u, &n); err == nil {
			return fmt.Sprintf(translate(lang, "proc.imported"), c, u, n)
		}
	}
	if v := q.Get("so-lieu"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return fmt.Sprintf(translate(lang, "proc.stats.imported"), n)
		}
	}
	return noticeOf(r)
}

// procedureAdmin is GET /quan-tri/s/{site}/dich-vu-cong.
func (s *Server) procedureAdmin(w http.ResponseWriter, r *http.Request) error {
	st, err := s.procedureSite(r)
	if err != nil {
		return err
	}
	return s.renderProcedureAdmin(w, r, http.StatusOK, st, nil)
}

func (s *Server) renderProcedureForm(w http.ResponseWriter, r *http.Request, status int, st *site.Site, x *procedure.Procedure, dossier, forms string, errs []string) error {
	lang := langOf(r)
	title := translate(lang, "proc.new")
	if x.ID != 0 {
		title = x.Code + " – " + x.Name
	}
	p := &procedureFormPage{AdminPage: s.adminPage(r, userOf(r), title), Work: st, Proc: x, Dossier: dossier, Forms: forms}
	p.Notice, p.Errors = noticeOf(r), errs
	return s.tmpl.render(w, status, "admin/procedure_form", p)
}

// procedureForm is GET …/dich-vu-cong/moi (a new procedure) and
// GET …/dich-vu-cong/{code} (a change).
func (s *Server) procedureForm(w http.ResponseWriter, r *http.Request) error {
	st, err := s.procedureSite(r)
	if err != nil {
		return err
	}
	x := &procedure.Procedure{Level: procedure.Province, ServiceLevel: procedure.Full}
	if code := r.PathValue("code"); code != "" {
		if x, err = procedure.NewStore(s.db, s.now).ByCode(r.Context(), st.ID, code); err != nil {
			return err
		}
	}
	return s.renderProcedureForm(w, r, http.StatusOK, st, x, procedure.DossierText(x.Dossier), procedure.FormsText(x.Forms), nil)
}

// procedureSave is POST …/dich-vu-cong/luu: a new procedure, or with id
// a change of one (its code stays).
func (s *Server) procedureSave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.procedureSite(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	id, _ := strconv.ParseInt(f("id"), 10, 64)
	proactive, _ := strconv.Atoi(f("muc_do_chu_dong"))
	x := &procedure.Procedure{ID: id, SiteID: st.ID, Code: f("ma_thu_tuc"), Name: f("ten_thu_tuc"), Field: f("linh_vuc"),
		Level: procedure.Level(f("cap_thuc_hien")), Agency: f("co_quan_thuc_hien"), ServiceLevel: procedure.ServiceLevel(f("muc_do")),
		PartialReason: f("ly_do_mot_phan"), PartialBasis: f("can_cu_mot_phan"), Proactive: proactive, Steps: f("trinh_tu"),
		Methods: f("cach_thuc"), TimeLimit: f("thoi_han"), Subjects: f("doi_tuong"), Result: f("ket_qua"), Fees: f("phi_le_phi"),
		Requirements: f("yeu_cau_dieu_kien"), LegalBasis: f("can_cu_phap_ly"), Decision: f("quyet_dinh_cong_bo"), ServiceURL: f("duong_dan_dvc")}
	if id != 0 {
		old, err := procedure.NewStore(s.db, s.now).ByCode(r.Context(), st.ID, f("ma_thu_tuc"))
		if err != nil || old.ID != id {
			return errNotFound
		}
	}
	again := func(err error) error {
		return s.invalidAgain(w, r, err, func(fr *http.Request, msgs []string) error {
			return s.renderProcedureForm(w, fr, http.StatusUnprocessableEntity, st, x, f("thanh_phan_ho_so"), f("mau_don"), msgs)
		})
	}
	if x.Dossier, err = procedure.ParseDossier(f("thanh_phan_ho_so")); err != nil {
		return again(err)
	}
	x.Forms = procedure.ParseForms(f("mau_don"))
	if err := procedure.NewStore(s.db, s.now).Save(r.Context(), x, s.actor(r)); err != nil {
		return again(err)
	}
	return s.procedureDone(w, r, st, "?luu=1")
}

// procedureRemove is POST …/dich-vu-cong/{code}/bo.
func (s *Server) procedureRemove(w http.ResponseWriter, r *http.Request) error {
	st, err := s.procedureSite(r)
	if err != nil {
		return err
	}
	if err := procedure.NewStore(s.db, s.now).Remove(r.Context(), st.ID, r.PathValue("code"), s.actor(r)); err != nil {
		return err
	}
	return s.procedureDone(w, r, st, "?luu=1")
}

// procedureUpload is POST …/dich-vu-cong/tep (the catalogue) and
// …/dich-vu-cong/so-lieu/tep (the yearly figures): a JSON or CSV file in
// the import format, stored in one transaction. A bad file shows the list
// again with the message naming the line and field; nothing is stored.
func (s *Server) procedureUpload(w http.ResponseWriter, r *http.Request) error {
	st, err := s.procedureSite(r)
	if err != nil {
		return err
	}
	bad := func(err error) error {
		return s.invalidAgain(w, r, err, func(fr *http.Request, msgs []string) error {
			return s.renderProcedureAdmin(w, fr, http.StatusUnprocessableEntity, st, msgs)
		})
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return bad(apperr.Field("file", "Hãy chọn tệp JSON hoặc CSV để nhập.", "Choose a JSON or CSV file to import."))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, procedure.MaxFile+1))
	if err != nil {
		return err
	}
	name := filepath.Base(hdr.Filename)
	ps := procedure.NewStore(s.db, s.now)
	var next string
	if strings.HasSuffix(r.URL.Path, "/so-lieu/tep") {
		recs, err := procedure.ParseStats(data)
		if err != nil {
			return bad(err)
		}
		n, err := ps.ImportStats(r.Context(), st.ID, recs, name, s.actor(r))
		if err != nil {
			return bad(err)
		}
		next = "?so-lieu=" + strconv.Itoa(n)
	} else {
		recs, err := procedure.ParseProcedures(data)
		if err != nil {
			return bad(err)
		}
		res, err := ps.Import(r.Context(), st.ID, recs, name, s.actor(r))
		if err != nil {
			return bad(err)
		}
		next = fmt.Sprintf("?nhap=%d-%d-%d", res.Created, res.Updated, res.Unchanged)
	}
	return s.procedureDone(w, r, st, next)
}

// procedureDone drops the site's cached pages (its catalogue) and goes
// back to the staff list.
func (s *Server) procedureDone(w http.ResponseWriter, r *http.Request, st *site.Site, query string) error {
	if s.pages != nil {
		s.pages.Invalidate(siteTag(st.ID))
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/dich-vu-cong"+query, http.StatusSeeOther)
	return nil
}

// MayProcedures says whether the site's workspace links its procedures
// catalogue: the rule of procedureSite.
func (p *workspacePage) MayProcedures() bool {
	return p.User != nil && p.Main != nil && p.User.Can(p.Work.ID, p.Main.ID, account.PublishContent)
}
