package procedure

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the sites' catalogues.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the store on db.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

var errNoProcedure = apperr.New(apperr.NotFound, "Không có thủ tục này trong danh mục.", "No such procedure in the catalogue.")

// columns are the stored fields of a procedure, in the order of values.
const columns = `code, name, field, level, agency, service_level, partial_reason, partial_basis, proactive, steps, methods, dossier,
	time_limit, subjects, result, fees, requirements, forms, legal_basis, decision, service_url`

// values are p's fields in the order of columns.
func (p *Procedure) values() []any {
	dossier, _ := json.Marshal(nonNil(p.Dossier))
	forms, _ := json.Marshal(nonNil(p.Forms))
	return []any{p.Code, p.Name, p.Field, string(p.Level), p.Agency, string(p.ServiceLevel), p.PartialReason, p.PartialBasis, p.Proactive,
		p.Steps, p.Methods, string(dossier), p.TimeLimit, p.Subjects, p.Result, p.Fees, p.Requirements, string(forms), p.LegalBasis,
		p.Decision, p.ServiceURL}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// same reports whether a and b hold the same content.
func same(a, b *Procedure) bool {
	x, y := a.values(), b.values()
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// Result is what an import did.
type Result struct {
	Created, Updated, Unchanged int
}

// upsert writes p (already clean) to the site under its code: a new row,
// an update of the row with that code (one that was removed comes back),
// or nothing when the content is the same. It reports what it did: 'c',
// 'u' or '='.
func (s *Store) upsert(ctx context.Context, tx *store.Tx, p *Procedure, by audit.Actor, now time.Time) (byte, error) {
	old, removed, err := s.get(ctx, tx, p.SiteID, p.Code, true)
	if errors.Is(err, errNoProcedure) {
		err = tx.QueryRow(ctx, `INSERT INTO procedures (site_id, `+columns+`, created_at, updated_at, updated_by_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			append(append([]any{p.SiteID}, p.values()...), now, now, by.Name)...).Scan(&p.ID)
		return 'c', err
	}
	if err != nil {
		return 0, err
	}
	p.ID = old.ID
	if !removed && same(old, p) {
		return '=', nil
	}
	_, err = tx.Exec(ctx, `UPDATE procedures SET code = ?, name = ?, field = ?, level = ?, agency = ?, service_level = ?, partial_reason = ?,
		partial_basis = ?, proactive = ?, steps = ?, methods = ?, dossier = ?, time_limit = ?, subjects = ?, result = ?, fees = ?,
		requirements = ?, forms = ?, legal_basis = ?, decision = ?, service_url = ?, updated_at = ?, updated_by_name = ?, removed_at = NULL
		WHERE id = ?`, append(p.values(), now, by.Name, p.ID)...)
	if removed {
		return 'c', err
	}
	return 'u', err
}

// Save writes a procedure entered by hand, audited. A new one (ID 0)
// must not take the code of one in the catalogue; a change keeps its
// code.
func (s *Store) Save(ctx context.Context, p *Procedure, by audit.Actor) error {
	if err := p.Clean(); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		old, removed, err := s.get(ctx, tx, p.SiteID, p.Code, true)
		switch {
		case err != nil && !errors.Is(err, errNoProcedure):
			return err
		case p.ID == 0 && err == nil && !removed:
			return apperr.Field("ma_thu_tuc", fmt.Sprintf("Danh mục đã có thủ tục mã %s: hãy sửa thủ tục đó.", p.Code),
				fmt.Sprintf("The catalogue already has the procedure %s: change that one.", p.Code))
		case p.ID != 0 && (err != nil || old.ID != p.ID || removed):
			return errNoProcedure
		}
		what, err := s.upsert(ctx, tx, p, by, now)
		if err != nil || what == '=' {
			return err
		}
		action := "procedure.update"
		if what == 'c' {
			action = "procedure.create"
		}
		return audit.Record(ctx, tx, by.Entry(action, p.SiteID, "procedure:"+p.Code, p.Name))
	})
	return apperr.Wrap(err, "save procedure")
}

// Import writes the procedures of a file to the site in one transaction:
// either every record is stored or, on any failure, none. Audited once,
// with what changed.
func (s *Store) Import(ctx context.Context, siteID int64, recs []Parsed[*Procedure], source string, by audit.Actor) (Result, error) {
	var res Result
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res = Result{}
		for _, r := range recs {
			p := r.Record
			p.SiteID = siteID
			if err := p.Clean(); err != nil {
				return atLine(r.Line, err)
			}
			what, err := s.upsert(ctx, tx, p, by, now)
			if err != nil {
				return fmt.Errorf("line %d (%s): %w", r.Line, p.Code, err)
			}
			switch what {
			case 'c':
				res.Created++
			case 'u':
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		return audit.Record(ctx, tx, by.Entry("procedure.import", siteID, "site:"+strconv.FormatInt(siteID, 10),
			fmt.Sprintf("%s: %d mới, %d cập nhật, %d không đổi", source, res.Created, res.Updated, res.Unchanged)))
	})
	return res, apperr.Wrap(err, "import procedures")
}

// ImportStats writes a file's yearly figures in one transaction; every
// code must be a procedure of the site's catalogue. It returns how many
// were written.
func (s *Store) ImportStats(ctx context.Context, siteID int64, recs []Parsed[*Stats], source string, by audit.Actor) (int, error) {
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range recs {
			st := r.Record
			if err := st.Clean(); err != nil {
				return atLine(r.Line, err)
			}
			p, removed, err := s.get(ctx, tx, siteID, st.Code, false)
			if errors.Is(err, errNoProcedure) || removed {
				return lineError(r.Line, "ma_thu_tuc", apperr.Msg{VI: fmt.Sprintf("danh mục của trang không có thủ tục mã %s; hãy nhập thủ tục trước.", st.Code),
					EN: fmt.Sprintf("the site's catalogue has no procedure %s; import it first.", st.Code)})
			}
			if err != nil {
				return err
			}
			res, err := tx.Exec(ctx, `UPDATE procedure_stats SET received_online = ?, received_total = ?, resolved = ?, resolved_on_time = ?,
				updated_at = ? WHERE procedure_id = ? AND year = ?`, st.ReceivedOnline, st.ReceivedTotal, st.Resolved, st.OnTime, now, p.ID, st.Year)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO procedure_stats (procedure_id, year, received_online, received_total, resolved,
					resolved_on_time, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, p.ID, st.Year, st.ReceivedOnline, st.ReceivedTotal,
					st.Resolved, st.OnTime, now); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, by.Entry("procedure.stats.import", siteID, "site:"+strconv.FormatInt(siteID, 10),
			fmt.Sprintf("%s: %d dòng số liệu", source, len(recs))))
	})
	if err != nil {
		return 0, apperr.Wrap(err, "import procedure statistics")
	}
	return len(recs), nil
}

// Remove takes a procedure out of the catalogue (the row and its figures
// are kept: importing its code again brings it back), audited.
func (s *Store) Remove(ctx context.Context, siteID int64, code string, by audit.Actor) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		p, removed, err := s.get(ctx, tx, siteID, code, false)
		if err != nil {
			return err
		}
		if removed {
			return errNoProcedure
		}
		if _, err := tx.Exec(ctx, `UPDATE procedures SET removed_at = ?, updated_by_name = ? WHERE id = ?`, s.now().UTC(), by.Name, p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("procedure.remove", siteID, "procedure:"+code, p.Name))
	})
	return apperr.Wrap(err, "remove procedure")
}

// get reads the site's procedure of a code, removed or not; without full
// only the id and name.
func (s *Store) get(ctx context.Context, q store.Querier, siteID int64, code string, full bool) (*Procedure, bool, error) {
	p := &Procedure{SiteID: siteID}
	var removed sql.NullTime
	var err error
	if full {
		err = scanProcedure(q.QueryRow(ctx, `SELECT id, `+columns+`, updated_at, updated_by_name, removed_at FROM procedures
			WHERE site_id = ? AND code = ?`, siteID, code), p, &removed)
	} else {
		err = q.QueryRow(ctx, `SELECT id, name, removed_at FROM procedures WHERE site_id = ? AND code = ?`, siteID, code).Scan(&p.ID, &p.Name, &removed)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, errNoProcedure
	}
	return p, removed.Valid, err
}

func scanProcedure(row interface{ Scan(...any) error }, p *Procedure, removed *sql.NullTime) error {
	var level, service, dossier, forms string
	if err := row.Scan(&p.ID, &p.Code, &p.Name, &p.Field, &level, &p.Agency, &service, &p.PartialReason, &p.PartialBasis, &p.Proactive,
		&p.Steps, &p.Methods, &dossier, &p.TimeLimit, &p.Subjects, &p.Result, &p.Fees, &p.Requirements, &forms, &p.LegalBasis,
		&p.Decision, &p.ServiceURL, &p.UpdatedAt, &p.UpdatedBy, removed); err != nil {
		return err
	}
	p.Level, p.ServiceLevel = Level(level), ServiceLevel(service)
	if err := json.Unmarshal([]byte(dossier), &p.Dossier); err != nil {
		return fmt.Errorf("procedure %s: dossier: %w", p.Code, err)
	}
	if err := json.Unmarshal([]byte(forms), &p.Forms); err != nil {
		return fmt.Errorf("procedure %s: forms: %w", p.Code, err)
	}
	return nil
}

// ByCode returns the site's procedure of a code, with every field.
func (s *Store) ByCode(ctx context.Context, siteID int64, code string) (*Procedure, error) {
	if !ValidCode(code) {
		return nil, errNoProcedure
	}
	p, removed, err := s.get(ctx, s.db, siteID, code, true)
	if err == nil && removed {
		err = errNoProcedure
	}
	if err != nil {
		return nil, apperr.Wrap(err, "procedure")
	}
	return p, nil
}

// List returns the site's catalogue, the fields of a list only (code,
// name, field, level, agency, service levels, last change), in the order
// of their names.
func (s *Store) List(ctx context.Context, siteID int64) ([]*Procedure, error) {
	rows, err := s.db.Query(ctx, `SELECT id, code, name, field, level, agency, service_level, proactive, service_url, updated_at, updated_by_name
		FROM procedures WHERE site_id = ? AND removed_at IS NULL`, siteID)
	if err != nil {
		return nil, fmt.Errorf("procedures: %w", err)
	}
	defer rows.Close()
	var out []*Procedure
	for rows.Next() {
		p := &Procedure{SiteID: siteID}
		var level, service string
		if err := rows.Scan(&p.ID, &p.Code, &p.Name, &p.Field, &level, &p.Agency, &service, &p.Proactive, &p.ServiceURL, &p.UpdatedAt, &p.UpdatedBy); err != nil {
			return nil, err
		}
		p.Level, p.ServiceLevel = Level(level), ServiceLevel(service)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortByName(out)
	return out, nil
}

// Stats returns a procedure's figures, the latest year first.
func (s *Store) Stats(ctx context.Context, procedureID int64) ([]*Stats, error) {
	rows, err := s.db.Query(ctx, `SELECT p.code, t.year, t.received_online, t.received_total, t.resolved, t.resolved_on_time, t.updated_at
		FROM procedure_stats t JOIN procedures p ON p.id = t.procedure_id WHERE t.procedure_id = ? ORDER BY t.year DESC`, procedureID)
	if err != nil {
		return nil, fmt.Errorf("procedure statistics: %w", err)
	}
	defer rows.Close()
	var out []*Stats
	for rows.Next() {
		var st Stats
		if err := rows.Scan(&st.Code, &st.Year, &st.ReceivedOnline, &st.ReceivedTotal, &st.Resolved, &st.OnTime, &st.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, &st)
	}
	return out, rows.Err()
}

func sortByName(ps []*Procedure) {
	keys := make(map[*Procedure]string, len(ps))
	for _, p := range ps {
		keys[p] = string(vn.SortKey(p.Name))
	}
	slices.SortFunc(ps, func(a, b *Procedure) int {
		if c := strings.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}
