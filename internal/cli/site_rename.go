package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/web"
)

// siteRename is `cong site rename`: a renaming of a site (name, English
// name, host, path prefix, kind) ordered by a decision, from a date. A
// flag left out keeps today's value; --host "" and --prefix "" are not
// "remove" but "keep" (use --no-host or --no-prefix to drop one). When
// the date has come the site is renamed at once; otherwise cong serve
// renames it when the date comes. Without --decision it refuses.
func siteRename(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("site rename", stderr, getenv)
	var code, name, nameEN, host, prefix, kind, from, decision, text string
	var noHost, noPrefix, history bool
	fs.StringVar(&code, "site", "", "mã trang cần đổi tên (bắt buộc)")
	fs.StringVar(&name, "name", "", "tên mới")
	fs.StringVar(&nameEN, "name-en", "", "tên tiếng Anh mới")
	fs.StringVar(&host, "host", "", "tên miền mới")
	fs.StringVar(&prefix, "prefix", "", "tiền tố đường dẫn mới, ví dụ /xa-tan-trieu")
	fs.StringVar(&kind, "kind", "", "loại trang mới: portal, department, commune, other, district")
	fs.BoolVar(&noHost, "no-host", false, "bỏ tên miền riêng (trang chỉ còn tiền tố)")
	fs.BoolVar(&noPrefix, "no-prefix", false, "bỏ tiền tố (trang chỉ còn tên miền riêng)")
	fs.StringVar(&from, "from", "", "ngày có hiệu lực, năm-tháng-ngày (giờ Việt Nam), mặc định hôm nay")
	fs.StringVar(&decision, "decision", "", "số, ký hiệu quyết định (bắt buộc), ví dụ 1656/NQ-UBTVQH15")
	fs.StringVar(&text, "decision-text", "", "trích yếu quyết định")
	fs.BoolVar(&history, "history", false, "chỉ in lịch sử tên gọi của trang")
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if code == "" {
		return &usageError{"cách dùng: cong site rename --site MÃ [--name TÊN] [--name-en NAME] [--host HOST|--no-host] [--prefix /PATH|--no-prefix] [--kind KIND] --decision SỐ [--decision-text TRÍCH_YẾU] [--from YYYY-MM-DD] | --history (usage)"}
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	sites := site.NewSites(db, time.Now)
	st, err := sites.ByCode(ctx, code)
	if err != nil {
		return err
	}
	if history {
		return printHistory(st, stdout)
	}
	to := st.Identity()
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&to.Name, name)
	set(&to.NameEN, nameEN)
	set(&to.Host, host)
	set(&to.PathPrefix, prefix)
	if kind != "" {
		to.Kind = site.Kind(kind)
	}
	if noHost {
		to.Host = ""
	}
	if noPrefix {
		to.PathPrefix = ""
	}
	when := time.Now()
	if from != "" {
		if when, err = web.ParseEffective(from); err != nil {
			return err
		}
	}
	rn, err := sites.Rename(ctx, st, site.RenameOrder{To: to, EffectiveAt: when, DecisionNo: decision, DecisionText: text}, audit.CLI)
	if err != nil {
		return err
	}
	if rn.Applied() {
		fmt.Fprintf(stdout, "Đã đổi tên trang %s: %s → %s, tại %s (địa chỉ cũ chuyển hướng 301).\n", st.Code, rn.Old.Name, rn.New.Name, siteWhere(rn.New))
	} else {
		fmt.Fprintf(stdout, "Đã ghi nhận đổi tên trang %s: %s → %s, tại %s, có hiệu lực từ %s (cong serve áp dụng khi đến ngày).\n",
			st.Code, rn.Old.Name, rn.New.Name, siteWhere(rn.New), rn.EffectiveAt.In(vn.ICT).Format("02/01/2006 15:04"))
	}
	return nil
}

func siteWhere(id site.Identity) string {
	return strings.TrimSpace(id.Host + " " + id.PathPrefix)
}

func printHistory(st *site.Site, stdout io.Writer) error {
	fmt.Fprintf(stdout, "%s: %s (%s)\n", st.Code, st.Name, siteWhere(st.Identity()))
	if len(st.History) == 0 {
		fmt.Fprintln(stdout, "Chưa đổi tên lần nào.")
	}
	for _, r := range st.History {
		state := "đã áp dụng"
		if !r.Applied() {
			state = "chờ hiệu lực"
		}
		fmt.Fprintf(stdout, "%s  %s (%s) → %s (%s)  QĐ %s  [%s]\n", r.EffectiveAt.In(vn.ICT).Format("02/01/2006 15:04"),
			r.Old.Name, siteWhere(r.Old), r.New.Name, siteWhere(r.New), r.DecisionNo, state)
	}
	return nil
}
