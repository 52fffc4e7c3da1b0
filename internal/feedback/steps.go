package feedback

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Action is a step of the staff workflow (REQ-45..46).
type Action string

// The steps.
const (
	Release  Action = "release"  // the screening hold was a false alarm
	Register Action = "register" // enter in the register (sổ tiếp nhận)
	Reject   Action = "reject"   // not accepted, with a reason
	Forward  Action = "forward"  // outside competence: forwarded, with a reason
	Accept   Action = "accept"   // in scope
	Assign   Action = "assign"   // route to a unit (again: with a reason)
	Answer   Action = "answer"   // the unit's liaison answers
	Return   Action = "return"   // the answer goes back to the unit, with a reason
	Approve  Action = "approve"  // approve and publish in the Q&A
	Close    Action = "close"    // approve without publishing
	Merge    Action = "merge"    // a duplicate of another request
	Note     Action = "note"     // an internal note
)

// step says from which states an action may be taken, to which state it
// leads, who may take it, whether it needs a reason and whether the
// sender sees it on the timeline.
type step struct {
	from   []State
	to     State
	may    account.Action
	reason bool
	public bool
	label  apperr.Msg
}

var steps = map[Action]step{
	Release:  {[]State{Held}, Received, account.HandleFeedback, false, false, apperr.Msg{VI: "Bỏ giữ, tiếp nhận", EN: "Release"}},
	Register: {[]State{Received}, Registered, account.HandleFeedback, false, true, apperr.Msg{VI: "Vào sổ tiếp nhận", EN: "Register"}},
	Reject:   {[]State{Held, Received, Registered}, Rejected, account.HandleFeedback, true, true, apperr.Msg{VI: "Không tiếp nhận", EN: "Reject"}},
	Forward:  {[]State{Registered}, Forwarded, account.HandleFeedback, true, true, apperr.Msg{VI: "Chuyển cơ quan có thẩm quyền", EN: "Forward out of scope"}},
	Accept:   {[]State{Registered}, InScope, account.HandleFeedback, false, true, apperr.Msg{VI: "Thuộc thẩm quyền", EN: "In scope"}},
	Assign:   {[]State{InScope, Assigned}, Assigned, account.RouteFeedback, false, true, apperr.Msg{VI: "Giao đơn vị xử lý", EN: "Assign to a unit"}},
	Answer:   {[]State{Assigned}, Answered, account.AnswerFeedback, false, false, apperr.Msg{VI: "Trả lời", EN: "Answer"}},
	Return:   {[]State{Answered}, Assigned, account.ApproveAnswer, true, false, apperr.Msg{VI: "Trả lại đơn vị", EN: "Return to the unit"}},
	Approve:  {[]State{Answered}, Published, account.ApproveAnswer, false, true, apperr.Msg{VI: "Duyệt và công khai", EN: "Approve and publish"}},
	Close:    {[]State{Answered}, Closed, account.ApproveAnswer, false, true, apperr.Msg{VI: "Duyệt, không công khai", EN: "Approve, do not publish"}},
	Merge:    {[]State{Held, Received, Registered, InScope, Assigned}, Merged, account.HandleFeedback, false, true, apperr.Msg{VI: "Gộp với phản ánh trùng", EN: "Merge into a duplicate"}},
	Note:     {nil, "", "", false, false, apperr.Msg{VI: "Ghi chú nội bộ", EN: "Internal note"}},
}

// Label is the step's name for people.
func (a Action) Label(lang string) string {
	if st, ok := steps[a]; ok {
		return st.label.In(lang)
	}
	return map[string]apperr.Msg{"submit": {VI: "Gửi phản ánh", EN: "Submitted"}, "held": {VI: "Giữ lại để kiểm tra nội dung", EN: "Held for review"},
		"reminder": {VI: "Nhắc hạn", EN: "Reminder"}, "escalated": {VI: "Quá hạn, báo Tổ trưởng", EN: "Overdue, escalated"},
		"erased": {VI: "Xóa thông tin liên hệ", EN: "Contacts erased"}, "merged": {VI: "Nhận phản ánh trùng", EN: "Duplicate merged in"}}[string(a)].In(lang)
}

// Person is a member of staff taking a step.
type Person struct {
	User   *account.User
	MainID int64
	IP     string
}

func (p Person) actor() audit.Actor {
	return audit.Actor{ID: p.User.ID, Name: p.User.Username, IP: p.IP}
}

// StepRequest is a step asked for on a request.
type StepRequest struct {
	ID     int64
	Action Action
	Reason string // or the note, the forwarding agency
	Answer string
	UnitID int64  // Assign
	Into   string // Merge: the tracking code of the request kept
	// Internal is a note for staff taken with the step: on the staff
	// timeline only, never on the sender's page nor in Open311.
	Internal string
}

// Liaisons returns the users who answer for a unit (Art. 17.2).
func (s *Store) Liaisons(ctx context.Context, unitID int64) ([]int64, error) {
	return liaisons(ctx, s.db, unitID)
}

// liaisons reads with q: a step reads inside its own transaction, never
// from the pool while holding a connection of it.
func liaisons(ctx context.Context, q store.Querier, unitID int64) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT user_id FROM feedback_liaisons WHERE unit_id = ? ORDER BY user_id`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SetLiaison adds (on) or removes a user as a liaison of a unit of the
// site; adding needs the person to hold the liaison role on that site.
func (s *Store) SetLiaison(ctx context.Context, siteID, unitID int64, user *account.User, on bool, p Person) error {
	if !p.User.Can(siteID, p.MainID, account.RouteFeedback) {
		return errForbidden
	}
	if on && !user.Can(siteID, p.MainID, account.AnswerFeedback) {
		return apperr.Field("user", "Người này chưa có vai trò Đầu mối đơn vị trên cổng này.", "This person does not hold the liaison role on this site.")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM directory_units WHERE id = ? AND site_id = ?`, unitID, siteID).Scan(&n); err != nil || n == 0 {
			return apperr.Field("unit", "Đơn vị không thuộc cổng này.", "The unit is not one of this site's.")
		}
		q := `DELETE FROM feedback_liaisons WHERE unit_id = ? AND user_id = ?`
		if on {
			q = `INSERT INTO feedback_liaisons (unit_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
		}
		if _, err := tx.Exec(ctx, q, unitID, user.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.actor().Entry("feedback.liaison", siteID, user.Username, fmt.Sprintf("unit %d on=%v", unitID, on)))
	})
}

var errForbidden = apperr.New(apperr.Forbidden, "Vai trò của bạn không được thực hiện bước này.", "Your role may not take this step.")

// MayAnswer reports whether p answers for the unit a request is
// assigned to: the liaison role on the site and, when the unit has
// liaisons named, being one of them.
// A database that fails while deciding is an error, never a "no": the
// person would be refused (403) for the database's fault.
func (s *Store) MayAnswer(ctx context.Context, r *Request, p Person) (bool, error) {
	return mayAnswer(ctx, s.db, r, p)
}

func mayAnswer(ctx context.Context, q store.Querier, r *Request, p Person) (bool, error) {
	if r.AssignedUnitID == 0 {
		return false, nil
	}
	// The liaison role on the request's site, or on the site of the unit
	// it is routed to (the main portal routes to every site's units).
	if !p.User.Can(r.SiteID, p.MainID, account.AnswerFeedback) {
		var unitSite int64
		err := q.QueryRow(ctx, `SELECT site_id FROM directory_units WHERE id = ?`, r.AssignedUnitID).Scan(&unitSite)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if unitSite == r.SiteID || !p.User.Can(unitSite, p.MainID, account.AnswerFeedback) {
			return false, nil
		}
	}
	ids, err := liaisons(ctx, q, r.AssignedUnitID)
	if err != nil {
		return false, err
	}
	return len(ids) == 0 || slices.Contains(ids, p.User.ID), nil
}

// Handles reports whether p handles requests of a site at all: those who
// may then see the sender's personal data. An error is the database's.
func (s *Store) Handles(ctx context.Context, r *Request, p Person) (bool, error) {
	return handles(ctx, s.db, r, p)
}

func handles(ctx context.Context, q store.Querier, r *Request, p Person) (bool, error) {
	if handlesSite(r.SiteID, p) {
		return true, nil
	}
	return mayAnswer(ctx, q, r, p)
}

// HandlesSite reports whether p handles every request of a site by role
// (registers, routes or approves), not only what is routed to a unit of
// theirs.
func (s *Store) HandlesSite(siteID int64, p Person) bool { return handlesSite(siteID, p) }

func handlesSite(siteID int64, p Person) bool {
	for _, a := range []account.Action{account.HandleFeedback, account.RouteFeedback, account.ApproveAnswer} {
		if p.User.Can(siteID, p.MainID, a) {
			return true
		}
	}
	return false
}

// Actions lists the steps p may take on r now, for the staff page.
func (s *Store) Actions(ctx context.Context, r *Request, p Person) []Action {
	var out []Action
	for _, a := range []Action{Release, Register, Accept, Forward, Reject, Assign, Answer, Return, Approve, Close, Merge} {
		st := steps[a]
		if !slices.Contains(st.from, r.State) {
			continue
		}
		if a == Answer {
			// Only the buttons shown: the step itself asks again, and
			// says when the database fails.
			if ok, _ := s.MayAnswer(ctx, r, p); ok {
				out = append(out, a)
			}
			continue
		}
		if p.User.Can(r.SiteID, p.MainID, st.may) {
			out = append(out, a)
		}
	}
	return out
}

// Step takes one step on a request for p: checked against the role
// matrix and the request's state, stored with its timeline entry and
// audit entry in one transaction.
func (s *Store) Step(ctx context.Context, req StepRequest, p Person) (*Request, error) {
	req.Reason, req.Answer, req.Into = vn.CleanMultiline(req.Reason), vn.CleanMultiline(req.Answer), strings.TrimSpace(req.Into)
	req.Internal = vn.CleanMultiline(req.Internal)
	if req.Action == Note && req.Internal == "" {
		// The note is internal whichever box it was typed in.
		req.Internal, req.Reason = req.Reason, ""
	}
	if utf8.RuneCountInString(req.Reason) > 5000 || utf8.RuneCountInString(req.Internal) > 5000 || utf8.RuneCountInString(req.Answer) > MaxBody {
		return nil, apperr.Field("answer", "Nội dung quá dài.", "The text is too long.")
	}
	var out *Request
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.get(ctx, tx, req.ID)
		if err != nil {
			return err
		}
		if err := s.step(ctx, tx, r, req, p); err != nil {
			return err
		}
		out, err = s.get(ctx, tx, r.ID)
		return err
	})
	if err == errForbidden {
		// Recorded after the transaction: on SQLite the write connection
		// is the transaction's until it ends.
		audit.Record(ctx, s.db, p.actor().Entry("feedback.denied", 0, fmt.Sprint(req.ID), string(req.Action)))
	}
	if err != nil {
		return nil, err
	}
	s.o.Changed(out.SiteID, out.ID)
	return out, nil
}

func (s *Store) step(ctx context.Context, tx *store.Tx, r *Request, req StepRequest, p Person) error {
	now := s.o.Now().UTC()
	if req.Action == Note {
		ok, err := handles(ctx, tx, r, p)
		if err != nil {
			return err
		}
		if !ok {
			return errForbidden
		}
		if req.Internal == "" {
			return apperr.Field("internal", "Xin ghi nội dung ghi chú.", "Write the note.")
		}
		if err := event(ctx, tx, r.ID, now, p.User.ID, p.User.Username, string(Note), r.State, false, req.Internal); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.actor().Entry("feedback.note", r.SiteID, r.Code, ""))
	}
	st, ok := steps[req.Action]
	if !ok {
		return apperr.New(apperr.Invalid, "Bước xử lý không hợp lệ.", "Unknown step.")
	}
	allowed := p.User.Can(r.SiteID, p.MainID, st.may)
	if req.Action == Answer {
		var err error
		if allowed, err = mayAnswer(ctx, tx, r, p); err != nil {
			return err
		}
	}
	if !allowed {
		return errForbidden
	}
	if !slices.Contains(st.from, r.State) {
		return apperr.New(apperr.Conflict, "Phản ánh đang ở trạng thái «"+r.State.Label("vi")+"», không thực hiện được bước này.",
			"The request is "+r.State.Label("en")+"; this step does not apply.")
	}
	// A reassignment needs a reason too (issue 6 point 3).
	needReason := st.reason || (req.Action == Assign && r.State == Assigned)
	if needReason && req.Reason == "" {
		return apperr.Field("reason", "Xin ghi lý do.", "Give the reason.")
	}
	set := map[string]any{"state": st.to, "updated_at": now}
	note := req.Reason
	switch req.Action {
	case Reject, Forward:
		set["reason"], set["classified_at"], set["closed_at"] = req.Reason, now, now
	case Accept:
		// The answer deadline gets its own reminder and escalation.
		set["classified_at"], set["reminded_at"], set["escalated_at"] = now, nil, nil
	case Assign:
		// A component site routes to its own units; the main portal to
		// every unit of every active site of the province.
		var name, status string
		var unitSite int64
		err := tx.QueryRow(ctx, `SELECT u.site_id, u.name, s.status FROM directory_units u JOIN sites s ON s.id = u.site_id WHERE u.id = ?`,
			req.UnitID).Scan(&unitSite, &name, &status)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err != nil || (unitSite != r.SiteID && (r.SiteID != p.MainID || status != "active")) {
			return apperr.Field("unit", "Xin chọn một đơn vị trong danh sách.", "Choose one of the units listed.")
		}
		if req.UnitID == r.AssignedUnitID {
			return apperr.Field("unit", "Phản ánh đã được giao cho đơn vị này.", "The request is already with this unit.")
		}
		set["assigned_unit_id"] = req.UnitID
		// The sender sees which unit has the request; the reason of a
		// reassignment is for staff.
		if req.Reason != "" {
			if err := event(ctx, tx, r.ID, now, p.User.ID, p.User.Username, string(Note), r.State, false, req.Reason); err != nil {
				return err
			}
		}
		note = name
	case Answer:
		if req.Answer == "" {
			return apperr.Field("answer", "Xin ghi nội dung trả lời.", "Write the answer.")
		}
		set["answer"], set["answered_at"] = req.Answer, now
		note = ""
	case Return:
		set["answered_at"] = nil
	case Approve:
		set["published_at"], set["closed_at"] = now, now
		set["folded"] = vn.Fold(r.Title + " " + r.Body + " " + r.Answer)
	case Close:
		set["closed_at"] = now
	case Merge:
		into, err := scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM feedback_requests WHERE code = ?`, req.Into))
		if err != nil || into.SiteID != r.SiteID || into.ID == r.ID || into.State == Merged {
			return apperr.Field("into", "Xin ghi mã số của phản ánh được giữ lại (cùng cổng, chưa bị gộp).", "Give the code of the request to keep (same site, not merged).")
		}
		set["merged_into"], set["closed_at"] = into.ID, now
		note = into.Code
		if err := event(ctx, tx, into.ID, now, p.User.ID, p.User.Username, "merged", into.State, false, r.Code); err != nil {
			return err
		}
	}
	if err := update(ctx, tx, r.ID, set); err != nil {
		return err
	}
	// Rejections and forwarding are explained to the sender, as the
	// decree requires; a return's reason stays with staff (st.public).
	if err := event(ctx, tx, r.ID, now, p.User.ID, p.User.Username, string(req.Action), st.to, st.public, note); err != nil {
		return err
	}
	if req.Internal != "" {
		if err := event(ctx, tx, r.ID, now, p.User.ID, p.User.Username, string(Note), st.to, false, req.Internal); err != nil {
			return err
		}
	}
	if err := audit.Record(ctx, tx, p.actor().Entry("feedback."+string(req.Action), r.SiteID, r.Code, string(r.State)+" → "+string(st.to))); err != nil {
		return err
	}
	return s.tellSender(ctx, tx, r, req.Action, note)
}

// tellSender mails the sender when the request ends: rejected, forwarded
// (with the reason), or answered (with the answer). The private link is
// in the receipt mail; only its hash is kept, so it is not repeated.
func (s *Store) tellSender(ctx context.Context, tx *store.Tx, r *Request, a Action, reason string) error {
	if s.o.Notify == nil || r.Email == "" {
		return nil
	}
	var subject, text string
	switch a {
	case Reject, Forward:
		subject = "Kết quả tiếp nhận phản ánh " + r.Code
		text = fmt.Sprintf("Phản ánh, kiến nghị %s (%s): %s.\n\nLý do: %s\n", r.Code, r.Title, steps[a].label.VI, reason)
	case Approve, Close:
		var answer string
		if err := tx.QueryRow(ctx, `SELECT answer FROM feedback_requests WHERE id = ?`, r.ID).Scan(&answer); err != nil {
			return err // never a reply mail with an empty answer
		}
		subject = "Trả lời phản ánh, kiến nghị " + r.Code
		text = fmt.Sprintf("Phản ánh, kiến nghị %s (%s) đã có trả lời:\n\n%s\n\nÔng/Bà xem quá trình xử lý tại đường dẫn riêng trong thư tiếp nhận.\n", r.Code, r.Title, answer)
	default:
		return nil
	}
	return s.o.Notify(ctx, tx, r.Email, subject, text)
}

// update sets columns of a request; the keys are this package's own.
func update(ctx context.Context, tx *store.Tx, id int64, set map[string]any) error {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var sql strings.Builder
	args := make([]any, 0, len(set)+1)
	sql.WriteString("UPDATE feedback_requests SET ")
	for i, k := range keys {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString(k + " = ?")
		args = append(args, set[k])
	}
	sql.WriteString(" WHERE id = ?")
	_, err := tx.Exec(ctx, sql.String(), append(args, id)...)
	return err
}
