package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
)

// TestPositionalIsToTsvector: ptsv and title_tsv, written in Go, are what
// to_tsvector('simple', title) || to_tsvector('simple', body) gave
// before (weights aside), long texts included: PostgreSQL keeps at most
// 255 positions of a word from one text and 256 in all, none past 16383,
// and leaves out a word of 2048 bytes or more (which takes no position).
func TestPositionalIsToTsvector(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	var long []string
	for i := range 20000 {
		long = append(long, fmt.Sprintf("w%d", i%97), "chung")
		if i == 5 {
			long = append(long, strings.Repeat("x", 2048), strings.Repeat("y", 2047))
		}
	}
	cases := []struct{ title, body string }{
		{"quy hoach tinh dong nai", "quy hoach duoc phe duyet so43x2011xndxcp zzsite1 zzkindarticle zzlive"},
		{"", "chi than bai zzlive"},
		{"a a a b", ""},
		{"chung chung x", strings.Join(long, " ")},
		{strings.Join(long[:600], " "), strings.Join(long[:40000], " ")},
	}
	for i, c := range cases {
		title, body := strings.Fields(c.title), strings.Fields(c.body)
		var same bool
		if err := db.QueryRow(ctx, `SELECT setweight(?::tsvector, 'D') = setweight(to_tsvector('simple', ?) || to_tsvector('simple', ?), 'D')`,
			positional(title, body), c.title, c.body).Scan(&same); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !same {
			var got, want string
			db.QueryRow(ctx, `SELECT COALESCE(string_agg(lexeme || ':' || array_to_string(positions, ','), ' '), '') FROM (
				SELECT lexeme, positions FROM unnest(?::tsvector) EXCEPT SELECT lexeme, positions FROM unnest(to_tsvector('simple', ?) || to_tsvector('simple', ?))) x`,
				positional(title, body), c.title, c.body).Scan(&got)
			db.QueryRow(ctx, `SELECT COALESCE(string_agg(lexeme || ':' || array_to_string(positions, ','), ' '), '') FROM (
				SELECT lexeme, positions FROM unnest(to_tsvector('simple', ?) || to_tsvector('simple', ?)) EXCEPT SELECT lexeme, positions FROM unnest(?::tsvector)) x`,
				c.title, c.body, positional(title, body)).Scan(&want)
			t.Errorf("case %d: ptsv differs from to_tsvector\n only in ptsv: %.2000s\n only in to_tsvector: %.2000s", i, got, want)
		}
	}
}

// TestDistinctWords: tsv holds each word once, and the tokens of
// the known phrases found in the title or the body.
func TestDistinctWords(t *testing.T) {
	title, body := strings.Fields("ban hanh uy ban"), strings.Fields("nhan dan tinh uy ban nhan dan thanh pho ho chi minh zzsite1 zzlive")
	got := distinctWords(title, body, phraseTokens(title), phraseTokens(body))
	want := "'ban' 'hanh' 'uy' 'nhan' 'dan' 'tinh' 'thanh' 'pho' 'ho' 'chi' 'minh' 'zzsite1' 'zzlive' " +
		"'uy_ban_nhan_dan' 'thanh_pho_ho_chi_minh' 'thanh_pho' 'ho_chi_minh'"
	if got != want {
		t.Errorf("distinctWords = %s\nwant %s", got, want)
	}
}

// TestPgQueries: the conditions and tsqueries of each kind of query.
func TestPgQueries(t *testing.T) {
	for _, c := range []struct {
		q    string
		m    matchMode
		want string
	}{
		{"quy hoạch", matchAll, "d.tsv @@ ?::tsquery [(('quy')) & (('hoach'))]"},
		{"quy hoạch", matchPhrase, "d.tsv @@ ?::tsquery AND d.ptsv @@ ?::tsquery [(('quy' & 'hoach')) (('quy' <-> 'hoach'))]"},
		{`"quy hoạch" tỉnh`, matchAll, "d.tsv @@ ?::tsquery AND d.ptsv @@ ?::tsquery [(('quy' & 'hoach')) & (('tinh')) (('quy' <-> 'hoach')) & (('tinh'))]"},
		{"ubnd tỉnh", matchAll, "d.tsv @@ ?::tsquery [(('ubnd') | ('uy_ban_nhan_dan')) & (('tinh'))]"},
		{`"quy hoạch" ubnd`, matchAll, "d.tsv @@ ?::tsquery AND d.ptsv @@ ?::tsquery [(('quy' & 'hoach')) & (('ubnd') | ('uy_ban_nhan_dan')) (('quy' <-> 'hoach')) & (('ubnd') | ('uy' & 'ban' & 'nhan' & 'dan'))]"},
		{"ủy ban nhân dân tỉnh", matchAll, "d.tsv @@ ?::tsquery [(('uy_ban_nhan_dan') | ('ubnd')) & (('tinh'))]"},
		{"ubnd tỉnh", matchTitle, "d.title_tsv @@ ?::tsquery [(('ubnd') | ('uy' <-> 'ban' <-> 'nhan' <-> 'dan')) & (('tinh'))]"},
		{"giá xăng", matchAny, "d.tsv @@ ?::tsquery [(('gia')) | (('xang'))]"},
	} {
		cond, args := pgMatch(Parse(c.q), c.m)
		if got := fmt.Sprintf("%s %v", cond, args); got != c.want {
			t.Errorf("%q mode %d: %s\nwant %s", c.q, c.m, got, c.want)
		}
	}
}

// BenchmarkPostgresColumns measures writing a document's three tsvectors
// (Put does it on every core, beside the folding).
func BenchmarkPostgresColumns(b *testing.B) {
	body := strings.Repeat("ủy ban nhân dân tỉnh đồng nai vừa ban hành kế hoạch triển khai thực hiện quy hoạch tỉnh thời kỳ 2021 2030 tầm nhìn đến năm 2050 ", 12)
	d := &Doc{ItemID: 1, SiteID: 1, Kind: "article", Live: true, Title: "Công bố quy hoạch tỉnh Đồng Nai thời kỳ 2021-2030", Body: body}
	t, bd := indexText(d, "")
	_, _, args := postgresBackend{}.columns()
	b.SetBytes(int64(len(d.Title) + len(d.Body)))
	for b.Loop() {
		args(ftsText{title: t, body: bd})
	}
}
