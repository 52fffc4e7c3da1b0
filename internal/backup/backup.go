// Package backup takes a consistent, verifiable copy of a portal — every
// table read in one transaction, the media folder, and a manifest with
// the hash of each part — and restores it into an empty database of
// either kind, so that a backup made on SQLite restores into PostgreSQL
// and the other way.
//
// A destination holds its backups side by side with one shared media
// store keyed by SHA-256, so that a backup copies only the media the
// destination lacks:
//
//	DEST/media/ab/ab12…                       a media file, named by the hash of its bytes
//	DEST/cong-20261202T162024Z/manifest.json  written last: a backup without it is not one
//	DEST/cong-20261202T162024Z/tables/items.jsonl.gz
//	DEST/.partial-cong-…/                      a backup being written (renamed when complete)
//
// The secret key that seals second factors is never part of a backup.
package backup

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/store"
)

// Options says what to back up and where.
type Options struct {
	DB          *store.DB // the portal's database (not migrated by the backup)
	DatabaseURL string    // PostgreSQL: the URL DB was opened with, for the snapshot's own connection
	MediaDir    string    // DATA/media
	// Media, when set, is where the media are instead of MediaDir (an
	// S3 bucket: cong serve --media s3://…).
	Media       media.Blobs
	Dest        Destination
	CongVersion string
	Now         func() time.Time
	// Progress, when not nil, is told of each step (a table and its
	// rows, media files) for a terminal.
	Progress func(format string, args ...any)
}

// Result sums up a backup.
type Result struct {
	Name          string
	Tables        int
	Rows          int64
	MediaCopied   int
	MediaSkipped  int
	Bytes         int64 // written to the destination
	MediaBytes    int64 // of the media copied
	Elapsed       time.Duration
	SchemaVersion int
}

// Run takes a backup into o.Dest and returns what it wrote. The tables
// are read in one read transaction (a snapshot: a WAL reader on SQLite,
// REPEATABLE READ READ ONLY on PostgreSQL) while the portal keeps
// serving and writing.
func Run(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	if o.Now == nil {
		o.Now = time.Now
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	now := o.Now().UTC()
	name := "cong-" + now.Format("20060102T150405Z")
	existing, err := o.Dest.List(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("đọc nơi sao lưu %s: %w", o.Dest, err)
	}
	taken := map[string]bool{}
	for _, n := range existing {
		taken[n] = true
	}
	for i := 2; taken[name]; i++ {
		name = "cong-" + now.Format("20060102T150405Z") + "-" + strconv.Itoa(i)
	}
	stage := name
	renamer, canRename := o.Dest.(Renamer)
	if canRename {
		stage = ".partial-" + name
		o.Dest.Delete(ctx, stage)
	}
	res := &Result{Name: name}
	m := &Manifest{Format: FormatVersion, CongVersion: o.CongVersion, CreatedAt: now, Dialect: string(o.DB.Dialect)}

	// The tables, in one snapshot.
	if err := dumpTables(ctx, o, stage, m, res, progress); err != nil {
		if canRename {
			o.Dest.Delete(context.WithoutCancel(ctx), stage)
		}
		return nil, err
	}
	// The media, after the snapshot: every file a row of it names was
	// written before the row was committed, so it is there.
	if err := copyMedia(ctx, o, m, res, progress); err != nil {
		if canRename {
			o.Dest.Delete(context.WithoutCancel(ctx), stage)
		}
		return nil, err
	}
	// The manifest last, then the name.
	body, err := jsonIndent(m)
	if err != nil {
		return nil, err
	}
	n, err := o.Dest.Put(ctx, stage+"/"+ManifestName, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("ghi tệp kê khai: %w", err)
	}
	res.Bytes += n
	if canRename {
		if err := renamer.Rename(ctx, stage, name); err != nil {
			return nil, fmt.Errorf("đặt tên bản sao lưu %s: %w", name, err)
		}
		// What killed backups left is removed by the next that ends.
		// (Backups into one destination run one at a time: the
		// scheduled one under the job's lease.)
		for _, n := range existing {
			if strings.HasPrefix(n, ".partial-") {
				o.Dest.Delete(ctx, n)
			}
		}
	}
	res.SchemaVersion = m.SchemaVersion
	res.Elapsed = time.Since(start)
	return res, nil
}

// snapshot opens a connection of its own for the read transaction: the
// store's pools do not offer one with these options.
func snapshot(ctx context.Context, o Options) (*sql.DB, *sql.Tx, error) {
	var raw *sql.DB
	var err error
	var opts *sql.TxOptions
	switch o.DB.Dialect {
	case store.Postgres:
		raw, err = sql.Open("pgx", o.DatabaseURL)
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	default:
		// A deferred transaction: its first SELECT fixes what it sees
		// (WAL), and writers go on meanwhile.
		raw, err = sql.Open("sqlite", "file:"+o.DB.Location+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)&_txlock=deferred")
	}
	if err != nil {
		return nil, nil, err
	}
	raw.SetMaxOpenConns(1)
	tx, err := raw.BeginTx(ctx, opts)
	if err != nil {
		raw.Close()
		return nil, nil, fmt.Errorf("mở giao dịch đọc: %w", err)
	}
	return raw, tx, nil
}

func dumpTables(ctx context.Context, o Options, stage string, m *Manifest, res *Result, progress func(string, ...any)) error {
	raw, tx, err := snapshot(ctx, o)
	if err != nil {
		return err
	}
	defer raw.Close()
	defer tx.Rollback()
	q := queryFunc(tx.QueryContext)
	// The first statement fixes the snapshot: the schema version and the
	// rows are of the same moment.
	rows, err := tx.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		return fmt.Errorf("đọc phiên bản lược đồ: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		m.Migrations = append(m.Migrations, v)
		m.SchemaVersion = max(m.SchemaVersion, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if m.SchemaVersion > store.LatestVersion() {
		return &store.SchemaTooNewError{Database: m.SchemaVersion, Binary: store.LatestVersion()}
	}
	tables, err := listTables(ctx, q, o.DB.Dialect)
	if err != nil {
		return fmt.Errorf("liệt kê bảng: %w", err)
	}
	for _, t := range tables {
		if derived(t) {
			continue
		}
		cols, pk, err := tableColumns(ctx, q, o.DB.Dialect, t)
		if err != nil {
			return err
		}
		tb := Table{Name: t, File: "tables/" + t + ".jsonl.gz", Columns: cols}
		if err := dumpTable(ctx, o.Dest, tx, stage, &tb, pk); err != nil {
			return fmt.Errorf("sao lưu bảng %s: %w", t, err)
		}
		m.Tables = append(m.Tables, tb)
		res.Tables++
		res.Rows += tb.Rows
		res.Bytes += tb.Bytes
		progress("bảng %-28s %9d dòng\n", t, tb.Rows)
	}
	return tx.Commit()
}

// dumpTable writes one table's rows, ordered by primary key, streaming
// through gzip and SHA-256 into the destination.
func dumpTable(ctx context.Context, dest Destination, tx *sql.Tx, stage string, tb *Table, pk []string) error {
	var names []string
	for _, c := range tb.Columns {
		names = append(names, quoteIdent(c.Name))
	}
	query := "SELECT " + strings.Join(names, ", ") + " FROM " + quoteIdent(tb.Name)
	if len(pk) > 0 {
		var keys []string
		for _, k := range pk {
			keys = append(keys, quoteIdent(k))
		}
		query += " ORDER BY " + strings.Join(keys, ", ")
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()

	pr, pw := io.Pipe()
	h := sha256.New()
	type put struct {
		n   int64
		err error
	}
	done := make(chan put, 1)
	go func() {
		n, err := dest.Put(ctx, stage+"/"+tb.File, io.TeeReader(pr, h))
		pr.CloseWithError(err) // unblock the writer if Put failed early
		done <- put{n, err}
	}()
	zw, _ := gzip.NewWriterLevel(pw, gzip.BestSpeed)
	vals := make([]any, len(tb.Columns))
	ptrs := make([]any, len(tb.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var line, dline []byte
	dg := newDigester()
	werr := func() error {
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			line = append(line[:0], '[')
			for i, v := range vals {
				if i > 0 {
					line = append(line, ',')
				}
				if line, err = appendValue(line, tb.Columns[i].Type, v, false); err != nil {
					return fmt.Errorf("cột %s: %w", tb.Columns[i].Name, err)
				}
			}
			line = append(line, ']', '\n')
			if dline, err = digestLine(dline[:0], tb.Columns, vals); err != nil {
				return err
			}
			dg.add(dline)
			if _, err := zw.Write(line); err != nil {
				return err
			}
			tb.Rows++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return zw.Close()
	}()
	pw.CloseWithError(werr)
	p := <-done
	if werr != nil {
		return werr
	}
	if p.err != nil {
		return p.err
	}
	tb.Bytes = p.n
	tb.Digest = dg.sum()
	tb.SHA256 = hex.EncodeToString(h.Sum(nil))
	return nil
}

// mediaSource is where the portal's media are: o.Media, or the folder
// o.MediaDir; nil when neither is given.
func (o Options) mediaSource() media.Blobs {
	if o.Media != nil {
		return o.Media
	}
	if o.MediaDir != "" {
		return media.NewLocalBlobs(o.MediaDir)
	}
	return nil
}

// copyMedia lists the media (DATA/media or the bucket), hashes each
// file, and copies into the shared store those the destination lacks.
func copyMedia(ctx context.Context, o Options, m *Manifest, res *Result, progress func(string, ...any)) error {
	src := o.mediaSource()
	if src == nil {
		return nil
	}
	var files []string
	err := src.Walk(ctx, func(name string, _ int64) error {
		files = append(files, name)
		return nil
	})
	if err != nil {
		return fmt.Errorf("đọc thư mục phương tiện %s: %w", src, err)
	}
	sort.Strings(files)
	for i, rel := range files {
		md, copied, n, err := copyOne(ctx, o.Dest, src, rel)
		if err != nil {
			return fmt.Errorf("sao lưu tệp phương tiện %s: %w", rel, err)
		}
		md.Path = rel
		m.Media = append(m.Media, md)
		if copied {
			res.MediaCopied++
			res.MediaBytes += n
			res.Bytes += n
		} else {
			res.MediaSkipped++
		}
		if (i+1)%200 == 0 || i+1 == len(files) {
			progress("tệp phương tiện %d/%d (chép %d, đã có %d)\n", i+1, len(files), res.MediaCopied, res.MediaSkipped)
		}
	}
	return nil
}

// copyOne hashes a media file and puts it in the store unless an object
// of that hash and size is there already.
func copyOne(ctx context.Context, dest Destination, src media.Blobs, name string) (Media, bool, int64, error) {
	f, err := src.Open(ctx, name)
	if err != nil {
		return Media{}, false, 0, err
	}
	defer f.Close()
	h := sha256.New()
	size, err := io.Copy(h, f)
	if err != nil {
		return Media{}, false, 0, err
	}
	md := Media{SHA256: hex.EncodeToString(h.Sum(nil)), Size: size}
	obj := mediaObject(md.SHA256)
	if have, err := dest.Stat(ctx, obj); err == nil && have == size {
		return md, false, 0, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return md, false, 0, err
	}
	// Hash what is copied too: a file changed between the two reads is
	// refused rather than stored under a hash that is not its own.
	h2 := sha256.New()
	n, err := dest.Put(ctx, obj, io.TeeReader(f, h2))
	if err != nil {
		return md, false, n, err
	}
	if hex.EncodeToString(h2.Sum(nil)) != md.SHA256 {
		dest.Delete(ctx, obj)
		return md, false, n, fmt.Errorf("tệp thay đổi trong lúc sao lưu (changed while copied)")
	}
	return md, true, n, nil
}
