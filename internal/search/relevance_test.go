package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/search/searchcorpus"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"

	"github.com/congportal/cong/internal/testenv"
)

// corpusDir is ../shared/corpus seen from the module root.
func corpusDir(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "news.jsonl")); err != nil {
		testenv.Missing(t, "the shared corpus is not at %s", dir)
	}
	return dir
}

// corpusDocs reads the corpus as the importer would index it.
func corpusDocs(t testing.TB, dir string) []search.Doc {
	t.Helper()
	docs, err := searchcorpus.Docs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

type judged struct {
	Queries []struct {
		Query    string   `json:"query"`
		Relevant []string `json:"relevant"`
	} `json:"queries"`
}

func loadJudged(t testing.TB) judged {
	b, err := os.ReadFile("testdata/judged.json")
	if err != nil {
		t.Fatal(err)
	}
	var j judged
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	return j
}

func indexAll(t testing.TB, ix *search.Index, docs []search.Doc) {
	t.Helper()
	for i := 0; i < len(docs); i += 500 {
		if err := ix.Put(context.Background(), docs[i:min(len(docs), i+500)]); err != nil {
			t.Fatal(err)
		}
	}
}

// top10 runs every judged query and returns the source ids of the first
// ten results of each.
func top10(t *testing.T, ix *search.Index, j judged) [][]string {
	var out [][]string
	for _, q := range j.Queries {
		res, err := ix.Search(context.Background(), search.Parse(q.Query), search.Filter{})
		if err != nil {
			t.Fatalf("%q: %v", q.Query, err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.SourceID)
		}
		out = append(out, ids)
	}
	return out
}

// TestRelevance measures recall@10 and MRR over the judged queries of
// testdata/judged.json on both databases, and how far the two agree
// (issue 5, points 3 and 4). Recall@10 of a query is the share of its
// relevant documents in the first ten results, out of at most ten.
func TestRelevance(t *testing.T) {
	dir := corpusDir(t)
	docs := corpusDocs(t, dir)
	j := loadJudged(t)
	if len(j.Queries) < 60 {
		t.Fatalf("only %d judged queries", len(j.Queries))
	}
	tops := map[store.Dialect][][]string{}
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ix := search.New(db, time.Now)
		start := time.Now()
		indexAll(t, ix, docs)
		t.Logf("%s: indexed %d documents in %s", db.Dialect, len(docs), time.Since(start).Round(time.Millisecond))
		top := top10(t, ix, j)
		tops[db.Dialect] = top
		var recall, mrr float64
		for i, q := range j.Queries {
			rel := map[string]bool{}
			for _, id := range q.Relevant {
				rel[id] = true
			}
			found, first := 0, 0
			for k, id := range top[i] {
				if rel[id] {
					found++
					if first == 0 {
						first = k + 1
					}
				}
			}
			r := float64(found) / float64(min(len(rel), 10))
			recall += r
			if first > 0 {
				mrr += 1 / float64(first)
			}
			if r < 1 {
				t.Logf("%s: %q recall %.2f, first relevant at %d, top: %v", db.Dialect, q.Query, r, first, top[i])
			}
		}
		n := float64(len(j.Queries))
		recall, mrr = recall/n, mrr/n
		fmt.Printf("search relevance on %s: %d queries, recall@10 %.3f, MRR %.3f\n", db.Dialect, len(j.Queries), recall, mrr)
		if recall < 0.9 || mrr < 0.85 {
			t.Errorf("%s: recall@10 %.3f, MRR %.3f; floors 0.9 and 0.85", db.Dialect, recall, mrr)
		}
	})
	a, b := tops[store.SQLite], tops[store.Postgres]
	if a == nil || b == nil {
		return
	}
	var shared, total int
	for i := range a {
		in := map[string]bool{}
		for _, id := range a[i] {
			in[id] = true
		}
		for _, id := range b[i] {
			if in[id] {
				shared++
			}
		}
		total += max(len(a[i]), len(b[i]))
	}
	overlap := float64(shared) / float64(max(total, 1))
	fmt.Printf("search top-10 overlap SQLite/PostgreSQL: %.3f\n", overlap)
	if overlap < 0.9 {
		t.Errorf("the two databases agree on %.3f of the top ten; want ≥ 0.9", overlap)
	}
}
