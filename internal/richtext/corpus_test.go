package richtext

import (
	"bufio"
	"encoding/json"
	"html"
	"os"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/testenv"
)

// Paths to the shared test corpus, reached from this package directory.
const (
	legalCorpus  = "../../../shared/corpus/legal.jsonl"
	newsCorpus   = "../../../shared/corpus/news.jsonl"
	legacyCorpus = "../../../shared/corpus/legacy-encodings"
)

// openCorpus returns the contents of a corpus file, skipping the test when
// it is absent outside CI.
func openCorpus(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		testenv.Missing(t, "corpus not available: %v", err)
	}
	return b
}

// legalBodies returns the bodies of the first n documents of the legal
// corpus.
func legalBodies(t testing.TB, n int) []string {
	return corpusBodies(t, legalCorpus, n)
}

// corpusBodies returns title, summary and body of the first n records of a
// JSON-lines corpus file.
func corpusBodies(t testing.TB, path string, n int) []string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(string(openCorpus(t, path))))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []string
	for len(out) < n && sc.Scan() {
		var rec struct{ Title, Summary, Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s record %d: %v", path, len(out)+1, err)
		}
		out = append(out, rec.Title+"\n"+rec.Summary+"\n"+rec.Body)
	}
	if len(out) < n {
		t.Fatalf("%s has %d records, want %d", path, len(out), n)
	}
	return out
}

// asHTML turns plain text into paragraphs, as an editor would store it.
func asHTML(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
		}
	}
	return b.String()
}

// corpusText is a fallback article body when the corpus is absent.
const corpusText = "Cổng Thông tin điện tử tỉnh Đồng Nai là nơi cung cấp, trao đổi thông tin chính thức " +
	"và công khai trên mạng internet của Ủy ban nhân dân tỉnh Đồng Nai.\n" +
	"Quy chế này áp dụng đối với các tổ chức và cá nhân tham gia quản lý, vận hành, khai thác Cổng; " +
	"Trưởng ban biên tập chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về nội dung thông tin đăng tải.\n"

// article returns an HTML article body of about size bytes: headings,
// paragraphs with inline formatting and links, built from corpus text.
func article(size int) string {
	text := corpusText
	if b, err := os.ReadFile(legalCorpus); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		var rec struct{ Body string }
		if json.Unmarshal([]byte(line), &rec) == nil && len(rec.Body) > size {
			text = rec.Body
		}
	}
	var b strings.Builder
	paras := strings.Split(text, "\n")
	for i := 0; b.Len() < size; i++ {
		p := html.EscapeString(strings.TrimSpace(paras[i%len(paras)]))
		switch {
		case p == "":
		case i%17 == 0:
			b.WriteString("<h2>" + p + "</h2>\n")
		case i%5 == 0:
			b.WriteString(`<p class="MsoNormal"><span style="mso-bidi-font-size:14pt">` + p +
				`</span>&nbsp;&nbsp;<a href="/van-ban/` + string(rune('a'+i%26)) + `">xem</a></p>` + "\n")
		default:
			b.WriteString("<p><strong>" + p[:min(len(p), 20)] + "</strong>" + p[min(len(p), 20):] + "</p>\n")
		}
	}
	return b.String()
}

// TestCorpusNoFalsePositives runs Check on real Vietnamese legal text: the
// legacy-encoding heuristics must stay silent on correct Unicode.
func TestCorpusNoFalsePositives(t *testing.T) {
	for i, body := range legalBodies(t, 50) {
		for _, p := range Check(asHTML(body), CheckOptions{}) {
			if p.Code == CodeLegacyEncoding {
				t.Errorf("record %d: false legacy-encoding alarm on %q", i+1, p.Excerpt)
			}
		}
	}
}

// TestNewsNoFalsePositives does the same on news articles, which quote
// foreign names (Müller, Ørsted), units (µm, m²) and Khmer names ("Neáng")
// and have the odd typing slip ("vaà"). All 13,825 records were checked
// once; the test keeps the first 2,000 to stay quick.
func TestNewsNoFalsePositives(t *testing.T) {
	for i, body := range corpusBodies(t, newsCorpus, 2000) {
		for _, p := range Check(asHTML(body), CheckOptions{}) {
			t.Errorf("record %d: unexpected %s on %q", i+1, p.Code, p.Excerpt)
		}
	}
}
