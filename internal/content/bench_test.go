package content_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"

	"github.com/congportal/cong/internal/testenv"
)

// body50KB builds a 50 KB article body from real Vietnamese news text in
// ../shared/corpus (read there, never copied into the project).
func body50KB(b *testing.B) string {
	f, err := os.Open("../../../shared/corpus/news.jsonl")
	if err != nil {
		testenv.Missing(b, "corpus not found")
	}
	defer f.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() && sb.Len() < 50<<10 {
		var rec struct{ Body string }
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		for _, para := range strings.Split(rec.Body, "\n") {
			if para = strings.TrimSpace(para); para != "" && sb.Len() < 50<<10 {
				fmt.Fprintf(&sb, "<p>%s</p>\n", para)
			}
		}
	}
	return sb.String()
}

// BenchmarkSaveRevision saves a 50 KB article as a new revision: the
// sanitising, the revision row and the item update in one transaction.
func BenchmarkSaveRevision(b *testing.B) {
	body := body50KB(b)
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *store.DB
			if backend == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			ctx := context.Background()
			s := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
			if err := site.NewSites(db, time.Now).Create(ctx, s, audit.CLI); err != nil {
				b.Fatal(err)
			}
			cs := content.NewStore(db, time.Now)
			e := content.Edit{Kind: content.Article, Title: "Bài dài", Body: body, Author: "A", Source: "B"}
			it, err := cs.Create(ctx, s.ID, e, audit.CLI)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e.Version = it.Version
				e.Title = fmt.Sprintf("Bài dài, lần %d", i)
				if it, err = cs.Save(ctx, it.ID, e, audit.CLI); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
