// Package consult runs the public consultation on draft legal documents
// (lấy ý kiến dự thảo; Law 64/2025, REQ-29..32): a draft posted with its
// text parsed into Chương/Mục/Điều/Khoản/Điểm, attachments and the unit
// that receives comments; a period no shorter than the rule in force on
// the day it opens, unless the shortened procedure is chosen with its
// legal basis; comments from citizens (screened, moderated, their
// contacts private under Law 91/2025) and comments received by mail,
// email or in meetings, each anchored to the provision it is about and
// the version of the text it was made on; the handling of every comment
// (tiếp thu, giải trình) and the synthesis published next to the draft.
package consult

import (
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
)

// State is where a draft stands.
type State string

// The states of a draft: staff only while Draft; open for comment
// between its opening and closing times; Closed when the period ended;
// Published once the synthesis is public.
const (
	Preparing State = "draft"
	Open      State = "open"
	Closed    State = "closed"
	Published State = "published"
)

var stateLabels = map[State]apperr.Msg{
	Preparing: {VI: "Đang soạn (chưa công khai)", EN: "Being prepared (not public)"},
	Open:      {VI: "Đang lấy ý kiến", EN: "Open for comment"},
	Closed:    {VI: "Đã hết thời hạn lấy ý kiến", EN: "Closed"},
	Published: {VI: "Đã công khai tiếp thu, giải trình", EN: "Synthesis published"},
}

// Label is the state's name for people.
func (s State) Label(lang string) string { return stateLabels[s].In(lang) }

// States lists the states in their order.
var States = []State{Preparing, Open, Closed, Published}

// Kinds are the kinds of legal document a draft may be, in the order of
// the hierarchy of Law 64/2025 Art. 4 that a province meets.
var Kinds = []string{"Luật", "Pháp lệnh", "Nghị định", "Quyết định", "Thông tư", "Nghị quyết", "Chỉ thị", "Quy chế", "Quy định", "Kế hoạch", "Khác"}

// Draft is a draft document posted for comment.
type Draft struct {
	ID          int64
	SiteID      int64
	Slug        string
	Title       string
	DocKind     string
	Agency      string // the drafting agency
	RecvUnit    string // the unit that receives comments
	RecvAddress string
	RecvEmail   string
	RecvPhone   string
	Summary     string
	State       State
	Version     int // the current version of the text
	Body        string
	OpensAt     *time.Time
	ClosesAt    *time.Time
	MinDays     int    // the minimum period applied when it opened
	RuleCode    string // the rule set that gave it
	Shortened   bool
	// ShortenedBasis is the legal basis of the shortened procedure;
	// ClosedEarlyBasis that of closing before the closing time.
	ShortenedBasis   string
	ClosedEarlyBasis string
	SynthesisNote    string
	ApprovedBy       string
	PublishedAt      *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// StateAt is the state at the time now: an open draft whose closing time
// has passed is closed, whatever the stored state says yet.
func (d *Draft) StateAt(now time.Time) State {
	if d.State == Open && d.ClosesAt != nil && !now.Before(*d.ClosesAt) {
		return Closed
	}
	return d.State
}

// Accepting reports whether comments are taken at the time now.
func (d *Draft) Accepting(now time.Time) bool {
	return d.StateAt(now) == Open && d.OpensAt != nil && !now.Before(*d.OpensAt)
}

// Upcoming reports whether the draft is public but its period has not
// begun.
func (d *Draft) Upcoming(now time.Time) bool {
	return d.StateAt(now) == Open && d.OpensAt != nil && now.Before(*d.OpensAt)
}

// Public reports whether citizens see the draft.
func (d *Draft) Public() bool { return d.State != Preparing }

// Remaining is the time left to comment at now (0 once closed).
func (d *Draft) Remaining(now time.Time) time.Duration {
	if !d.Accepting(now) {
		return 0
	}
	return d.ClosesAt.Sub(now)
}

// Channel is how a comment reached the drafting unit.
type Channel string

// The channels: the portal's form, and those staff enter.
const (
	Web     Channel = "web"
	Mail    Channel = "mail"
	Email   Channel = "email"
	Meeting Channel = "meeting"
)

var channelLabels = map[Channel]apperr.Msg{
	Web:     {VI: "Cổng thông tin", EN: "Portal"},
	Mail:    {VI: "Văn bản gửi qua bưu điện", EN: "Letter"},
	Email:   {VI: "Thư điện tử", EN: "Email"},
	Meeting: {VI: "Hội nghị, hội thảo, tọa đàm", EN: "Meeting"},
}

// Label is the channel's name for people.
func (c Channel) Label(lang string) string { return channelLabels[c].In(lang) }

// Channels lists the channels; StaffChannels those staff enter.
var (
	Channels      = []Channel{Web, Mail, Email, Meeting}
	StaffChannels = []Channel{Mail, Email, Meeting}
)

// AuthorKind is who commented.
type AuthorKind string

// The kinds of commenter Law 64/2025 names: the people affected,
// organisations, agencies and experts.
const (
	Citizen      AuthorKind = "citizen"
	Organisation AuthorKind = "organisation"
	Agency       AuthorKind = "agency"
	Expert       AuthorKind = "expert"
)

var authorLabels = map[AuthorKind]apperr.Msg{
	Citizen:      {VI: "Cá nhân", EN: "Individual"},
	Organisation: {VI: "Tổ chức, doanh nghiệp", EN: "Organisation or business"},
	Agency:       {VI: "Cơ quan nhà nước", EN: "State agency"},
	Expert:       {VI: "Chuyên gia, nhà khoa học", EN: "Expert"},
}

// Label is the kind's name for people.
func (k AuthorKind) Label(lang string) string { return authorLabels[k].In(lang) }

// AuthorKinds lists the kinds.
var AuthorKinds = []AuthorKind{Citizen, Organisation, Agency, Expert}

// Display is how a commenter's name is shown in public.
type Display string

// The choices of a commenter (Law 91/2025: their choice).
const (
	ShowFull      Display = "full"
	ShowInitials  Display = "initials"
	ShowAnonymous Display = "anonymous"
)

// CommentState is where a comment stands.
type CommentState string

// The states of a comment. Nothing is public before a person publishes
// it; Held is a comment the screening stopped.
const (
	Held      CommentState = "held"
	Pending   CommentState = "pending"
	Shown     CommentState = "published"
	Rejected  CommentState = "rejected"
	stateNone CommentState = ""
)

var commentStateLabels = map[CommentState]apperr.Msg{
	Held:     {VI: "Tạm giữ (có từ ngữ bị cấm)", EN: "Held (prohibited terms)"},
	Pending:  {VI: "Chờ kiểm duyệt", EN: "Awaiting moderation"},
	Shown:    {VI: "Đã công khai", EN: "Published"},
	Rejected: {VI: "Không đăng", EN: "Rejected"},
}

// Label is the state's name for people.
func (s CommentState) Label(lang string) string { return commentStateLabels[s].In(lang) }

// Handling is what the drafting unit did with a comment.
type Handling string

// The answers of the synthesis (tiếp thu, giải trình).
const (
	Unhandled   Handling = ""
	Accepted    Handling = "accepted"
	Partly      Handling = "partly"
	NotAccepted Handling = "not_accepted"
)

var handlingLabels = map[Handling]apperr.Msg{
	Unhandled:   {VI: "Chưa xử lý", EN: "Not yet handled"},
	Accepted:    {VI: "Tiếp thu", EN: "Accepted"},
	Partly:      {VI: "Tiếp thu một phần", EN: "Partly accepted"},
	NotAccepted: {VI: "Không tiếp thu", EN: "Not accepted"},
}

// Label is the handling's name for people.
func (h Handling) Label(lang string) string { return handlingLabels[h].In(lang) }

// Handlings lists the answers a comment may get.
var Handlings = []Handling{Accepted, Partly, NotAccepted}

// Comment is one comment on a draft.
type Comment struct {
	ID           int64
	DraftID      int64
	Version      int
	Anchor       string // "dieu-3-khoan-2", or "" for the draft as a whole
	Provision    string // "Điều 3, Khoản 2" when it was made
	AuthorKind   AuthorKind
	Name         string
	Organisation string
	Initials     string
	Display      Display
	Email        string
	Phone        string
	Body         string
	Channel      Channel
	State        CommentState
	HeldTerms    string
	Reason       string
	DuplicateOf  int64
	Handling     Handling
	Explanation  string
	Summary      string
	ReceivedAt   time.Time
	ModeratedAt  *time.Time
	HandledAt    *time.Time
	ErasedAt     *time.Time
	Files        []*File
}

// Who is the commenter as the public sees them: the organisation, or the
// person as they chose to be shown.
func (c *Comment) Who(lang string) string {
	if c.Organisation != "" && c.AuthorKind != Citizen {
		return c.Organisation
	}
	switch {
	case c.ErasedAt != nil && c.Initials == "", c.Display == ShowAnonymous:
		return apperr.Msg{VI: "Ẩn danh", EN: "Anonymous"}.In(lang)
	case c.Display == ShowInitials || c.ErasedAt != nil:
		return c.Initials
	}
	return c.Name
}

// Text is the comment as the synthesis gives it: staff's summary, or the
// comment itself.
func (c *Comment) Text() string {
	if c.Summary != "" {
		return c.Summary
	}
	return c.Body
}

// File is a comment's attachment.
type File struct {
	ID   int64
	Name string
	Mime string
	Size int64
}

// Person is who asks for a step (account.Person).
type Person = account.Person

var (
	errForbidden = apperr.New(apperr.Forbidden, "Vai trò của bạn không được thực hiện việc này với dự thảo.", "Your role may not do this with drafts.")
	errNotFound  = apperr.New(apperr.NotFound, "Không tìm thấy dự thảo.", "No such draft.")
	errNoComment = apperr.New(apperr.NotFound, "Không tìm thấy ý kiến góp ý.", "No such comment.")
)
