package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != store.LatestVersion() {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, store.LatestVersion())
		}
	})
}

// A migration that lands after a higher-numbered one (branches merged in
// another order than their numbers) is still applied.
func TestMigrateAppliesAMissingMiddleVersion(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// 002 made the jobs' lease table, which nothing refers to; forget
		// it and drop what it made.
		for _, q := range []string{"DELETE FROM schema_migrations WHERE version = 2", "DROP TABLE job_leases"} {
			if _, err := db.Exec(ctx, q); err != nil {
				t.Fatal(q, err)
			}
		}
		n, err := db.Migrate(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Migrate = %d, %v; want 1 (the missing 002)", n, err)
		}
		if _, err := db.Exec(ctx, "SELECT COUNT(*) FROM job_leases"); err != nil {
			t.Errorf("job_leases after re-migrating: %v", err)
		}
	})
}

func TestNewerSchemaIsRefused(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		future := store.LatestVersion() + 1
		if _, err := db.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', CURRENT_TIMESTAMP)", future); err != nil {
			t.Fatal(err)
		}
		_, err := db.Migrate(ctx)
		var tooNew *store.SchemaTooNewError
		if !errors.As(err, &tooNew) || tooNew.Database != future {
			t.Fatalf("Migrate on newer schema = %v; want SchemaTooNewError", err)
		}
		if !strings.Contains(err.Error(), "mới hơn") {
			t.Errorf("message %q does not say the schema is newer in Vietnamese", err)
		}
		// Nothing was migrated down: the future row is still there.
		if v, _ := db.SchemaVersion(ctx); v != future {
			t.Errorf("SchemaVersion after refusal = %d; want %d", v, future)
		}
	})
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"a = '?' AND b = ?", "a = '?' AND b = $1"},
		{`"we?ird" = ?`, `"we?ird" = $1`},
	}
	for _, tt := range tests {
		if got := store.Rebind(tt.in); got != tt.want {
			t.Errorf("Rebind(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestOpenBadInput(t *testing.T) {
	ctx := context.Background()
	readonly := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(readonly, 0o500)
	tests := []struct {
		name, url, dir, want string
	}{
		{"unknown scheme", "mysql://x", "", "không hợp lệ"},
		{"unreachable postgres", "postgres://nobody:secret@127.0.0.1:1/x?connect_timeout=2", "", "không kết nối được"},
		{"data folder is a file", "", "/dev/null/x", "thư mục dữ liệu"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct{ name, url, dir, want string }{"read-only folder", "", readonly, "không ghi được"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := store.Open(ctx, tt.url, tt.dir)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded; want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// TestConcurrentMigrateOnNewPostgres starts several nodes at once on an
// empty database: each must succeed, and each migration apply once.
func TestConcurrentMigrateOnNewPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	errs := make(chan error, 6)
	for i := 0; i < cap(errs); i++ {
		go func() {
			db, err := store.Open(ctx, url, "")
			if err == nil {
				_, err = db.Migrate(ctx)
				db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < cap(errs); i++ {
		if err := <-errs; err != nil {
			t.Errorf("node %d: %v", i, err)
		}
	}
}

func FuzzRebind(f *testing.F) {
	for _, s := range []string{"a = ?", "'?' ?", `"?"?`, "??", "'unterminated ?", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		out := store.Rebind(q)
		if !strings.Contains(q, "?") && out != q {
			t.Fatalf("Rebind changed a query without placeholders: %q → %q", q, out)
		}
		if strings.Count(out, "$") < strings.Count(q, "$") {
			t.Fatalf("Rebind lost text: %q → %q", q, out)
		}
	})
}
