package backup

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestOlderBackupIsMigrated restores a backup of a database one
// migration behind this binary into PostgreSQL: the backup's schema is
// made, its rows loaded, then the newer migration applied; the values
// that are easy to spoil (64-bit ids, NULLs, nanoseconds, any Unicode)
// come back exactly, and the next row gets the next id.
func TestOlderBackupIsMigrated(t *testing.T) {
	ctx := context.Background()
	src, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	ms, _ := store.Migrations()
	var older []int
	for _, m := range ms[:len(ms)-1] {
		older = append(older, m.Version)
	}
	if err := migrateExactly(ctx, src, older); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 2, 17, 23, 59, 59, 123456000, time.UTC) // Tết, to the microsecond
	texts := []string{"Nguyễn Thị Ánh — “trích dẫn” 😀 𠀀 \t\r\n\\ \"", "aGVsbG8gd29ybGQ=", ""}
	for i, s := range texts {
		var actor any
		if i == 0 {
			actor = int64(1<<53 + 1)
		}
		if _, err := src.Exec(ctx, "INSERT INTO audit_log (id, at, actor_id, actor, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
			int64(9000000000+i), at, actor, s, "test", s); err != nil {
			t.Fatal(err)
		}
	}
	dest, err := NewLocal(filepath.Join(t.TempDir(), "b"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, Options{DB: src, MediaDir: filepath.Join(t.TempDir(), "none"), Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	if res.SchemaVersion != older[len(older)-1] {
		t.Fatalf("backup schema %d", res.SchemaVersion)
	}
	dst, err := store.Open(ctx, storetest.PostgresURL(t), "")
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	rr, err := Restore(ctx, RestoreOptions{Dest: dest, Name: res.Name, DB: dst, MediaDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := dst.SchemaVersion(ctx); rr.Migrated != 1 || v != store.LatestVersion() {
		t.Errorf("restored at schema %d after %d newer migrations", v, rr.Migrated)
	}
	for i, s := range texts {
		var got string
		var gotAt time.Time
		var actor *int64
		if err := dst.QueryRow(ctx, "SELECT detail, at, actor_id FROM audit_log WHERE id = ?", int64(9000000000+i)).Scan(&got, &gotAt, &actor); err != nil {
			t.Fatal(err)
		}
		if got != s || !gotAt.Equal(at) || (i == 0) != (actor != nil) || (actor != nil && *actor != 1<<53+1) {
			t.Errorf("row %d: %q %v %v", i, got, gotAt, actor)
		}
	}
	var id int64
	err = dst.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, "INSERT INTO audit_log (at, action) VALUES (?, 'next') RETURNING id", at).Scan(&id)
	})
	if err != nil || id != 9000000000+int64(len(texts)) {
		t.Errorf("the next audit row got id %d (%v)", id, err)
	}
}
