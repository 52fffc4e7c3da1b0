// Package searchcorpus reads ../shared/corpus (news.jsonl and
// legal.jsonl) as the search documents `cong import` would give the
// index, without a database: the relevance test judges the ranking on
// them and bench/search times indexing them.
package searchcorpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/congportal/cong/internal/search"
)

// Docs reads legal.jsonl, then news.jsonl, from dir. As the importer
// stores them, the summary opens the text and a legal document keeps its
// number, type and field. Item ids are the records' positions, from 1.
func Docs(dir string) ([]search.Doc, error) {
	var docs []search.Doc
	for _, name := range []string{"legal.jsonl", "news.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for line := 1; sc.Scan(); line++ {
			var r struct {
				ID, Title, Summary, Body, Number, Type, Field string
				PublishedAt                                   string `json:"published_at"`
				IssuedAt                                      string `json:"issued_at"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
			docs = append(docs, doc(len(docs)+1, name == "legal.jsonl", r.ID, r.Title, r.Summary, r.Body, r.Number, r.Type, r.Field,
				r.PublishedAt, r.IssuedAt))
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return docs, nil
}

func doc(id int, isLegal bool, srcID, title, summary, body, number, typ, field, published, issued string) search.Doc {
	d := search.Doc{ItemID: int64(id), SiteID: 1, Kind: "article", Live: true, State: "published",
		Title: title, Body: summary + "\n" + body, SourceID: srcID, URL: "/tin-tuc/" + srcID}
	day := published
	if isLegal {
		d.Kind, d.Number, d.DocType, d.Field, day = "legal", number, typ, field, issued
		d.URL = "/van-ban/" + srcID
		for _, t := range []string{title, number, srcID} {
			if d.Title == "" {
				d.Title = t
			}
		}
	}
	if len(day) >= 10 {
		if t, err := time.Parse("2006-01-02", day[:10]); err == nil {
			d.PublishedAt = &t
		}
	}
	return d
}
