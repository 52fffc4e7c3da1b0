package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/search"
)

// searchCmd runs `cong search reindex`: the search index rebuilt from the
// content tables (after a restore, or if a refresh failed).
func searchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "reindex" {
		return &usageError{"cách dùng: cong search reindex (usage)"}
	}
	fs, c, apply := config.FlagSet("search reindex", stderr, getenv)
	if err := parse(fs, args[1:], apply, stdout); err != nil {
		return helpOK(err)
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	n, err := search.New(db, time.Now).Reindex(ctx, func(done int) {
		if done%5000 == 0 {
			fmt.Fprintf(stdout, "đã lập chỉ mục %d mục (%.0f mục/giây)\n", done, float64(done)/time.Since(start).Seconds())
		}
	})
	if err != nil {
		return fmt.Errorf("lập lại chỉ mục tìm kiếm: %w", err)
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "Đã lập lại chỉ mục tìm kiếm: %d mục trong %.1f giây (%.0f mục/giây).\n", n, secs, float64(n)/max(secs, 0.001))
	return nil
}
