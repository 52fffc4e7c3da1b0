package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/congportal/cong/internal/store"
)

// mirror is, on PostgreSQL, the index's words held by this node: for
// each word of tsv and of title_tsv, the documents holding it, as a
// compressed bitmap. A search then finds its candidates and its count by
// intersecting bitmaps in the process, and asks the database only for
// the candidates' rows and the phrases (ptsv). Planning the statement
// that found them cost 1.2 ms at the server, and running it 4 ms, for a
// median search of 8.5 ms at 100,000 documents (docs/search.md).
//
// It stays exact: before each search it reads the ids written by every
// transaction its previous read did not see (search_changes, migration
// 055: those at or after that snapshot's xmin and not visible in it),
// and takes their rows as they are now. Those documents are the overlay, checked one by one; their
// places in the base bitmaps are set aside (stale). When the overlay
// grows past overlayMax the base is built again in the background, the
// search going on with base and overlay meanwhile.
type mirror struct {
	db  *store.DB
	log *slog.Logger

	syncMu sync.Mutex   // one reader of the changes at a time, taken before mu
	mu     sync.RWMutex // guards what follows
	base   *mirrorBase  // nil until built
	// valid is false from the moment changes this node had not read may
	// be gone until a new base is in: searches use the statements then.
	valid bool
	snap  snapshot // the last snapshot read
	over  map[int64]*mirrorDoc
	stale *roaring.Bitmap // slots of base whose document changed
	// building is set while a base is built.
	building bool
	failed   time.Time // the last build that failed, to wait before the next
	cleared  time.Time // when this node last cleared old changes

	answered atomic.Int64 // searches answered from memory
}

// overlayMax is how many changed documents the overlay holds before the
// base is built again.
const overlayMax = 4096

// mirrorBase is the words of every row of search_docs as of one
// snapshot. Its documents are slots 0..n-1 in the order of their ids, so
// that the bitmaps walked from the end give the newest first.
type mirrorBase struct {
	ids   []int64 // slot → item_id, ascending
	words map[string]*roaring.Bitmap
	title map[string]*roaring.Bitmap
	pub   []int64 // slot → published_at in Unix microseconds, or noPub
}

// mirrorDoc is a document of the overlay: its words now.
type mirrorDoc struct {
	words map[string]struct{}
	title map[string]struct{}
	pub   int64
}

// noPub stands for a document without a publication time.
const noPub = math.MinInt64

// snapshot is a PostgreSQL snapshot as text (xmin:xmax:xip,…) and its
// xmin: what a reading of the changes saw. The xmin bounds the index
// scan of search_changes; the snapshot tells the transactions it saw
// from those it did not. Without it every change at or after the xmin
// would be read again at each search, and a transaction left open (an
// ANALYZE after an import holds the xmin back) would have the changes
// of that import counted past overlayMax, build after build.
type snapshot struct{ text, xmin string }

func newMirror(db *store.DB, log *slog.Logger) *mirror { return &mirror{db: db, log: log} }

// ready brings the mirror up to date with the database and reports
// whether it can answer. The first call starts building it.
func (m *mirror) ready(ctx context.Context) (bool, error) {
	m.syncMu.Lock()
	defer m.syncMu.Unlock()
	m.mu.RLock()
	valid, snap := m.valid, m.snap
	m.mu.RUnlock()
	if !valid {
		m.mu.Lock()
		if !m.building && time.Since(m.failed) > time.Minute {
			m.rebuildLocked()
		}
		m.mu.Unlock()
		return false, nil
	}
	changed, next, passed, err := readChanges(ctx, m.db, snap)
	if err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if passed {
		// Changes this node has not read may be gone: build again. The
		// searches already under way finish on what they have.
		m.valid = false
		if !m.building {
			m.rebuildLocked()
		}
		return false, nil
	}
	if changed == nil {
		// More changes than the overlay holds (a reindex, an import):
		// build again rather than read them one by one.
		m.valid = false
		if !m.building {
			m.rebuildLocked()
		}
		return false, nil
	}
	m.apply(changed, next)
	if len(m.over)+int(m.stale.GetCardinality()) > overlayMax && !m.building {
		m.rebuildLocked()
	}
	if time.Since(m.cleared) > clearEvery {
		m.cleared = time.Now()
		go clearChanges(m.db, m.log, changesKept)
	}
	return true, nil
}

// The changes are kept changesKept; each node clears the older ones at
// most every clearEvery.
const (
	changesKept = 10 * time.Minute
	clearEvery  = time.Minute
)

// clearChanges deletes the changes older than keep, and moves the
// horizon past them: a node that last read before it builds again,
// since what it had not read may be gone. The horizon is the newest
// transaction among the deleted changes' ones, whatever their age, so
// that no change at or after a node's xmin goes without its knowing.
func clearChanges(db *store.DB, log *slog.Logger, keep time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE search_horizon SET xid = c.x
			FROM (SELECT xid AS x FROM search_changes WHERE at < now() - make_interval(secs => ?) ORDER BY xid DESC LIMIT 1) c
			WHERE c.x > search_horizon.xid`, keep.Seconds()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM search_changes WHERE xid < (SELECT xid FROM search_horizon)`)
		return err
	})
	if err != nil {
		log.Warn("search: old changes of the index not cleared", "err", err)
	}
}

// apply takes the changed documents into the overlay; m.mu is held.
func (m *mirror) apply(changed map[int64]*mirrorDoc, snap snapshot) {
	for id, d := range changed {
		if slot, ok := slices.BinarySearch(m.base.ids, id); ok {
			m.stale.Add(uint32(slot))
		}
		if d == nil {
			delete(m.over, id)
		} else {
			m.over[id] = d
		}
	}
	m.snap = snap
}

// rebuild starts building a new base, unless one is being built.
func (m *mirror) rebuild() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.building {
		m.rebuildLocked()
	}
}

// rebuildLocked builds a new base in the background; m.mu is held. The
// new base is read in one snapshot, then brought up to date with the
// changes since under syncMu, so that no search sees it before it holds
// every write that search's own reading of the changes would have found.
func (m *mirror) rebuildLocked() {
	m.building = true
	go func() {
		ctx := context.Background()
		start := time.Now()
		base, snap, err := buildBase(ctx, m.db)
		var changed map[int64]*mirrorDoc
		var next snapshot
		passed := false
		m.syncMu.Lock()
		defer m.syncMu.Unlock()
		if err == nil {
			changed, next, passed, err = readChanges(ctx, m.db, snap)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.building = false
		if err == nil && passed {
			err = errors.New("the changes since the snapshot were cleared meanwhile")
		}
		if err == nil && changed == nil {
			err = errors.New("more changes during the reading than the overlay holds")
		}
		if err != nil {
			m.failed = time.Now()
			m.log.Warn("search: the index's words could not be read into memory; searches use the statements", "err", err)
			return
		}
		level := slog.LevelDebug // an import has it read again and again: said once
		if m.base == nil {
			level = slog.LevelInfo
		}
		m.log.Log(ctx, level, "search: the index's words are in memory", "documents", len(base.ids), "took", time.Since(start).Round(time.Millisecond))
		m.base, m.over, m.stale, m.valid = base, map[int64]*mirrorDoc{}, roaring.New(), true
		m.apply(changed, next)
	}()
}

// readChanges reads the documents written by the transactions that snap
// did not see, as they are now (nil: deleted), the snapshot that read
// them, and whether changes snap did not see may be gone. It is one
// statement, so one snapshot. With more than overlayMax documents
// changed it reads none of them and says so with a nil map.
func readChanges(ctx context.Context, db *store.DB, snap snapshot) (map[int64]*mirrorDoc, snapshot, bool, error) {
	// The changes are read by their index up to overlayMax+1 of them
	// (more, and the node builds its copy again rather than read them),
	// and each document's row by its key (LIMIT 1 keeps the planner from
	// hashing the whole table for a few thousand ids).
	rows, err := db.Query(ctx, `SELECT NULL::bigint, pg_current_snapshot()::text, pg_snapshot_xmin(pg_current_snapshot())::text, NULL::text, NULL::text, NULL::timestamp,
		(SELECT xid > ?::xid8 FROM search_horizon),
		(SELECT count(*) > ? FROM (SELECT FROM search_changes
			WHERE xid >= ?::xid8 AND NOT pg_visible_in_snapshot(xid, ?::pg_snapshot) ORDER BY xid LIMIT ?) l)
	UNION ALL
	SELECT c.item_id, NULL, NULL, d.tsv::text, d.title_tsv::text, d.published_at, d.item_id IS NULL, NULL
	FROM (SELECT DISTINCT item_id FROM (SELECT item_id FROM search_changes
			WHERE xid >= ?::xid8 AND NOT pg_visible_in_snapshot(xid, ?::pg_snapshot) ORDER BY xid LIMIT ?) l) c
		LEFT JOIN LATERAL (SELECT item_id, tsv, title_tsv, published_at FROM search_docs d WHERE d.item_id = c.item_id LIMIT 1) d ON TRUE`,
		snap.xmin, overlayMax, snap.xmin, snap.text, overlayMax+1, snap.xmin, snap.text, overlayMax+1)
	if err != nil {
		return nil, snapshot{}, false, fmt.Errorf("search changes: %w", err)
	}
	defer rows.Close()
	changed := map[int64]*mirrorDoc{}
	var next snapshot
	passed, many := false, false
	for rows.Next() {
		var id sql.NullInt64
		var st, x, tsv, title sql.NullString
		var pub sql.NullTime
		var flag bool
		var over sql.NullBool
		if err := rows.Scan(&id, &st, &x, &tsv, &title, &pub, &flag, &over); err != nil {
			return nil, snapshot{}, false, err
		}
		if !id.Valid {
			next, passed, many = snapshot{st.String, x.String}, flag, over.Bool
			continue
		}
		if many {
			continue
		}
		if flag {
			changed[id.Int64] = nil // deleted
			continue
		}
		d := &mirrorDoc{words: map[string]struct{}{}, title: map[string]struct{}{}, pub: pubMicros(pub)}
		for w := range tsvWords(tsv.String) {
			d.words[w] = struct{}{}
		}
		for w := range tsvWords(title.String) {
			d.title[w] = struct{}{}
		}
		changed[id.Int64] = d
	}
	if err := rows.Err(); err != nil {
		return nil, snapshot{}, false, err
	}
	if next.text == "" {
		return nil, snapshot{}, false, errors.New("search changes: no snapshot")
	}
	if many {
		changed = nil
	}
	return changed, next, passed, nil
}

// buildBase reads every row's words in one snapshot, and that snapshot.
func buildBase(ctx context.Context, db *store.DB) (*mirrorBase, snapshot, error) {
	b := &mirrorBase{words: map[string]*roaring.Bitmap{}, title: map[string]*roaring.Bitmap{}}
	var snap snapshot
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT pg_current_snapshot()::text, pg_snapshot_xmin(pg_current_snapshot())::text`).Scan(&snap.text, &snap.xmin); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT item_id, tsv::text, title_tsv::text, published_at FROM search_docs ORDER BY item_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var tsv, title sql.NullString
			var pub sql.NullTime
			if err := rows.Scan(&id, &tsv, &title, &pub); err != nil {
				return err
			}
			if len(b.ids) == math.MaxUint32 { // slots are uint32: the statements answer beyond
				return errors.New("more documents than the bitmaps hold")
			}
			slot := uint32(len(b.ids))
			b.ids = append(b.ids, id)
			b.pub = append(b.pub, pubMicros(pub))
			add(b.words, tsv.String, slot)
			add(b.title, title.String, slot)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, snapshot{}, fmt.Errorf("search mirror: %w", err)
	}
	for _, bm := range b.words {
		bm.RunOptimize()
	}
	for _, bm := range b.title {
		bm.RunOptimize()
	}
	return b, snap, nil
}

// add puts slot under each word of a tsvector's text.
func add(dict map[string]*roaring.Bitmap, tsv string, slot uint32) {
	for w := range tsvWords(tsv) {
		bm := dict[w]
		if bm == nil {
			bm = roaring.New()
			dict[w] = bm
		}
		bm.Add(slot)
	}
}

func pubMicros(t sql.NullTime) int64 {
	if !t.Valid {
		return noPub
	}
	return t.Time.UnixMicro()
}

// tsvWords yields the lexemes of a tsvector as PostgreSQL writes it:
// 'word' or 'word':1,3A, separated by spaces, a quote inside doubled and
// a backslash doubled.
func tsvWords(s string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		var buf []byte
		for i := 0; i < len(s); {
			if s[i] != '\'' {
				i++ // a space, or a position list
				continue
			}
			buf = buf[:0]
			i++
			for i < len(s) {
				c := s[i]
				if c == '\\' && i+1 < len(s) {
					buf = append(buf, s[i+1])
					i += 2
					continue
				}
				if c == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						buf = append(buf, '\'')
						i += 2
						continue
					}
					i++
					break
				}
				buf = append(buf, c)
				i++
			}
			if !yield(string(buf)) {
				return
			}
			// Skip the positions up to the next space.
			for i < len(s) && s[i] != ' ' {
				i++
			}
		}
	}
}
