package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
)

// CheckResult is what a check of a backup found.
type CheckResult struct {
	Name   string
	Tables int
	Rows   int64
	Media  int
}

// MismatchError says which tables of a restored backup differ from its
// manifest.
type MismatchError struct {
	Name   string
	Tables []string // "TABLE: what differs"
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s: khôi phục thử không khớp với tệp kê khai (the restored rows differ from the manifest): %s",
		e.Name, strings.Join(e.Tables, "; "))
}

// CheckRestore proves that backup name of dest restores: it checks every
// part's hash (Verify), loads the tables into a scratch SQLite database
// in a new folder under tmp ("" for the system's temporary folder) with
// exactly the backup's schema, and compares each table's row count and
// row digest with the manifest. The media are checked by their hashes,
// not copied. The scratch folder is removed afterwards.
func CheckRestore(ctx context.Context, dest Destination, name, tmp string) (*CheckResult, error) {
	m, err := Verify(ctx, dest, name, nil)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tmp, "cong-kiem-tra-")
	if err != nil {
		return nil, fmt.Errorf("tạo thư mục tạm để khôi phục thử: %w", err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := migrateExactly(ctx, db, m.Migrations); err != nil {
		return nil, fmt.Errorf("tạo lược đồ của bản sao lưu: %w", err)
	}
	res := &RestoreResult{}
	if err := loadAll(ctx, RestoreOptions{Dest: dest, Name: name, DB: db}, m, res, func(string, ...any) {}); err != nil {
		return nil, fmt.Errorf("khôi phục thử %s: %w", name, err)
	}
	got, err := Digest(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("đọc lại các bảng đã khôi phục: %w", err)
	}
	var bad []string
	listed := map[string]bool{}
	for _, t := range m.Tables {
		listed[t.Name] = true
		g, ok := got[t.Name]
		switch {
		case !ok:
			bad = append(bad, t.Name+": không có sau khi khôi phục (missing)")
		case g.Rows != t.Rows:
			bad = append(bad, fmt.Sprintf("%s: %d dòng, tệp kê khai ghi %d (row count)", t.Name, g.Rows, t.Rows))
		case g.Digest != t.Digest:
			bad = append(bad, t.Name+": mã băm các dòng khác tệp kê khai (row digest)")
		}
	}
	for t, g := range got {
		if !listed[t] && g.Rows > 0 {
			bad = append(bad, fmt.Sprintf("%s: %d dòng không có trong tệp kê khai (rows not in the manifest)", t, g.Rows))
		}
	}
	if len(bad) > 0 {
		return nil, &MismatchError{Name: name, Tables: bad}
	}
	return &CheckResult{Name: name, Tables: res.Tables, Rows: res.Rows, Media: len(m.Media)}, nil
}

// verifyDue says whether the weekly check is due: by the time of the
// last checks, then if the destination holds a backup (a destination
// that cannot be read counts as holding one, so that the check runs and
// records the error).
func (s *Scheduler) verifyDue(ctx context.Context, set *Settings, now time.Time) (bool, error) {
	var lastOK, lastTry time.Time
	if r, err := s.Last(ctx, KindVerify, true); err != nil {
		return false, err
	} else if r != nil {
		lastOK = r.Started
	}
	if r, err := s.Last(ctx, KindVerify, false); err != nil {
		return false, err
	} else if r != nil {
		lastTry = r.Started
	}
	if !VerifyDue(now, set, true, lastOK, lastTry) {
		return false, nil
	}
	all, err := stamps(ctx, &Local{Dir: s.Folder(set)})
	return err != nil || len(all) > 0, nil
}

// verify restores the newest backup of the destination into a scratch
// database and compares it with its manifest, recording the run.
func (s *Scheduler) verify(ctx context.Context, set *Settings, reason, by string) error {
	r := &RunRecord{Kind: KindVerify, Reason: reason, RequestedBy: by, Dest: s.Folder(set)}
	if err := s.start(ctx, r); err != nil {
		return err
	}
	runErr := func() error {
		dest := &Local{Dir: r.Dest}
		all, err := stamps(ctx, dest)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return errors.New("không có bản sao lưu nào để kiểm tra (no backup to check)")
		}
		newest := all[0]
		for _, b := range all[1:] {
			if b.At.After(newest.At) || (b.At.Equal(newest.At) && b.Name > newest.Name) {
				newest = b
			}
		}
		r.Name = newest.Name
		res, err := CheckRestore(ctx, dest, newest.Name, s.TempDir)
		if err != nil {
			return err
		}
		r.Tables, r.Rows, r.Media = res.Tables, res.Rows, res.Media
		s.log().Info("backup verified", "name", res.Name, "tables", res.Tables, "rows", res.Rows)
		return nil
	}()
	quiet := errors.Is(ctx.Err(), context.Canceled)
	if err := s.finish(ctx, r, runErr == nil, runErr, quiet); err != nil {
		return errors.Join(runErr, err)
	}
	return runErr
}
