package search

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/congportal/cong/internal/vn"
)

// candidate is a document the database found, before the common ranking.
type candidate struct {
	ID          int64 // the item's id
	doc         int64 // the document's: the item's, or its negation for a working copy
	SiteID      int64
	Kind        string
	Live        bool
	State       string
	Title       string
	LeadExact   string // the opening words, lowercased, tones kept (see leadWords)
	LeadFolded  string // the same words folded
	URL         string
	SourceID    string
	DocType     string
	NumberKey   string
	PublishedAt *time.Time
	native      int  // position in the database's own order (0 = best)
	phrase      bool // a legal document holding the query's words as one phrase
	score       float64
}

// leadWordCount bounds the words of the body the common ranking reads.
const leadWordCount = 160

// leadWords cuts the opening of a text into its words, lowercased with
// tones and folded, each joined by spaces; pairWords puts them back.
func leadWords(body string) (exact, folded string) {
	// 160 words of Vietnamese take about 1.1 KB: cutting at 2 KB first
	// spares the folding of the rest of a long text, and when the cut
	// holds more than 160 words, the first 160 are whole ones.
	var ws []word
	for _, n := range []int{leadWordCount * 12, 4 * leadWordCount * 8} {
		cut := body
		if len(cut) > n {
			cut = cut[:n]
		}
		if ws = rankWords(cut); len(ws) > leadWordCount || len(cut) == len(body) {
			break
		}
	}
	if len(ws) > leadWordCount {
		ws = ws[:leadWordCount]
	}
	e := make([]string, len(ws))
	f := make([]string, len(ws))
	for i, w := range ws {
		e[i], f[i] = w.exact, w.folded
	}
	return strings.Join(e, " "), strings.Join(f, " ")
}

// pairWords puts a lead's words back together, into buf's space when it
// has enough (the ranking reuses one buffer for all the leads a core
// reads: 160 words are 7.5 KB).
func pairWords(exact, folded string, buf []word) []word {
	// The leads are words joined by single spaces (see leadWords): cut at
	// the spaces, without strings.Fields' look at every rune of the text
	// with its tones.
	n := strings.Count(exact, " ") + 1
	if n != strings.Count(folded, " ")+1 {
		return rankWords(exact)
	}
	out := buf[:0]
	if cap(out) < n {
		out = make([]word, 0, n)
	}
	for restE, restF := exact, folded; restE != "" || restF != ""; {
		var e, f string
		e, restE, _ = strings.Cut(restE, " ")
		f, restF, _ = strings.Cut(restF, " ")
		if (e == "") != (f == "") {
			return rankWords(exact)
		}
		if e != "" {
			out = append(out, word{exact: e, folded: f})
		}
	}
	return out
}

// foldedWords is pairWords without the words' tones: each word's exact
// is left empty.
func foldedWords(folded string, buf []word) []word {
	out := buf[:0]
	for rest := folded; rest != ""; {
		var f string
		f, rest, _ = strings.Cut(rest, " ")
		if f != "" {
			out = append(out, word{folded: f})
		}
	}
	return out
}

// stats are the collection figures the common ranking needs, the same on
// both databases because they come from search_terms, which Put fills
// identically: how many documents there are and how many hold each word.
type stats struct {
	docs int
	df   map[string]int
}

// idf is the inverse document frequency of a folded word (BM25's).
func (s stats) idf(w string) float64 {
	n := float64(max(s.docs, 1))
	df := float64(min(s.df[w], s.docs))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// unitIDF is the weight of a unit: its first alternative's words, averaged.
func (s stats) unitIDF(u Unit) float64 {
	alt := u.Alts[0]
	var sum float64
	for _, w := range alt {
		sum += s.idf(w)
	}
	return sum / float64(len(alt))
}

// BM25 constants, and the usual lengths (in words) of a title and of the
// lead the ranking reads.
const (
	bm25K1    = 1.2
	bm25B     = 0.75
	titleAvg  = 12.0
	leadAvg   = 250.0
	nativeWgt = 0.5
)

// saturate is BM25's term-frequency curve for tf occurrences in a text of
// n words whose usual length is avg.
func saturate(tf int, n int, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	f := float64(tf)
	return f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*float64(n)/avg))
}

// countUnit counts the occurrences of any alternative of u in ws.
func countUnit(u Unit, ws []word) int {
	n := 0
	for _, alt := range u.Alts {
		for i := 0; i+len(alt) <= len(ws); i++ {
			ok := true
			for k, s := range alt {
				if ws[i+k].folded != s {
					ok = false
					break
				}
			}
			if ok {
				n++
			}
		}
	}
	return n
}

// rank orders the candidates the same way on both databases: the
// database's own relevance order counts, and on top of it
//   - the document whose own number was asked for comes first;
//   - query words in the title;
//   - words typed with their tones found with the same tones ("mã số"
//     ranks above "má số");
//   - the query's words adjacent and in order, above scattered ones;
//   - how many of the query's units the title and lead hold (which
//     matters when the "any word" fallback ran).
func rank(q *Query, cs []*candidate, st stats) {
	// The database's order only breaks near-ties: the candidates differ
	// a little between the databases, their order more.
	n := float64(max(len(cs), 30))
	var idfSum float64
	idfs := make([]float64, len(q.Units))
	var required, optional float64
	for i, u := range q.Units {
		if u.Optional {
			if u.Year == 0 {
				optional++
			}
			continue
		}
		required++
		idfs[i] = st.unitIDF(u)
		idfSum += idfs[i]
	}
	years, asks, tones := q.years(), q.asks(), q.typedTones()
	seq, reqSeq := firstAlts(q), firstAlts(q.required())
	score := func(c *candidate, buf *[2][]word) {
		c.score = nativeWgt * (1 - float64(c.native)/n)
		if q.Number != "" && c.NumberKey == q.Number {
			c.score += 100
		}
		title := rankWordsInto(c.Title, buf[0])
		var lead []word
		if tones {
			lead = pairWords(c.LeadExact, c.LeadFolded, buf[1])
		} else {
			// Without a word typed with its tones nothing reads the
			// lead's words with theirs, which PostgreSQL's gather does
			// not send then.
			lead = foldedWords(c.LeadFolded, buf[1])
		}
		buf[0], buf[1] = title, lead
		if c.Kind == legalKind {
			// A legal document whose title is not its name ("Luật của
			// Quốc hội … số 24/2000/QH10") is named in its heading.
			if head := legalHeading(lead); headShare(q, head) > headShare(q, title) {
				title = head
			}
		}
		var inTitle, inLead, exactUnits, exactHits, text, extra float64
		for i, u := range q.Units {
			nt, nl := countUnit(u, title), countUnit(u, lead)
			if u.Optional {
				// An everyday word found is a tie-break, a year's word a
				// little more; the year of the document counts below.
				switch {
				case u.Year != 0 && nt > 0:
					extra += 1
				case u.Year != 0 && nl > 0:
					extra += 0.5
				case nt > 0 || nl > 0:
					extra += 0.5 / optional
				}
				continue
			}
			text += idfs[i] * (2*saturate(nt, len(title), titleAvg) + saturate(nl, len(lead), leadAvg))
			t, l := nt > 0, nl > 0 // matchesUnit, from the counts
			if t {
				inTitle++
			}
			if t || l {
				inLead++
			}
			if len(u.Exact) > 0 {
				exactUnits++
				if hasExact(u.Exact, title) {
					exactHits += 1
				} else if hasExact(u.Exact, lead) {
					exactHits += 0.7
				}
			}
		}
		units := max(required, 1)
		if idfSum > 0 {
			c.score += 1.5 * text / idfSum
		}
		c.score += 4 * inTitle / units
		c.score += 3 * inLead / units
		if exactUnits > 0 {
			c.score += 3 * exactHits / exactUnits
		}
		c.score += extra
		if len(seq) > 1 {
			switch {
			case containsSeq(title, seq), len(reqSeq) > 1 && containsSeq(title, reqSeq):
				c.score += 3
			case containsSeq(lead, seq), len(reqSeq) > 1 && containsSeq(lead, reqSeq):
				c.score += 2
			default:
				c.score += adjacentPairs(lead, reqSeq)
			}
		}
		if len(years) > 0 && slices.Contains(years, c.year()) {
			c.score += yearBonus
		}
		if c.Kind == legalKind {
			share := inTitle / units
			c.score += lawBonus(q.Law, share)
			if q.governs(title) {
				// "thủ tục ly dị": Luật Hôn nhân và gia đình, which the
				// everyday name's term is in, not a law that cites it.
				c.score += governingBonus
			}
			if c.phrase && (q.Law || asks) {
				// A question on a subject the law governs, in words its
				// name does not hold: "thủ tục ly hôn", "làm hộ chiếu".
				// The less its name holds them, the more the phrase
				// counts: a law citing another by name is not that law.
				c.score += lawPhraseBonus * (1 - share)
			}
		}
	}
	// Each candidate's score is its own: the candidates are shared among
	// the cores.
	workers := min(runtime.GOMAXPROCS(0), len(cs)/32+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf [2][]word // the title's and the lead's words, reused
			for i := w; i < len(cs); i += workers {
				score(cs[i], &buf)
			}
		}()
	}
	wg.Wait()
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		return cs[i].ID > cs[j].ID
	})
}

// yearBonus is what the year a query names gives the documents of that
// year: enough to put the law of 2022 before the one of 2006 with the
// same name ("luật điện ảnh 2022").
const yearBonus = 6

// governingBonus is what the law that governs an everyday name of the
// query gets (names.go): enough to come before the laws that only use
// its term and the news titled with it.
const governingBonus = 8

// lawPhraseBonus is what a legal document holding a question's subject
// as one phrase gets: enough to come before the news that tell of it.
const lawPhraseBonus = 8

// headWords is how many words open a legal text with its name.
const headWords = 40

// legalHeading is the name of a legal document as its text opens: the
// words after the national motto ("Độc lập - Tự do - Hạnh phúc") and the
// place and date, up to the grounds ("Căn cứ …"), at most headWords; nil
// without the motto. The motto and the country's name, in every
// document's heading, are not the name.
func legalHeading(lead []word) []word {
	motto := []string{"tu", "do", "hanh", "phuc"}
	for i := 0; i+len(motto) <= len(lead); i++ {
		if !containsSeq(lead[i:i+len(motto)], motto) {
			continue
		}
		head := lead[i+len(motto):]
		head = head[:min(len(head), headWords)]
		for k := 0; k+1 < len(head); k++ {
			if head[k].folded == "can" && head[k+1].folded == "cu" {
				return head[:k]
			}
		}
		return head
	}
	return nil
}

// headShare is the share of q's required units in ws.
func headShare(q *Query, head []word) float64 {
	var n, in float64
	for _, u := range q.Units {
		if u.Optional {
			continue
		}
		n++
		if countUnit(u, head) > 0 {
			in++
		}
	}
	if n == 0 {
		return 0
	}
	return in / n
}

// lawBonus lifts a legal document above the news that mention its words
// (issue 21): by how much of the query its title holds, more when the
// query asks for law ("luật", "nghị định", "BLTTDS"…), and when its
// title holds the whole subject ("tạm giam": Luật Thi hành tạm giữ, tạm
// giam) even when it does not.
func lawBonus(law bool, titleShare float64) float64 {
	switch {
	case law:
		return 2 + 4*titleShare
	case titleShare == 1:
		return 4
	case titleShare >= 0.5:
		return 2 * titleShare
	}
	return 0
}

// year is the year of a document: its number's, for a legal document
// that has one, else its publication's in Viet Nam; 0 when it has none.
func (c *candidate) year() int {
	if c.NumberKey != "" {
		if d, ok := vn.ParseDocNumber(c.NumberKey); ok && d.Year > 0 {
			return d.Year
		}
	}
	if c.PublishedAt != nil {
		return c.PublishedAt.In(vietnam).Year()
	}
	return 0
}

// firstAlts is the query as one run of folded words (each unit's first
// alternative).
func firstAlts(q *Query) []string {
	var seq []string
	for _, u := range q.Units {
		seq = append(seq, u.Alts[0]...)
	}
	return seq
}

// containsSeq reports whether the folded words seq occur in ws in a row.
func containsSeq(ws []word, seq []string) bool {
	if len(seq) == 0 {
		return false
	}
outer:
	for i := 0; i+len(seq) <= len(ws); i++ {
		for k, s := range seq {
			if ws[i+k].folded != s {
				continue outer
			}
		}
		return true
	}
	return false
}

// hasExact reports whether every word of exact occurs in ws with the
// same tones.
func hasExact(exact []string, ws []word) bool {
	for _, e := range exact {
		if slices.ContainsFunc(ws, func(w word) bool { return w.exact == e }) {
			continue
		}
		if foldsOnlyToItself(e) ||
			!slices.ContainsFunc(ws, func(w word) bool { return strings.EqualFold(w.exact, e) }) {
			return false
		}
	}
	return true
}

// foldsOnlyToItself reports whether a lowercased word (the words of the
// texts are strings.ToLower's) can equal e under strings.EqualFold only
// by being e: every rune that any rune of e folds with lowercases to
// that rune of e. So it is for the letters of Vietnamese; not for "s"
// (ſ is a lowercase letter of its own) nor for a capital. It spares
// strings.EqualFold over every word of the text when e is not in it.
func foldsOnlyToItself(e string) bool {
	for _, r := range e {
		for x := unicode.SimpleFold(r); ; x = unicode.SimpleFold(x) {
			if unicode.ToLower(x) != r {
				return false
			}
			if x == r {
				break
			}
		}
	}
	return true
}

// adjacentPairs is the share of consecutive query words that also stand
// next to each other somewhere in ws.
func adjacentPairs(ws []word, seq []string) float64 {
	if len(seq) < 2 {
		return 0
	}
	hit := 0
	for i := 0; i+1 < len(seq); i++ {
		for k := 0; k+1 < len(ws); k++ {
			if ws[k].folded == seq[i] && ws[k+1].folded == seq[i+1] {
				hit++
				break
			}
		}
	}
	return float64(hit) / float64(len(seq)-1)
}
