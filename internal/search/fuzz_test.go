package search_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// nasty are the inputs the issue names: empty, very long, punctuation
// only, unbalanced quotes, the syntax of FTS5 and tsquery, control
// characters, invalid UTF-8 — and document numbers, abbreviations.
var nasty = []string{
	"", " ", strings.Repeat("quy hoạch ", 1100), strings.Repeat("a", 10240), "!!!", "...,,,;;", `"`, `"quy hoạch`, `quy "hoạch`,
	`""""`, `"" ""`, "*", "quy*", `"a" NEAR("b" "c", 3)`, "NEAR(a b)", "a OR b", "a AND b", "a NOT b", "-a", "a -b", "title:a",
	"{title body}: a", "a:b:c", "^a", "a + b", "(a", "a)", "((a))", "a & b | !c", "a <-> b", "a:* & b", "'a'", "a'b", `\`, "\x00",
	"\x01\x02\x1f", "a\x00b", "\xff\xfe", "quy\xc3hoach", "\u200b", "\ufeffđồng nai", "43/2011/NĐ-CP", "43 2011 nđ cp", "/2011/NĐ-CP",
	"UBND", "hđnd tỉnh", "ủy ban nhân dân", "thủ tục ly dị", "sổ đỏ sổ hồng", "đất thổ cư", "\"ly dị\"", strings.Repeat("ly dị ", 20), "zzlive", "so43x2011xndxcp", "𝕢𝕦𝕪", "日本語", "ب", "é", "ǅ", "İ", "ß",
}

// FuzzParse: parsing never fails, and only letters and digits reach the
// databases, so no query can be read as their syntax.
func FuzzParse(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := search.Parse(s)
		if !utf8.ValidString(q.Text) || utf8.RuneCountInString(q.Text) > 300 {
			t.Fatalf("text %q", q.Text)
		}
		if len(q.Units) > 12 {
			t.Fatalf("%d units", len(q.Units))
		}
		for _, u := range q.Units {
			if len(u.Alts) == 0 {
				t.Fatalf("a unit without alternatives: %+v", q)
			}
			for _, alt := range u.Alts {
				if len(alt) == 0 {
					t.Fatalf("an empty alternative: %+v", q)
				}
				for _, w := range alt {
					if w == "" || strings.IndexFunc(w, func(r rune) bool {
						return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || r == utf8.RuneError
					}) >= 0 {
						t.Fatalf("word %q of %q is not letters and digits", w, s)
					}
				}
			}
		}
	})
}

// FuzzSnippet: a snippet is the text escaped, with only <mark> tags.
func FuzzSnippet(f *testing.F) {
	f.Add("Giá <b>xăng</b> & dầu tăng", "xang")
	f.Add("<script>alert(1)</script> quy hoạch", "quy hoach")
	f.Add("\xff\xfe quy", "quy")
	f.Fuzz(func(t *testing.T, text, query string) {
		q := search.Parse(query)
		out := string(search.Snippet(text, q.Terms(), 120))
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("unescaped markup in %q", out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("unbalanced marks in %q", out)
		}
	})
}

// FuzzSearchBothDatabases runs queries against the real databases: any
// input gives results or none, never a database error. Without -fuzz it
// runs the nasty inputs above, with every filter shape.
func FuzzSearchBothDatabases(f *testing.F) {
	for _, s := range nasty {
		f.Add(s, uint8(0))
	}
	f.Add("quy hoạch", uint8(1))
	f.Add("UBND", uint8(2))
	var ixs []*search.Index
	for _, db := range []*store.DB{storetest.SQLite(f), storetest.Postgres(f)} {
		ix := search.New(db, time.Now)
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := ix.Put(context.Background(), []search.Doc{
			{ItemID: 1, SiteID: 1, Kind: "article", Live: true, State: "published", Title: "Công bố quy hoạch tỉnh Đồng Nai", Body: "Theo Nghị định 43/2011/NĐ-CP.", URL: "/a", PublishedAt: &day},
			{ItemID: 2, SiteID: 2, Kind: "legal", Live: true, State: "published", Title: "Ủy ban nhân dân tỉnh", Body: "UBND", Number: "43/2011/NĐ-CP", DocType: "Nghị định", URL: "/b"},
			{ItemID: 3, SiteID: 1, Kind: "article", State: "draft", Title: "Nháp", Body: "quy hoạch", URL: "/c"},
		}); err != nil {
			f.Fatal(err)
		}
		ixs = append(ixs, ix)
	}
	f.Fuzz(func(t *testing.T, s string, shape uint8) {
		filter := search.Filter{Page: int(shape%4) + 1, PerPage: int(shape % 60)}
		if shape&4 != 0 {
			filter.SiteIDs = []int64{1, 2}
		}
		if shape&8 != 0 {
			filter.Kinds = []string{"legal", "article"}
		}
		if shape&16 != 0 {
			filter.DocType, filter.Field = "Nghị định", "x"
		}
		if shape&32 != 0 {
			filter.From = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if shape&64 != 0 {
			filter.Staff = true
		}
		for _, ix := range ixs {
			if _, err := ix.Search(context.Background(), search.Parse(s), filter); err != nil {
				t.Fatalf("%q (shape %d): %v", s, shape, err)
			}
		}
	})
}
