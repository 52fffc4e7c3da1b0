package search_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/vn"
)

// gatherIsSteps: on PostgreSQL, Search's one statement (gather) finds
// what its statements one by one find — the same count, the same hits in
// the same order, the same "any word" fallback — over the judged queries
// and queries cut from the corpus's titles (two and three words, quoted,
// with tones and without), each with no filter, page 2, the legal
// documents only, one site for staff, and a date range
// (which the one statement leaves to the steps). The corpus holds 233
// laws among 13,825 articles, so the groups beyond the newest matches
// run. TestRelevance calls it on the index it built.
func gatherIsSteps(t *testing.T, ix *search.Index, docs []search.Doc, j judged) {
	if err := ix.Optimize(context.Background()); err != nil {
		t.Fatal(err)
	}
	queries, filters := comparedSearches(docs, j)
	ctx := context.Background()
	compared, moreThan, legal := 0, 0, 0
	for _, text := range queries {
		for fi, f := range filters {
			var got [2]string
			for k, stepwise := range []bool{false, true} {
				search.Stepwise(ix, stepwise)
				res, err := ix.Search(ctx, search.Parse(text), f)
				if err != nil {
					t.Fatalf("%q, filter %d, stepwise %v: %v", text, fi, stepwise, err)
				}
				got[k] = describe(res)
				if !stepwise && res.MoreThan {
					moreThan++
				}
				if !stepwise && len(res.Hits) > 0 && res.Hits[0].Kind == "legal" {
					legal++
				}
			}
			search.Stepwise(ix, false)
			if got[0] != got[1] {
				t.Errorf("%q, filter %+v:\n one statement: %s\n one by one:    %s", text, filters[fi], got[0], got[1])
			}
			compared++
		}
	}
	fmt.Printf("search on PostgreSQL, one statement against one by one: %d searches compared (%d queries × %d filters); %d said more than 1,000, %d had a legal document first\n", compared, len(queries), len(filters), moreThan, legal)
	if moreThan == 0 || legal == 0 {
		t.Errorf("the queries should reach the estimated count and the legal groups")
	}
}

// describe is what a page of results says.
func describe(res *search.Results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "total %d more %v any %v suggestion %q read %q:", res.Total, res.MoreThan, res.AnyWord, res.Suggestion, res.Query.Read)
	for _, h := range res.Hits {
		fmt.Fprintf(&b, " %d", h.ItemID)
	}
	return b.String()
}

// comparedSearches are the searches on which two ways of searching must
// agree: the judged queries and queries cut from the corpus's titles
// (two and three words, quoted, without tones), with five filters.
func comparedSearches(docs []search.Doc, j judged) ([]string, []search.Filter) {
	var queries []string
	for _, q := range j.Queries {
		queries = append(queries, q.Query)
	}
	for i := 0; i < len(docs) && len(queries) < 240; i += 61 {
		ws := strings.Fields(strings.ToLower(docs[i].Title))
		if len(ws) < 4 {
			continue
		}
		k := i % (len(ws) - 3)
		switch i % 4 {
		case 0:
			queries = append(queries, ws[k]+" "+ws[k+1])
		case 1:
			queries = append(queries, ws[k]+" "+ws[k+1]+" "+ws[k+2])
		case 2:
			queries = append(queries, `"`+ws[k]+" "+ws[k+1]+`" `+ws[k+3])
		default:
			queries = append(queries, vn.Fold(ws[k]+" "+ws[k+1]))
		}
	}
	queries = append(queries, "xyzzy quasar", "luật", "2019", "cho tôi hỏi thủ tục ly hôn", "hiện nay")
	from, to := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 7, 1, 0, 0, 0, 0, time.UTC)
	filters := []search.Filter{{}, {Page: 2}, {Kinds: []string{"legal"}}, {SiteIDs: []int64{1}, Staff: true}, {From: from, To: to}}
	return queries, filters
}
