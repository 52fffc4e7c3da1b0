package search

import (
	"slices"
	"strings"
)

// Citizens name legal things by their everyday names: "sổ đỏ" for the
// certificate of land-use rights, "ly dị" for divorce, "buôn người" for
// trafficking in persons. The laws never use those names, so a search in
// the citizens' words missed the law that governs what they ask about.
// A query holding an everyday name also matches the law's term, which the
// results show ("Đã tìm cả theo tên gọi trong văn bản pháp luật: ly hôn").
//
// Each name was chosen because the corpus's laws do not hold it and hold
// the term many times (docs/search.md, "Everyday names"). A name whose
// folded form is also other words ("so do" is also "sơ đồ", "bao hanh"
// "bảo hành", "di linh" the district of Di Linh) counts only typed with
// its tones; the others count typed either way.
var everydayNames = []struct {
	name, term string
	bare       bool   // the name counts typed without its tones too
	law        string // the names of the laws that govern it, separated by "; "
}{
	{"sổ đỏ", "giấy chứng nhận quyền sử dụng đất", false, "luật đất đai"},
	{"sổ hồng", "giấy chứng nhận quyền sử dụng đất", true, "luật đất đai"},
	{"đất thổ cư", "đất ở", true, "luật đất đai"},
	{"thổ cư", "đất ở", true, "luật đất đai"},
	{"ly dị", "ly hôn", true, "luật hôn nhân và gia đình"},
	{"lấy vợ", "kết hôn", true, "luật hôn nhân và gia đình"},
	{"lấy chồng", "kết hôn", true, "luật hôn nhân và gia đình"},
	{"bằng lái xe", "giấy phép lái xe", true, "luật giao thông đường bộ"},
	{"bằng lái", "giấy phép lái xe", true, "luật giao thông đường bộ"},
	{"buôn người", "mua bán người", true, "phòng, chống mua bán người"},
	{"hiến tạng", "bộ phận cơ thể", true, "bộ phận cơ thể người"},
	{"bạo hành", "bạo lực", false, "phòng, chống bạo lực"},
	{"đuổi việc", "sa thải", true, "bộ luật lao động"},
	{"nghỉ đẻ", "thai sản", true, "luật bảo hiểm xã hội; bộ luật lao động"},
	{"nghỉ sinh", "thai sản", true, "luật bảo hiểm xã hội; bộ luật lao động"},
	{"tăng ca", "làm thêm giờ", false, "bộ luật lao động"},
	{"nghỉ phép", "nghỉ hằng năm", true, "bộ luật lao động"},
	{"về hưu", "nghỉ hưu", true, "luật bảo hiểm xã hội; bộ luật lao động"},
	{"chứng minh thư", "căn cước công dân", true, "luật căn cước công dân"},
	{"chứng minh nhân dân", "căn cước công dân", true, "luật căn cước công dân"},
	{"nhập hộ khẩu", "đăng ký thường trú", true, "luật cư trú"},
	{"chuyển hộ khẩu", "đăng ký thường trú", true, "luật cư trú"},
	{"tách hộ khẩu", "tách hộ", true, "luật cư trú"},
	{"vỡ nợ", "phá sản", false, "luật phá sản"},
	{"đi lính", "nghĩa vụ quân sự", false, "luật nghĩa vụ quân sự"},
	{"đi bộ đội", "nghĩa vụ quân sự", false, "luật nghĩa vụ quân sự"},
	{"mở công ty", "thành lập doanh nghiệp", true, "luật doanh nghiệp"},
	{"ăn trộm", "trộm cắp", true, "bộ luật hình sự"},
	{"cờ bạc", "đánh bạc", true, "bộ luật hình sự"},
	{"hàng nhái", "hàng giả", true, "luật sở hữu trí tuệ"},
	{"nặng lãi", "lãi nặng", true, "bộ luật hình sự; bộ luật dân sự"},
	{"chia thừa kế", "phân chia di sản", true, "bộ luật dân sự"},
	{"bồi thường oan sai", "trách nhiệm bồi thường của nhà nước", true, "luật trách nhiệm bồi thường của nhà nước"},
}

// A Name is an everyday name found in a query and the law's term that
// was searched for with it.
type Name struct {
	Typed string `json:"typed"` // as the reader typed it
	Term  string `json:"term"`  // the law's term, with its tones
}

// nameEntry is an everyday name read for matching: its words with their
// tones and folded, the term's folded words and the governing laws'.
type nameEntry struct {
	exact, folded, term []string
	laws                [][]string
	termText            string
	bare                bool
}

// nameEntries are everydayNames read once, the longest names first so
// that "đất thổ cư" wins over "thổ cư".
var nameEntries = func() []nameEntry {
	var out []nameEntry
	for _, n := range everydayNames {
		e := nameEntry{termText: n.term, bare: n.bare}
		for _, w := range words(n.name) {
			e.exact = append(e.exact, w.exact)
			e.folded = append(e.folded, w.folded)
		}
		e.term = foldAll(n.term)
		for _, law := range strings.Split(n.law, ";") {
			e.laws = append(e.laws, foldAll(law))
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b nameEntry) int { return len(b.exact) - len(a.exact) })
	return out
}()

// nameAt looks for an everyday name starting at unit i and returns it as
// one unit matching the law's term or the name, the term first (so that
// the phrase the laws hold is the query's phrase), and how many units it
// took.
func (q *Query) nameAt(i int) (Unit, int) {
	for _, e := range nameEntries {
		if i+len(e.exact) > len(q.Units) || !e.matches(q.Units[i:i+len(e.exact)]) {
			continue
		}
		var typed []string
		for _, u := range q.Units[i : i+len(e.exact)] {
			typed = append(typed, typedWord(u))
		}
		q.Names = append(q.Names, Name{Typed: strings.Join(typed, " "), Term: e.termText})
		q.governing = append(q.governing, e.laws...)
		return Unit{Alts: [][]string{e.term, e.folded}}, len(e.exact)
	}
	return Unit{}, 0
}

// matches reports whether the units are the name: each a plain word,
// typed with the name's tones, or, for a bare name, typed with none.
func (e nameEntry) matches(units []Unit) bool {
	for k, u := range units {
		if u.Phrase || u.Number != "" || len(u.Alts) != 1 || len(u.Alts[0]) != 1 || u.Alts[0][0] != e.folded[k] {
			return false
		}
		if typedWord(u) != e.exact[k] && (!e.bare || len(u.Exact) > 0) {
			return false
		}
	}
	return true
}

// typedWord is a plain unit's word as typed: with its tones when it has
// any.
func typedWord(u Unit) string {
	if len(u.Exact) == 1 {
		return u.Exact[0]
	}
	return u.Alts[0][0]
}

// foldAll is the folded words of s.
func foldAll(s string) []string {
	var out []string
	for _, w := range words(s) {
		out = append(out, w.folded)
	}
	return out
}

// governs reports whether a legal document's name holds the name of a law
// that governs an everyday name of the query.
func (q *Query) governs(name []word) bool {
	for _, law := range q.governing {
		if containsSeq(name, law) {
			return true
		}
	}
	return false
}
