// Package site holds the sites of one installation: the main portal and
// the component sites of departments and communes (and former districts,
// kept readable as archives). It decides which site a request is for, by
// host name or by path prefix.
package site

import (
	"regexp"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// Kind is what sort of body a site belongs to. Since 1 July 2025 local
// government has two tiers; "district" remains only for archived sites.
type Kind string

// The kinds of site (REQ-01).
const (
	Portal     Kind = "portal"
	Department Kind = "department"
	Commune    Kind = "commune"
	Other      Kind = "other"
	District   Kind = "district"
)

// Kinds lists every kind in the order forms show them.
var Kinds = []Kind{Portal, Department, Commune, Other, District}

// Label is the kind's name for people.
func (k Kind) Label(lang string) string {
	labels := map[Kind]apperr.Msg{
		Portal:     {VI: "Cổng thông tin chính", EN: "Main portal"},
		Department: {VI: "Sở, ban, ngành", EN: "Department"},
		Commune:    {VI: "Xã, phường, đặc khu", EN: "Commune or ward"},
		Other:      {VI: "Cơ quan khác", EN: "Other agency"},
		District:   {VI: "Huyện, thị xã, thành phố (lưu trữ)", EN: "District (archive)"},
	}
	return labels[k].In(lang)
}

func (k Kind) valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Status says whether a site is live or kept as a read-only archive.
type Status string

// The statuses of a site.
const (
	Active   Status = "active"
	Archived Status = "archived"
)

// Site is one portal site with the details its header and footer must
// show (REQ-15: owner, person responsible, address, phone, email).
type Site struct {
	ID          int64
	Code        string // short, stable: used in the CLI and as default path prefix
	Kind        Kind
	Main        bool
	Name        string // the agency's full name, as in the header
	NameEN      string
	Host        string // e.g. sokhcn.dongnai.gov.vn; empty when reached by path
	PathPrefix  string // e.g. /so-khcn; empty for the main portal
	ParentID    int64
	Status      Status
	Owner       string // cơ quan chủ quản
	Responsible string // người chịu trách nhiệm
	Address     string
	Phone       string
	Email       string
	LogoURL     string
	// Workflow is "full" (draft → editing → approval) or "short" (no
	// editing step, for small sites such as a commune's).
	Workflow string
	// PostCheckHours is how long after publication the second check is due.
	PostCheckHours int
	CreatedAt      time.Time
	ArchivedAt     *time.Time
	// MergedInto is the site this one was merged into (internal/merge),
	// 0 when it was not; a merged site is archived, holds nothing, and
	// its addresses answer 301 to the receiving site's (Resolver.Moved).
	MergedInto int64
	MergedAt   *time.Time
	// History holds the site's renamings, oldest first, those waiting
	// for their date included; List fills it (rename.go).
	History []*Rename
}

// DisplayName is the site's name in lang, falling back to Vietnamese.
func (s *Site) DisplayName(lang string) string {
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.Name
}

// URL returns the site-relative path p as seen from outside: under the
// site's path prefix when it has one.
func (s *Site) URL(p string) string {
	if s.PathPrefix == "" {
		return p
	}
	if p == "/" {
		return s.PathPrefix + "/"
	}
	return s.PathPrefix + p
}

var (
	codeRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	hostRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
)

// normalize cleans every text field the way all input is cleaned: NFC,
// the ƣ repair, trimmed; host names and prefixes lower-cased.
func (s *Site) normalize() {
	for _, f := range []*string{&s.Name, &s.NameEN, &s.Owner, &s.Responsible, &s.Address, &s.Phone, &s.Email, &s.LogoURL} {
		*f = vn.Clean(*f)
	}
	s.Code = strings.ToLower(strings.TrimSpace(s.Code))
	s.Host = strings.ToLower(strings.TrimSpace(s.Host))
	s.PathPrefix = strings.TrimRight(strings.ToLower(strings.TrimSpace(s.PathPrefix)), "/")
	if s.PathPrefix != "" && !strings.HasPrefix(s.PathPrefix, "/") {
		s.PathPrefix = "/" + s.PathPrefix
	}
	if s.Status == "" {
		s.Status = Active
	}
	if s.Workflow == "" {
		s.Workflow = "full"
	}
	if s.PostCheckHours == 0 {
		s.PostCheckHours = 24
	}
}

// Validate says, field by field, what is wrong with s.
func (s *Site) Validate() error {
	s.normalize()
	switch {
	case !codeRE.MatchString(s.Code) || len(s.Code) > 40:
		return apperr.Field("code", "Mã trang chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ so-khcn).",
			"The code may hold only lower-case letters, digits and hyphens (e.g. so-khcn).")
	case !s.Kind.valid():
		return apperr.Field("kind", "Loại trang không hợp lệ.", "Unknown kind of site.")
	case s.Name == "" || len(s.Name) > 300:
		return apperr.Field("name", "Hãy nhập tên đầy đủ của cơ quan (tối đa 300 ký tự).", "Enter the agency's full name (at most 300 characters).")
	case s.Host != "" && (!hostRE.MatchString(s.Host) || len(s.Host) > 253):
		return apperr.Field("host", "Tên miền không hợp lệ (ví dụ sokhcn.dongnai.gov.vn).", "Invalid host name (e.g. sokhcn.dongnai.gov.vn).")
	case s.PathPrefix != "" && !codeRE.MatchString(s.PathPrefix[1:]):
		return apperr.Field("path_prefix", "Tiền tố đường dẫn phải có dạng /ten-khong-dau.", "The path prefix must look like /name-without-accents.")
	case s.PathPrefix != "" && reservedPrefix[s.PathPrefix]:
		return apperr.Field("path_prefix", "Tiền tố đường dẫn này dành cho hệ thống.", "This path prefix is reserved by the system.")
	case !s.Main && s.Host == "" && s.PathPrefix == "":
		return apperr.Field("path_prefix", "Trang thành phần cần một tên miền hoặc một tiền tố đường dẫn.", "A component site needs a host name or a path prefix.")
	case s.Workflow != "full" && s.Workflow != "short":
		return apperr.Field("workflow", "Quy trình phải là đầy đủ hoặc rút gọn.", "The workflow must be full or short.")
	case s.PostCheckHours < 1 || s.PostCheckHours > 24*30:
		return apperr.Field("post_check_hours", "Hạn kiểm tra sau đăng từ 1 giờ đến 30 ngày.", "The post-publication check period is 1 hour to 30 days.")
	case s.Main && s.Kind != Portal:
		return apperr.Field("kind", "Cổng chính phải là loại cổng thông tin chính.", "The main portal must be of kind portal.")
	}
	return nil
}

// reservedPrefix lists the first path segments the portal itself uses, so
// a component site can never shadow them.
var reservedPrefix = map[string]bool{
	"/quan-tri": true, "/static": true, "/api": true, "/healthz": true, "/readyz": true,
	"/metrics": true, "/dang-nhap": true, "/dang-xuat": true, "/en": true, "/ngon-ngu": true,
}
