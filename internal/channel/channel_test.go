package channel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var (
	now = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	by  = audit.Actor{Name: "thu-nghiem", IP: "127.0.0.1"}
)

func newSite(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), `INSERT INTO sites (code, kind, name, created_at) VALUES (?, 'department', ?, ?) RETURNING id`,
		code, "Sở "+code, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestChannelRegistry (issue 20 point 7) on both databases: channels
// added, listed by kind then name, changed and removed, each audited; a
// second site's list apart; the same address twice refused.
func TestChannelRegistry(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := channel.NewStore(db, func() time.Time { return now })
		a, b := newSite(t, db, "so-a"), newSite(t, db, "so-b")
		add := func(site int64, k channel.Kind, name, link string) *channel.Channel {
			t.Helper()
			c := &channel.Channel{SiteID: site, Kind: k, Name: name, Link: link, VerifiedOn: "2026-11-20"}
			if err := s.Save(ctx, c, by); err != nil {
				t.Fatalf("save %s: %v", name, err)
			}
			return c
		}
		hot := add(a, channel.Hotline, "Đường dây nóng", "tel:0251 3822 000")
		zalo := add(a, channel.Social, "Zalo OA của Sở", "https://zalo.me/sokhcn")
		add(a, channel.Social, "Trang Facebook của Sở", "https://www.facebook.com/sokhcn")
		add(a, channel.App, "Ứng dụng Đồng Nai số", "https://apps.apple.com/vn/app/dong-nai-so/id1")
		add(b, channel.Social, "Trang Facebook của Sở", "https://www.facebook.com/sokhcn") // another site may list it too

		list, err := s.List(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, string(c.Kind)+":"+c.Name)
		}
		want := "social:Trang Facebook của Sở|social:Zalo OA của Sở|app:Ứng dụng Đồng Nai số|hotline:Đường dây nóng"
		if strings.Join(got, "|") != want {
			t.Errorf("list = %s\nwant   %s", strings.Join(got, "|"), want)
		}
		if hot.Link != "0251 3822 000" || hot.Tel() != "tel:02513822000" || hot.Web() || !zalo.Web() {
			t.Errorf("hotline stored as %q (tel %q)", hot.Link, hot.Tel())
		}

		// The same address twice on one site.
		err = s.Save(ctx, &channel.Channel{SiteID: a, Kind: channel.Social, Name: "Trùng", Link: "https://zalo.me/sokhcn", VerifiedOn: "2026-11-20"}, by)
		if e, ok := apperr.As(err); !ok || e.Fields["link"].VI == "" || !strings.Contains(e.Fields["link"].VI, "đã có") {
			t.Errorf("duplicate address: %v", err)
		}

		// A change, and a change of another site's channel by this one.
		zalo.Name, zalo.Note = "Zalo Official Account của Sở", "Trả lời trong giờ hành chính"
		if err := s.Save(ctx, zalo, by); err != nil {
			t.Fatal(err)
		}
		if c, err := s.Get(ctx, a, zalo.ID); err != nil || c.Name != "Zalo Official Account của Sở" || c.Note != "Trả lời trong giờ hành chính" || c.UpdatedBy != "thu-nghiem" {
			t.Errorf("after update: %+v %v", c, err)
		}
		other := *zalo
		other.SiteID = b
		if err := s.Save(ctx, &other, by); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("site b changes site a's channel: %v", err)
		}
		if err := s.Remove(ctx, b, zalo.ID, by); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("site b removes site a's channel: %v", err)
		}
		if err := s.Remove(ctx, a, zalo.ID, by); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, a, zalo.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("removed channel still there: %v", err)
		}
		for action, want := range map[string]int{"channel.add": 5, "channel.update": 1, "channel.remove": 1} {
			if n := auditCount(t, db, action); n != want {
				t.Errorf("%s audited %d times, want %d", action, n, want)
			}
		}
	})
}

// TestChannelBadInput: every refusal names its field in Vietnamese and
// stores nothing.
func TestChannelBadInput(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := channel.NewStore(db, func() time.Time { return now })
		site := newSite(t, db, "so-c")
		for _, c := range []struct {
			name             string
			ch               channel.Channel
			field, wantWords string
		}{
			{"javascript", channel.Channel{Kind: channel.Social, Name: "X", Link: "javascript:alert(1)"}, "link", "javascript:"},
			{"javascript upper", channel.Channel{Kind: channel.Social, Name: "X", Link: " JavaScript:alert(1)"}, "link", "javascript:"},
			{"data", channel.Channel{Kind: channel.App, Name: "X", Link: "data:text/html,<script>"}, "link", "data:"},
			{"http", channel.Channel{Kind: channel.Social, Name: "X", Link: "http://facebook.com/x"}, "link", "https://"},
			{"no scheme", channel.Channel{Kind: channel.Social, Name: "X", Link: "facebook.com/x"}, "link", "https://"},
			{"no host", channel.Channel{Kind: channel.Social, Name: "X", Link: "https:///x"}, "link", "https://"},
			{"credentials", channel.Channel{Kind: channel.Social, Name: "X", Link: "https://a:b@facebook.com/x"}, "link", "https://"},
			{"space", channel.Channel{Kind: channel.Social, Name: "X", Link: "https://facebook.com/a b"}, "link", "https://"},
			{"empty link", channel.Channel{Kind: channel.Social, Name: "X"}, "link", "https://"},
			{"hotline letters", channel.Channel{Kind: channel.Hotline, Name: "X", Link: "javascript:1"}, "link", "chữ số"},
			{"hotline short", channel.Channel{Kind: channel.Hotline, Name: "X", Link: "11"}, "link", "từ 3 đến 15"},
			{"kind", channel.Channel{Kind: "fax", Name: "X", Link: "https://a.vn"}, "kind", "loại kênh"},
			{"name", channel.Channel{Kind: channel.Social, Name: "  ", Link: "https://a.vn"}, "name", "tên kênh"},
			{"long name", channel.Channel{Kind: channel.Social, Name: strings.Repeat("ắ", 201), Link: "https://a.vn"}, "name", "200"},
			{"future", channel.Channel{Kind: channel.Social, Name: "X", Link: "https://a.vn", VerifiedOn: "2026-12-04"}, "verified_on", "sau hôm nay"},
			{"bad day", channel.Channel{Kind: channel.Social, Name: "X", Link: "https://a.vn", VerifiedOn: "hôm qua"}, "verified_on", "ngày/tháng/năm"},
		} {
			t.Run(c.name, func(t *testing.T) {
				ch := c.ch
				ch.SiteID = site
				if ch.VerifiedOn == "" {
					ch.VerifiedOn = "2026-11-20"
				}
				err := s.Save(ctx, &ch, by)
				e, ok := apperr.As(err)
				if !ok || e.Kind != apperr.Invalid || !strings.Contains(e.Fields[c.field].VI, c.wantWords) {
					t.Errorf("got %v, want field %s saying %q", err, c.field, c.wantWords)
				}
			})
		}
		if list, _ := s.List(ctx, site); len(list) != 0 {
			t.Errorf("refused channels stored: %d", len(list))
		}
	})
}
