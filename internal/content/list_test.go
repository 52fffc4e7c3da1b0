package content_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// The main portal's home lists the newest live items of several sites,
// each site's newest taken from its own index and merged: the merge must
// give what one query over all of them gives — the newest first across
// the sites, pages that follow each other, a story accepted as a copy
// shown once, nothing unpublished, nothing of another language.
func TestPublishedAcrossSitesIsOneList(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		ss := site.NewSites(db, clock)
		var sites []int64
		for i, code := range []string{"tinh", "so-a", "xa-b"} {
			s := &site.Site{Code: code, Kind: site.Department, Name: "Trang " + code}
			if i == 0 {
				s.Kind, s.Main = site.Portal, true
			} else {
				s.PathPrefix = "/" + code
			}
			if err := ss.Create(ctx, s, audit.CLI); err != nil {
				t.Fatal(err)
			}
			sites = append(sites, s.ID)
		}
		cs := content.NewStore(db, clock)
		type row struct {
			id, site int64
			at       time.Time
			live     bool
			lang     string
		}
		var all []row
		for n := range 90 {
			st := sites[n%3]
			lang := "vi"
			if n%17 == 5 {
				lang = "en"
			}
			it, err := cs.Create(ctx, st, content.Edit{Kind: content.Article, Lang: lang, Title: fmt.Sprintf("Bài %d", n),
				Body: "<p>x</p>", Author: "A", Source: "B"}, audit.CLI)
			if err != nil {
				t.Fatal(err)
			}
			// Times interleave the sites, some equal (the id decides).
			at := now.Add(-time.Duration((n*37)%61) * time.Hour)
			live := n%7 != 3
			if _, err := db.Exec(ctx, `UPDATE items SET state = 'published', live = ?, published_rev = current_rev,
				published_at = ? WHERE id = ?`, live, at, it.ID); err != nil {
				t.Fatal(err)
			}
			all = append(all, row{it.ID, st, at, live, lang})
		}
		// The main portal accepted item 4 (of site so-a) as a copy: item 0.
		if _, err := db.Exec(ctx, `UPDATE items SET source_site_id = ?, source_item_id = ? WHERE id = ?`,
			sites[1], all[4].id, all[0].id); err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, r := range all {
			if r.live && r.lang == "vi" && r.id != all[4].id {
				want = append(want, r.id)
			}
		}
		at := map[int64]time.Time{}
		for _, r := range all {
			at[r.id] = r.at
		}
		sort.Slice(want, func(i, j int) bool {
			if !at[want[i]].Equal(at[want[j]]) {
				return at[want[i]].After(at[want[j]])
			}
			return want[i] > want[j]
		})
		var got []int64
		for page := 0; ; page++ {
			items, _, err := cs.Published(ctx, content.Public{SiteIDs: sites, Lang: "vi", HideCopied: true, Limit: 10, Offset: page * 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				got = append(got, it.ID)
			}
			if len(items) < 10 {
				break
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("the merged pages:\n%v\nwant:\n%v", got, want)
		}
		// Asked to count, it counts what it lists.
		_, n, err := cs.Published(ctx, content.Public{SiteIDs: sites, Lang: "vi", HideCopied: true, Count: true, Limit: 5})
		if err != nil || n != len(want) {
			t.Errorf("count = %d, %v; want %d", n, err, len(want))
		}
	})
}
