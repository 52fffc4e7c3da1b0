package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// consultFixture is what one holder of a role acts on in the matrix: a
// draft being prepared, an open one with comments in every state a step
// needs, and a closed one whose comments are all handled.
type consultFixture struct {
	prep, open, done *consult.Draft
	pending          *consult.Comment // awaiting moderation
	dupA, dupB       *consult.Comment // published, to group
	toHandle         *consult.Comment // published, not yet handled
	contact          *consult.Comment // published, with an email to show and erase
	email            string
}

// consultAction is one step of the consultation over HTTP: who may take
// it (read from the role matrix), the request, and whether it took
// effect in the database.
type consultAction struct {
	name string
	may  func(account.Role) bool
	do   func(b *browser, fx *consultFixture) page
	done func(k *consultKit, fx *consultFixture) bool
}

func manages(r account.Role) bool { return account.Allows(r, account.ManageConsult) }
func approves(r account.Role) bool {
	return account.Allows(r, account.ApproveSynthesis)
}

// seesStaffPages: the staff pages of a site open to those who manage the
// consultation and to those who approve its synthesis.
func seesStaffPages(r account.Role) bool { return manages(r) || approves(r) }

func draftPath(d *consult.Draft) string {
	return fmt.Sprintf("/quan-tri/s/dong-nai/lay-y-kien/%d", d.ID)
}
func commentPath(d *consult.Draft, c *consult.Comment) string {
	return fmt.Sprintf("%s/y-kien/%d", draftPath(d), c.ID)
}

// localTime is a time as the staff form's datetime-local field gives it.
func localTime(t time.Time) string { return t.In(vn.ICT).Format("2006-01-02T15:04") }

// The consultation's actions in the order they are taken on the fixture:
// the prepared draft is changed before it is opened, the open one is
// closed last.
func consultActions(h *harness) []consultAction {
	return []consultAction{
		{"create", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post("/quan-tri/s/dong-nai/lay-y-kien", url.Values{"title": {"Dự thảo ma trận " + fx.email}, "kind": {"Quyết định"},
					"agency": {"Sở Tư pháp"}, "body": {consultText}})
			},
			func(k *consultKit, fx *consultFixture) bool {
				return k.count(`SELECT COUNT(*) FROM consult_drafts WHERE title = ?`, "Dự thảo ma trận "+fx.email) == 1
			}},
		{"update", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(draftPath(fx.prep), url.Values{"title": {"Tên đã sửa " + fx.email}, "kind": {"Quyết định"}, "agency": {"Sở Tư pháp"}})
			},
			func(k *consultKit, fx *consultFixture) bool {
				return k.draft(fx.prep.ID).Title == "Tên đã sửa "+fx.email
			}},
		{"new version", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(draftPath(fx.prep)+"/phien-ban", url.Values{"body": {consultTextV2}, "note": {"Sửa Điều 3"}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.draft(fx.prep.ID).Version == 2 }},
		{"attach", manages,
			func(b *browser, fx *consultFixture) page {
				return b.postFile(draftPath(fx.prep)+"/tai-lieu", map[string]string{"label": "Tờ trình"}, "file", "to-trinh.pdf", minimalPDF)
			},
			func(k *consultKit, fx *consultFixture) bool {
				return k.count(`SELECT COUNT(*) FROM consult_attachments WHERE draft_id = ?`, fx.prep.ID) == 1
			}},
		{"open", manages,
			func(b *browser, fx *consultFixture) page {
				now := h.clock.Now()
				return b.post(draftPath(fx.prep)+"/mo", url.Values{"opens_at": {localTime(now)}, "closes_at": {localTime(now.AddDate(0, 0, 30))}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.draft(fx.prep.ID).State == consult.Open }},
		{"enter comment", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(draftPath(fx.open)+"/y-kien", url.Values{"channel": {"mail"}, "author_kind": {"organisation"},
					"organisation": {"Hội Luật gia " + fx.email}, "muc": {"dieu-1"}, "comment": {"Ý kiến bằng văn bản."}})
			},
			func(k *consultKit, fx *consultFixture) bool {
				return k.count(`SELECT COUNT(*) FROM consult_comments WHERE draft_id = ? AND channel = 'mail' AND organisation = ?`,
					fx.open.ID, "Hội Luật gia "+fx.email) == 1
			}},
		{"moderate", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(commentPath(fx.open, fx.pending)+"/kiem-duyet", url.Values{"action": {"publish"}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.comment(fx.pending.ID).State == consult.Shown }},
		{"group duplicate", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(commentPath(fx.open, fx.dupB)+"/trung", url.Values{"of": {fmt.Sprint(fx.dupA.ID)}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.comment(fx.dupB.ID).DuplicateOf == fx.dupA.ID }},
		{"handle", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(commentPath(fx.open, fx.toHandle)+"/tiep-thu", url.Values{"handling": {"not_accepted"}, "explanation": {"Đã có quy định."}})
			},
			func(k *consultKit, fx *consultFixture) bool {
				return k.comment(fx.toHandle.ID).Handling == consult.NotAccepted
			}},
		{"view contacts", manages,
			func(b *browser, fx *consultFixture) page { return b.get(commentPath(fx.open, fx.contact) + "/lien-he") },
			nil}, // judged by the page: the address shown, or not
		{"erase", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(commentPath(fx.open, fx.contact)+"/xoa", url.Values{"dong-y": {"1"}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.comment(fx.contact.ID).ErasedAt != nil }},
		{"close early", manages,
			func(b *browser, fx *consultFixture) page {
				return b.post(draftPath(fx.open)+"/ket-thuc", url.Values{"basis": {"Khoản 3 Điều 51 Luật 64/2025/QH15"}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.draft(fx.open.ID).State == consult.Closed }},
		{"approve and publish synthesis", approves,
			func(b *browser, fx *consultFixture) page {
				return b.post(draftPath(fx.done)+"/cong-bo", url.Values{"note": {"Đã duyệt."}})
			},
			func(k *consultKit, fx *consultFixture) bool { return k.draft(fx.done.ID).State == consult.Published }},
		{"staff download", seesStaffPages,
			func(b *browser, fx *consultFixture) page { return b.get(draftPath(fx.done) + "/tong-hop.pdf") },
			nil},
		{"staff page", seesStaffPages,
			func(b *browser, fx *consultFixture) page { return b.get(draftPath(fx.open)) },
			nil},
	}
}

// TestConsultMatrixOverHTTP (issue 14 item 6): every holder of every
// role, and someone not signed in, takes every step of a consultation
// over HTTP; the server allows exactly what account's role matrix says
// (consult.manage, consult.approve), the step then takes effect in the
// database, and every other attempt is refused — 403 for staff, the
// sign-in page for the anonymous — and changes nothing.
func TestConsultMatrixOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		k := newConsultKit(h)
		actions := consultActions(h)
		// The roles of the matrix, and "" for someone not signed in.
		roles := append([]account.Role{""}, account.Roles...)
		allowedOnce := map[string]int{}
		for i, role := range roles {
			who := string(role)
			if who == "" {
				who = "anonymous"
			}
			b := h.browser()
			if role != "" {
				name := fmt.Sprintf("lyk%d", i)
				h.person(name, role, "dong-nai")
				b.signIn(name)
			}
			fx := k.fixture(fmt.Sprintf("r%d@example.vn", i))
			for _, a := range actions {
				want := role != "" && a.may(role)
				p := a.do(b, fx)
				var took bool
				switch {
				case a.done != nil:
					took = a.done(k, fx)
				case a.name == "view contacts":
					took = p.status == http.StatusOK && strings.Contains(p.body, fx.email)
				case a.name == "staff download":
					took = p.status == http.StatusOK && strings.HasPrefix(p.body, "%PDF-")
				default:
					took = p.status == http.StatusOK && strings.Contains(p.body, fx.open.Title)
				}
				answered := p.status == http.StatusSeeOther || p.status == http.StatusOK
				switch {
				case want && (!answered || !took):
					t.Errorf("%s may %s (role matrix) but got %d %q, done=%v\n%.1500s", who, a.name, p.status, p.location, took, p.body)
				case want:
					allowedOnce[a.name]++
				case role == "" && (p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/dang-nhap") || took):
					t.Errorf("anonymous %s: %d %q, done=%v; want the sign-in page and nothing done", a.name, p.status, p.location, took)
				case role != "" && (p.status != http.StatusForbidden || took):
					t.Errorf("%s may not %s (role matrix) but got %d, done=%v", who, a.name, p.status, took)
				}
			}
		}
		// The matrix gives every step to someone: a table where nobody may
		// do anything would pass the loop above for the wrong reason.
		for _, a := range actions {
			if allowedOnce[a.name] == 0 {
				t.Errorf("no role was allowed to %s", a.name)
			}
		}
		if h.auditCount("denied") == 0 {
			t.Error("the refusals were not audited")
		}
		// A role on another site gives nothing here.
		h.person("lyk-so", account.Editor, "so-khcn")
		b := h.browser()
		b.signIn("lyk-so")
		fx := k.fixture("so@example.vn")
		if p := b.post(draftPath(fx.prep), url.Values{"title": {"Sửa từ trang khác"}, "kind": {"Quyết định"}, "agency": {"Sở"}}); p.status != http.StatusForbidden ||
			k.draft(fx.prep.ID).Title == "Sửa từ trang khác" {
			t.Errorf("an editor of another site changed the draft: %d", p.status)
		}
		if p := b.get(commentPath(fx.open, fx.contact) + "/lien-he"); p.status != http.StatusForbidden || strings.Contains(p.body, fx.email) {
			t.Errorf("an editor of another site sees a commenter's contacts: %d", p.status)
		}
	})
}

// minimalPDF passes the media library's checks as a PDF.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")

// postFile sends a multipart form with one file under field.
func (b *browser) postFile(path string, fields map[string]string, field, name string, data []byte) page {
	b.h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if field != "" {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// fixture prepares, through the store as the board head, the drafts and
// comments one matrix row acts on; email marks them as that row's.
func (k *consultKit) fixture(email string) *consultFixture {
	k.h.t.Helper()
	fx := &consultFixture{email: email}
	fx.prep = k.draftOn("dong-nai", "Dự thảo đang soạn "+email, false)
	fx.open = k.draftOn("dong-nai", "Dự thảo đang lấy ý kiến "+email, true)
	fx.pending = k.comment0(fx.open, "dieu-2", "Nguyễn Văn An", "", "Ý kiến chờ kiểm duyệt.")
	fx.dupA = k.published(fx.open, "dieu-3", "Lê Thị Bình", "", "Nên bỏ Điều 3.")
	fx.dupB = k.published(fx.open, "dieu-3", "Phạm Văn Cường", "", "Đề nghị bỏ Điều 3.")
	fx.toHandle = k.published(fx.open, "dieu-1", "Trần Thị Dung", "", "Nên nói rõ phạm vi.")
	fx.contact = k.published(fx.open, "", "Hoàng Văn Em", email, "Ý kiến chung.")
	fx.done = k.draftOn("dong-nai", "Dự thảo đã kết thúc "+email, true)
	c := k.published(fx.done, "dieu-3-khoan-2", "Đỗ Thị Giang", "", "Nên thêm ví dụ.")
	k.handle(c, consult.Accepted, "")
	k.closeEarly(fx.done)
	return fx
}

// count runs a COUNT query.
func (k *consultKit) count(q string, args ...any) int {
	k.h.t.Helper()
	var n int
	if err := k.h.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		k.h.t.Fatal(err)
	}
	return n
}
