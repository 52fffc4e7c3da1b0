package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestSecretKeyFile: the key file is made once and read after; a missing
// file is refused once the database's secrets are sealed (a new key would
// open none of them), and so is a malformed one.
func TestSecretKeyFile(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "khoa", "secret.key")
		var out bytes.Buffer
		key, err := secretKey(ctx, db, path, &out)
		if err != nil || len(key) != account.KeySize {
			t.Fatalf("first start: %d bytes, %v", len(key), err)
		}
		if !strings.Contains(out.String(), path) {
			t.Errorf("making the key was not announced: %q", out.String())
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("key file %v, %v; want mode 0600", fi, err)
		}
		again, err := secretKey(ctx, db, path, &out)
		if err != nil || !bytes.Equal(again, key) {
			t.Fatalf("second start read another key (%v)", err)
		}
		sealer, _ := account.NewSealer(key)
		if _, err := account.AdoptKey(ctx, db, sealer, time.Now()); err != nil {
			t.Fatal(err)
		}
		os.Remove(path)
		if _, err := secretKey(ctx, db, path, &out); err == nil || !strings.Contains(err.Error(), "sao lưu") {
			t.Errorf("missing key with sealed secrets: %v; want a refusal that says where to find it", err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("a new key file was made although the secrets are sealed with another")
		}
		os.WriteFile(path, []byte("not hex\n"), 0o600)
		if _, err := secretKey(ctx, db, path, &out); err == nil || !strings.Contains(err.Error(), "không hợp lệ") {
			t.Errorf("malformed key file: %v", err)
		}
	})
}

// TestForgetKey: with the key file lost, `cong user forget-key --yes`
// removes the second factors so that serve can start with a new key;
// without --yes it refuses.
func TestForgetKey(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if err := Run(ctx, []string{"migrate", "--data", data}, env(nil), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, "", data)
	if err != nil {
		t.Fatal(err)
	}
	key, err := secretKey(ctx, db, filepath.Join(data, "secret.key"), &out)
	if err != nil {
		t.Fatal(err)
	}
	sealer, _ := account.NewSealer(key)
	account.AdoptKey(ctx, db, sealer, time.Now())
	db.Close()
	os.Remove(filepath.Join(data, "secret.key"))

	if err := Run(ctx, []string{"user", "forget-key", "--data", data}, env(nil), &out, &errOut); err == nil {
		t.Error("forget-key without --yes ran")
	}
	out.Reset()
	if err := Run(ctx, []string{"user", "forget-key", "--yes", "--data", data}, env(nil), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "khóa mới") {
		t.Errorf("forget-key said %q", out.String())
	}
	db, err = store.Open(ctx, "", data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sealed, _ := account.KeyRecorded(ctx, db); sealed {
		t.Error("the old key is still recorded")
	}
	if _, err := secretKey(ctx, db, filepath.Join(data, "secret.key"), &out); err != nil {
		t.Errorf("a new key could not be made after forget-key: %v", err)
	}
}
