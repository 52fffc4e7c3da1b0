package consult_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// fuzzTextV2 is SampleText's next version: Điều 3 keeps one clause.
const fuzzTextV2 = `ỦY BAN NHÂN DÂN TỈNH THỬ
QUYẾT ĐỊNH

Điều 1. Phạm vi điều chỉnh
Quy định này quy định về quản lý cây xanh đô thị trên địa bàn tỉnh.

Điều 3. Trồng cây xanh
Cây trồng phải phù hợp quy hoạch.
`

// FuzzCommentAnchor sends the public comment form's untrusted fields —
// the provision anchor (muc), the version (phien-ban, read with Atoi as
// the handler does), the name and the text — to Submit on a draft with
// two versions. Whatever comes in, the answer is a stored comment whose
// anchor names a provision of the version it says it was made on, with
// that provision's label, and whose stored text PostgreSQL would take
// too (valid UTF-8, no NUL); or a refusal of the kinds the form shows
// (invalid, with a message per field) or the 404 of a version that does
// not exist — never another error.
//
//	go test ./internal/consult -run '^$' -fuzz FuzzCommentAnchor -fuzztime 30s
func FuzzCommentAnchor(f *testing.F) {
	ctx := context.Background()
	db := storetest.SQLite(f)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Thử"}
	if err := site.NewSites(db, clock).Create(ctx, st, audit.CLI); err != nil {
		f.Fatal(err)
	}
	if err := rules.NewStore(db, clock).EnsureDefaults(ctx); err != nil {
		f.Fatal(err)
	}
	users := account.NewUsers(db, clock)
	u, err := users.Create(ctx, account.NewUser{Username: "bientap", FullName: "Biên tập", Password: "mật-khẩu-dài-đủ-1"}, audit.CLI)
	if err != nil {
		f.Fatal(err)
	}
	if err := users.Grant(ctx, u.ID, st.ID, account.Editor, audit.CLI); err != nil {
		f.Fatal(err)
	}
	u, _ = users.ByID(ctx, u.ID)
	editor := consult.Person{User: u, MainID: st.ID, IP: "127.0.0.1"}
	cs := consult.NewStore(db, consult.Options{Now: clock})
	d, err := cs.Create(ctx, st.ID, details(), SampleText, editor)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := cs.Open(ctx, d.ID, consult.OpenRequest{OpensAt: now, ClosesAt: now.AddDate(0, 0, 30)}, editor); err != nil {
		f.Fatal(err)
	}
	if _, err := cs.NewVersion(ctx, d.ID, fuzzTextV2, "", editor); err != nil {
		f.Fatal(err)
	}
	texts := map[int]*vn.LegalDoc{1: vn.ParseLegal(SampleText), 2: vn.ParseLegal(fuzzTextV2)}

	for _, seed := range [][4]string{
		{"dieu-3-khoan-2", "1", "Nguyễn Văn An", "Góp ý về khoảng cách trồng cây."},
		{"#dieu-3-khoan-2-diem-a", "1", "Lê Thị Bình", "Nên tăng khoảng cách."},
		{"dieu-3-khoan-2", "2", "Trần Văn Cường", "Khoản 2 đã bị bỏ."},
		{"dieu-3-khoan-2", "", "Phạm Thị Dung", "Phiên bản hiện tại."},
		{"", "0", "", "Không có tên."},
		{"chuong-i", "-1", "Hồ Văn Em", "Phiên bản âm."},
		{"dieu-99", "99999999999999999999", "Đỗ Thị Giang", "Phiên bản quá lớn."},
		{" dieu-1 ", "1", "Dù th¶o", "Gãp ý b»ng m· TCVN3."},
		{"dieu-1\x00", "1\x00", "Tên\x00", "Nội dung\x00có NUL"},
		{"dieu-1%20", "+1", "\xff\xfe", "\xc3\x28 không phải UTF-8"},
		{strings.Repeat("dieu-1-", 200), "2", "Vũ Thị Hằng", strings.Repeat("a", 20001)},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, anchor, version, name, body string) {
		v, _ := strconv.Atoi(version)
		c, err := cs.Submit(ctx, consult.Submission{DraftID: d.ID, Anchor: anchor, Version: v, Name: name,
			Phone: "0912345678", Body: body, IP: "192.0.2.1"})
		if err != nil {
			e, ok := apperr.As(err)
			switch {
			case !ok:
				t.Fatalf("Submit(%q, v%d) = %v: not an answer the form can show", anchor, v, err)
			case e.Kind == apperr.NotFound && v != 0 && texts[v] == nil:
			case e.Kind == apperr.Invalid && len(e.Fields) > 0:
				for field, m := range e.Fields {
					if m.VI == "" || m.EN == "" {
						t.Fatalf("Submit(%q, v%d): field %s refused without a message", anchor, v, field)
					}
				}
			default:
				t.Fatalf("Submit(%q, v%d) = %v (%v)", anchor, v, err, e.Kind)
			}
			return
		}
		doc := texts[c.Version]
		if doc == nil || (v != 0 && c.Version != v) || (v == 0 && c.Version != 2) {
			t.Fatalf("Submit(%q, v%d) stored on version %d", anchor, v, c.Version)
		}
		if c.Anchor == "" {
			if c.Provision != "" {
				t.Fatalf("a comment on the whole draft names %q", c.Provision)
			}
		} else if n := doc.Find(c.Anchor); n == nil || consult.ProvisionLabel(doc, n) != c.Provision {
			t.Fatalf("Submit(%q, v%d) stored anchor %q, provision %q: not a provision of version %d", anchor, v, c.Anchor, c.Provision, c.Version)
		}
		stored, err := cs.Comment(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Anchor != c.Anchor || stored.Version != c.Version || stored.Provision != c.Provision {
			t.Fatalf("stored %q v%d %q; answered %q v%d %q", stored.Anchor, stored.Version, stored.Provision, c.Anchor, c.Version, c.Provision)
		}
		for _, s := range []string{stored.Anchor, stored.Provision, stored.Name, stored.Initials, stored.Body} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("stored text PostgreSQL would refuse: %q", s)
			}
		}
		if strings.TrimSpace(stored.Body) == "" {
			t.Fatal("an empty comment was stored")
		}
	})
}
