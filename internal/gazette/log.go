package gazette

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
)

// genesis is the previous hash of the log's first entry.
var genesis = strings.Repeat("0", 64)

// Entry is one entry of the publication log.
type Entry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	Kind       string          `json:"kind"`
	Ref        string          `json:"ref"`
	FileSHA256 string          `json:"file_sha256,omitempty"`
	Record     json.RawMessage `json:"record"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

// entryHash is the hash that chains an entry to the one before it.
func entryHash(prev string, at time.Time, kind, ref, file, record string) string {
	h := sha256.New()
	for _, part := range []string{prev, at.UTC().Format(time.RFC3339Nano), kind, ref, file, record} {
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendLog adds an entry after the last one, in the caller's
// transaction. Entries are appended one at a time: on PostgreSQL the
// table is locked for the transaction so two publications cannot both
// chain to the same last entry (the hash is unique as well).
func appendLog(ctx context.Context, tx *store.Tx, at time.Time, kind, ref, file, record string) error {
	if tx.Dialect() == store.Postgres {
		if _, err := tx.Exec(ctx, `LOCK TABLE gazette_log IN EXCLUSIVE MODE`); err != nil {
			return err
		}
	}
	at = at.UTC().Truncate(time.Microsecond) // what both databases keep
	prev := genesis
	var last string
	err := tx.QueryRow(ctx, `SELECT hash FROM gazette_log ORDER BY id DESC LIMIT 1`).Scan(&last)
	if err == nil {
		prev = last
	}
	_, err = tx.Exec(ctx, `INSERT INTO gazette_log (at, kind, ref, file_sha256, record, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		at, kind, ref, file, record, prev, entryHash(prev, at, kind, ref, file, record))
	return err
}

// docRecordJSON is what the log keeps of a document.
type docRecordJSON struct {
	ID          int64  `json:"id"`
	Number      string `json:"number"`
	Type        string `json:"type"`
	Issuer      string `json:"issuer"`
	Signer      string `json:"signer"`
	Field       string `json:"field,omitempty"`
	SignedOn    string `json:"signed_on"`
	EffectiveOn string `json:"effective_on,omitempty"`
	Abstract    string `json:"abstract"`
	File        string `json:"file_sha256"`
	Signature   string `json:"signature"`
	Override    string `json:"override,omitempty"`
	Issue       string `json:"issue"`
	Page        int    `json:"page"`
	State       string `json:"state"`
	Withdrawn   string `json:"withdrawn,omitempty"`
	Corrects    int64  `json:"corrects,omitempty"`
}

func docRecord(d *Doc, is *Issue) string {
	b, _ := json.Marshal(docRecordJSON{ID: d.ID, Number: d.Number, Type: d.DocType, Issuer: d.Issuer, Signer: d.Signer, Field: d.Field,
		SignedOn: d.SignedOn, EffectiveOn: d.EffectiveOn, Abstract: d.Abstract, File: d.PDFSHA256, Signature: string(d.SigStatus),
		Override: d.Override, Issue: is.Slug, Page: d.PageStart, State: string(d.State), Withdrawn: d.Withdrawn, Corrects: d.CorrectsID})
	return string(b)
}

func issueRecord(is *Issue) string {
	docs := make([]int64, len(is.Docs))
	for i, d := range is.Docs {
		docs[i] = d.ID
	}
	b, _ := json.Marshal(struct {
		Slug  string  `json:"slug"`
		Label string  `json:"label"`
		Date  string  `json:"issue_date"`
		File  string  `json:"file_sha256"`
		Pages int     `json:"pages"`
		Docs  []int64 `json:"documents"`
	}{is.Slug, is.Label, is.IssueDate, is.PDFSHA256, is.Pages, docs})
	return string(b)
}

// Log returns a page of the log, oldest first, after entry id after.
func (s *Store) Log(ctx context.Context, after int64, limit int) ([]*Entry, error) {
	rows, err := s.db.Query(ctx, `SELECT id, at, kind, ref, file_sha256, record, prev_hash, hash FROM gazette_log WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		var e Entry
		var record string
		if err := rows.Scan(&e.ID, &e.At, &e.Kind, &e.Ref, &e.FileSHA256, &record, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		e.Record = json.RawMessage(record)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Problem is one finding of Verify.
type Problem struct {
	EntryID int64  // 0 when it is about a record, not an entry
	Ref     string // what it is about
	What    string // in Vietnamese
}

func (p Problem) String() string {
	if p.EntryID != 0 {
		return fmt.Sprintf("mục %d (%s): %s", p.EntryID, p.Ref, p.What)
	}
	return p.Ref + ": " + p.What
}

// Verify recomputes the log's chain and every logged file's hash, and
// compares each published record with its last entry: the first problem
// it finds in the chain, and every file or record that does not match,
// are returned (none: the log and what it covers are intact). progress,
// when set, is told how many entries were checked.
func (s *Store) Verify(ctx context.Context, progress func(n int)) ([]Problem, error) {
	var problems []Problem
	prev := genesis
	lastRecord := map[string]string{}
	fileOK := map[string]bool{}
	var after int64
	n := 0
	chainBroken := false
	for {
		list, err := s.Log(ctx, after, 1000)
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			break
		}
		for _, e := range list {
			after = e.ID
			n++
			if !chainBroken {
				if e.PrevHash != prev {
					problems = append(problems, Problem{e.ID, e.Ref, "không nối với mục trước (một mục đã bị xóa hoặc chèn thêm)"})
					chainBroken = true
				} else if entryHash(e.PrevHash, e.At, e.Kind, e.Ref, e.FileSHA256, string(e.Record)) != e.Hash {
					problems = append(problems, Problem{e.ID, e.Ref, "nội dung mục đã bị thay đổi (mã băm không khớp)"})
					chainBroken = true
				}
			}
			prev = e.Hash
			if e.FileSHA256 != "" {
				ok, seen := fileOK[e.FileSHA256]
				if !seen {
					ok = s.fileIntact(ctx, e.FileSHA256)
					fileOK[e.FileSHA256] = ok
				}
				if !ok {
					problems = append(problems, Problem{e.ID, e.Ref, "tệp " + e.FileSHA256[:12] + "… bị thiếu hoặc đã bị thay đổi"})
				}
			}
			if strings.HasPrefix(e.Ref, "van-ban/") {
				lastRecord[e.Ref] = string(e.Record)
			}
		}
		if progress != nil {
			progress(n)
		}
	}
	// Every published record is the one last logged for it.
	rows, err := s.db.Query(ctx, `SELECT `+docColumns+`, i.slug`+docFrom+`JOIN gazette_issues i ON i.id = d.issue_id WHERE d.state <> 'received' ORDER BY d.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		d, err := scanDocWith(rows, &slug)
		if err != nil {
			return nil, err
		}
		got, logged := docRecord(d, &Issue{Slug: slug}), lastRecord[docRef(d)]
		switch {
		case logged == "":
			problems = append(problems, Problem{0, docRef(d), "văn bản " + d.Number + " đã đăng nhưng không có trong nhật ký"})
		case got != logged:
			problems = append(problems, Problem{0, docRef(d), "văn bản " + d.Number + " đã bị sửa mà không ghi nhật ký"})
		}
	}
	return problems, rows.Err()
}

// fileIntact reports whether the stored file's bytes still hash to its name.
func (s *Store) fileIntact(ctx context.Context, sum string) bool {
	var data string
	if err := s.db.QueryRow(ctx, `SELECT data FROM gazette_files WHERE sha256 = ?`, sum).Scan(&data); err != nil {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return false
	}
	got := sha256.Sum256(b)
	return hex.EncodeToString(got[:]) == sum
}

// scanDocWith scans docColumns and then more columns.
func scanDocWith(row interface{ Scan(...any) error }, more ...any) (*Doc, error) {
	return scanDoc(scanFunc(func(dest ...any) error { return row.Scan(append(dest, more...)...) }))
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

func htmlEscape(s string) string { return html.EscapeString(s) }
