package site

import (
	"strings"
	"testing"
)

// TestCheckHost: REQ-02's scheme, as a warning with a suggestion made
// from the Vietnamese names (issue 17, point 6).
func TestCheckHost(t *testing.T) {
	main := &Site{ID: 1, Code: "dong-nai", Kind: Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Đồng Nai", Host: "dongnai.gov.vn"}
	mainNoHost := &Site{ID: 1, Code: "dong-nai", Kind: Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Đồng Nai"}
	dept := func(host string) *Site {
		return &Site{ID: 2, Kind: Department, Name: "Sở Khoa học và Công nghệ tỉnh Đồng Nai", Host: host}
	}
	ward := func(host string) *Site {
		return &Site{ID: 3, Kind: Commune, Name: "Ủy ban nhân dân phường Trấn Biên", Host: host}
	}
	tests := []struct {
		name    string
		s, main *Site
		follows bool
		suggest string
	}{
		{"no host: reached by its prefix", dept(""), main, true, ""},
		{"the province", main, nil, true, ""},
		{"the province with www", &Site{Main: true, Kind: Portal, Name: main.Name, Host: "www.dongnai.gov.vn"}, nil, true, ""},
		{"the province elsewhere", &Site{Main: true, Kind: Portal, Name: main.Name, Host: "congtinh.example.org"}, nil, false, "dongnai.gov.vn"},
		{"another province's name", &Site{Main: true, Kind: Portal, Name: main.Name, Host: "binhphuoc.gov.vn"}, nil, false, "dongnai.gov.vn"},
		{"a city", &Site{Main: true, Kind: Portal, Name: "Ủy ban nhân dân thành phố Hồ Chí Minh", Host: "hcm.example.vn"}, nil, false, "hochiminh.gov.vn"},
		{"an agency's abbreviation", dept("sokhcn.dongnai.gov.vn"), main, true, ""},
		{"an agency outside .gov.vn", dept("sokhcn.dongnai.vn"), main, false, "sokhoahocvacongnghe.dongnai.gov.vn"},
		{"an agency under another province", dept("sokhcn.binhphuoc.gov.vn"), main, false, "sokhoahocvacongnghe.dongnai.gov.vn"},
		{"two levels under the province", dept("a.b.dongnai.gov.vn"), main, false, "sokhoahocvacongnghe.dongnai.gov.vn"},
		{"the province from the main portal's name", dept("sokhcn.dongnai.gov.vn"), mainNoHost, true, ""},
		{"a ward", ward("tranbien.dongnai.gov.vn"), main, true, ""},
		{"a ward elsewhere", ward("phuong-tran-bien.example.com"), main, false, "tranbien.dongnai.gov.vn"},
		{"no main portal to compare", dept("sokhcn.tinhx.gov.vn"), &Site{ID: 1, Main: true, Kind: Portal, Name: "Cổng thử"}, true, ""},
		{"no main portal, not .gov.vn", dept("sokhcn.example.com"), &Site{ID: 1, Main: true, Kind: Portal, Name: "Cổng thử"}, false, ""},
	}
	for _, tc := range tests {
		a := CheckHost(tc.s, tc.main)
		if a.Follows != tc.follows || a.Suggest != tc.suggest {
			t.Errorf("%s: CheckHost(%q) = %+v; want follows %v, suggest %q", tc.name, tc.s.Host, a, tc.follows, tc.suggest)
		}
		if msg := a.Message("vi"); (msg == "") != tc.follows || (tc.suggest != "" && !strings.Contains(msg, "Gợi ý: "+tc.suggest)) {
			t.Errorf("%s: message %q", tc.name, msg)
		}
	}
}
