package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/vn"
)

// Limits on what a query may ask: a longer text is cut, not refused, so
// that a pasted paragraph still finds something.
const (
	maxQueryRunes = 300
	maxUnits      = 12
)

// Unit is one thing every result must contain (in the normal, "all
// words" mode): any one of its alternatives, each a run of adjacent
// folded words. A plain word has one alternative of one word; a quoted
// phrase one of several; an abbreviation two ("ubnd" or "uy ban nhan
// dan"); a document number its number word.
type Unit struct {
	Alts   [][]string
	Exact  []string // the words as typed (lowercase, tones kept) when they carry marks
	Phrase bool     // typed in quotes
	Number string   // the document-number key this unit stands for
	// Optional units are not required of a result and weigh little in
	// its rank: the everyday words around a subject ("cho tôi hỏi",
	// "hiện nay", see understand.go) and years, which rank a document of
	// that year first.
	Optional bool
	Year     int    // the year this unit is, if it is one
	Keys     string // the word read as Telex or VNI keys ("giaos" → "giáo"), for the index to weigh
}

// Query is a parsed query.
type Query struct {
	Text   string // the cleaned text, as shown back to the reader
	Units  []Unit
	Number string // key of the document number typed, if any
	Cut    bool   // the text was longer than maxQueryRunes and was cut
	// Law says the words ask for law: they name a kind of legal
	// document ("luật", "nghị định"…), a law by its abbreviation
	// ("BLTTDS") or a document number. Legal documents then come first.
	Law bool
	// Read is the query as understood when words typed as Telex or VNI
	// keys were read as letters ("giáo dục" for "giaos ducj"); else "".
	Read string
	// Names are the everyday names in the query and the laws' terms
	// searched for with them ("ly dị": "ly hôn", see names.go).
	Names []Name
	// governing are the folded names of the laws that govern them
	// ("luat hon nhan va gia dinh"), which the ranking lifts.
	governing [][]string
}

// Empty reports whether the query asks for nothing searchable.
func (q *Query) Empty() bool { return len(q.Units) == 0 }

// matchMode says which documents a backend's candidates must be.
type matchMode int

const (
	matchAll    matchMode = iota // every unit, anywhere
	matchAny                     // any unit (the fallback)
	matchTitle                   // every unit, in the title
	matchPhrase                  // the units' first alternatives as one phrase
)

// phraseable reports whether the query has several words to hold as a
// phrase: several units, or one with alternatives whose first has several
// words (an everyday name's term: "ly dị" is held as "ly hôn").
func (q *Query) phraseable() bool {
	return len(firstAlts(q)) > 1 && (len(q.Units) > 1 || len(q.Units[0].Alts) > 1)
}

// Terms lists the folded words of the query, to highlight in snippets.
func (q *Query) Terms() map[string]bool {
	m := map[string]bool{}
	for _, u := range q.Units {
		if u.Optional && u.Year == 0 {
			continue // the everyday words are not what was looked for
		}
		for _, alt := range u.Alts {
			for _, w := range alt {
				if !strings.HasPrefix(w, "so") || u.Number == "" {
					m[w] = true
				}
			}
		}
	}
	return m
}

// Parse reads what a reader typed. It never fails: invalid UTF-8 and
// control characters become spaces, search-syntax characters of either
// database are just punctuation (only whole words reach the databases),
// an unbalanced quote is ignored, and a very long text is cut.
func Parse(raw string) *Query {
	s := strings.ToValidUTF8(raw, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u00a0' {
			return ' '
		}
		return r
	}, s)
	q := &Query{}
	if utf8.RuneCountInString(s) > maxQueryRunes {
		s = string([]rune(s)[:maxQueryRunes])
		q.Cut = true
	}
	s = vn.Clean(s)
	q.Text = s

	// A whole query that is a document number, in any typing (also with
	// spaces: "43 2011 NĐ CP"), is that number only.
	if d, ok := vn.ParseDocNumber(s); ok && (d.Year > 0 || d.Type != "") && !strings.Contains(s, `"`) {
		q.Number = d.Key()
		q.Units = []Unit{{Alts: [][]string{{numberToken(q.Number)}}, Number: q.Number}}
		q.Law = true
		return q
	}

	parts := strings.Split(s, `"`)
	for i, part := range parts {
		phrase := i%2 == 1 && i < len(parts)-1 // an unbalanced last quote opens nothing
		if phrase {
			ws := words(part)
			u := Unit{Phrase: true}
			var alt []string
			for _, w := range ws {
				if w.folded == "" {
					continue // a mark alone ("\u0733") folds to nothing
				}
				alt = append(alt, w.folded)
				if w.exact != w.folded {
					u.Exact = append(u.Exact, w.exact)
				}
			}
			if len(alt) == 0 {
				continue
			}
			u.Alts = [][]string{alt}
			q.Units = append(q.Units, u)
			continue
		}
		q.addWords(part)
	}
	q.expand()
	q.understand()
	if len(q.Units) > maxUnits {
		q.Units = q.Units[:maxUnits]
		q.Cut = true
	}
	return q
}

// addWords adds the words of an unquoted part, document numbers among
// them ("nghị định 43/2011/NĐ-CP") as number units.
func (q *Query) addWords(part string) {
	for _, field := range strings.Fields(part) {
		if d, ok := vn.ParseDocNumber(field); ok && (d.Year > 0 || d.Type != "") && strings.ContainsAny(field, "/-") {
			key := d.Key()
			if q.Number == "" {
				q.Number = key
			}
			q.Units = append(q.Units, Unit{Alts: [][]string{{numberToken(key)}}, Number: key})
			continue
		}
		for _, w := range words(field) {
			if w.folded == "" {
				continue
			}
			u := Unit{Alts: [][]string{{w.folded}}}
			if w.exact != w.folded {
				u.Exact = []string{w.exact}
			} else if k, ok := vn.Keystrokes(w.exact); ok {
				u.Keys = k
			}
			q.Units = append(q.Units, u)
		}
	}
}

// expand adds the everyday names' terms ("ly dị" also matches "ly hôn")
// and the abbreviation alternatives: "UBND" also matches "ủy ban nhân
// dân", and the words "ủy ban nhân dân" in a row also match "UBND".
func (q *Query) expand() {
	var out []Unit
	for i := 0; i < len(q.Units); i++ {
		u := q.Units[i]
		if u.Phrase || u.Number != "" || len(u.Alts[0]) != 1 {
			out = append(out, u)
			continue
		}
		if named, n := q.nameAt(i); n > 0 {
			out = append(out, named)
			i += n - 1
			continue
		}
		w := u.Alts[0][0]
		if full, ok := abbreviations[w]; ok {
			u.Alts = append(u.Alts, strings.Fields(full))
			out = append(out, u)
			continue
		}
		if merged, n := q.longForm(i); n > 0 {
			out = append(out, merged)
			i += n - 1
			continue
		}
		out = append(out, u)
	}
	q.Units = out
}

// longForm looks for the full words of an abbreviation starting at unit
// i and returns them as one unit with both alternatives, and how many
// units it took.
func (q *Query) longForm(i int) (Unit, int) {
	cands := expansions[q.Units[i].Alts[0][0]]
	sort.Slice(cands, func(a, b int) bool { return len(cands[a][0]) > len(cands[b][0]) })
	for _, c := range cands {
		ws := strings.Fields(c[0])
		if i+len(ws) > len(q.Units) {
			continue
		}
		ok := true
		var exact []string
		for k, w := range ws {
			u := q.Units[i+k]
			if u.Phrase || u.Number != "" || len(u.Alts) != 1 || len(u.Alts[0]) != 1 || u.Alts[0][0] != w {
				ok = false
				break
			}
			exact = append(exact, u.Exact...)
		}
		if ok {
			return Unit{Alts: [][]string{ws, {c[1]}}, Exact: exact}, len(ws)
		}
	}
	return Unit{}, 0
}
