package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/congportal/cong/internal/vn"
)

// corpusText is what the generator recombines: real Vietnamese titles,
// summaries and paragraphs of the news corpus, and legal texts, read
// from ../shared/corpus at run time.
type corpusText struct {
	titles    []string
	summaries []string
	paras     []string
	legal     []legalText
}

// legalText is one legal document of the corpus, its text cut to its
// first articles (the whole of a code would make the database tens of
// gigabytes) and rendered as the import renders it.
type legalText struct {
	title, kind, issuer, signer string
	html, plain                 string
}

// legalCut is how much of a legal text each generated document keeps.
const legalCut = 6000

func readCorpus(dir string) (*corpusText, error) {
	t := &corpusText{}
	err := eachRecord(filepath.Join(dir, "news.jsonl"), func(r record) {
		if s := vn.Clean(r.Title); s != "" && len([]rune(s)) <= 200 {
			t.titles = append(t.titles, s)
		}
		if s := vn.Clean(r.Summary); len(s) > 40 && len(s) < 600 {
			t.summaries = append(t.summaries, s)
		}
		for _, p := range strings.Split(r.Body, "\n") {
			if p = vn.Clean(p); len(p) > 80 && len(p) < 900 {
				t.paras = append(t.paras, p)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRecord(filepath.Join(dir, "legal.jsonl"), func(r record) {
		body := r.Body
		if len(body) > legalCut {
			if i := strings.LastIndexByte(body[:legalCut], '\n'); i > 0 {
				body = body[:i]
			} else {
				body = body[:legalCut]
			}
		}
		body = strings.ToValidUTF8(body, "")
		doc := vn.ParseLegal(vn.CleanMultiline(body))
		t.legal = append(t.legal, legalText{title: vn.Clean(r.Title), kind: r.Type, issuer: r.Issuer, signer: r.Signer,
			html: doc.HTML(), plain: body})
	})
	if err != nil {
		return nil, err
	}
	if len(t.titles) < 100 || len(t.paras) < 100 || len(t.summaries) < 100 || len(t.legal) == 0 {
		return nil, fmt.Errorf("%s holds too little text (%d titles, %d paragraphs, %d legal texts)",
			dir, len(t.titles), len(t.paras), len(t.legal))
	}
	return t, nil
}

// record is the part of the corpus's two record formats used here.
type record struct {
	Title, Summary, Body, Type, Issuer, Signer string
}

func eachRecord(path string, fn func(record)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w (run from the module root, beside ../shared, or give -corpus)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r record
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			fn(r)
		}
	}
	return sc.Err()
}

// paragraphsHTML writes paragraphs as the import does: each escaped in
// its own <p>.
func paragraphsHTML(ps []string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	return b.String()
}

// People's names are made from the commonest family, middle and given
// names.
var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = []string{"Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Đức", "Thu", "Hoàng"}
	givenNames  = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai",
		"Nam", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Khoa", "Nhung"}
	fields = []string{"Giáo dục", "Y tế", "Đất đai", "Xây dựng", "Giao thông", "Tài chính", "Khoa học, công nghệ",
		"Lao động, việc làm", "Nông nghiệp", "Tài nguyên, môi trường", "Văn hóa, thể thao", "Tư pháp", "Nội vụ"}
	places = []string{"Phường Trấn Biên", "Phường Long Bình", "Phường Tam Hiệp", "Xã Long Thành", "Xã Nhơn Trạch",
		"Xã Trảng Bom", "Xã Xuân Lộc", "Phường Long Khánh", "Xã Định Quán", "Xã Tân Phú"}
)
