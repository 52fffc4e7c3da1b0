package consult

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// ProvisionLabel names node n of doc the way a synthesis cites it:
// "Điều 3, Khoản 2, Điểm a" (an article's chapter is left out: articles
// are numbered through the text).
func ProvisionLabel(doc *vn.LegalDoc, n *vn.Node) string {
	var path []*vn.Node
	var walk func(ns []*vn.Node, stack []*vn.Node) bool
	walk = func(ns []*vn.Node, stack []*vn.Node) bool {
		for _, c := range ns {
			s := append(stack, c)
			if c == n {
				path = append([]*vn.Node(nil), s...)
				return true
			}
			if walk(c.Children, s) {
				return true
			}
		}
		return false
	}
	walk(doc.Children, nil)
	var parts []string
	inArticle := false
	for _, p := range path {
		if p.Kind == vn.KindArticle {
			inArticle = true
			parts = parts[:0]
		}
		if inArticle || p == n {
			parts = append(parts, p.Label)
		}
	}
	return strings.Join(parts, ", ")
}

// ProvisionLabels names every node of doc as ProvisionLabel does, in one
// walk of the text. ProvisionLabel looks for its node from the start of
// the text each time, so naming every provision of a long draft with it
// is quadratic: for 300 Điều (about 1,700 provisions) that was nearly
// all of the time of the draft's public page and of the synthesis.
func ProvisionLabels(doc *vn.LegalDoc) map[*vn.Node]string {
	out := map[*vn.Node]string{}
	var walk func(ns []*vn.Node, parts []string, inArticle bool)
	walk = func(ns []*vn.Node, parts []string, inArticle bool) {
		for _, c := range ns {
			in, own := inArticle, parts
			switch {
			case c.Kind == vn.KindArticle:
				in, own = true, []string{c.Label}
			case in:
				own = append(parts[:len(parts):len(parts)], c.Label)
			}
			if in {
				out[c] = strings.Join(own, ", ")
			} else {
				out[c] = c.Label
			}
			walk(c.Children, own, in)
		}
	}
	walk(doc.Children, nil, false)
	return out
}

// Row is one line of the synthesis table.
type Row struct {
	N           int
	Provision   string
	Comment     string
	Who         string
	Handling    Handling
	Explanation string
	Count       int // comments answered by the row (1 + duplicates)
	CommentID   int64
}

// Group is the rows about one provision.
type Group struct {
	Anchor string
	Label  string // "Điều 3. Phạm vi điều chỉnh", "Ý kiến chung về dự thảo"
	Rows   []*Row
	Count  int // comments in the group, duplicates included
}

// Synthesis is the Bản tổng hợp, tiếp thu, giải trình ý kiến of a draft.
type Synthesis struct {
	Draft     *Draft
	Groups    []*Group
	Total     int // comments answered (duplicates included)
	Rows      int
	ByHandled map[Handling]int // rows per handling
	Unhandled int              // rows still without a handling
}

// Synthesis builds the synthesis from a draft's published comments:
// grouped by provision in the order of the current text (comments on the
// draft as a whole first, comments on provisions of earlier versions
// last), duplicates answered once with every author named.
//
// A published synthesis no longer changes but by an erasure (a name
// becoming initials), so it is kept a minute per draft and language: the
// pages of a draft with thousands of comments read it at every view the
// page cache does not answer. The store's own changes drop it at once.
func (s *Store) Synthesis(ctx context.Context, d *Draft, lang string) (*Synthesis, error) {
	key := synKey{d.ID, lang}
	if d.State == Published {
		s.mu.Lock()
		kept, ok := s.syntheses[key]
		s.mu.Unlock()
		if ok && s.o.Now().Before(kept.until) && kept.syn.Draft.UpdatedAt.Equal(d.UpdatedAt) {
			return kept.syn, nil
		}
	}
	comments, err := s.Comments(ctx, d.ID, CommentFilter{States: []CommentState{Shown}})
	if err != nil {
		return nil, err
	}
	syn := Synthesise(d, comments, lang)
	if d.State == Published {
		s.mu.Lock()
		if s.syntheses == nil || len(s.syntheses) > 64 {
			s.syntheses = map[synKey]keptSynthesis{}
		}
		s.syntheses[key] = keptSynthesis{syn: syn, until: s.o.Now().Add(time.Minute)}
		s.mu.Unlock()
	}
	return syn, nil
}

type synKey struct {
	id   int64
	lang string
}

type keptSynthesis struct {
	syn   *Synthesis
	until time.Time
}

// forget drops what the store keeps of draft id after a change to it.
func (s *Store) forget(id int64) {
	s.mu.Lock()
	for k := range s.syntheses {
		if k.id == id {
			delete(s.syntheses, k)
		}
	}
	s.mu.Unlock()
}

// Synthesise is the synthesis of d from its published comments.
func Synthesise(d *Draft, comments []*Comment, lang string) *Synthesis {
	syn := &Synthesis{Draft: d, ByHandled: map[Handling]int{}}
	dups := map[int64][]*Comment{}
	byID := map[int64]*Comment{}
	for _, c := range comments {
		byID[c.ID] = c
	}
	var primaries []*Comment
	for _, c := range comments {
		if c.DuplicateOf != 0 && byID[c.DuplicateOf] != nil {
			dups[c.DuplicateOf] = append(dups[c.DuplicateOf], c)
			continue
		}
		primaries = append(primaries, c)
	}
	doc := vn.ParseLegal(d.Body)
	labels := ProvisionLabels(doc)
	groups := map[string]*Group{}
	general := &Group{Anchor: "", Label: generalLabel.In(lang)}
	var ordered []*Group
	ordered = append(ordered, general)
	groups[""] = general
	doc.Walk(func(n *vn.Node) {
		if n.Kind != vn.KindArticle && n.Kind != vn.KindClause && n.Kind != vn.KindPoint {
			return
		}
		label := labels[n]
		if n.Kind == vn.KindArticle && n.Title != "" {
			label += ". " + n.Title
		}
		g := &Group{Anchor: n.Anchor, Label: label}
		groups[n.Anchor] = g
		ordered = append(ordered, g)
	})
	var former []*Group
	for _, c := range primaries {
		g := groups[c.Anchor]
		if g == nil || (c.Version != d.Version && c.Anchor != "" && !sameProvision(g, c)) {
			key := fmt.Sprintf("v%d:%s", c.Version, c.Anchor)
			g = groups[key]
			if g == nil {
				g = &Group{Anchor: c.Anchor, Label: fmt.Sprintf(formerLabel.In(lang), c.Provision, c.Version)}
				groups[key] = g
				former = append(former, g)
			}
		}
		who := []string{c.Who(lang)}
		for _, x := range dups[c.ID] {
			who = append(who, x.Who(lang))
		}
		row := &Row{Provision: c.Provision, Comment: c.Text(), Who: strings.Join(who, "; "), Handling: c.Handling,
			Explanation: c.Explanation, Count: 1 + len(dups[c.ID]), CommentID: c.ID}
		if row.Provision == "" {
			row.Provision = generalShort.In(lang)
		}
		if c.Version != d.Version {
			row.Provision += fmt.Sprintf(versionNote.In(lang), c.Version)
		}
		g.Rows = append(g.Rows, row)
		g.Count += row.Count
	}
	n := 0
	for _, g := range append(ordered, former...) {
		if len(g.Rows) == 0 {
			continue
		}
		for _, r := range g.Rows {
			n++
			r.N = n
			syn.Total += r.Count
			syn.Rows++
			if r.Handling == Unhandled {
				syn.Unhandled++
			} else {
				syn.ByHandled[r.Handling]++
			}
		}
		syn.Groups = append(syn.Groups, g)
	}
	return syn
}

// sameProvision reports whether a comment made on an earlier version is
// still about the group's provision: its label then and now agree.
func sameProvision(g *Group, c *Comment) bool {
	return strings.HasPrefix(g.Label, c.Provision)
}

var (
	generalLabel = apperr.Msg{VI: "Ý kiến chung về dự thảo", EN: "Comments on the draft as a whole"}
	generalShort = apperr.Msg{VI: "Chung", EN: "General"}
	formerLabel  = apperr.Msg{VI: "%s (phiên bản %d, không còn trong phiên bản hiện tại)", EN: "%s (version %d, no longer in the current version)"}
	versionNote  = apperr.Msg{VI: " (phiên bản %d)", EN: " (version %d)"}
)

// HandlingText is a row's answer as the table gives it.
func (r *Row) HandlingText(lang string) string {
	if r.Handling == Unhandled {
		return Unhandled.Label(lang)
	}
	if r.Explanation == "" {
		return r.Handling.Label(lang)
	}
	return r.Handling.Label(lang) + ". " + r.Explanation
}

// PublishSynthesis approves the synthesis and makes it public next to
// the draft. The period must be over and every comment handled.
func (s *Store) PublishSynthesis(ctx context.Context, id int64, note string, p Person) (*Draft, error) {
	d, err := s.load(ctx, id, p, account.ApproveSynthesis)
	if err != nil {
		return nil, err
	}
	now := s.o.Now().UTC()
	switch d.StateAt(now) {
	case Published:
		return nil, apperr.New(apperr.Conflict, "Bản tổng hợp đã được công khai.", "The synthesis is already published.")
	case Closed:
	default:
		return nil, apperr.New(apperr.Conflict, "Chỉ công khai bản tổng hợp khi đã hết thời hạn lấy ý kiến.", "The synthesis is published only after the consultation has closed.")
	}
	syn, err := s.Synthesis(ctx, d, "vi")
	if err != nil {
		return nil, err
	}
	if syn.Unhandled > 0 {
		return nil, apperr.New(apperr.Conflict, fmt.Sprintf("Còn %d ý kiến chưa được tiếp thu, giải trình.", syn.Unhandled),
			fmt.Sprintf("%d comments are not yet handled.", syn.Unhandled))
	}
	var pending int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM consult_comments WHERE draft_id = ? AND state IN ('pending', 'held')`, d.ID).Scan(&pending); err != nil {
		return nil, err
	}
	if pending > 0 {
		return nil, apperr.New(apperr.Conflict, fmt.Sprintf("Còn %d ý kiến chờ kiểm duyệt.", pending), fmt.Sprintf("%d comments still wait for moderation.", pending))
	}
	note = repaired(note, true)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE consult_drafts SET state = 'published', published_at = ?, approved_by = ?, synthesis_note = ?,
			updated_at = ? WHERE id = ? AND state IN ('open', 'closed')`, now, p.User.FullName, note, now, d.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "Dự thảo vừa thay đổi; xin tải lại trang.", "The draft has just changed; reload the page.")
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.publish", d.SiteID, d.Slug, fmt.Sprintf("%d ý kiến", syn.Total)))
	})
	if err != nil {
		return nil, err
	}
	s.o.Changed(d.SiteID, d.ID)
	return s.Get(ctx, d.ID)
}

// Figures are a draft's numbers for reports.
type Figures struct {
	Received   int
	ByChannel  map[Channel]int
	ByState    map[CommentState]int
	ByHandling map[Handling]int
	ByAnchor   []AnchorCount // published comments per provision, in text order
	// ToSynthesis is the time from the closing of the period to the
	// published synthesis (0 while not published).
	ToSynthesis time.Duration
}

// AnchorCount is how many comments a provision received.
type AnchorCount struct {
	Label string
	N     int
}

// Figures counts a draft's comments.
func (s *Store) Figures(ctx context.Context, d *Draft) (*Figures, error) {
	f := &Figures{ByChannel: map[Channel]int{}, ByState: map[CommentState]int{}, ByHandling: map[Handling]int{}}
	rows, err := s.db.Query(ctx, `SELECT channel, state, COUNT(*) FROM consult_comments WHERE draft_id = ? GROUP BY channel, state`, d.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ch Channel
		var st CommentState
		var n int
		if err := rows.Scan(&ch, &st, &n); err != nil {
			return nil, err
		}
		f.Received += n
		f.ByChannel[ch] += n
		f.ByState[st] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	syn, err := s.Synthesis(ctx, d, "vi")
	if err != nil {
		return nil, err
	}
	// A group of duplicates is handled once, for every comment in it.
	for _, g := range syn.Groups {
		f.ByAnchor = append(f.ByAnchor, AnchorCount{Label: g.Label, N: g.Count})
		for _, r := range g.Rows {
			f.ByHandling[r.Handling] += r.Count
		}
	}
	if d.PublishedAt != nil && d.ClosesAt != nil {
		f.ToSynthesis = d.PublishedAt.Sub(*d.ClosesAt)
	}
	return f, nil
}

// Page returns the synthesis cut to the rows of page n (from 1) of size
// rows each, with keep deciding which rows count (nil: all): the groups
// keep their labels and counts, only the rows shown are cut. The pages
// of a draft with thousands of comments show one page of the table at a
// time; the documents carry it whole.
func (syn *Synthesis) Page(n, size int, keep func(*Row) bool) (page *Synthesis, more bool) {
	out := *syn
	out.Groups = nil
	first, last, i := (max(n, 1)-1)*size, max(n, 1)*size, 0
	for _, g := range syn.Groups {
		cut := *g
		cut.Rows = nil
		for _, r := range g.Rows {
			if keep != nil && !keep(r) {
				continue
			}
			if i >= first && i < last {
				cut.Rows = append(cut.Rows, r)
			}
			i++
		}
		if len(cut.Rows) > 0 {
			out.Groups = append(out.Groups, &cut)
		}
	}
	return &out, i > last
}
