package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/site"
)

func siteCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return &usageError{"cách dùng: cong site add|list (usage)"}
	}
	fs, c, apply := config.FlagSet("site "+args[0], stderr, getenv)
	var s site.Site
	var kind string
	var main bool
	if args[0] == "add" {
		fs.StringVar(&s.Code, "code", "", "mã trang, ví dụ so-khcn")
		fs.StringVar(&s.Name, "name", "", "tên đầy đủ của cơ quan")
		fs.StringVar(&s.NameEN, "name-en", "", "tên tiếng Anh")
		fs.StringVar(&kind, "kind", "department", "portal, department, commune, other, district")
		fs.StringVar(&s.PathPrefix, "prefix", "", "tiền tố đường dẫn, mặc định /MÃ khi không có --host")
		fs.StringVar(&s.Host, "host", "", "tên miền riêng")
		fs.BoolVar(&main, "main", false, "đây là cổng thông tin chính")
	}
	if err := parse(fs, args[1:], apply, stdout); err != nil {
		return helpOK(err)
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	sites := site.NewSites(db, time.Now)
	if args[0] == "list" {
		return listSites(ctx, sites, stdout)
	}
	s.Kind, s.Main = site.Kind(kind), main
	if !main && s.Host == "" && s.PathPrefix == "" {
		s.PathPrefix = "/" + s.Code
	}
	if m, err := sites.Main(ctx); err == nil && !main {
		s.ParentID = m.ID
	}
	return addSite(ctx, db, &s, stdout, stderr)
}

func listSites(ctx context.Context, sites *site.Sites, stdout io.Writer) error {
	list, err := sites.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ\tLOẠI\tTRẠNG THÁI\tĐỊA CHỈ\tTÊN")
	for _, s := range list {
		where := s.URL("/")
		if s.Host != "" {
			where = s.Host + " " + where
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Code, s.Kind, s.Status, where, s.Name)
	}
	return tw.Flush()
}

func userCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "password" {
		return userPassword(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "forget-key" {
		return userForgetKey(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		return &usageError{"cách dùng: cong user add --username TÊN --name \"HỌ TÊN\" [--site MÃ --role VAI_TRÒ] (usage)"}
	}
	fs, c, apply := config.FlagSet("user add", stderr, getenv)
	var n account.NewUser
	var siteCode, role string
	fs.StringVar(&n.Username, "username", "", "tên đăng nhập")
	fs.StringVar(&n.FullName, "name", "", "họ và tên")
	fs.StringVar(&n.Email, "email", "", "thư điện tử")
	fs.StringVar(&n.Password, "password", "", "mật khẩu (để trống: tạo ngẫu nhiên và in ra)")
	fs.StringVar(&siteCode, "site", "", "mã trang để giao vai trò")
	fs.StringVar(&role, "role", "", "vai trò: board_head, board_deputy, board_member, team_lead, editor, collaborator, liaison, overseer, admin")
	if err := parse(fs, args[1:], apply, stdout); err != nil {
		return helpOK(err)
	}
	if (siteCode == "") != (role == "") {
		return &usageError{"--site và --role phải đi cùng nhau (give both --site and --role)"}
	}
	if role != "" && !account.Role(role).Valid() {
		return &usageError{fmt.Sprintf("vai trò không có: %q", role)}
	}
	generated := n.Password == ""
	if generated {
		n.Password = account.RandomPassword()
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	users := account.NewUsers(db, time.Now)
	var st *site.Site
	if siteCode != "" {
		if st, err = site.NewSites(db, time.Now).ByCode(ctx, siteCode); err != nil {
			return fmt.Errorf("trang %q: %w", siteCode, err)
		}
	}
	u, err := users.Create(ctx, n, audit.CLI)
	if err != nil {
		return err
	}
	if st != nil {
		if err := users.Grant(ctx, u.ID, st.ID, account.Role(role), audit.CLI); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Đã tạo tài khoản %s.\n", u.Username)
	if generated {
		fmt.Fprintf(stdout, "Mật khẩu: %s\n", n.Password)
	}
	return nil
}

// userPassword sets a new password from the command line — the way back
// in for an administrator who lost theirs — and can clear the second
// factor of one who lost their phone. Both end the person's sessions.
func userPassword(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("user password", stderr, getenv)
	var username, password string
	var resetTOTP bool
	fs.StringVar(&username, "username", "", "tên đăng nhập")
	fs.StringVar(&password, "password", "", "mật khẩu mới (để trống: tạo ngẫu nhiên và in ra)")
	fs.BoolVar(&resetTOTP, "reset-totp", false, "xóa cả xác thực hai bước và các mã dự phòng (thiết lập lại khi đăng nhập)")
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if username == "" {
		return &usageError{"cách dùng: cong user password --username TÊN [--password P] [--reset-totp]"}
	}
	generated := password == ""
	if generated {
		password = account.RandomPassword()
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	users := account.NewUsers(db, time.Now)
	u, err := users.ByUsername(ctx, username)
	if err != nil {
		return fmt.Errorf("tài khoản %q: %w", username, err)
	}
	if err := users.SetPassword(ctx, u.ID, password, audit.CLI); err != nil {
		return err
	}
	if resetTOTP {
		if err := users.ResetTOTP(ctx, u.ID, audit.CLI); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Đã đặt mật khẩu mới cho %s.\n", u.Username)
	if resetTOTP {
		fmt.Fprintf(stdout, "Đã xóa xác thực hai bước và các mã dự phòng của %s.\n", u.Username)
	}
	if generated {
		fmt.Fprintf(stdout, "Mật khẩu: %s\n", password)
	}
	return nil
}

// userForgetKey runs `cong user forget-key --yes`: after the secret key
// file is lost with no copy, every second factor is removed so that the
// portal can start with a new key (see account.ForgetKey).
func userForgetKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("user forget-key", stderr, getenv)
	yes := fs.Bool("yes", false, "xác nhận: xóa xác thực hai bước của mọi tài khoản")
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if !*yes {
		return &usageError{"cong user forget-key xóa xác thực hai bước của mọi tài khoản và kết thúc mọi phiên; chỉ dùng khi mất tệp khóa bí mật " +
			"mà không có bản sao, sau khi đã dừng mọi máy chủ cong serve. Thêm --yes để xác nhận (removes every second factor; stop every server first; add --yes)"}
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := account.ForgetKey(ctx, db, audit.CLI)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã xóa xác thực hai bước của %d tài khoản và quên khóa cũ. Lần chạy serve tới sẽ tạo khóa mới; "+
		"người cần xác thực hai bước sẽ thiết lập lại khi đăng nhập.\n", n)
	return nil
}
