package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/records"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/workflow"
)

// The staff side of the typed records (issue 20 point 3): on the page of
// an item of a typed kind, a form of its own for each record type the
// kind carries — a project on a project; a statistics table and a
// budget report on a statistics item; a plan and a science programme on
// a plan. As for a legal document's metadata (legalItem), a record of a
// live item acts on the public page at once, so only those who may
// publish change it; on an item not yet live, whoever may edit it.

// recordTypes are the record types, by the last segment of their save
// address, with the kind of item that carries them.
var recordTypes = map[string]content.Kind{
	"du-an":     content.Project,
	"ngan-sach": content.Statistics,
	"thong-ke":  content.Statistics,
	"khoa-hoc":  content.Plan,
	"ke-hoach":  content.Plan,
}

// recordPanel is what the item page's record forms show (record-form in
// templates/admin/_records.html); nil for kinds without records.
type recordPanel struct {
	May    bool   // the person may save the records
	Action string // the item's address; each form posts to Action + "/ho-so/" + type
	// One per record type the kind carries: the stored record, what was
	// typed into a refused form, or an empty record for a new one.
	Project   *records.Project
	Budget    *records.Budget
	Statistic *records.Statistic
	Science   *records.Science
	Plan      *records.Plan
	// Files are the site's recent attachments a budget report may list,
	// with those it lists.
	Files []*media.Media
}

// The closed lists the forms choose from.
func (*recordPanel) ProjectTypes() []records.Option  { return records.ProjectTypes }
func (*recordPanel) Fundings() []records.Option      { return records.Fundings }
func (*recordPanel) Statuses() []records.Option      { return records.Statuses }
func (*recordPanel) BudgetTypes() []records.Option   { return records.BudgetTypes }
func (*recordPanel) ScienceLevels() []records.Option { return records.ScienceLevels }
func (*recordPanel) PlanTypes() []records.Option     { return records.PlanTypes }
func (*recordPanel) PeriodParts() []records.Option   { return records.PeriodParts() }

// typedRecord carries a refused record to the item page shown again.
type typedRecord struct{}

// mayRecord reports whether the person may change an item's records.
func (s *Server) mayRecord(r *http.Request, st *site.Site, it *content.Item) bool {
	p := s.person(r)
	return p.User.Can(st.ID, p.MainID, account.PublishContent) || (!it.Live && workflow.MayEdit(p.User, p.MainID, it))
}

// recordPanel loads the records of an item for its page. Those who may
// save get a form per record type of the kind (blank when none is
// entered, or what they typed into a refused one); others see only the
// records entered.
func (s *Server) recordPanel(r *http.Request, st *site.Site, it *content.Item) (*recordPanel, error) {
	if it.Kind != content.Project && it.Kind != content.Statistics && it.Kind != content.Plan {
		return nil, nil
	}
	ctx := r.Context()
	rs := s.recordStore()
	p := &recordPanel{May: s.mayRecord(r, st, it), Action: itemAdminURL(st, it.ID)}
	var err error
	switch it.Kind {
	case content.Project:
		p.Project, err = rs.Project(ctx, it.ID)
	case content.Statistics:
		if p.Statistic, err = rs.Statistic(ctx, it.ID); err == nil {
			p.Budget, err = rs.Budget(ctx, it.ID)
		}
	case content.Plan:
		if p.Plan, err = rs.Plan(ctx, it.ID); err == nil {
			p.Science, err = rs.Science(ctx, it.ID)
		}
	}
	if err != nil || !p.May {
		return p, err
	}
	typed := r.Context().Value(typedRecord{})
	switch it.Kind {
	case content.Project:
		p.Project = orTyped(typed, p.Project, &records.Project{Status: "chuan-bi"})
	case content.Statistics:
		p.Statistic = orTyped(typed, p.Statistic, &records.Statistic{})
		p.Budget = orTyped(typed, p.Budget, &records.Budget{})
		if p.Files, err = s.recordFiles(ctx, st, p.Budget.Files); err != nil {
			return nil, err
		}
	case content.Plan:
		p.Plan = orTyped(typed, p.Plan, &records.Plan{})
		p.Science = orTyped(typed, p.Science, &records.Science{Status: "dang-thuc-hien"})
	}
	return p, nil
}

// orTyped is the refused record when it is of this type, else the stored
// one, else blank.
func orTyped[T any](typed any, stored, blank *T) *T {
	if t, ok := typed.(*T); ok {
		return t
	}
	if stored != nil {
		return stored
	}
	return blank
}

// recordFiles are the site's attachments (not images) of the media
// library's first page, and those listed that it does not show.
func (s *Server) recordFiles(ctx context.Context, st *site.Site, listed []int64) ([]*media.Media, error) {
	all, err := s.media.List(ctx, st.ID, 1)
	if err != nil {
		return nil, err
	}
	var out []*media.Media
	seen := map[int64]bool{}
	for _, m := range all {
		if m.Kind == media.File {
			out = append(out, m)
			seen[m.ID] = true
		}
	}
	var missing []int64
	for _, id := range listed {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, err := s.media.GetMany(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, id := range missing {
			if m := more[id]; m != nil && m.SiteID == st.ID {
				out = append(out, m)
			}
		}
	}
	return out, nil
}

func (s *Server) recordStore() *records.Store { return records.NewStore(s.db, s.now) }

// recordSave is POST …/noi-dung/{id}/ho-so/{type}: one record of the
// item, from its form.
func (s *Server) recordSave(w http.ResponseWriter, r *http.Request) error {
	typ := r.PathValue("type")
	kind, ok := recordTypes[typ]
	if !ok {
		return errNotFound
	}
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	if it.Kind != kind {
		return errNotFound
	}
	if !s.mayRecord(r, st, it) {
		s.deny(r, st.ID, strconv.FormatInt(it.ID, 10), "records.save")
		return errForbidden
	}
	ctx, rs, f, by := r.Context(), s.recordStore(), r.PostFormValue, s.actor(r)
	var typed any
	switch typ {
	case "du-an":
		p := &records.Project{ItemID: it.ID, Code: f("pj_code"), Objective: f("pj_objective"), Field: f("pj_field"),
			Type: f("pj_type"), Location: f("pj_location"), Start: isoDay(f("pj_start")), End: isoDay(f("pj_end")), BudgetText: f("pj_budget"),
			Funding: f("pj_funding"), Donor: f("pj_donor"), Investor: f("pj_investor"), Status: f("pj_status"),
			Contractor: f("pj_contractor"), ContractText: f("pj_contract_value"), Results: f("pj_results")}
		typed, err = p, rs.SaveProject(ctx, p, st.ID, by)
	case "ngan-sach":
		b := &records.Budget{ItemID: it.ID, YearText: f("bg_year"), PartText: f("bg_part"), Type: f("bg_type")}
		for _, v := range r.PostForm["bg_files"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				b.Files = append(b.Files, id)
			}
		}
		typed = b
		if err = s.checkRecordFiles(r, st, b.Files); err == nil {
			err = rs.SaveBudget(ctx, b, st.ID, by)
		}
	case "thong-ke":
		x := &records.Statistic{ItemID: it.ID, YearText: f("st_year"), PartText: f("st_part"), Indicator: f("st_indicator"),
			Unit: f("st_unit"), Data: f("st_table"), Methodology: f("st_methodology"), Source: f("st_source")}
		typed, err = x, rs.SaveStatistic(ctx, x, st.ID, by)
	case "khoa-hoc":
		x := &records.Science{ItemID: it.ID, Code: f("sc_code"), Level: f("sc_level"), Field: f("sc_field"), Host: f("sc_host"),
			Leader: f("sc_leader"), Start: isoDay(f("sc_start")), End: isoDay(f("sc_end")), BudgetText: f("sc_budget"), Status: f("sc_status"),
			Results: f("sc_results")}
		typed, err = x, rs.SaveScience(ctx, x, st.ID, by)
	case "ke-hoach":
		x := &records.Plan{ItemID: it.ID, Type: f("pl_type"), FromText: f("pl_from"), ToText: f("pl_to"), Decision: f("pl_decision"),
			Decided: isoDay(f("pl_decided")), Results: f("pl_results")}
		typed, err = x, rs.SavePlan(ctx, x, st.ID, by)
	}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.Invalid {
			return err
		}
		fr, msgs := withInvalid(r, e)
		fr = fr.WithContext(context.WithValue(fr.Context(), typedRecord{}, typed))
		return s.renderItem(w, fr, http.StatusUnprocessableEntity, st, it, nil, "", msgs)
	}
	s.contentChanged(st.ID, it.ID)
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1#ho-so-"+typ, http.StatusSeeOther)
	return nil
}

// checkRecordFiles refuses a file that is not an attachment of the site.
func (s *Server) checkRecordFiles(r *http.Request, st *site.Site, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	got, err := s.media.GetMany(r.Context(), ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if m := got[id]; m == nil || m.SiteID != st.ID {
			return apperr.Field("bg_files", "Tệp đính kèm phải là tệp trong thư viện của trang này.", "Attach files of this site's library only.")
		}
	}
	return nil
}
