// Package channel keeps each site's registry of official channels (issue
// 20 point 7): the social-network accounts, mobile applications and
// hotlines the agency announces as its own. Decree 224/2026 Art. 10 and
// Decree 244/2026 Art. 5 (REQ-05, REQ-38) require the list to be
// published on the portal, so that a reader can tell the agency's real
// page from an impostor's. The site's board keeps it; every change is
// audited.
package channel

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// Kind says what a channel is.
type Kind string

// The kinds of channel, in the order the public page lists them.
const (
	Social  Kind = "social"  // a social-network account or page (Facebook, Zalo OA, YouTube…)
	App     Kind = "app"     // a mobile application
	Hotline Kind = "hotline" // a telephone hotline or call centre
	Other   Kind = "other"   // anything else the agency announces (a newsletter, a map…)
)

// Kinds lists every kind, in the order of the public page.
var Kinds = []Kind{Social, App, Hotline, Other}

var kindLabels = map[Kind]apperr.Msg{
	Social:  {VI: "Mạng xã hội", EN: "Social networks"},
	App:     {VI: "Ứng dụng di động", EN: "Mobile applications"},
	Hotline: {VI: "Đường dây nóng, tổng đài", EN: "Hotlines and call centres"},
	Other:   {VI: "Kênh khác", EN: "Other channels"},
}

// Label names the kind for people.
func (k Kind) Label(lang string) string { return kindLabels[k].In(lang) }

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Channel is one official channel of a site.
type Channel struct {
	ID     int64
	SiteID int64
	Kind   Kind
	Name   string // "Trang Facebook của UBND tỉnh", "Tổng đài 1022"
	// Link is an https:// address, or for a hotline the number as
	// written ("1900 1234", "0251 3822 000").
	Link string
	// VerifiedOn is the day (YYYY-MM-DD, Viet Nam) someone checked that
	// the channel is the agency's.
	VerifiedOn string
	Note       string // optional: hours of a hotline, what the account posts
	CreatedAt  time.Time
	UpdatedAt  time.Time
	UpdatedBy  string
}

// Web reports whether the channel is reached by an https:// address (and
// so names the agency in the JSON-LD sameAs), not a phone number.
func (c *Channel) Web() bool { return strings.HasPrefix(c.Link, "https://") }

// Tel is the tel: address of a hotline: its digits and a leading plus.
func (c *Channel) Tel() string {
	var b strings.Builder
	for i, r := range c.Link {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return "tel:" + b.String()
}

// Limits of the fields, in characters.
const (
	maxName = 200
	maxLink = 500
	maxNote = 500
)

// normalize cleans the fields as typed (NFC, no stray spaces).
func (c *Channel) normalize() {
	c.Name, c.Note = vn.Clean(strings.TrimSpace(c.Name)), vn.Clean(strings.TrimSpace(c.Note))
	c.Link, c.VerifiedOn = strings.TrimSpace(c.Link), strings.TrimSpace(c.VerifiedOn)
	if c.Kind == Hotline {
		c.Link = strings.TrimSpace(strings.TrimPrefix(c.Link, "tel:"))
	}
}

// validate checks a channel as the board typed it; today is the day in
// Viet Nam (YYYY-MM-DD), after which no channel can have been checked.
func (c *Channel) validate(today string) error {
	switch {
	case !c.Kind.Valid():
		return apperr.Field("kind", "Hãy chọn loại kênh: mạng xã hội, ứng dụng di động, đường dây nóng hoặc kênh khác.",
			"Choose the kind of channel.")
	case c.Name == "":
		return apperr.Field("name", "Hãy nhập tên kênh, ví dụ “Trang Facebook của Sở Khoa học và Công nghệ”.", "Give the channel's name.")
	case utf8.RuneCountInString(c.Name) > maxName:
		return apperr.Field("name", "Tên kênh quá dài: tối đa 200 ký tự.", "The name is too long (200 characters at most).")
	case utf8.RuneCountInString(c.Note) > maxNote:
		return apperr.Field("note", "Ghi chú quá dài: tối đa 500 ký tự.", "The note is too long (500 characters at most).")
	}
	if err := CheckLink(c.Kind, c.Link); err != nil {
		return err
	}
	if _, err := time.Parse("2006-01-02", c.VerifiedOn); err != nil {
		return apperr.Field("verified_on", "Hãy nhập ngày kiểm tra kênh theo dạng ngày/tháng/năm, ví dụ 20/11/2026.",
			"Give the day the channel was verified as day/month/year, e.g. 20/11/2026.")
	}
	if c.VerifiedOn > today {
		return apperr.Field("verified_on", "Ngày kiểm tra không thể sau hôm nay.", "The day of verification cannot be after today.")
	}
	return nil
}

// CheckLink refuses an address a reader must not be sent to: anything
// but https:// for an account, an application or another channel (a
// javascript: or data: address would run in the portal's page; plain
// http:// can be intercepted and replaced), and anything but a phone
// number for a hotline.
func CheckLink(k Kind, link string) error {
	if link == "" {
		if k == Hotline {
			return apperr.Field("link", "Hãy nhập số điện thoại của đường dây nóng.", "Give the hotline's number.")
		}
		return apperr.Field("link", "Hãy nhập địa chỉ của kênh, bắt đầu bằng https://.", "Give the channel's address, starting with https://.")
	}
	if utf8.RuneCountInString(link) > maxLink {
		return apperr.Field("link", "Địa chỉ quá dài: tối đa 500 ký tự.", "The address is too long (500 characters at most).")
	}
	if k == Hotline {
		return checkPhone(link)
	}
	lower := strings.ToLower(strings.TrimSpace(link))
	for _, bad := range []string{"javascript:", "data:", "vbscript:", "file:"} {
		if strings.HasPrefix(lower, bad) {
			return apperr.Field("link", "Địa chỉ không được chấp nhận: không nhận địa chỉ dạng javascript:, data: hay file:. Hãy dán địa chỉ trang của kênh, bắt đầu bằng https://.",
				"This address is refused: javascript:, data: and file: addresses are not accepted. Paste the channel's page address, starting with https://.")
		}
	}
	if strings.HasPrefix(lower, "http://") {
		return apperr.Field("link", "Kênh chính thức phải dùng địa chỉ an toàn https:// (không nhận http://). Hãy mở kênh trong trình duyệt và sao chép lại địa chỉ bắt đầu bằng https://.",
			"An official channel must use a secure https:// address, not http://.")
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || strings.ContainsAny(link, " \t\r\n<>\"'`") {
		return apperr.Field("link", "Địa chỉ không hợp lệ: hãy nhập đầy đủ địa chỉ bắt đầu bằng https://, ví dụ https://www.facebook.com/tentrang.",
			"Invalid address: give the whole address, starting with https://.")
	}
	return nil
}

// checkPhone accepts a number as people write it: digits with spaces,
// dots or hyphens, an optional leading plus; 3 to 15 digits (a short
// number like 113 or 1022, or an international one).
func checkPhone(s string) error {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '.' || r == '-':
		case r == '+' && i == 0:
		default:
			return apperr.Field("link", "Số đường dây nóng chỉ gồm chữ số (có thể có dấu cách, dấu chấm, gạch nối), ví dụ 1900 1234 hoặc 0251 3822 000.",
				"A hotline number has digits only (spaces, dots and hyphens allowed).")
		}
	}
	if digits < 3 || digits > 15 {
		return apperr.Field("link", "Số đường dây nóng phải có từ 3 đến 15 chữ số.", "A hotline number has 3 to 15 digits.")
	}
	return nil
}
