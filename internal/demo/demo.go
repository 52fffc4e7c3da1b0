// Package demo fills an empty database with the sites and people of a
// demonstration portal — the Đồng Nai province of 2026 — so that a new
// user sees a working portal one command after cloning. Everything here
// is data; nothing in the platform depends on it.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/workflow"
)

// demoActor is recorded in the audit log for what the demo creates.
var demoActor = audit.Actor{Name: "demo", IP: "local"}

// Login is an account the demo created, to print for the person.
type Login struct {
	Role, Username, Password string
}

var sites = []site.Site{
	{Code: "dong-nai", Kind: site.Portal, Main: true,
		Name: "Ủy ban nhân dân tỉnh Đồng Nai", NameEN: "Dong Nai Provincial People's Committee",
		Owner: "Ủy ban nhân dân tỉnh Đồng Nai", Responsible: "Chánh Văn phòng UBND tỉnh",
		Address: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", Phone: "0251 3822 403", Email: "banbientap@dongnai.gov.vn"},
	{Code: "so-khcn", Kind: site.Department, PathPrefix: "/so-khcn",
		Name: "Sở Khoa học và Công nghệ tỉnh Đồng Nai", NameEN: "Dong Nai Department of Science and Technology",
		Owner: "Sở Khoa học và Công nghệ tỉnh Đồng Nai", Responsible: "Giám đốc Sở Khoa học và Công nghệ",
		Address: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", Phone: "0251 3822 297", Email: "sokhcn@dongnai.gov.vn"},
	{Code: "phuong-tran-bien", Kind: site.Commune, PathPrefix: "/phuong-tran-bien",
		Name: "Ủy ban nhân dân phường Trấn Biên", NameEN: "Tran Bien Ward People's Committee",
		Owner: "Ủy ban nhân dân phường Trấn Biên", Responsible: "Chủ tịch UBND phường Trấn Biên",
		Address: "Phường Trấn Biên, tỉnh Đồng Nai", Phone: "0251 3822 100", Email: "tranbien@dongnai.gov.vn"},
	{Code: "bien-hoa", Kind: site.District, PathPrefix: "/bien-hoa",
		Name: "Ủy ban nhân dân thành phố Biên Hòa", NameEN: "Bien Hoa City People's Committee",
		Owner:   "Ủy ban nhân dân thành phố Biên Hòa (đã kết thúc hoạt động ngày 30/6/2025)",
		Address: "Biên Hòa, Đồng Nai", Email: "bienhoa@dongnai.gov.vn"},
}

// people are the demo accounts: one per kind of work, on the site where
// they hold it.
var people = []struct {
	username, name, site string
	role                 account.Role
}{
	{"quantri", "Quản trị hệ thống", "dong-nai", account.Admin},
	{"truongban", "Nguyễn Văn Trưởng", "dong-nai", account.BoardHead},
	{"bientap", "Trần Thị Biên", "dong-nai", account.Editor},
	{"congtacvien", "Lê Văn Cộng", "dong-nai", account.Collaborator},
	{"bientap.khcn", "Phạm Thị Khoa", "so-khcn", account.Editor},
	{"giamsat", "Võ Văn Giám", "dong-nai", account.Overseer},
	{"congbao", "Đặng Thị Công", "dong-nai", account.Gazette},
}

// Fill adds the demo sites and accounts when the database has no main
// portal yet, and returns the logins it made. On a database that already
// has content it does nothing and returns none.
//
// The demo also holds what a narrow screen finds hard (the reflow check of
// internal/browsertest): a long unbroken address and a long word in the
// featured article, a unit whose long name is an option of the feedback
// form's select, and, WithMedia, a cover image 1600 pixels wide.
func Fill(ctx context.Context, db *store.DB, now func() time.Time, opts ...Option) ([]Login, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	ss := site.NewSites(db, now)
	if _, err := ss.Main(ctx); err == nil {
		return nil, nil
	}
	byCode := map[string]int64{}
	for _, s := range sites {
		s := s
		if !s.Main {
			s.ParentID = byCode["dong-nai"]
		}
		if err := ss.Create(ctx, &s, demoActor); err != nil {
			return nil, err
		}
		byCode[s.Code] = s.ID
	}
	// Biên Hòa city ended with the district tier on 30 June 2025.
	bienHoa, err := ss.ByCode(ctx, "bien-hoa")
	if err != nil {
		return nil, err
	}
	if err := ss.Archive(ctx, bienHoa, time.Date(2025, 7, 1, 0, 0, 0, 0, vn.ICT), demoActor); err != nil {
		return nil, err
	}
	users := account.NewUsers(db, now)
	var logins []Login
	heads, editors := map[string]workflow.Person{}, map[string]workflow.Person{}
	for _, p := range people {
		pw := account.RandomPassword()
		u, err := users.Create(ctx, account.NewUser{Username: p.username, FullName: p.name, Password: pw}, demoActor)
		if err != nil {
			return nil, err
		}
		if err := users.Grant(ctx, u.ID, byCode[p.site], p.role, demoActor); err != nil {
			return nil, err
		}
		logins = append(logins, Login{Role: p.role.Label("vi"), Username: p.username, Password: pw})
		if u, err = users.ByID(ctx, u.ID); err != nil {
			return nil, err
		}
		person := workflow.Person{User: u, MainID: byCode["dong-nai"], IP: "local"}
		switch p.role {
		case account.BoardHead:
			heads[p.site] = person
		case account.Editor:
			editors[p.site] = person
		}
	}
	// The department's items are approved by the province's board head
	// acting as the department's too, so the demo needs no more accounts.
	if err := users.Grant(ctx, heads["dong-nai"].User.ID, byCode["so-khcn"], account.BoardHead, demoActor); err != nil {
		return nil, err
	}
	head, err := users.ByID(ctx, heads["dong-nai"].User.ID)
	if err != nil {
		return nil, err
	}
	heads["dong-nai"] = workflow.Person{User: head, MainID: byCode["dong-nai"], IP: "local"}
	heads["so-khcn"] = heads["dong-nai"]
	if err := fillContent(ctx, db, now, byCode, heads, editors, o); err != nil {
		return nil, fmt.Errorf("demo content: %w", err)
	}
	if err := fillSections(ctx, db, now); err != nil {
		return nil, fmt.Errorf("demo sections: %w", err)
	}
	if err := fillLegal(ctx, db, now, byCode["dong-nai"]); err != nil {
		return nil, fmt.Errorf("demo legal documents: %w", err)
	}
	if err := directory.FillDemo(ctx, db, now, byCode["dong-nai"], byCode["so-khcn"], demoActor); err != nil {
		return nil, fmt.Errorf("demo directory: %w", err)
	}
	// A unit with a long official name: an <option> that long must not
	// widen the feedback form beyond a phone's screen.
	long := directory.Unit{SiteID: byCode["dong-nai"], Kind: "Trung tâm", Position: 3,
		Name:      "Trung tâm Công nghệ thông tin và Truyền thông thuộc Sở Khoa học và Công nghệ tỉnh Đồng Nai (hạ tầng số, chữ ký số, dịch vụ công trực tuyến)",
		Functions: "Vận hành hạ tầng số, Cổng Thông tin điện tử và hệ thống dịch vụ công trực tuyến của tỉnh."}
	if err := directory.NewStore(db, now).SaveUnit(ctx, &long, demoActor); err != nil {
		return nil, fmt.Errorf("demo directory: %w", err)
	}
	if err := fillFeedback(ctx, db, now, byCode["dong-nai"], heads["dong-nai"].User); err != nil {
		return nil, fmt.Errorf("demo feedback: %w", err)
	}
	if err := fillConsult(ctx, db, now, byCode["dong-nai"], editors["dong-nai"].User, heads["dong-nai"].User); err != nil {
		return nil, fmt.Errorf("demo consultation: %w", err)
	}
	officer, err := users.ByUsername(ctx, "congbao")
	if err != nil {
		return nil, err
	}
	if err := fillGazette(ctx, db, now, byCode["dong-nai"], officer); err != nil {
		return nil, fmt.Errorf("demo gazette: %w", err)
	}
	env := &fillEnv{db: db, now: now, sites: byCode, heads: heads, editors: editors}
	for _, f := range moreFills {
		if err := f.fill(ctx, env); err != nil {
			return nil, fmt.Errorf("demo %s: %w", f.what, err)
		}
	}
	return logins, nil
}

// fillEnv is what the demo made before the fills of moreFills run: the
// sites by code, and the board head and an editor of each site.
type fillEnv struct {
	db             *store.DB
	now            func() time.Time
	sites          map[string]int64
	heads, editors map[string]workflow.Person
}

// moreFills are the demo content of capabilities kept in their own files
// (registered by init, run in file-name order after the rest), so that
// work on several capabilities at once does not touch Fill.
var moreFills []struct {
	what string
	fill func(ctx context.Context, env *fillEnv) error
}

// fillSections gives every live demo site the categories of the sections
// the rule set in force requires of its kind, as every new site gets them
// (rules.Sites.Apply; the archived district gets none). The demo's sites
// are made before the rule sets are installed, so they get them here.
func fillSections(ctx context.Context, db *store.DB, now func() time.Time) error {
	rs := rules.NewStore(db, now)
	if err := rs.EnsureDefaults(ctx); err != nil {
		return err
	}
	x := &rules.Sites{Rules: rs, Content: content.NewStore(db, now)}
	_, err := x.ApplyAll(ctx, site.NewSites(db, now), demoActor)
	return err
}
