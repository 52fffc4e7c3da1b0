package site

import (
	"regexp"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// REQ-02 (Decree 224/2026 Art. 11(4)) names the hosts of a province's
// portals: tentinh.gov.vn for the province (its full name without
// diacritics), tencoquan.tentinh.gov.vn for an agency and
// tenxa.tentinh.gov.vn for a commune. A host that does not follow the
// scheme is only warned about: the portal serves whatever host the
// installation was given, and hosts chosen years ago (sokhcn, not the
// agency's full name) stay valid.

// HostAdvice is what REQ-02 says of a site's host name.
type HostAdvice struct {
	Follows bool   // the host follows the scheme (or the site has no host)
	Suggest string // a host that would, made from the Vietnamese names
}

// Message is the warning for people, "" when the host follows the scheme.
func (a HostAdvice) Message(lang string) string {
	if a.Follows {
		return ""
	}
	m := apperr.Msg{
		VI: "Tên miền không theo quy ước của Nghị định 224/2026 (tentinh.gov.vn, tencoquan.tentinh.gov.vn, tenxa.tentinh.gov.vn).",
		EN: "The host name does not follow Decree 224/2026's scheme (province.gov.vn, agency.province.gov.vn, commune.province.gov.vn).",
	}.In(lang)
	if a.Suggest != "" {
		m += apperr.Msg{VI: " Gợi ý: ", EN: " Suggested: "}.In(lang) + a.Suggest
	}
	return m
}

var (
	provinceHostRE = regexp.MustCompile(`^(?:www\.)?([a-z0-9]+(?:-[a-z0-9]+)*)\.gov\.vn$`)
	labelRE        = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
)

// CheckHost says whether s's host follows REQ-02, given the main portal
// main (nil, or s itself, when s is the main portal). The main portal's
// host must be the province's name ("… tỉnh Đồng Nai" gives
// dongnai.gov.vn, www. allowed); a component site's one label under the
// main portal's host when that follows the scheme, else under the
// province's name. A site without a host (reached by a path prefix)
// follows it.
func CheckHost(s, main *Site) HostAdvice {
	host := strings.ToLower(strings.TrimSpace(s.Host))
	if host == "" {
		return HostAdvice{Follows: true}
	}
	if s.Main || main == nil || main.ID == s.ID && s.ID != 0 {
		province := provinceFromName(s.Name)
		if m := provinceHostRE.FindStringSubmatch(host); m != nil && (province == "" || m[1] == province) {
			return HostAdvice{Follows: true}
		}
		if province == "" {
			return HostAdvice{}
		}
		return HostAdvice{Suggest: province + ".gov.vn"}
	}
	province := provinceLabel(main)
	suggest := ""
	if label := siteLabel(s); label != "" && province != "" {
		suggest = label + "." + province + ".gov.vn"
	}
	if province == "" {
		// No province to check against: the host must at least be a
		// label under some province's .gov.vn.
		parts := strings.Split(host, ".")
		if len(parts) == 4 && parts[2] == "gov" && parts[3] == "vn" && labelRE.MatchString(parts[0]) {
			return HostAdvice{Follows: true}
		}
		return HostAdvice{Suggest: suggest}
	}
	if label, ok := strings.CutSuffix(host, "."+province+".gov.vn"); ok && labelRE.MatchString(label) && label != "www" {
		return HostAdvice{Follows: true}
	}
	return HostAdvice{Suggest: suggest}
}

// provinceLabel is the province's label of the main portal main: the one
// its host gives when that follows the scheme, else the province's name
// in main's name without diacritics, spaces or hyphens.
func provinceLabel(main *Site) string {
	if m := provinceHostRE.FindStringSubmatch(strings.ToLower(main.Host)); m != nil {
		return m[1]
	}
	return provinceFromName(main.Name)
}

// provinceFromName is the province's name in a main portal's name (after
// its last "tỉnh" or "thành phố") without diacritics, spaces or hyphens;
// "" when the name has neither word.
func provinceFromName(name string) string {
	slug := vn.Slug(name)
	for _, w := range []string{"tinh-", "thanh-pho-"} {
		if i := strings.LastIndex(slug, w); i >= 0 && (i == 0 || slug[i-1] == '-') {
			return hostLabel(slug[i+len(w):])
		}
	}
	return ""
}

// siteLabel is the first label a component site's host would have: its
// name without "Ủy ban nhân dân", without the province it belongs to
// ("… tỉnh Đồng Nai") and, for a commune, without the word for its kind
// (xã, phường, đặc khu, thị trấn), then without diacritics, spaces or
// hyphens: Sở Khoa học và Công nghệ tỉnh Đồng Nai gives
// sokhoahocvacongnghe, Ủy ban nhân dân phường Trấn Biên gives tranbien.
func siteLabel(s *Site) string {
	slug := vn.Slug(s.Name)
	for _, p := range []string{"uy-ban-nhan-dan-", "ubnd-"} {
		slug = strings.TrimPrefix(slug, p)
	}
	for _, w := range []string{"-tinh-", "-thanh-pho-"} {
		if i := strings.LastIndex(slug, w); i > 0 {
			slug = slug[:i]
		}
	}
	if s.Kind == Commune || s.Kind == District {
		for _, p := range []string{"xa-", "phuong-", "dac-khu-", "thi-tran-", "huyen-", "thi-xa-", "thanh-pho-", "quan-"} {
			if rest, ok := strings.CutPrefix(slug, p); ok && rest != "" {
				slug = rest
				break
			}
		}
	}
	return hostLabel(slug)
}

// hostLabel is slug without hyphens, at most 63 bytes (a DNS label).
func hostLabel(slug string) string {
	l := strings.ReplaceAll(slug, "-", "")
	if len(l) > 63 {
		l = l[:63]
	}
	return l
}
