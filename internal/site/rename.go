package site

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Identity is what a renaming changes: how a site is called and where it
// is found. Everything else (code, owner, contacts) stays.
type Identity struct {
	Name, NameEN     string
	Host, PathPrefix string
	Kind             Kind
}

// Identity returns the site's identity in force.
func (s *Site) Identity() Identity {
	return Identity{Name: s.Name, NameEN: s.NameEN, Host: s.Host, PathPrefix: s.PathPrefix, Kind: s.Kind}
}

func (s *Site) setIdentity(id Identity) {
	s.Name, s.NameEN, s.Host, s.PathPrefix, s.Kind = id.Name, id.NameEN, id.Host, id.PathPrefix, id.Kind
}

// Rename is one renaming of a site, ordered by a decision and in force
// from EffectiveAt: the identity before (Old) and after (New). AppliedAt
// is nil while the renaming waits for its date.
type Rename struct {
	ID           int64
	SiteID       int64
	EffectiveAt  time.Time
	Old, New     Identity
	DecisionNo   string // e.g. "1234/QĐ-UBND"
	DecisionText string // what the decision says, as the history shows it
	CreatedAt    time.Time
	CreatedBy    string
	AppliedAt    *time.Time
}

// Applied reports whether the renaming is in force.
func (r *Rename) Applied() bool { return r.AppliedAt != nil }

// Until is the last moment of the old identity: the day before the
// renaming when it takes effect at midnight.
func (r *Rename) Until() *time.Time {
	t := r.EffectiveAt.Add(-time.Nanosecond)
	return &t
}

// OldName is the name before the renaming, in lang.
func (r *Rename) OldName(lang string) string {
	if lang == "en" && r.Old.NameEN != "" {
		return r.Old.NameEN
	}
	return r.Old.Name
}

// NameOn returns the name the site bore at time t, in lang: the name
// before the first renaming in force after t, or its name today. The
// issuer of an item is the site's name on the item's first publication.
func (s *Site) NameOn(t time.Time, lang string) string {
	for _, r := range s.History { // oldest first
		if r.Applied() && r.EffectiveAt.After(t) {
			return r.OldName(lang)
		}
	}
	return s.DisplayName(lang)
}

// Formerly lists the renamings in force, the latest first, for the
// site's page ("trước đây là …").
func (s *Site) Formerly() []*Rename {
	var out []*Rename
	for i := len(s.History) - 1; i >= 0; i-- {
		if s.History[i].Applied() {
			out = append(out, s.History[i])
		}
	}
	return out
}

// Since is when the identity the renaming r replaced had begun: the
// previous renaming's date, or nil when r is the first one.
func (s *Site) Since(r *Rename) *time.Time {
	var prev *time.Time
	for _, h := range s.History {
		if h == r {
			return prev
		}
		if h.Applied() {
			at := h.EffectiveAt
			prev = &at
		}
	}
	return nil
}

// Pending is the renaming that waits for its date, if any.
func (s *Site) Pending() *Rename {
	for _, r := range s.History {
		if !r.Applied() {
			return r
		}
	}
	return nil
}

// RenameOrder is what an operator asks: the new identity, from when, and
// the decision that ordered it.
type RenameOrder struct {
	To           Identity
	EffectiveAt  time.Time
	DecisionNo   string
	DecisionText string
}

// Rename records the renaming of s ordered by o and audits it. When its
// date has come the site takes its new identity at once (the old host
// and prefix then answer 301, see Resolver.Moved); otherwise it waits,
// and the resolver applies it when the date comes (ApplyDue). A site has
// at most one renaming waiting.
func (ss *Sites) Rename(ctx context.Context, s *Site, o RenameOrder, by audit.Actor) (*Rename, error) {
	o.DecisionNo, o.DecisionText = vn.Clean(o.DecisionNo), vn.Clean(o.DecisionText)
	next := *s
	next.setIdentity(o.To)
	if err := next.Validate(); err != nil {
		return nil, err
	}
	switch {
	case o.DecisionNo == "" || len(o.DecisionNo) > 100:
		return nil, apperr.Field("decision_no", "Hãy nhập số, ký hiệu của quyết định đổi tên (tối đa 100 ký tự).",
			"Enter the number of the decision that orders the renaming (at most 100 characters).")
	case len(o.DecisionText) > 2000:
		return nil, apperr.Field("decision_text", "Trích yếu quyết định tối đa 2000 ký tự.", "The decision's summary is at most 2,000 characters.")
	case o.EffectiveAt.IsZero():
		return nil, apperr.Field("effective", "Hãy nhập ngày có hiệu lực.", "Enter the date the renaming takes effect.")
	case next.Identity() == s.Identity():
		return nil, apperr.Field("name", "Tên, tên miền, tiền tố và loại trang đều không đổi.",
			"The name, host, prefix and kind are all unchanged.")
	}
	hist, err := ss.History(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	for _, h := range hist {
		if !h.Applied() {
			return nil, apperr.New(apperr.Conflict,
				"Trang đã có một lần đổi tên chờ hiệu lực ("+h.EffectiveAt.In(vn.ICT).Format("02/01/2006")+").",
				"The site already has a renaming waiting for its date ("+h.EffectiveAt.In(vn.ICT).Format("2006-01-02")+").")
		}
		if !o.EffectiveAt.After(h.EffectiveAt) {
			return nil, apperr.Field("effective", "Ngày hiệu lực phải sau lần đổi tên trước ("+h.EffectiveAt.In(vn.ICT).Format("02/01/2006")+").",
				"The date must come after the previous renaming ("+h.EffectiveAt.In(vn.ICT).Format("2006-01-02")+").")
		}
	}
	if err := ss.freeFor(ctx, s.ID, next.Host, next.PathPrefix); err != nil {
		return nil, err
	}
	now := ss.now().UTC()
	rn := &Rename{SiteID: s.ID, EffectiveAt: o.EffectiveAt.UTC(), Old: s.Identity(), New: next.Identity(),
		DecisionNo: o.DecisionNo, DecisionText: o.DecisionText, CreatedAt: now, CreatedBy: by.Name}
	err = ss.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO site_history (site_id, effective_at, old_name, old_name_en, old_host, old_path_prefix,
			old_kind, new_name, new_name_en, new_host, new_path_prefix, new_kind, decision_no, decision_text, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			rn.SiteID, rn.EffectiveAt, rn.Old.Name, rn.Old.NameEN, rn.Old.Host, rn.Old.PathPrefix, rn.Old.Kind,
			rn.New.Name, rn.New.NameEN, rn.New.Host, rn.New.PathPrefix, rn.New.Kind, rn.DecisionNo, rn.DecisionText,
			rn.CreatedAt, rn.CreatedBy).Scan(&rn.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, by.Entry("site.rename", s.ID, s.Code, renameDetail(rn))); err != nil {
			return err
		}
		if rn.EffectiveAt.After(now) {
			return nil
		}
		_, err := applyRename(ctx, tx, rn, now)
		return err
	})
	if store.IsUniqueViolation(err) {
		return nil, apperr.New(apperr.Conflict, "Tên miền hoặc tiền tố đường dẫn mới đã được dùng cho trang khác.",
			"The new host name or path prefix is already used by another site.")
	}
	if err != nil {
		return nil, fmt.Errorf("rename site %s: %w", s.Code, err)
	}
	if rn.Applied() {
		s.setIdentity(rn.New)
	}
	s.History = append(hist, rn)
	return rn, nil
}

// freeFor refuses a host or prefix another site uses today.
func (ss *Sites) freeFor(ctx context.Context, id int64, host, prefix string) error {
	var n int
	if err := ss.db.QueryRow(ctx, `SELECT COUNT(*) FROM sites WHERE id <> ? AND ((host <> '' AND host = ?) OR (path_prefix <> '' AND path_prefix = ?))`,
		id, host, prefix).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "Tên miền hoặc tiền tố đường dẫn mới đã được dùng cho trang khác.",
			"The new host name or path prefix is already used by another site.")
	}
	return nil
}

// applyRename puts rn in force within tx: the site's row takes the new
// identity and rn is marked applied. The old identity is read again from
// the row, so that an edit made while rn waited is what the history
// keeps. It reports false when another node applied rn first.
func applyRename(ctx context.Context, tx *store.Tx, rn *Rename, now time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `UPDATE site_history SET applied_at = ? WHERE id = ? AND applied_at IS NULL`, now, rn.ID)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	var old Identity
	if err := tx.QueryRow(ctx, `SELECT name, name_en, host, path_prefix, kind FROM sites WHERE id = ?`, rn.SiteID).
		Scan(&old.Name, &old.NameEN, &old.Host, &old.PathPrefix, &old.Kind); err != nil {
		return false, err
	}
	rn.Old = old
	if _, err := tx.Exec(ctx, `UPDATE site_history SET old_name = ?, old_name_en = ?, old_host = ?, old_path_prefix = ?, old_kind = ?
		WHERE id = ?`, old.Name, old.NameEN, old.Host, old.PathPrefix, old.Kind, rn.ID); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `UPDATE sites SET name = ?, name_en = ?, host = ?, path_prefix = ?, kind = ? WHERE id = ?`,
		rn.New.Name, rn.New.NameEN, rn.New.Host, rn.New.PathPrefix, rn.New.Kind, rn.SiteID); err != nil {
		return false, err
	}
	rn.AppliedAt = &now
	return true, nil
}

// ApplyDue puts in force every renaming whose date has come, each in its
// own transaction with an audit entry, and returns how many it applied.
// Several nodes may call it at once: each renaming is applied once.
func (ss *Sites) ApplyDue(ctx context.Context) (int, error) {
	now := ss.now().UTC()
	all, err := ss.histories(ctx, `WHERE applied_at IS NULL AND effective_at <= ?`, now)
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, list := range all {
		for _, rn := range list {
			err := ss.db.InTx(ctx, func(tx *store.Tx) error {
				ok, err := applyRename(ctx, tx, rn, now)
				if err != nil || !ok {
					return err
				}
				n++
				return audit.Record(ctx, tx, audit.Actor{Name: "system", IP: "local"}.Entry("site.rename.apply", rn.SiteID, rn.New.Host+rn.New.PathPrefix, renameDetail(rn)))
			})
			if err != nil && first == nil {
				first = fmt.Errorf("apply renaming %d of site %d: %w", rn.ID, rn.SiteID, err)
			}
		}
	}
	return n, first
}

func renameDetail(rn *Rename) string {
	where := func(id Identity) string { return strings.TrimSpace(id.Host + " " + id.PathPrefix) }
	return fmt.Sprintf("%s → %s; %s → %s; %s → %s; QĐ %s; từ %s", rn.Old.Name, rn.New.Name, where(rn.Old), where(rn.New),
		rn.Old.Kind, rn.New.Kind, rn.DecisionNo, rn.EffectiveAt.In(vn.ICT).Format("02/01/2006 15:04"))
}

// History returns the renamings of one site, oldest first, those waiting
// included.
func (ss *Sites) History(ctx context.Context, siteID int64) ([]*Rename, error) {
	all, err := ss.histories(ctx, `WHERE site_id = ?`, siteID)
	return all[siteID], err
}

// histories reads renamings by site, oldest first within each.
func (ss *Sites) histories(ctx context.Context, where string, args ...any) (map[int64][]*Rename, error) {
	rows, err := ss.db.Query(ctx, `SELECT id, site_id, effective_at, old_name, old_name_en, old_host, old_path_prefix, old_kind,
		new_name, new_name_en, new_host, new_path_prefix, new_kind, decision_no, decision_text, created_at, created_by, applied_at
		FROM site_history `+where+` ORDER BY site_id, effective_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("site history: %w", err)
	}
	defer rows.Close()
	out := map[int64][]*Rename{}
	for rows.Next() {
		var r Rename
		var applied sql.NullTime
		if err := rows.Scan(&r.ID, &r.SiteID, &r.EffectiveAt, &r.Old.Name, &r.Old.NameEN, &r.Old.Host, &r.Old.PathPrefix, &r.Old.Kind,
			&r.New.Name, &r.New.NameEN, &r.New.Host, &r.New.PathPrefix, &r.New.Kind, &r.DecisionNo, &r.DecisionText,
			&r.CreatedAt, &r.CreatedBy, &applied); err != nil {
			return nil, err
		}
		if applied.Valid {
			at := applied.Time
			r.AppliedAt = &at
		}
		out[r.SiteID] = append(out[r.SiteID], &r)
	}
	return out, rows.Err()
}

// withHistory gives the site a lookup found its renamings.
func (ss *Sites) withHistory(ctx context.Context) func(*Site, error) (*Site, error) {
	return func(s *Site, err error) (*Site, error) {
		if err != nil {
			return nil, err
		}
		s.History, err = ss.History(ctx, s.ID)
		return s, err
	}
}

// attachHistory gives each site of list its renamings.
func (ss *Sites) attachHistory(ctx context.Context, list []*Site) error {
	all, err := ss.histories(ctx, ``)
	if err != nil {
		return err
	}
	for _, s := range list {
		s.History = all[s.ID]
	}
	return nil
}

// moves are the old hosts and prefixes of renamed sites that no live
// site uses, each leading to the site that bore it; a host or prefix
// used by several sites over time leads to the one that left it last.
func moves(list []*Site, byHost, byPrefix map[string]*Site) (oldHost, oldPrefix map[string]*Site) {
	type move struct {
		at   time.Time
		site *Site
		old  Identity
	}
	var all []move
	for _, s := range list {
		for _, r := range s.History {
			if r.Applied() {
				all = append(all, move{r.EffectiveAt, s, r.Old})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	oldHost, oldPrefix = map[string]*Site{}, map[string]*Site{}
	for _, m := range all {
		if h := m.old.Host; h != "" && byHost[h] == nil {
			oldHost[h] = m.site
		}
		if p := m.old.PathPrefix; p != "" && byPrefix[p] == nil {
			oldPrefix[p] = m.site
		}
	}
	return oldHost, oldPrefix
}

// nextDue is the earliest date of a renaming waiting in list, or zero.
func nextDue(list []*Site) time.Time {
	var due time.Time
	for _, s := range list {
		if p := s.Pending(); p != nil && (due.IsZero() || p.EffectiveAt.Before(due)) {
			due = p.EffectiveAt
		}
	}
	return due
}
