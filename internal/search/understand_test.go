package search_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestParseUnderstands checks what Parse makes of the ways citizens type
// (issue 21): which words are required, which only rank, which are
// years, and whether the query asks for law.
func TestParseUnderstands(t *testing.T) {
	for _, c := range []struct {
		in       string
		required []string // each required unit's first alternative
		optional int
		years    []int
		law      bool
	}{
		{"cho tôi hỏi thủ tục đăng ký thường trú hiện nay", []string{"dang", "ky", "thuong", "tru"}, 7, nil, false},
		{"quy định về nuôi con nuôi", []string{"nuoi", "con", "nuoi"}, 3, nil, true},
		{"luật điện ảnh 2022", []string{"luat", "dien", "anh"}, 1, []int{2022}, true},
		{"bão số 1 năm 2017", []string{"bao", "so", "1"}, 2, []int{2017}, false},
		{"2022", []string{"2022"}, 0, []int{2022}, false}, // required again, still a year
		{"hiện nay", []string{"hien", "nay"}, 0, nil, false},
		{"BLTTDS", []string{"blttds"}, 0, nil, true},
		{"luật việc làm", []string{"luat", "viec", "lam"}, 0, nil, true},
		{"làm căn cước công dân ở đâu", []string{"can cuoc cong dan"}, 3, nil, false},
		{"Đinh La Thăng kỷ luật", []string{"dinh", "la", "thang", "ky", "luat"}, 0, nil, false},
		{"lam nghiep", []string{"lam", "nghiep"}, 0, nil, false}, // "lâm", without its tones
		{"45/2019/QH14", []string{"so45x2019xqh14"}, 0, nil, true},
		{"thủ tục ly dị", []string{"ly hon"}, 2, nil, true}, // an everyday name of what a law governs
		{"cấp sổ đỏ", []string{"cap", "giay chung nhan quyen su dung dat"}, 0, nil, true},
		{"so do", []string{"so", "do"}, 0, nil, false}, // also "sơ đồ": a name only with its tones
		{"so hong", []string{"giay chung nhan quyen su dung dat"}, 0, nil, true},
		{"giá đất thổ cư 2020", []string{"gia", "dat o"}, 1, []int{2020}, true},
		{"bạo hành gia đình", []string{"bao luc", "gia", "dinh"}, 0, nil, true},
		{"bao hanh dien thoai", []string{"bao", "hanh", "dien", "thoai"}, 0, nil, false}, // "bảo hành"
	} {
		q := search.Parse(c.in)
		var req []string
		opt := 0
		var years []int
		for _, u := range q.Units {
			if u.Optional {
				opt++
			} else {
				req = append(req, strings.Join(u.Alts[0], " "))
			}
			if u.Year != 0 {
				years = append(years, u.Year)
			}
		}
		if !reflect.DeepEqual(req, c.required) || opt != c.optional || !reflect.DeepEqual(years, c.years) || q.Law != c.law {
			t.Errorf("Parse(%q): required %q, %d optional, years %v, law %v; want %q, %d, %v, %v",
				c.in, req, opt, years, q.Law, c.required, c.optional, c.years, c.law)
		}
	}
}

// TestParseNames checks the everyday names a query is read to hold, as
// the page shows them.
func TestParseNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []search.Name
	}{
		{"thủ tục ly dị", []search.Name{{Typed: "ly dị", Term: "ly hôn"}}},
		{"Sổ Đỏ và sổ hồng", []search.Name{{Typed: "sổ đỏ", Term: "giấy chứng nhận quyền sử dụng đất"}, {Typed: "sổ hồng", Term: "giấy chứng nhận quyền sử dụng đất"}}},
		{"so hong", []search.Name{{Typed: "so hong", Term: "giấy chứng nhận quyền sử dụng đất"}}},
		{"đất thổ cư", []search.Name{{Typed: "đất thổ cư", Term: "đất ở"}}},
		{"so do", nil},
		{"sơ đồ", nil},
		{"di linh", nil},
		{`"ly dị"`, nil}, // quoted: the words as typed
	} {
		if got := search.Parse(c.in).Names; !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q).Names = %+v; want %+v", c.in, got, c.want)
		}
	}
}

// TestSearchUnderstands runs the ways citizens type against a small
// index on both databases.
func TestSearchUnderstands(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ix := search.New(db, time.Now)
		put(t, ix,
			search.Doc{ItemID: 1, Title: "Luật Điện ảnh", Body: "Luật này quy định về hoạt động điện ảnh.", Kind: "legal",
				Number: "62/2006/QH11", DocType: "Luật", PublishedAt: day("2006-06-29")},
			search.Doc{ItemID: 2, Title: "Luật Điện ảnh", Body: "Luật này quy định về hoạt động điện ảnh; quyền, nghĩa vụ.", Kind: "legal",
				Number: "05/2022/QH15", DocType: "Luật", PublishedAt: day("2022-06-15")},
			search.Doc{ItemID: 3, Title: "Phim Việt năm 2022: điện ảnh khởi sắc", Body: "Luật điện ảnh mới giúp các nhà làm phim.", PublishedAt: day("2022-12-30")},
			search.Doc{ItemID: 4, Title: "Ngành giáo dục tỉnh tổng kết năm học", Body: "Sở Giáo dục và Đào tạo tổng kết năm học.", PublishedAt: day("2023-06-01")},
			search.Doc{ItemID: 5, Title: "Hãng taxi mới ra mắt", Body: "Xe taxi điện phục vụ người dân.", PublishedAt: day("2023-07-01")},
			search.Doc{ItemID: 6, Title: "Luật Thi hành tạm giữ, tạm giam", Body: "Luật này quy định nguyên tắc, trình tự thi hành tạm giữ, tạm giam.",
				Kind: "legal", Number: "94/2015/QH13", DocType: "Luật", PublishedAt: day("2015-11-25")},
			search.Doc{ItemID: 7, Title: "Tạm giam nghi phạm trộm cắp tài sản", Body: "Công an huyện đã ra lệnh tạm giam nghi phạm.", PublishedAt: day("2024-01-05")},
			search.Doc{ItemID: 8, Title: "Bộ luật Tố tụng dân sự", Body: "Bộ luật này quy định những nguyên tắc cơ bản trong tố tụng dân sự.",
				Kind: "legal", Number: "92/2015/QH13", DocType: "Bộ luật", PublishedAt: day("2015-11-25")},
			search.Doc{ItemID: 9, Title: "Hướng dẫn đăng ký thường trú", Body: "Công dân đăng ký thường trú tại công an xã.", PublishedAt: day("2024-03-01")},
			search.Doc{ItemID: 10, Title: "Luật Hôn nhân và gia đình", Body: "Luật này quy định chế độ hôn nhân và gia đình. Ly hôn là việc chấm dứt quan hệ vợ chồng theo bản án, quyết định của Tòa án.",
				Kind: "legal", Number: "52/2014/QH13", DocType: "Luật", PublishedAt: day("2014-06-19")},
			search.Doc{ItemID: 11, Title: "Vụ ly hôn của doanh nhân", Body: "Tòa án xử vụ ly hôn, chia tài sản.", PublishedAt: day("2024-05-01")},
			search.Doc{ItemID: 12, Title: "Sơ đồ tổ chức của sở", Body: "Sơ đồ các phòng ban.", PublishedAt: day("2024-05-02")},
		)
		for _, c := range []struct {
			q     string
			first int64
			read  string
		}{
			{"luật điện ảnh 2022", 2, ""},
			{"luật điện ảnh 2006", 1, ""},
			{"giaos ducj", 4, "giáo dục"},
			{"gia1o du5c", 4, "giáo dục"},
			{"luaatj ddieenj anhr 2022", 2, "luật điện ảnh 2022"},
			{"tamj giam owr", 6, "tạm giam ở"}, // a reading of one letter
			{"taxi", 5, ""},
			{"tạm giam", 6, ""},
			{"BLTTDS", 8, ""},
			{"bộ luật tố tụng dân sự", 8, ""},
			{"cho tôi hỏi thủ tục đăng ký thường trú hiện nay", 9, ""},
			{"thủ tục ly dị", 10, ""}, // the law's term is "ly hôn"; the law that governs it first
			{"ly di", 10, ""},
			{"so do", 12, ""}, // "sơ đồ": without its tones, not "sổ đỏ"
		} {
			res := find(t, ix, c.q, search.Filter{})
			if got := ids(res); len(got) == 0 || got[0] != c.first || res.Query.Read != c.read {
				t.Errorf("%q: %v, read as %q; want %d first, read as %q", c.q, got, res.Query.Read, c.first, c.read)
			}
		}
		// An everyday word does not have to be there; the year ranks, it
		// does not filter.
		if got := ids(find(t, ix, "luật điện ảnh hiện hành 2030", search.Filter{})); len(got) != 3 {
			t.Errorf("optional words filtered: %v", got)
		}
	})
}
