// Package feedback handles citizens' feedback and questions on
// administrative regulations (Decree 20/2008; REQ-43..49): intake with
// screening against the prohibited-content list, a tracking code and a
// private link, the staff steps from reception to a published answer,
// routing to units (Art. 17.2), deadlines in Vietnamese working days from
// the rule sets, the public questions and answers, and the sender's
// personal data (Law 91/2025): seen by the staff handling the case only,
// every view audited, erased on request or after the retention period.
package feedback

import (
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// Category is what a request is about: the eight kinds of Decree 20/2008
// Art. 5 (REQ-43).
type Category string

// The categories of REQ-43.
const (
	Obstacle     Category = "vuong-mac"     // slow, harassing or wrong implementation by agencies or officials
	Unsuitable   Category = "khong-phu-hop" // regulations unsuited to reality
	Inconsistent Category = "khong-dong-bo" // inconsistent regulations
	Unlawful     Category = "trai-phap-luat"
	Treaty       Category = "dieu-uoc"  // contrary to international treaties
	Other        Category = "khac"      // other content
	Solution     Category = "giai-phap" // proposed solutions
	Initiative   Category = "sang-kien" // initiatives for new regulations
)

// Categories lists the categories in the order of the decree.
var Categories = []Category{Obstacle, Unsuitable, Inconsistent, Unlawful, Treaty, Other, Solution, Initiative}

var categoryLabels = map[Category]apperr.Msg{
	Obstacle:     {VI: "Vướng mắc, cản trở do hành vi chậm trễ, gây phiền hà hoặc không thực hiện, thực hiện không đúng quy định hành chính của cơ quan, cán bộ, công chức", EN: "Obstacles caused by slow, harassing or incorrect implementation by agencies or officials"},
	Unsuitable:   {VI: "Quy định hành chính không phù hợp với thực tế", EN: "Regulations unsuited to reality"},
	Inconsistent: {VI: "Quy định hành chính không đồng bộ, không thống nhất", EN: "Inconsistent regulations"},
	Unlawful:     {VI: "Quy định hành chính không hợp pháp", EN: "Unlawful regulations"},
	Treaty:       {VI: "Quy định hành chính trái với điều ước quốc tế mà Việt Nam ký kết hoặc gia nhập", EN: "Regulations contrary to treaties Viet Nam has signed or joined"},
	Other:        {VI: "Những vấn đề khác liên quan đến quy định hành chính", EN: "Other matters about administrative regulations"},
	Solution:     {VI: "Phương án xử lý những phản ánh nêu trên", EN: "Proposed solutions"},
	Initiative:   {VI: "Sáng kiến ban hành mới quy định hành chính", EN: "Initiatives for new regulations"},
}

// Label is the category's name for people.
func (c Category) Label(lang string) string { return categoryLabels[c].In(lang) }

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool { _, ok := categoryLabels[c]; return ok }

// State is where a request stands (REQ-45..46).
type State string

// The states. Held is a request the screening stopped for a person to
// look at; it is never dropped. Rejected, Forwarded, Published, Closed
// and Merged are final.
const (
	Held       State = "held"
	Received   State = "received"
	Registered State = "registered"
	Rejected   State = "rejected"  // requirements unmet, with a reason
	Forwarded  State = "forwarded" // outside competence, sent on, with a reason
	InScope    State = "in_scope"
	Assigned   State = "assigned" // routed to a unit
	Answered   State = "answered" // the unit answered; waiting for approval
	Published  State = "published"
	Closed     State = "closed" // answered and approved but not of general interest
	Merged     State = "merged" // a duplicate, followed under another code
)

var stateLabels = map[State]apperr.Msg{
	Held:       {VI: "Chờ kiểm tra nội dung", EN: "Held for review"},
	Received:   {VI: "Đã tiếp nhận", EN: "Received"},
	Registered: {VI: "Đã vào sổ", EN: "Registered"},
	Rejected:   {VI: "Không tiếp nhận", EN: "Not accepted"},
	Forwarded:  {VI: "Đã chuyển cơ quan có thẩm quyền", EN: "Forwarded to the competent agency"},
	InScope:    {VI: "Thuộc thẩm quyền, đang phân công", EN: "In scope, being routed"},
	Assigned:   {VI: "Đơn vị đang xử lý", EN: "With a unit"},
	Answered:   {VI: "Đã có trả lời, chờ duyệt", EN: "Answered, awaiting approval"},
	Published:  {VI: "Đã trả lời và công khai", EN: "Answered and published"},
	Closed:     {VI: "Đã trả lời", EN: "Answered"},
	Merged:     {VI: "Đã gộp với phản ánh trùng", EN: "Merged with a duplicate"},
}

// Label is the state's name for people.
func (s State) Label(lang string) string { return stateLabels[s].In(lang) }

// Final reports whether nothing more happens to a request in state s.
func (s State) Final() bool {
	switch s {
	case Rejected, Forwarded, Published, Closed, Merged:
		return true
	}
	return false
}

// OpenStates are the states of requests still being handled.
var OpenStates = []State{Held, Received, Registered, InScope, Assigned, Answered}

// Request is one citizen request.
type Request struct {
	ID             int64
	Code           string
	SiteID         int64
	Category       Category
	UnitID         int64 // the unit the sender named, 0 if none
	AssignedUnitID int64
	Title          string
	Body           string
	Name           string
	Initials       string
	Address        string
	Phone          string
	Email          string
	Consent        bool // the name may be published
	State          State
	HeldTerms      string
	Reason         string
	Answer         string
	MergedInto     int64
	Source         string
	Lat, Lon       string
	ReceivedAt     time.Time
	ForwardDue     time.Time
	AnswerDue      time.Time
	ClassifiedAt   *time.Time
	AnsweredAt     *time.Time
	ClosedAt       *time.Time
	PublishedAt    *time.Time
	ErasedAt       *time.Time
	UpdatedAt      time.Time
	Attachments    []*Attachment
}

// Due is the deadline that matters now: forwarding until the request is
// classified, then the answer.
func (r *Request) Due() time.Time {
	if r.ClassifiedAt == nil {
		return r.ForwardDue
	}
	return r.AnswerDue
}

// Overdue reports whether the request is still open after its deadline.
func (r *Request) Overdue(now time.Time) bool {
	return !r.State.Final() && r.State != Answered && now.After(r.Due())
}

// PublicName is how the sender is shown in the public Q&A: the name when
// they agreed to it, their initials otherwise; contacts never.
func (r *Request) PublicName() string {
	if r.Consent && r.Name != "" {
		return r.Name
	}
	return r.Initials
}

// Attachment is a file sent with a request, checked by content.
type Attachment struct {
	ID        int64
	RequestID int64
	Name      string
	Mime      string
	Size      int64
	Data      []byte // loaded only when the file itself is asked for
}

// Event is one line of a request's timeline.
type Event struct {
	ID      int64
	At      time.Time
	ActorID int64
	Actor   string
	Kind    string // the step, or "note", "reminder", "escalated", "erased"
	State   State  // the state after the event
	Public  bool   // shown to the sender
	Note    string
}
