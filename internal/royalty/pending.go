package royalty

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/vn"
)

// Overlap is two sets of one kind (royalties, or base salary) that are
// both in force on some day: which applies to a work published then would
// depend on an ordering nobody chose, so the engine refuses to pick.
type Overlap struct {
	Kind string
	A, B *rules.Set
	From string // the first day both are in force
}

// Message is the overlap said for the administrator.
func (o Overlap) Message() apperr.Msg {
	return apperr.Msg{
		VI: fmt.Sprintf("Hai bộ quy định “%s” (%s) và “%s” (%s) cùng có hiệu lực từ ngày %s: hãy sửa ngày áp dụng để mỗi ngày chỉ có một khung.",
			o.A.Name, o.A.Code, o.B.Name, o.B.Code, dayText(o.From)),
		EN: fmt.Sprintf("Sets %s and %s are both in force from %s: change their dates so that one applies on each day.", o.A.Code, o.B.Code, o.From),
	}
}

// dayText writes a YYYY-MM-DD day as Vietnamese documents do.
func dayText(day string) string {
	if t, err := time.Parse(rules.DateLayout, day); err == nil {
		return vn.DateShort(t)
	}
	return day
}

// Overlaps lists the pairs of royalty or base-salary sets whose dates
// overlap ([ValidFrom, ValidTo), ValidTo "" open-ended).
func Overlaps(sets []*rules.Set) []Overlap {
	var out []Overlap
	for i, a := range sets {
		if a.Kind != rules.KindRoyalties && a.Kind != rules.KindBaseSalary {
			continue
		}
		for _, b := range sets[i+1:] {
			if b.Kind != a.Kind {
				continue
			}
			from := max(a.ValidFrom, b.ValidFrom)
			aEnds := a.ValidTo != "" && a.ValidTo <= from
			bEnds := b.ValidTo != "" && b.ValidTo <= from
			if !aEnds && !bEnds {
				x, y := a, b
				if y.ValidFrom < x.ValidFrom {
					x, y = y, x
				}
				out = append(out, Overlap{Kind: a.Kind, A: x, B: y, From: from})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].A.Code+out[i].B.Code < out[j].A.Code+out[j].B.Code
	})
	return out
}

// CheckSchedules returns the overlaps of the royalty and base-salary sets
// in the database (an administrator's page shows them; Propose and
// Approve refuse a work published on a day two sets claim).
func (s *Store) CheckSchedules(ctx context.Context) ([]Overlap, error) {
	sets, err := s.rules.List(ctx)
	if err != nil {
		return nil, err
	}
	return Overlaps(sets), nil
}

// overlapOn is the error for two sets of kind in force on day, or nil.
func (s *Store) overlapOn(ctx context.Context, day string) error {
	ov, err := s.CheckSchedules(ctx)
	if err != nil {
		return err
	}
	for _, o := range ov {
		if o.A.InForceOn(day) && o.B.InForceOn(day) {
			m := o.Message()
			return apperr.New(apperr.Conflict, m.VI, m.EN)
		}
	}
	return nil
}

// Undecided is a published item that has no royalty proposed or approved
// yet: the board decides on each, none is silently skipped. Imported
// items (Imported) and items whose published text names no author
// (NoAuthor) are marked, as they usually need a decision more than a
// proposal.
type Undecided struct {
	ItemID      int64
	Title       string
	Byline      string // the author as the published text gives it
	PublishedAt time.Time
	PubDay      string
	Imported    bool
	NoAuthor    bool
	Returned    string // the reason of the last return, if any
}

// Undecided lists the site's items first published in period (legal
// documents aside: they are not authored works) that have no proposal
// proposed or approved, oldest first.
func (s *Store) Undecided(ctx context.Context, siteID int64, period report.Period) ([]*Undecided, error) {
	rows, err := s.db.Query(ctx, `SELECT i.id, i.first_published_at, i.source_id, COALESCE(r.title, ''), COALESCE(r.author, ''),
		COALESCE((SELECT p.reason FROM royalty_proposals p WHERE p.item_id = i.id AND p.state = 'returned' ORDER BY p.id DESC LIMIT 1), '')
		FROM items i LEFT JOIN revisions r ON r.id = COALESCE(i.published_rev, i.current_rev)
		WHERE i.site_id = ? AND i.kind <> 'legal' AND i.first_published_at >= ? AND i.first_published_at < ?
		AND NOT EXISTS (SELECT 1 FROM royalty_proposals p WHERE p.item_id = i.id AND p.state IN ('proposed', 'approved'))
		ORDER BY i.first_published_at, i.id`, siteID, period.From.UTC(), period.To.UTC())
	if err != nil {
		return nil, fmt.Errorf("royalty undecided: %w", err)
	}
	defer rows.Close()
	var out []*Undecided
	for rows.Next() {
		var u Undecided
		var source string
		if err := rows.Scan(&u.ItemID, &u.PublishedAt, &source, &u.Title, &u.Byline, &u.Returned); err != nil {
			return nil, err
		}
		u.PubDay, u.Imported, u.NoAuthor = vn.Day(u.PublishedAt), source != "", vn.Clean(u.Byline) == ""
		out = append(out, &u)
	}
	return out, rows.Err()
}
