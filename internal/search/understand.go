package search

import (
	"strconv"
	"strings"
)

// What citizens type around what they look for (issue 21): they ask
// ("cho tôi hỏi thủ tục đăng ký thường trú hiện nay"), add a year ("luật
// điện ảnh 2022"), name laws by their abbreviations ("BLTTDS") and type
// with their input method off ("giaos ducj"). understand marks the words
// that are not the subject as optional, the years as years, and whether
// the query asks for law.

// everyday are the words and phrases, folded, that wrap a question
// without being its subject. A phrase of several words counts typed with
// or without tones; a single word only with its tones (the second form),
// since without them it is often another word ("lam" is also "lâm").
var everyday = [][2]string{
	{"cho toi hoi", ""}, {"cho em hoi", ""}, {"cho minh hoi", ""}, {"xin hoi", ""}, {"xin cho biet", ""},
	{"toi muon", ""}, {"em muon", ""}, {"muon biet", ""},
	{"hien nay", ""}, {"hien hanh", ""}, {"hien tai", ""}, {"moi nhat", ""}, {"con hieu luc", ""},
	{"quy dinh ve", ""}, {"quy dinh", ""}, {"thu tuc", ""}, {"thu tuc lam", ""},
	{"nhu the nao", ""}, {"the nao", ""}, {"ra sao", ""}, {"lam sao", ""}, {"o dau", ""}, {"bao nhieu", ""},
	{"nhung gi", ""}, {"la gi", ""}, {"can gi", ""}, {"duoc khong", ""}, {"co duoc", ""}, {"bao gom", ""},
	{"lam", "làm"}, {"toi", "tôi"}, {"em", "em"}, {"minh", "mình"}, {"hoi", "hỏi"}, {"xin", "xin"},
	{"a", "ạ"}, {"gi", "gì"}, {"can", "cần"}, {"muon", "muốn"}, {"nao", "nào"}, {"dau", "đâu"},
	{"oi", "ơi"}, {"nhe", "nhé"}, {"vay", "vậy"}, {"khong", "không"},
}

// lawWords are the folded words that name law, or a kind of legal
// document, when they stand as a unit of the query.
var lawWords = map[string]bool{
	"luat": true, "bo luat": true, "nghi dinh": true, "thong tu": true, "phap lenh": true, "hien phap": true,
	"phap luat": true, "quy dinh": true, "van ban": true, "nghi quyet": true, "quyet dinh": true,
	"nd": true, "qd": true, "tt": true, "nq": true, "ttlt": true,
}

// firstYear and lastYear bound the numbers read as years.
const (
	firstYear = 1945
	lastYear  = 2100
)

// understand marks the everyday words and the years of q as optional and
// says whether it asks for law. When every unit would be optional ("hiện
// nay", "2022"), they are all required again: they are the subject.
func (q *Query) understand() {
	// A document number asks for law, and so does an everyday name of
	// what a law governs ("sổ đỏ", "ly dị"): its term is the law's.
	if q.Number != "" || len(q.Names) > 0 {
		q.Law = true
	}
	for i := 0; i < len(q.Units); i++ {
		u := &q.Units[i]
		if u.Phrase || u.Number != "" {
			continue
		}
		if len(u.Alts) > 1 && lawAbbreviations[u.Alts[0][0]] {
			q.Law = true
		}
		if y := yearOf(u); y != 0 {
			u.Year, u.Optional = y, true
			// "năm 2022": the word for year goes with it.
			if i > 0 && plainWord(q.Units[i-1]) == "nam" && !q.Units[i-1].Optional &&
				(len(q.Units[i-1].Exact) == 0 || q.Units[i-1].Exact[0] == "năm") {
				q.Units[i-1].Optional = true
			}
			continue
		}
		if n := q.everydayAt(i); n > 0 {
			if ws := strings.Fields(q.plainSeq(i, n)); lawWords[ws[0]] || len(ws) > 1 && lawWords[ws[0]+" "+ws[1]] {
				q.Law = true // "quy định về …"
			}
			for k := i; k < i+n; k++ {
				q.Units[k].Optional = true
			}
			i += n - 1
			continue
		}
		if lawWords[plainWord(*u)] && (i == 0 || plainWord(q.Units[i-1]) != "ky") || // "kỷ luật" is discipline
			i+1 < len(q.Units) && lawWords[plainWord(*u)+" "+plainWord(q.Units[i+1])] {
			q.Law = true
		}
	}
	for _, u := range q.Units {
		if !u.Optional {
			return
		}
	}
	for i := range q.Units {
		q.Units[i].Optional = false
	}
}

// everydayAt is how many units from i form an everyday phrase, the
// longest, or 0. "làm" after "việc" is work ("việc làm"), not a verb.
func (q *Query) everydayAt(i int) int {
	best := 0
	for _, e := range everyday {
		ws := strings.Fields(e[0])
		if len(ws) <= best || i+len(ws) > len(q.Units) || q.plainSeq(i, len(ws)) != e[0] {
			continue
		}
		if len(ws) == 1 {
			u := q.Units[i]
			if len(u.Exact) != 1 || u.Exact[0] != e[1] {
				continue
			}
			if e[1] == "làm" && i > 0 && plainWord(q.Units[i-1]) == "viec" {
				continue
			}
		}
		best = len(ws)
	}
	return best
}

// plainSeq is the folded words of the n units from i, joined by spaces,
// or "" when one of them is not a plain word.
func (q *Query) plainSeq(i, n int) string {
	var ws []string
	for _, u := range q.Units[i : i+n] {
		w := plainWord(u)
		if w == "" {
			return ""
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " ")
}

// plainWord is the folded word of a unit that is one plain word, or "".
func plainWord(u Unit) string {
	if u.Phrase || u.Number != "" || len(u.Alts) != 1 || len(u.Alts[0]) != 1 {
		return ""
	}
	return u.Alts[0][0]
}

// yearOf is the year a unit is: a number of four digits from 1945 to
// 2100, or 0.
func yearOf(u *Unit) int {
	w := plainWord(*u)
	if len(w) != 4 {
		return 0
	}
	y, err := strconv.Atoi(w)
	if err != nil || y < firstYear || y > lastYear {
		return 0
	}
	return y
}

// required is q with only the units a result must hold: what the
// databases are asked for.
func (q *Query) required() *Query {
	r := *q
	r.Units = nil
	for _, u := range q.Units {
		if !u.Optional {
			r.Units = append(r.Units, u)
		}
	}
	return &r
}

// years are the years q names.
func (q *Query) years() []int {
	var ys []int
	for _, u := range q.Units {
		if u.Year != 0 {
			ys = append(ys, u.Year)
		}
	}
	return ys
}

// readKeys reads the words typed as Telex or VNI keys as the letters
// they stand for, where the index says that is what they are: the word
// as typed is in no document (or next to none) while its reading is in
// some. "taxi", which reads as "tãi", stays "taxi": it is in documents.
// It sets q.Read to the query as understood.
func (q *Query) readKeys(st stats) {
	read := false
	for i := range q.Units {
		u := &q.Units[i]
		if u.Keys == "" {
			continue
		}
		typed, reading := u.Alts[0][0], foldToken(u.Keys)
		// The vocabulary leaves out words of one letter ("ở", "ý"): such
		// a reading is taken when the word as typed is in no document.
		if dt, dr := st.df[typed], st.df[reading]; dr > 0 && (dt == 0 || dt <= 2 && dr >= 100*dt) || len(reading) < 2 && dt == 0 {
			u.Alts = [][]string{{reading}}
			u.Exact = []string{u.Keys}
			read = true
		}
		u.Keys = ""
	}
	if !read {
		return
	}
	// Read again as if typed with the letters: an abbreviation's long
	// form, an everyday phrase or a law word may show only now.
	var ws []string
	for _, u := range q.Units {
		if len(u.Exact) > 0 && len(u.Alts[0]) == 1 {
			ws = append(ws, u.Exact[0])
		} else {
			ws = append(ws, strings.Join(u.Alts[0], " "))
		}
	}
	q.Read = strings.Join(ws, " ")
	q.expand()
	q.understand()
}

// asks reports whether q is worded as a question: it has everyday words
// typedTones reports whether a unit of q was typed with its tones, which
// the ranking then looks for in the texts (hasExact): only then does it
// read the words with their tones.
func (q *Query) typedTones() bool {
	for _, u := range q.Units {
		if len(u.Exact) > 0 {
			return true
		}
	}
	return false
}

// around its subject ("thủ tục … như thế nào").
func (q *Query) asks() bool {
	for _, u := range q.Units {
		if u.Optional && u.Year == 0 {
			return true
		}
	}
	return false
}
