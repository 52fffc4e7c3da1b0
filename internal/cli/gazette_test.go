package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/store"
)

// TestGazetteVerify checks the demo's gazette log from the command line,
// then changes one published record behind the log's back: the command
// names it and fails.
func TestGazetteVerify(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		t.Fatal(err)
	}
	env := func(string) string { return "" }
	var out, errb bytes.Buffer
	if err := Run(ctx, []string{"gazette", "verify", "--data", dir}, env, &out, &errb); err != nil {
		t.Fatalf("verify of an intact log: %v\n%s%s", err, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "nguyên vẹn") {
		t.Errorf("output: %s", out.String())
	}
	if _, err := db.Exec(ctx, `UPDATE gazette_docs SET abstract = 'đã sửa' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out.Reset()
	err = Run(ctx, []string{"gazette", "verify", "--data", dir}, env, &out, &errb)
	if err == nil || !strings.Contains(out.String(), "van-ban/1") || !strings.Contains(out.String(), "sửa mà không ghi nhật ký") {
		t.Errorf("verify of a changed record: %v\n%s", err, out.String())
	}
}
