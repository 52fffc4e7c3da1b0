// Package gazette is the provincial electronic gazette (Công báo điện
// tử; Law 64/2025, REQ-33..35): the gazette office receives signed
// documents of the provincial People's Council and People's Committee,
// the PDF's digital signatures are checked on intake, each document is
// tracked against the deadline for posting (a dated rule: 3 days after
// signing), documents are published in numbered issues compiled into one
// PDF with a generated cover and table of contents, every published file
// and record goes into an append-only log whose entries are chained by
// their hashes, and a published document becomes (or updates) its legal
// document in /van-ban. A published issue is never changed: withdrawing
// a document or correcting it (đính chính) is a new entry.
package gazette

import (
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/legal"
)

// State is where a document stands.
type State string

// The states of a document.
const (
	Received  State = "received"  // waiting for an issue
	Published State = "published" // in a published issue
	Withdrawn State = "withdrawn" // published, then withdrawn with a reason
)

var stateLabels = map[State]apperr.Msg{
	Received:  {VI: "Chờ đăng Công báo", EN: "Waiting for an issue"},
	Published: {VI: "Đã đăng Công báo", EN: "Published"},
	Withdrawn: {VI: "Đã thu hồi", EN: "Withdrawn"},
}

// Label is the state's name for people.
func (s State) Label(lang string) string { return stateLabels[s].In(lang) }

// SigStatus is what the check of a PDF's digital signatures found.
type SigStatus string

// The results of the check.
const (
	// SigVerified: signed, nothing changed since; whose certificate it
	// is was not checked (the server trusts no roots).
	SigVerified SigStatus = "verified"
	// SigTrusted: as SigVerified, and the signer's certificate chains to
	// a root the server trusts, every link valid at the time of signing.
	SigTrusted SigStatus = "trusted"
	// SigUntrusted: intact, but the certificate does not chain to a
	// trusted root (self-made, another authority, a link expired).
	SigUntrusted SigStatus = "untrusted"
	SigUnsigned  SigStatus = "unsigned" // no digital signature
	SigAltered   SigStatus = "altered"  // signed, but changed after signing (or the check failed)
	// SigCertInvalid: intact, but the signer's certificate was not valid
	// (expired, or not yet valid) at the time of signing.
	SigCertInvalid SigStatus = "cert_invalid"
)

var sigLabels = map[SigStatus]apperr.Msg{
	SigVerified:    {VI: "Chữ ký số hợp lệ", EN: "Signature verified"},
	SigUnsigned:    {VI: "Không có chữ ký số", EN: "Not signed"},
	SigAltered:     {VI: "Tài liệu đã bị thay đổi sau khi ký", EN: "Changed after signing"},
	SigCertInvalid: {VI: "Chứng thư số không còn hiệu lực lúc ký", EN: "The certificate was not valid when signed"},
	SigTrusted:     {VI: "Chữ ký số hợp lệ, chứng thư do tổ chức được tin cậy cấp", EN: "Signature verified, certificate from a trusted authority"},
	SigUntrusted:   {VI: "Chứng thư số không do tổ chức được tin cậy cấp", EN: "The certificate is not from a trusted authority"},
}

// Label is the result's name for people.
func (s SigStatus) Label(lang string) string { return sigLabels[s].In(lang) }

// OK reports whether the signature stands on its own: intact, and from a
// trusted authority when the server trusts any.
func (s SigStatus) OK() bool { return s == SigVerified || s == SigTrusted }

// Doc is a document received for the gazette.
type Doc struct {
	ID          int64
	SiteID      int64
	Number      string // số ký hiệu, canonical
	NumberKey   string
	DocType     string
	Issuer      string
	Signer      string
	Field       string
	SignedOn    string // YYYY-MM-DD
	EffectiveOn string
	Abstract    string // trích yếu
	Text        string // the full text, when the office gave it (for search and the legal document)
	PDFSHA256   string
	Pages       int
	Size        int64
	SigStatus   SigStatus
	SigSigner   string
	SigIssuer   string
	SigTime     *time.Time
	SigProblem  string
	Override    string // the reason recorded to publish it with a signature not verified
	DueOn       string // the last day to post it
	RuleCode    string
	State       State
	IssueID     int64
	Position    int
	PageStart   int
	CorrectsID  int64
	ItemID      int64 // its legal document
	ReceivedAt  time.Time
	PublishedAt *time.Time
	LateDays    int
	Withdrawn   string // the reason
	WithdrawnAt *time.Time
	Relations   []Relation
}

// Relation is how a document acts on an earlier one, named by number.
type Relation struct {
	Kind    legal.Kind
	Number  string
	Partial bool
}

// Publishable reports whether the document may go into an issue: its
// signature verified, or the override recorded.
func (d *Doc) Publishable() bool { return d.SigStatus.OK() || d.Override != "" }

// Overdue reports whether the document is still waiting on a day after
// its last day.
func (d *Doc) Overdue(today string) bool { return d.State == Received && today > d.DueOn }

// Title is how lists name a document: its type, number and abstract.
func (d *Doc) Title() string { return d.DocType + " số " + d.Number + " " + d.Abstract }

// Issue is one numbered issue of the gazette.
type Issue struct {
	ID          int64
	SiteID      int64
	Year        int
	NumFrom     int
	NumTo       int
	Label       string // "Số 01 + 02/2026"
	Slug        string // "2026-01-02"
	IssueDate   string // YYYY-MM-DD
	State       string // draft | published
	PDFSHA256   string
	Pages       int
	PublishedAt *time.Time
	CreatedAt   time.Time
	Docs        []*Doc
}

// Person is who asks for a step (account.Person).
type Person = account.Person

var (
	errForbidden = apperr.New(apperr.Forbidden, "Vai trò của bạn không được thực hiện việc này với Công báo.", "Your role may not do this with the gazette.")
	errNoDoc     = apperr.New(apperr.NotFound, "Không tìm thấy văn bản Công báo.", "No such gazette document.")
	errNoIssue   = apperr.New(apperr.NotFound, "Không tìm thấy số Công báo.", "No such gazette issue.")
)
