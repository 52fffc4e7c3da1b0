// Package directory keeps the organisation of each site — its units with
// their people and contacts — and its spokespersons under Decree 244/2026
// (REQ-36): name, title, phone, official email, the appointment decision
// and the days it is valid. The province-wide list of spokespersons is the
// union of every site's.
package directory

import (
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// DateLayout is how appointment dates are written: ISO dates, as text.
const DateLayout = "2006-01-02"

// Unit is an organisation unit of a site: an office, a division, a board.
type Unit struct {
	ID        int64
	SiteID    int64
	Name      string
	Kind      string // e.g. "Văn phòng", "Phòng", "Ban"
	Position  int
	Address   string
	Phone     string
	Email     string
	Functions string // functions and tasks, several lines
	People    []*Person
}

// Leaders are the unit's leaders, in order.
func (u *Unit) Leaders() []*Person {
	var out []*Person
	for _, p := range u.People {
		if p.Leader {
			out = append(out, p)
		}
	}
	return out
}

// Person is someone listed in the directory, in a unit or not (UnitID 0).
type Person struct {
	ID       int64
	SiteID   int64
	UnitID   int64
	FullName string
	Title    string // chức vụ
	Phone    string
	Email    string
	Leader   bool
	Position int
}

// The kinds of spokesperson (Decree 244/2026 Art. 3).
const (
	Regular   = "regular"   // người phát ngôn, by an appointment decision
	Delegated = "delegated" // người được ủy quyền phát ngôn, for one case (REQ-37)
)

// Spokesperson is a site's spokesperson (REQ-36..37).
type Spokesperson struct {
	ID          int64
	SiteID      int64
	Kind        string // Regular or Delegated
	FullName    string
	Title       string
	Phone       string
	Email       string // official email
	Decision    string // appointment or delegation decision number, e.g. "123/QĐ-UBND"
	DecidedAt   *time.Time
	AppointedOn string // YYYY-MM-DD
	ValidUntil  string // YYYY-MM-DD, or "" while open-ended (never for a delegation)
	DelegatedBy string // who delegated: the head of the agency
	Case        string // the case the delegation covers
	PublishedAt *time.Time
	CreatedAt   time.Time
	// Publish asks a save to show the entry to the public now, if it is
	// not already; a new entry saved with PublishedAt set (an import of
	// a list already public) keeps that time.
	Publish bool
}

// IsDelegated reports a delegation rather than a regular appointment.
func (s *Spokesperson) IsDelegated() bool { return s.Kind == Delegated }

// ValidOn reports whether the appointment holds on day (YYYY-MM-DD).
func (s *Spokesperson) ValidOn(day string) bool {
	return s.AppointedOn <= day && (s.ValidUntil == "" || s.ValidUntil >= day)
}

// fields gathers the messages of one form.
type fields map[string]apperr.Msg

func (f fields) add(field, vi, en string) {
	if _, ok := f[field]; !ok {
		f[field] = apperr.Msg{VI: vi, EN: en}
	}
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: "Thông tin chưa hợp lệ.", EN: "Some details are not valid."}, Fields: f}
}

func (f fields) required(field, value, vi, en string) {
	if value == "" {
		f.add(field, vi, en)
	}
}

// email checks an optional email address.
func (f fields) email(field, value string) {
	if value != "" && (!strings.Contains(value, "@") || strings.ContainsAny(value, " <>\"")) {
		f.add(field, "Thư điện tử phải có dạng ten@coquan.gov.vn.", "The email address must look like name@agency.gov.vn.")
	}
}

// phone checks an optional phone number: digits, spaces, dots, dashes
// and a leading +.
func (f fields) phone(field, value string) {
	if value == "" {
		return
	}
	digits := 0
	for i, r := range value {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '.' || r == '-':
		case r == '+' && i == 0:
		default:
			f.add(field, "Số điện thoại chỉ gồm chữ số, dấu cách và dấu +.", "A phone number has only digits, spaces and +.")
			return
		}
	}
	if digits < 3 {
		f.add(field, "Số điện thoại quá ngắn.", "The phone number is too short.")
	}
}

// date checks a date field; optional when may be empty.
func (f fields) date(field, value string, optional bool) {
	if value == "" && optional {
		return
	}
	if _, err := time.Parse(DateLayout, value); err != nil {
		f.add(field, "Ngày phải có dạng ngày/tháng/năm, ví dụ 01/07/2026.", "Dates are day/month/year, e.g. 01/07/2026.")
	}
}

func (u *Unit) validate() error {
	u.Name, u.Kind, u.Address = vn.Clean(u.Name), vn.Clean(u.Kind), vn.Clean(u.Address)
	u.Phone, u.Email, u.Functions = vn.Clean(u.Phone), vn.Clean(u.Email), vn.CleanMultiline(u.Functions)
	f := fields{}
	f.required("name", u.Name, "Hãy nhập tên đơn vị.", "Enter the unit's name.")
	f.phone("phone", u.Phone)
	f.email("email", u.Email)
	return f.err()
}

func (p *Person) validate() error {
	p.FullName, p.Title, p.Phone, p.Email = vn.Clean(p.FullName), vn.Clean(p.Title), vn.Clean(p.Phone), vn.Clean(p.Email)
	f := fields{}
	f.required("full_name", p.FullName, "Hãy nhập họ và tên.", "Enter the full name.")
	f.phone("phone", p.Phone)
	f.email("email", p.Email)
	return f.err()
}

func (s *Spokesperson) validate() error {
	s.FullName, s.Title, s.Phone, s.Email = vn.Clean(s.FullName), vn.Clean(s.Title), vn.Clean(s.Phone), vn.Clean(s.Email)
	s.Decision, s.AppointedOn, s.ValidUntil = vn.Clean(s.Decision), vn.Clean(s.AppointedOn), vn.Clean(s.ValidUntil)
	s.DelegatedBy, s.Case = vn.Clean(s.DelegatedBy), vn.Clean(s.Case)
	f := fields{}
	switch s.Kind {
	case "":
		s.Kind = Regular
	case Regular:
	case Delegated:
		// Decree 244/2026 Art. 3(5)-(6): in writing, per case, for a
		// limited time.
		f.required("delegated_by", s.DelegatedBy, "Hãy nhập người ủy quyền (người đứng đầu cơ quan).", "Enter who delegated (the head of the agency).")
		f.required("case", s.Case, "Hãy nhập vụ việc được ủy quyền phát ngôn.", "Enter the case the delegation covers.")
		f.required("valid_until", s.ValidUntil, "Ủy quyền phát ngôn phải có thời hạn: hãy nhập ngày hết hiệu lực.", "A delegation is time-limited: enter its end date.")
	default:
		f.add("kind", "Loại người phát ngôn không hợp lệ.", "Unknown kind of spokesperson.")
	}
	if s.Kind == Regular {
		s.DelegatedBy, s.Case = "", ""
	}
	if s.DecidedAt == nil {
		f.add("decided_at", "Hãy nhập thời điểm ký quyết định (ngày và giờ): thông tin phải đăng trong 24 giờ kể từ đó.",
			"Enter when the decision was signed (date and time): the details must be posted within 24 hours of it.")
	}
	f.required("full_name", s.FullName, "Hãy nhập họ và tên người phát ngôn.", "Enter the spokesperson's full name.")
	f.required("title", s.Title, "Hãy nhập chức vụ.", "Enter the title.")
	f.required("phone", s.Phone, "Hãy nhập số điện thoại.", "Enter the phone number.")
	f.required("email", s.Email, "Hãy nhập thư điện tử công vụ.", "Enter the official email address.")
	f.required("decision", s.Decision, "Hãy nhập số quyết định giao nhiệm vụ.", "Enter the number of the appointment decision.")
	f.phone("phone", s.Phone)
	f.email("email", s.Email)
	f.date("appointed_on", s.AppointedOn, false)
	f.date("valid_until", s.ValidUntil, true)
	if s.ValidUntil != "" && s.AppointedOn != "" && s.ValidUntil < s.AppointedOn {
		f.add("valid_until", "Ngày hết hiệu lực phải sau ngày giao nhiệm vụ.", "The end date must follow the appointment date.")
	}
	return f.err()
}
