package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// addSite creates s for `cong site add`: with the categories of the
// sections its kind requires under the sections set in force (the rule
// sets are installed first, as serve does, so that a site made before the
// first start has them too), and a warning on stderr when its host name
// does not follow REQ-02's scheme (never a refusal).
func addSite(ctx context.Context, db *store.DB, s *site.Site, stdout, stderr io.Writer) error {
	rs := rules.NewStore(db, time.Now)
	if err := rs.EnsureDefaults(ctx); err != nil {
		return err
	}
	sites := site.NewSites(db, time.Now)
	x := &rules.Sites{Rules: rs, Content: content.NewStore(db, time.Now)}
	n, err := x.CreateSite(ctx, sites, s, audit.CLI)
	if err != nil && s.ID == 0 {
		return err
	}
	fmt.Fprintf(stdout, "Đã thêm trang %s (%s) tại %s\n", s.Code, s.Name, s.URL("/"))
	if err != nil {
		fmt.Fprintf(stderr, "Chưa tạo được các chuyên mục bắt buộc (sẽ được tạo khi máy chủ chạy): %v\n", err)
	} else if n > 0 {
		fmt.Fprintf(stdout, "Đã tạo %d chuyên mục bắt buộc theo bộ quy định đang có hiệu lực (%d required sections)\n", n, n)
	}
	var main *site.Site
	if !s.Main {
		main, _ = sites.Main(ctx)
	}
	if msg := site.CheckHost(s, main).Message("vi"); msg != "" {
		fmt.Fprintf(stderr, "Cảnh báo: %s\n", msg)
	}
	return nil
}
