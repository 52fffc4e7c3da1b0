package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/store"
)

// gazetteCmd runs `cong gazette verify`: the publication log's chain,
// every logged file's hash and every published record checked; the first
// break in the chain and every file or record that does not match are
// named, and the command fails.
func gazetteCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return &usageError{"dùng: cong gazette verify [--data DIR | --database URL] (usage)"}
	}
	fs, c, apply := config.FlagSet("gazette verify", stderr, getenv)
	if err := parse(fs, args[1:], apply, stdout); err != nil {
		return helpOK(err)
	}
	if err := c.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	db, err := store.Open(ctx, c.DatabaseURL, c.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	checked := 0
	problems, err := gazette.NewStore(db, gazette.Options{}).Verify(ctx, func(n int) {
		checked = n
		fmt.Fprintf(stderr, "\rđã kiểm tra %d mục", n)
	})
	if checked > 0 {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return fmt.Errorf("kiểm tra nhật ký Công báo: %w", err)
	}
	if len(problems) == 0 {
		fmt.Fprintf(stdout, "Nhật ký Công báo nguyên vẹn: %d mục, chuỗi mã băm liền mạch, mọi tệp và văn bản đã đăng khớp (the gazette log is intact).\n", checked)
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "SAI LỆCH: "+p.String())
	}
	return fmt.Errorf("nhật ký Công báo có %d sai lệch (the gazette log does not verify)", len(problems))
}
