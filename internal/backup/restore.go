package backup

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
)

// RestoreOptions says which backup to restore and into what.
type RestoreOptions struct {
	Dest     Destination
	Name     string      // the backup's name in Dest
	DB       *store.DB   // the target, opened; Restore migrates it
	MediaDir string      // the target's DATA/media
	Media    media.Blobs // when set, the target's media store instead of MediaDir (an S3 bucket)
	// Replace allows a target that holds data: everything in it is
	// dropped first. The command asks for confirmation (--yes).
	Replace  bool
	Progress func(format string, args ...any)
}

// RestoreResult sums up a restore.
type RestoreResult struct {
	Tables        int
	Rows          int64
	MediaCopied   int
	MediaSkipped  int
	Migrated      int // migrations newer than the backup, applied after the load
	Indexed       int // documents in the rebuilt search index
	SchemaVersion int // of the backup
	Elapsed       time.Duration
}

// NotEmptyError refuses a target that holds data.
type NotEmptyError struct {
	Table string
	Rows  int64
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("cơ sở dữ liệu đích không trống (bảng %s có %d dòng): chỉ khôi phục vào cơ sở dữ liệu trống, hoặc thêm --replace --yes để xóa hết và thay bằng bản sao lưu (the target database is not empty)", e.Table, e.Rows)
}

// Restore checks every hash of the backup, then — only then — creates
// the backup's schema in the target, loads the rows in the order of
// their foreign keys, applies the migrations newer than the backup, sets
// PostgreSQL's identity sequences past the largest ids, rebuilds the
// search index and copies the media.
func Restore(ctx context.Context, o RestoreOptions) (*RestoreResult, error) {
	start := time.Now()
	progress := o.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	defer boundMemory()()
	progress("kiểm tra bản sao lưu %s…\n", o.Name)
	m, err := Verify(ctx, o.Dest, o.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("bản sao lưu không dùng được, không ghi gì (the backup is refused, nothing was written): %w", err)
	}
	for _, md := range m.Media {
		if !filepath.IsLocal(filepath.FromSlash(md.Path)) {
			return nil, &VerifyError{o.Name + "/" + ManifestName, "đường dẫn tệp phương tiện không hợp lệ: " + md.Path}
		}
	}
	db := o.DB
	res := &RestoreResult{SchemaVersion: m.SchemaVersion}

	// The target: empty (perhaps migrated already), or replaced.
	q := queryFunc(db.Query)
	present, err := listTables(ctx, q, db.Dialect)
	if err != nil {
		return nil, err
	}
	if slices.Contains(present, "schema_migrations") {
		if err := checkEmpty(ctx, db, present); err != nil {
			var ne *NotEmptyError
			if !errors.As(err, &ne) || !o.Replace {
				return nil, err
			}
		}
		applied, err := strings1(ctx, q, "SELECT CAST(version AS TEXT) FROM schema_migrations ORDER BY version")
		if err != nil {
			return nil, err
		}
		if o.Replace || !sameVersions(applied, m.Migrations) {
			// An empty database at another schema is made again at the
			// backup's: the newer migrations are applied after the load.
			progress("xóa lược đồ của cơ sở dữ liệu đích…\n")
			if err := dropAll(ctx, db); err != nil {
				return nil, fmt.Errorf("xóa cơ sở dữ liệu đích: %w", err)
			}
			present = nil
		}
	} else if len(present) > 0 && !o.Replace {
		return nil, fmt.Errorf("cơ sở dữ liệu đích có bảng nhưng không phải của cong (%s…): chỉ khôi phục vào cơ sở dữ liệu trống (the target holds other tables)", present[0])
	}
	if !slices.Contains(present, "schema_migrations") {
		if err := migrateExactly(ctx, db, m.Migrations); err != nil {
			return nil, err
		}
	}

	if err := loadAll(ctx, o, m, res, progress); err != nil {
		return nil, err
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("áp dụng các bản chuyển đổi mới hơn bản sao lưu: %w", err)
	}
	res.Migrated = n
	progress("lập lại chỉ mục tìm kiếm…\n")
	if res.Indexed, err = search.New(db, time.Now).Reindex(ctx, nil); err != nil {
		return nil, fmt.Errorf("lập lại chỉ mục tìm kiếm: %w (chạy cong search reindex)", err)
	}
	if err := restoreMedia(ctx, o, m, res, progress); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// restoreMemoryLimit is the soft memory limit of a restore run where
// the process has none. Rebuilding the search index reads 500 items at a
// time: with the corpus's long legal documents in one batch its live heap
// reaches about 130 MB, and with the collector's default (GOGC=100) the
// heap doubled that, 370 MB of RSS on PostgreSQL (docs/performance.md,
// "Backups (issue 15)"). Under the limit the collector runs as often as it must
// near the peak and the restore stays under 300 MB.
const restoreMemoryLimit = 200 << 20

// boundMemory sets restoreMemoryLimit when the process has no memory
// limit (cong restore from a shell; cong serve sets its own, and the
// operator's GOMEMLIMIT wins), and returns what puts it back.
func boundMemory() func() {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	debug.SetMemoryLimit(restoreMemoryLimit)
	return func() { debug.SetMemoryLimit(math.MaxInt64) }
}

func sameVersions(applied []string, want []int) bool {
	if len(applied) != len(want) {
		return false
	}
	sorted := slices.Clone(want)
	slices.Sort(sorted)
	for i, a := range applied {
		if a != fmt.Sprint(sorted[i]) {
			return false
		}
	}
	return true
}

// checkEmpty reports the first table that holds rows, leaving out the
// derived tables and the rows a migration writes.
func checkEmpty(ctx context.Context, db *store.DB, tables []string) error {
	seeded := seededTables()
	for _, t := range tables {
		if derived(t) || seeded[strings.ToLower(t)] {
			continue
		}
		var n int64
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&n); err != nil {
			return fmt.Errorf("đếm dòng của bảng %s: %w", t, err)
		}
		if n > 0 {
			return &NotEmptyError{Table: t, Rows: n}
		}
	}
	return nil
}

// loadAll loads every table of the backup in one transaction.
func loadAll(ctx context.Context, o RestoreOptions, m *Manifest, res *RestoreResult, progress func(string, ...any)) error {
	db := o.DB
	q := queryFunc(db.Query)
	present, err := listTables(ctx, q, db.Dialect)
	if err != nil {
		return err
	}
	byName := map[string]Table{}
	var names []string
	for _, t := range m.Tables {
		if !slices.Contains(present, t.Name) {
			return fmt.Errorf("bảng %s của bản sao lưu không có trong lược đồ đích (table missing from the target schema)", t.Name)
		}
		byName[t.Name] = t
		names = append(names, t.Name)
	}
	fks, err := foreignKeys(ctx, q, db.Dialect, names)
	if err != nil {
		return err
	}
	order, err := loadOrder(names, fks)
	if err != nil {
		return err
	}
	type target struct {
		kinds map[string]string
		pk    []string
	}
	targets := map[string]target{}
	for _, t := range order {
		cols, pk, err := tableColumns(ctx, q, db.Dialect, t)
		if err != nil {
			return err
		}
		kinds := map[string]string{}
		for _, c := range cols {
			kinds[c.Name] = c.Type
		}
		targets[t] = target{kinds, pk}
	}
	var identities [][2]string
	if db.Dialect == store.Postgres {
		rows, err := db.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t, c string
			if err := rows.Scan(&t, &c); err != nil {
				rows.Close()
				return err
			}
			identities = append(identities, [2]string{t, c})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		// Children first: rows a migration wrote make way for the backup's.
		for i := len(order) - 1; i >= 0; i-- {
			if _, err := tx.Exec(ctx, "DELETE FROM "+quoteIdent(order[i])); err != nil {
				return fmt.Errorf("làm trống bảng %s: %w", order[i], err)
			}
		}
		for _, t := range order {
			self := map[string]bool{}
			for _, f := range fks {
				if f.child == t && f.parent == t {
					self[f.column] = true
				}
			}
			tg := targets[t]
			n, err := loadTable(ctx, o.Dest, o.Name, tx, db.Dialect, byName[t], tg.kinds, tg.pk, self)
			if err != nil {
				return fmt.Errorf("nạp bảng %s: %w", t, err)
			}
			res.Tables++
			res.Rows += n
			progress("bảng %-28s %9d dòng\n", t, n)
		}
		for _, ic := range identities {
			if _, ok := byName[ic[0]]; !ok {
				continue
			}
			t, c := quoteIdent(ic[0]), quoteIdent(ic[1])
			if _, err := tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence("+quoteLit(t)+", "+quoteLit(ic[1])+
				"), COALESCE(MAX("+c+"), 0) + 1, false) FROM "+t); err != nil {
				return fmt.Errorf("đặt lại dãy số của %s.%s: %w", ic[0], ic[1], err)
			}
		}
		return nil
	})
}

// loadTable inserts a table's rows in batches. Columns that refer to the
// table itself are inserted empty and set afterwards, so that a row may
// come before the row it names.
func loadTable(ctx context.Context, dest Destination, name string, tx *store.Tx, d store.Dialect, t Table, kinds map[string]string, pk []string, self map[string]bool) (int64, error) {
	var cols []string
	keyAt := -1
	for i, c := range t.Columns {
		if _, ok := kinds[c.Name]; !ok {
			return 0, fmt.Errorf("cột %s không có trong lược đồ đích", c.Name)
		}
		cols = append(cols, quoteIdent(c.Name))
		if len(pk) == 1 && c.Name == pk[0] {
			keyAt = i
		}
	}
	if len(self) > 0 && keyAt < 0 {
		return 0, fmt.Errorf("bảng tự tham chiếu cần khóa chính một cột")
	}
	r, err := dest.Get(ctx, name+"/"+t.File)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	zr, err := gzip.NewReader(r)
	if err != nil {
		return 0, fmt.Errorf("%s/%s: %w", name, t.File, err)
	}
	dec := json.NewDecoder(zr)
	dec.UseNumber()
	per := max(1, min(500, 30000/len(cols)))
	// A batch is also bounded by its bytes: 500 revisions holding long
	// legal documents make one statement of tens of megabytes, held as
	// arguments and encoded again by the driver (the full corpus's
	// restore into PostgreSQL peaked at 492 MB; docs/performance.md,
	// "Backups (issue 15)").
	const maxBatchBytes = 4 << 20
	size := 0
	rowSQL := "(" + store.Placeholders(len(cols)) + ")"
	head := "INSERT INTO " + quoteIdent(t.Name) + " (" + strings.Join(cols, ", ") + ") VALUES "
	var args []any
	batch := 0
	flush := func() error {
		if batch == 0 {
			return nil
		}
		_, err := tx.Exec(ctx, head+strings.TrimSuffix(strings.Repeat(rowSQL+", ", batch), ", "), args...)
		clear(args) // the batch's values are not kept alive by the reused slice
		args, batch, size = args[:0], 0, 0
		return err
	}
	type later struct{ key, col, val any }
	var updates []later
	var n int64
	for {
		var row []any
		if err := dec.Decode(&row); err == io.EOF {
			break
		} else if err != nil {
			return n, fmt.Errorf("%s/%s, dòng %d: %w", name, t.File, n+1, err)
		}
		if len(row) != len(t.Columns) {
			return n, fmt.Errorf("%s/%s, dòng %d: %d giá trị, cần %d", name, t.File, n+1, len(row), len(t.Columns))
		}
		for i, v := range row {
			c := t.Columns[i]
			val, err := loadValue(d, kinds[c.Name], v)
			if err != nil {
				return n, fmt.Errorf("dòng %d, cột %s: %w", n+1, c.Name, err)
			}
			if self[c.Name] && val != nil {
				key, _ := loadValue(d, kinds[pk[0]], row[keyAt])
				updates = append(updates, later{key, c.Name, val})
				val = nil
			}
			switch x := val.(type) {
			case string:
				size += len(x)
			case []byte:
				size += len(x)
			}
			args = append(args, val)
		}
		n++
		if batch++; batch == per || size >= maxBatchBytes {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := flush(); err != nil {
		return n, err
	}
	if n != t.Rows {
		return n, fmt.Errorf("%s/%s: %d dòng, tệp kê khai ghi %d", name, t.File, n, t.Rows)
	}
	for _, u := range updates {
		if _, err := tx.Exec(ctx, "UPDATE "+quoteIdent(t.Name)+" SET "+quoteIdent(u.col.(string))+" = ? WHERE "+quoteIdent(pk[0])+" = ?", u.val, u.key); err != nil {
			return n, err
		}
	}
	return n, nil
}

// restoreMedia copies each media file of the backup into the target's
// media store (DATA/media, through a temporary name; or a bucket),
// unless it is there already.
func restoreMedia(ctx context.Context, o RestoreOptions, m *Manifest, res *RestoreResult, progress func(string, ...any)) error {
	target := o.Media
	if target == nil {
		target = media.NewLocalBlobs(o.MediaDir)
	}
	for i, md := range m.Media {
		if st, err := target.Stat(ctx, md.Path); err == nil && st.Size == md.Size {
			res.MediaSkipped++
			continue
		}
		if err := copyOut(ctx, o.Dest, mediaObject(md.SHA256), target, md); err != nil {
			return fmt.Errorf("chép tệp phương tiện %s: %w", md.Path, err)
		}
		res.MediaCopied++
		if (i+1)%200 == 0 || i+1 == len(m.Media) {
			progress("tệp phương tiện %d/%d\n", i+1, len(m.Media))
		}
	}
	return nil
}

func copyOut(ctx context.Context, dest Destination, obj string, target media.Blobs, md Media) error {
	r, err := dest.Get(ctx, obj)
	if err != nil {
		return err
	}
	defer r.Close()
	return target.Put(ctx, md.Path, ctxReader{ctx, r}, md.Size)
}

// Open finds the backup at path: a backup's folder (holding
// manifest.json) in a local destination, whose parent holds the shared
// media store.
func Open(path string) (Destination, string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, "", err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("không có bản sao lưu %s (no such backup)", path)
		}
		return nil, "", err
	}
	if !fi.IsDir() {
		return nil, "", fmt.Errorf("%s không phải thư mục bản sao lưu (a backup is a folder holding manifest.json)", path)
	}
	return &Local{Dir: filepath.Dir(abs)}, filepath.Base(abs), nil
}
