package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/rules"
)

// The interface text of the rule-set pages, merged into the catalogue.
func init() {
	for k, v := range map[string][2]string{
		"rules.reason":         {"Lý do thay đổi", "Reason for the change"},
		"rules.reason.help":    {"Bắt buộc; được lưu trong lịch sử của bộ quy định.", "Required; kept in the rule set's history."},
		"rules.open.set":       {"Xem, sửa và lịch sử", "View, edit and history"},
		"rules.past":           {"Bộ này đã áp dụng cho những ngày trước hôm nay. Các trường hợp đã phát sinh giữ quy định của ngày của chúng (thời hạn của một phản ánh được tính một lần, theo ngày tiếp nhận); sửa tại chỗ đổi quy định của cả những ngày đã qua cho những gì được tính lại. Để quy định thay đổi từ một ngày, hãy tạo bộ mới thay thế từ ngày đó.", "This set has applied to days before today. Cases that arose keep the rule of their date (a request's deadline is set once, by its arrival day); editing in place changes the rule of past days for whatever is computed again. To change a rule from a date, make a new set that supersedes this one from that date."},
		"rules.set.edit":       {"Tên, căn cứ và thời gian áp dụng", "Name, legal basis and validity"},
		"rules.name":           {"Tên bộ quy định", "Name"},
		"rules.from":           {"Áp dụng từ (YYYY-MM-DD)", "Applies from (YYYY-MM-DD)"},
		"rules.to":             {"Hết áp dụng từ (YYYY-MM-DD, để trống nếu chưa có)", "Ends on (YYYY-MM-DD, empty while open-ended)"},
		"rules.rules":          {"Các quy định", "Rules"},
		"rules.note":           {"Ghi chú (điểm, khoản, điều)", "Note (legal point)"},
		"rules.remove":         {"Bỏ", "Remove"},
		"rules.add":            {"Thêm quy định", "Add a rule"},
		"rules.unit.none":      {"không phải thời hạn", "not a time limit"},
		"rules.supersede":      {"Tạo bộ mới thay thế từ một ngày", "Supersede from a date"},
		"rules.supersede.help": {"Bộ mới sao chép các quy định của bộ này và áp dụng từ ngày đã chọn; bộ này áp dụng đến hết ngày hôm trước. Các trường hợp trước ngày đó giữ quy định cũ.", "The new set copies this set's rules and applies from the date chosen; this set applies until the day before. Cases before that date keep the old rules."},
		"rules.code.new":       {"Mã bộ mới (để trống: tự đặt)", "New set's code (empty: made up)"},
		"rules.source.new":     {"Căn cứ pháp lý của bộ mới (để trống: giữ căn cứ cũ)", "New set's legal basis (empty: the old one)"},
		"rules.name.new":       {"Tên bộ mới (để trống: giữ tên cũ)", "New set's name (empty: the old one)"},
		"rules.history":        {"Lịch sử thay đổi", "History"},
		"rules.history.none":   {"Chưa có thay đổi nào được ghi.", "No change recorded yet."},
		"rules.when":           {"Thời điểm", "When"},
		"rules.who":            {"Người thực hiện", "Who"},
		"rules.what":           {"Thay đổi", "What"},
		"rules.before":         {"Trước", "Before"},
		"rules.after":          {"Sau", "After"},
		"rules.pending":        {"Bộ mặc định %s đã được quản trị viên sửa nên Cổng không tự sửa ngày áp dụng. Cần làm bằng tay: %s", "The default set %s was changed by an administrator, so the platform did not correct its dates. To do by hand: %s"},
	} {
		messages[k] = v
	}
}

// rulesPage lists the rule sets (DESIGN.md, "Rules are dated data") with
// their source and validity, and lets administrators edit values.
type rulesPage struct {
	*AdminPage
	Sets    []*rules.Set
	Today   string
	Pending []rules.PendingCorrection
}

// ruleSetPage is one set: its fields, rules, supersession and history.
type ruleSetPage struct {
	*AdminPage
	Set     *rules.Set
	Today   string
	History []*rules.Change
	Units   []rules.Unit
}

func (s *Server) mayManageRules(r *http.Request) bool {
	main := s.mainSite(r)
	return userOf(r).Can(main.ID, main.ID, account.ManageSettings)
}

// rulesShow is GET /quan-tri/quy-dinh.
func (s *Server) rulesShow(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "quy-dinh", "rules.read")
		return errForbidden
	}
	return s.renderRules(w, r, http.StatusOK, noticeOf(r), nil)
}

func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, status int, notice string, errs []string) error {
	all, err := s.rules.List(r.Context())
	if err != nil {
		return err
	}
	// The yearly calendar decisions have their own page (lich-nghi).
	var sets []*rules.Set
	for _, set := range all {
		if set.Kind != rules.KindCalendar {
			sets = append(sets, set)
		}
	}
	pending, err := s.rules.PendingCorrections(r.Context())
	if err != nil {
		return err
	}
	p := &rulesPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "rules")), Sets: sets, Today: s.rules.Today(), Pending: pending}
	p.Notice, p.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/rules", p)
}

// ruleSave is POST /quan-tri/quy-dinh: set=<id>&key=<key>&value=<value>&reason=<why>.
func (s *Server) ruleSave(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "quy-dinh", "rules.save")
		return errForbidden
	}
	id, err := strconv.ParseInt(r.PostFormValue("set"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found.")
	}
	if err := s.rules.SetValue(r.Context(), id, r.PostFormValue("key"), r.PostFormValue("value"), r.PostFormValue("reason"), s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderRules(w, fr, statusOf(err), "", msgs)
		}
		return err
	}
	http.Redirect(w, r, "/quan-tri/quy-dinh?luu=1", http.StatusSeeOther)
	return nil
}

func ruleSetID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found.")
	}
	return id, nil
}

// ruleSetShow is GET /quan-tri/quy-dinh/{id}.
func (s *Server) ruleSetShow(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "quy-dinh", "rules.read")
		return errForbidden
	}
	id, err := ruleSetID(r)
	if err != nil {
		return err
	}
	return s.renderRuleSet(w, r, id, http.StatusOK, noticeOf(r), nil)
}

func (s *Server) renderRuleSet(w http.ResponseWriter, r *http.Request, id int64, status int, notice string, errs []string) error {
	set, err := s.rules.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	hist, err := s.rules.History(r.Context(), id)
	if err != nil {
		return err
	}
	p := &ruleSetPage{AdminPage: s.adminPage(r, userOf(r), set.Name), Set: set, Today: s.rules.Today(), History: hist,
		Units: []rules.Unit{rules.NoUnit, rules.WorkingDays, rules.CalendarDays, rules.Hours}}
	p.Notice, p.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/rules_set", p)
}

// ruleSetAction is POST /quan-tri/quy-dinh/{id}/<action>: sua (the
// set's name, source, dates), quy-dinh (add or change a rule), bo (remove
// a rule), thay-the (supersede from a date); every one with a reason.
func (s *Server) ruleSetAction(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error { return s.ruleSetDo(w, r, action) }
}

func (s *Server) ruleSetDo(w http.ResponseWriter, r *http.Request, action string) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "quy-dinh", "rules."+action)
		return errForbidden
	}
	id, err := ruleSetID(r)
	if err != nil {
		return err
	}
	ctx, by, reason := r.Context(), s.actor(r), r.PostFormValue("reason")
	next := id
	switch action {
	case "sua":
		set, err2 := s.rules.ByID(ctx, id)
		if err2 != nil {
			return err2
		}
		set.Name, set.Source = r.PostFormValue("name"), r.PostFormValue("source")
		set.ValidFrom, set.ValidTo = r.PostFormValue("valid_from"), r.PostFormValue("valid_to")
		err = s.rules.Change(ctx, set, reason, by)
	case "quy-dinh":
		err = s.rules.SetRule(ctx, id, rules.Rule{Key: r.PostFormValue("key"), Value: r.PostFormValue("value"),
			Unit: rules.Unit(r.PostFormValue("unit")), Note: r.PostFormValue("note")}, reason, by)
	case "bo":
		err = s.rules.RemoveRule(ctx, id, r.PostFormValue("key"), reason, by)
	case "thay-the":
		var set *rules.Set
		set, err = s.rules.Supersede(ctx, id, rules.Supersession{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"),
			Source: r.PostFormValue("source"), From: r.PostFormValue("from"), Reason: reason}, by)
		if err == nil {
			next = set.ID
		}
	default:
		return apperr.New(apperr.NotFound, "Không có thao tác này.", "No such action.")
	}
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderRuleSet(w, fr, id, statusOf(err), "", msgs)
		}
		return err
	}
	http.Redirect(w, r, "/quan-tri/quy-dinh/"+strconv.FormatInt(next, 10)+"?luu=1", http.StatusSeeOther)
	return nil
}

// CanRules says whether the menu shows the rule sets: administrators of
// the installation edit them (settings.manage).
func (p *AdminPage) CanRules() bool {
	return p.User != nil && p.Main != nil && p.User.Can(p.Main.ID, p.Main.ID, account.ManageSettings)
}
