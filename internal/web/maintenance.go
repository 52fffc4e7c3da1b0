package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/maintenance"
	"github.com/congportal/cong/internal/vn"
)

// Maintenance notices (issue 15, REQ-08): administrators (settings.manage
// on the main portal) schedule a planned suspension on
// /quan-tri/bao-tri; saving it publishes an announcement (an item of kind
// announcement on the main portal, through content.Import, as the corpus
// import publishes official texts), and the banner of every public page
// shows it from the start of its notice period to its end. The page
// /thong-bao-bao-tri lists current and planned notices on every site, and
// GET /api/v1/status gives them with the read-only mode as JSON.

// maintenanceAdminPath is the administrators' maintenance screen.
const maintenanceAdminPath = "/quan-tri/bao-tri"

// maintenanceAdminPage is /quan-tri/bao-tri.
type maintenanceAdminPage struct {
	*AdminPage
	FlagReadOnly bool // cong serve --read-only
	Mode         maintenance.Mode
	Check        maintenance.Check // the rule in force, for the form's help
	Active       []*maintenanceRow // current and planned
	Past         []*maintenanceRow // ended and cancelled, the latest 20
	Values       url.Values
	Now          time.Time
}

type maintenanceRow struct {
	*maintenance.Notice
	State   maintenance.State
	ItemURL string
}

// V is what was typed into the failed form's field.
func (p *maintenanceAdminPage) V(field string) string { return p.Values.Get(field) }

// StateLabel names a state in the page's language.
func (p *maintenanceAdminPage) StateLabel(s maintenance.State) string { return s.Label(p.Lang) }

func (s *Server) mayManageMaintenance(r *http.Request, what string) bool {
	if s.mayManageRules(r) {
		return true
	}
	s.deny(r, 0, "bao-tri", what)
	return false
}

// maintenanceShow is GET /quan-tri/bao-tri.
func (s *Server) maintenanceShow(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageMaintenance(r, "maintenance.read") {
		return errForbidden
	}
	return s.renderMaintenance(w, r, http.StatusOK, noticeOf(r), nil, nil)
}

func (s *Server) renderMaintenance(w http.ResponseWriter, r *http.Request, status int, notice string, errs []string, typed url.Values) error {
	ctx := r.Context()
	now := s.now()
	p := &maintenanceAdminPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "mt.admin")),
		FlagReadOnly: s.readOnly, Values: typed, Now: now}
	p.Notice, p.Errors = notice, errs
	var err error
	if p.Mode, err = s.maint.Mode(ctx); err != nil {
		return err
	}
	if p.Check, err = s.maint.NoticeCheck(ctx, now); err != nil {
		return err
	}
	all, err := s.maint.List(ctx, time.Time{})
	if err != nil {
		return err
	}
	for i := len(all) - 1; i >= 0; i-- { // the latest first among the past
		n := all[i]
		row := &maintenanceRow{Notice: n, State: n.StateAt(now), ItemURL: s.announcementURL(ctx, n.ItemID)}
		switch row.State {
		case maintenance.Planned, maintenance.Current:
			p.Active = append([]*maintenanceRow{row}, p.Active...)
		default:
			if len(p.Past) < 20 {
				p.Past = append(p.Past, row)
			}
		}
	}
	return s.tmpl.render(w, status, "admin/maintenance", p)
}

// announcementURL is the public address of a notice's announcement.
func (s *Server) announcementURL(ctx context.Context, itemID int64) string {
	if itemID == 0 {
		return ""
	}
	it, err := s.content.Get(ctx, itemID)
	if err != nil {
		return ""
	}
	main, _ := s.resolver.Resolve(ctx, "", "/")
	if main == nil {
		return it.URL()
	}
	return main.URL(it.URL())
}

// maintenanceSchedule is POST /quan-tri/bao-tri: start, end, services,
// reason, force (1), force_reason.
func (s *Server) maintenanceSchedule(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageMaintenance(r, "maintenance.schedule") {
		return errForbidden
	}
	in := maintenance.Input{Start: momentOrZero(r.PostFormValue("start")), End: momentOrZero(r.PostFormValue("end")),
		Services: r.PostFormValue("services"), Reason: r.PostFormValue("reason"),
		ForceMajeure: r.PostFormValue("force") == "1", ForceReason: r.PostFormValue("force_reason")}
	n, err := s.maint.Schedule(r.Context(), in, s.actor(r))
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderMaintenance(w, fr, statusOf(err), "", msgs, r.PostForm)
		}
		return err
	}
	defer s.upkeepChanged()
	if err := s.announce(r.Context(), n, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, maintenanceAdminPath+"?luu=1", http.StatusSeeOther)
	return nil
}

// maintenanceCancel is POST /quan-tri/bao-tri/{id}/huy: cancel_reason.
func (s *Server) maintenanceCancel(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageMaintenance(r, "maintenance.cancel") {
		return errForbidden
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	n, err := s.maint.Cancel(r.Context(), id, r.PostFormValue("cancel_reason"), s.actor(r))
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderMaintenance(w, fr, statusOf(err), "", msgs, nil)
		}
		return err
	}
	defer s.upkeepChanged()
	if err := s.announce(r.Context(), n, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, maintenanceAdminPath+"?luu=1", http.StatusSeeOther)
	return nil
}

// maintenanceFinish is POST /quan-tri/bao-tri/{id}/ket-thuc: the services
// are back before the expected time.
func (s *Server) maintenanceFinish(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageMaintenance(r, "maintenance.finish") {
		return errForbidden
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	n, err := s.maint.Finish(r.Context(), id, s.actor(r))
	if err != nil {
		return err
	}
	defer s.upkeepChanged()
	if err := s.announce(r.Context(), n, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, maintenanceAdminPath+"?luu=1", http.StatusSeeOther)
	return nil
}

// maintenanceReadOnly is POST /quan-tri/bao-tri/chi-doc: on (1|0),
// ro_reason. The switch is stored in the database, so every node reads it.
func (s *Server) maintenanceReadOnly(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageMaintenance(r, "maintenance.readonly") {
		return errForbidden
	}
	if err := s.maint.SetReadOnly(r.Context(), r.PostFormValue("on") == "1", r.PostFormValue("ro_reason"), s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderMaintenance(w, fr, statusOf(err), "", msgs, r.PostForm)
		}
		return err
	}
	s.upkeepChanged()
	http.Redirect(w, r, maintenanceAdminPath+"?luu=1", http.StatusSeeOther)
	return nil
}

// announce publishes (or updates) the notice's announcement on the main
// portal: an item of kind announcement, imported under the source id
// "bao-tri-ID" so that a cancellation or an early end is a new revision
// of the same item, never a second one.
func (s *Server) announce(ctx context.Context, n *maintenance.Notice, by audit.Actor) error {
	main, _ := s.resolver.Resolve(ctx, "", "/")
	if main == nil {
		return nil
	}
	id, _, err := s.content.Import(ctx, main.ID, "bao-tri-"+strconv.FormatInt(n.ID, 10), announcementEdit(n), s.now(), by)
	if err != nil {
		return fmt.Errorf("announce maintenance notice %d: %w", n.ID, err)
	}
	if n.ItemID != id {
		return s.maint.SetItem(ctx, n.ID, id)
	}
	return nil
}

// announcementEdit is the text of a notice's announcement, in Vietnamese.
func announcementEdit(n *maintenance.Notice) content.Edit {
	when := func(t time.Time) string { t = t.In(vn.ICT); return t.Format("15:04") + " " + vn.DateWords(t) }
	title := "Thông báo tạm ngừng cung cấp thông tin, dịch vụ trên Cổng từ " + when(n.Start)
	summary := fmt.Sprintf("Cổng tạm ngừng %s từ %s; dự kiến khôi phục lúc %s.", n.Services, when(n.Start), when(n.End))
	var b strings.Builder
	p := func(label, text string) {
		fmt.Fprintf(&b, "<p><strong>%s:</strong> %s</p>\n", html.EscapeString(label), html.EscapeString(text))
	}
	switch {
	case n.Cancelled != nil:
		title = "Hủy thông báo tạm ngừng cung cấp thông tin, dịch vụ trên Cổng từ " + when(n.Start)
		summary = "Đợt tạm ngừng dự kiến từ " + when(n.Start) + " đã được hủy; các thông tin, dịch vụ vẫn hoạt động bình thường."
		p("Đã hủy", n.CancelReason)
	case n.EndedEarly:
		summary = "Các thông tin, dịch vụ đã được khôi phục lúc " + when(n.End) + "."
		p("Đã khôi phục", when(n.End))
	}
	p("Thời gian bắt đầu tạm ngừng", when(n.Start))
	p("Thời gian dự kiến khôi phục", when(n.End))
	p("Thông tin, dịch vụ bị tạm ngừng", n.Services)
	p("Lý do", n.Reason)
	if n.ForceMajeure {
		p("Trường hợp bất khả kháng", n.ForceReason)
	}
	b.WriteString("<p>Trong thời gian tạm ngừng, các trang của Cổng vẫn xem được; việc gửi phản ánh, kiến nghị, góp ý sẽ được nhận lại sau khi khôi phục. Xin cảm ơn sự thông cảm của quý bạn đọc.</p>\n")
	return content.Edit{Kind: content.Announcement, Title: title, Summary: summary, Body: b.String(),
		Author: "Ban biên tập Cổng", Source: "Ban biên tập Cổng"}
}

// statusNotice is a notice in GET /api/v1/status.
type statusNotice struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Services string    `json:"services"`
	Reason   string    `json:"reason"`
	State    string    `json:"state"`
}

// statusAPI is GET /api/v1/status: read-only mode and the current and
// planned notices, the soonest first.
func (s *Server) statusAPI(w http.ResponseWriter, r *http.Request) {
	st := s.upkeepStatus(r.Context())
	now := s.now()
	out := struct {
		ReadOnly bool           `json:"read_only"`
		Notices  []statusNotice `json:"notices"`
	}{ReadOnly: s.readOnlyNow(st), Notices: []statusNotice{}}
	for _, n := range st.Notices {
		state := n.StateAt(now)
		if state != maintenance.Planned && state != maintenance.Current {
			continue
		}
		out.Notices = append(out.Notices, statusNotice{Start: n.Start.In(vn.ICT), End: n.End.In(vn.ICT),
			Services: n.Services, Reason: n.Reason, State: string(state)})
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, out)
}

// upkeepBanner is what the public layout's banner shows.
type upkeepBanner struct {
	ReadOnly bool
	Notices  []bannerNotice
}

type bannerNotice struct {
	Start, End time.Time
	Services   string
	Current    bool
}

// banner is the maintenance banner of a public page, nil when there is
// nothing to show.
func (s *Server) banner(r *http.Request) *upkeepBanner {
	st := s.upkeepStatus(r.Context())
	now := s.now()
	b := &upkeepBanner{ReadOnly: s.readOnlyNow(st)}
	for _, n := range st.Banner(now) {
		b.Notices = append(b.Notices, bannerNotice{Start: n.Start, End: n.End, Services: n.Services,
			Current: n.StateAt(now) == maintenance.Current})
	}
	if !b.ReadOnly && len(b.Notices) == 0 {
		return nil
	}
	return b
}

// maintenancePublicPage is /thong-bao-bao-tri.
type maintenancePublicPage struct {
	*Page
	Notices []*maintenanceRow
}

// IsCurrent reports whether a row is a suspension in progress.
func (p *maintenancePublicPage) IsCurrent(row *maintenanceRow) bool {
	return row.State == maintenance.Current
}

// maintenancePublic is GET /thong-bao-bao-tri on every site.
func (s *Server) maintenancePublic(w http.ResponseWriter, r *http.Request) error {
	st := s.upkeepStatus(r.Context())
	now := s.now()
	p := &maintenancePublicPage{Page: s.publicPage(r, translate(langOf(r), "mt.public"))}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	for _, n := range st.Notices {
		if state := n.StateAt(now); state == maintenance.Planned || state == maintenance.Current {
			p.Notices = append(p.Notices, &maintenanceRow{Notice: n, State: state, ItemURL: s.announcementURL(r.Context(), n.ItemID)})
		}
	}
	return s.tmpl.render(w, http.StatusOK, "public/maintenance", p)
}

// The interface text of maintenance notices and read-only mode.
func init() {
	for k, v := range map[string][2]string{
		"mt.admin":            {"Bảo trì và tạm ngừng dịch vụ", "Maintenance and suspensions"},
		"mt.public":           {"Thông báo tạm ngừng cung cấp thông tin, dịch vụ", "Notices of suspended information and services"},
		"mt.banner":           {"Thông báo bảo trì", "Maintenance notice"},
		"mt.banner.now":       {"Đang tạm ngừng:", "Suspended now:"},
		"mt.banner.planned":   {"Tạm ngừng theo kế hoạch:", "Planned suspension:"},
		"mt.from":             {"từ", "from"},
		"mt.until":            {"đến dự kiến", "expected back at"},
		"mt.more":             {"Xem thông báo", "See the notice"},
		"mt.readonly.banner":  {"Cổng đang ở chế độ chỉ đọc: các trang vẫn xem được, tạm ngừng nhận phản ánh, góp ý.", "The portal is read-only: its pages can be read; feedback and comments are paused."},
		"mt.none":             {"Hiện không có đợt tạm ngừng nào đang diễn ra hoặc theo kế hoạch.", "No suspension is in progress or planned."},
		"mt.start":            {"Bắt đầu tạm ngừng", "Suspension starts"},
		"mt.end":              {"Dự kiến khôi phục", "Expected restoration"},
		"mt.services":         {"Thông tin, dịch vụ bị tạm ngừng", "Information and services suspended"},
		"mt.reason":           {"Lý do", "Reason"},
		"mt.state":            {"Tình trạng", "State"},
		"mt.announcement":     {"Thông báo đã đăng", "Published announcement"},
		"mt.force":            {"Bất khả kháng", "Force majeure"},
		"mt.force.check":      {"Trường hợp bất khả kháng (không đủ thời hạn thông báo trước)", "Force majeure (less notice than the rule asks)"},
		"mt.force.reason":     {"Lý do bất khả kháng", "Reason for force majeure"},
		"mt.schedule":         {"Lên lịch tạm ngừng", "Schedule a suspension"},
		"mt.rule":             {"Quy định", "Rule"},
		"mt.rule.days":        {"Thông báo trước ít nhất (ngày làm việc)", "Notice required (working days)"},
		"mt.earliest":         {"Bắt đầu sớm nhất nếu lên lịch hôm nay", "Earliest start if scheduled today"},
		"mt.active":           {"Đang diễn ra và sắp diễn ra", "In progress and planned"},
		"mt.past":             {"Đã kết thúc, đã hủy", "Ended or cancelled"},
		"mt.notice.days":      {"Số ngày làm việc báo trước", "Working days of notice"},
		"mt.cancel":           {"Hủy thông báo", "Cancel the notice"},
		"mt.cancel.reason":    {"Lý do hủy", "Reason for cancelling"},
		"mt.finish":           {"Đã khôi phục, kết thúc ngay", "Restored: end it now"},
		"mt.readonly":         {"Chế độ chỉ đọc", "Read-only mode"},
		"mt.readonly.help":    {"Khi bật, mọi trang vẫn xem được nhưng mọi thao tác ghi (gửi phản ánh, góp ý, soạn thảo, duyệt…) bị từ chối với mã 503, trừ đăng nhập, đăng xuất và trang này. Công tắc lưu trong cơ sở dữ liệu nên mọi máy chủ cùng áp dụng.", "When on, every page can be read but every write (feedback, comments, editing, approval…) is refused with 503, except signing in and out and this page. The switch is kept in the database, so every node applies it."},
		"mt.readonly.on":      {"Đang bật", "On"},
		"mt.readonly.off":     {"Đang tắt", "Off"},
		"mt.readonly.flag":    {"Máy chủ này chạy với --read-only: chế độ chỉ đọc luôn bật cho đến khi khởi động lại không có tùy chọn này.", "This server runs with --read-only: read-only mode stays on until it is restarted without it."},
		"mt.readonly.turnon":  {"Bật chế độ chỉ đọc", "Turn read-only mode on"},
		"mt.readonly.turnoff": {"Tắt chế độ chỉ đọc", "Turn read-only mode off"},
		"mt.readonly.reason":  {"Lý do (hiện cho người dùng)", "Reason (shown to visitors)"},
		"mt.changed":          {"Thay đổi lần cuối", "Last changed"},
		"mt.expected":         {"Dự kiến khôi phục:", "Expected back:"},
		"mt.services.help":    {"Ví dụ: toàn bộ Cổng; gửi phản ánh, kiến nghị; tra cứu văn bản.", "For example: the whole portal; sending feedback; legal documents search."},
	} {
		messages[k] = v
	}
}
