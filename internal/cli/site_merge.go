package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/merge"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/web"
)

// siteMerge is `cong site merge`: without --yes it prints the preview of
// the merge (what each site holds, the conflicts, the addresses that
// change, the roles) and changes nothing; with --yes it runs it. Run
// again after a crash, the same command finishes what was left.
func siteMerge(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("site merge", stderr, getenv)
	var into, from, mode, decision, text, effective string
	var yes bool
	fs.StringVar(&into, "into", "", "mã trang nhận (bắt buộc)")
	fs.StringVar(&from, "from", "", "mã các trang được sáp nhập, cách nhau bằng dấu phẩy (bắt buộc)")
	fs.StringVar(&mode, "mode", "move", "move: vào các chuyên mục của trang nhận; archive: giữ thành chuyên mục lưu trữ")
	fs.StringVar(&decision, "decision", "", "số, ký hiệu quyết định (bắt buộc), ví dụ 1656/NQ-UBTVQH15")
	fs.StringVar(&text, "decision-text", "", "trích yếu quyết định")
	fs.StringVar(&effective, "effective", "", "ngày của quyết định, năm-tháng-ngày (mặc định hôm nay)")
	fs.BoolVar(&yes, "yes", false, "thực hiện sáp nhập (không có: chỉ xem trước)")
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if into == "" || from == "" {
		return &usageError{"cách dùng: cong site merge --into MÃ --from MÃ[,MÃ…] [--mode move|archive] --decision SỐ [--decision-text TRÍCH_YẾU] [--effective YYYY-MM-DD] [--yes] (usage)"}
	}
	o := merge.Order{Target: into, Mode: merge.Mode(mode), DecisionNo: decision, DecisionText: text}
	for _, code := range strings.Split(from, ",") {
		if code = strings.TrimSpace(code); code != "" {
			o.Sources = append(o.Sources, code)
		}
	}
	if effective != "" {
		var err error
		if o.EffectiveAt, err = web.ParseEffective(effective); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	sites := site.NewSites(db, time.Now)
	m := merge.New(db, sites, merge.Options{Mail: mail.New(db, mail.Options{Now: time.Now}), Link: func(id int64, p string) string {
		return siteLink(ctx, sites, id, p)
	}})
	if !yes {
		p, err := m.Preview(ctx, o)
		if err != nil {
			return err
		}
		printPlan(p, stdout)
		fmt.Fprintln(stdout, "\nChưa thay đổi gì. Thêm --yes để sáp nhập (nothing changed; add --yes to merge).")
		return nil
	}
	p, err := m.Run(ctx, o, audit.CLI)
	if err != nil {
		return err
	}
	printPlan(p, stdout)
	fmt.Fprintf(stdout, "\nĐã sáp nhập vào %s (%s); địa chỉ cũ chuyển hướng 301. Thư báo cho người gửi phản ánh được gửi khi cong serve chạy.\n",
		p.Target.Name, p.Target.URL("/"))
	return nil
}

// siteLink is a site's path as an absolute address, for the letters:
// the site's host, or the main portal's, over https.
func siteLink(ctx context.Context, sites *site.Sites, id int64, p string) string {
	st, err := sites.ByID(ctx, id)
	if err != nil {
		return p
	}
	host := st.Host
	if host == "" {
		if main, err := sites.Main(ctx); err == nil {
			host = main.Host
		}
	}
	if host == "" {
		return st.URL(p)
	}
	if st.Host != "" {
		return "https://" + host + p
	}
	return "https://" + host + st.URL(p)
}

// printPlan writes a merge's preview or report for the terminal.
func printPlan(p *merge.Plan, w io.Writer) {
	fmt.Fprintf(w, "Sáp nhập vào %s (%s) — %s; quyết định %s\n", p.Target.Name, p.Target.Code, p.Order.Mode.Label("vi"), p.Order.DecisionNo)
	for _, sp := range p.Sources {
		fmt.Fprintf(w, "\n%s (%s)\n", sp.Site.Name, sp.Site.Code)
		if sp.Done {
			fmt.Fprintln(w, "  đã sáp nhập trước đó (already merged)")
			continue
		}
		for _, l := range sp.Counts.Lines("vi") {
			fmt.Fprintf(w, "  %-44s %d\n", l.Label, l.N)
		}
		for _, c := range sp.Conflicts {
			fmt.Fprintf(w, "  ! %s\n", c.VI)
		}
		for _, r := range sp.Roles {
			fmt.Fprintf(w, "  vai trò: %s — %s\n", r.User, r.Label("vi"))
		}
		if len(sp.Paths) > 0 {
			fmt.Fprintf(w, "  %d địa chỉ đổi (các địa chỉ khác giữ nguyên đường dẫn dưới %s):\n", len(sp.Paths), p.Target.URL("/"))
			for i, pth := range sp.Paths {
				if i == 50 {
					fmt.Fprintf(w, "    … và %d địa chỉ khác\n", len(sp.Paths)-50)
					break
				}
				fmt.Fprintf(w, "    %s → %s\n", sp.Site.URL(pth.Old), p.Target.URL(pth.New))
			}
		}
	}
}
