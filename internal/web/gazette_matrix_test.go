package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// gazetteFixture is what one holder of a role acts on in the matrix.
type gazetteFixture struct {
	row      int
	unsigned *gazette.Doc   // waiting, signature not verified, no override
	free     *gazette.Doc   // waiting, in no issue
	inDraft  *gazette.Doc   // in the issue being prepared
	draft    *gazette.Issue // being prepared, holding inDraft and another
	toPub    *gazette.Issue // being prepared, ready to publish
	pubDoc   *gazette.Doc   // published, to withdraw
}

// The row's numbers: issues of this year from 10 on, ten a row;
// documents numbered from 1000 on, ten a row.
func (fx *gazetteFixture) issueNum(j int) int { return 10 + 10*fx.row + j }
func (fx *gazetteFixture) number(j int) string {
	return fmt.Sprintf("%d/2026/QĐ-UBND", 1000+10*fx.row+j)
}
func (fx *gazetteFixture) format() string { return fmt.Sprintf("Số {so}/{nam} (mẫu %d)", fx.row) }

// gazetteAction is one step of the gazette over HTTP: who may take it
// (read from the role matrix), the request, and whether it took effect.
type gazetteAction struct {
	name  string
	audit string // the audit entry of the step taken; "" for a page
	may   func(account.Role) bool
	do    func(b *browser, fx *gazetteFixture) page
	done  func(k *gazetteKit, fx *gazetteFixture, p page) bool
}

func gazetteIntakes(r account.Role) bool { return account.Allows(r, account.GazetteIntake) }
func gazettePublishes(r account.Role) bool {
	return account.Allows(r, account.GazettePublish)
}

// gazetteReads: the staff pages and files open to the office and to the
// overseer, who reads the deadline figures (gazetteStaff).
func gazetteReads(r account.Role) bool {
	return gazetteIntakes(r) || gazettePublishes(r) || account.Allows(r, account.ReadAllOversight)
}

func gazetteActions(k *gazetteKit, pdf []byte) []gazetteAction {
	shows := func(path func(fx *gazetteFixture) string, text func(fx *gazetteFixture) string) (func(*browser, *gazetteFixture) page, func(*gazetteKit, *gazetteFixture, page) bool) {
		return func(b *browser, fx *gazetteFixture) page { return b.get(path(fx)) },
			func(_ *gazetteKit, fx *gazetteFixture, p page) bool {
				return p.status == http.StatusOK && strings.Contains(p.body, text(fx))
			}
	}
	queueDo, queueDone := shows(func(*gazetteFixture) string { return "/quan-tri/cong-bao" },
		func(fx *gazetteFixture) string { return ">" + fx.unsigned.Number + "</a>" })
	docDo, docDone := shows(func(fx *gazetteFixture) string { return "/quan-tri/cong-bao/van-ban/" + itoa(fx.unsigned.ID) },
		func(fx *gazetteFixture) string { return "<h1>Quyết định số " + fx.unsigned.Number + "</h1>" })
	issueDo, issueDone := shows(func(fx *gazetteFixture) string { return "/quan-tri/cong-bao/so/" + itoa(fx.draft.ID) },
		func(fx *gazetteFixture) string { return "<h1>Công báo " + fx.draft.Label + "</h1>" })
	return []gazetteAction{
		{"staff page", "", gazetteReads, queueDo, queueDone},
		{"staff document page", "", gazetteReads, docDo, docDone},
		{"staff issue page", "", gazetteReads, issueDo, issueDone},
		{"staff file download", "", gazetteReads,
			func(b *browser, fx *gazetteFixture) page {
				return b.get("/quan-tri/cong-bao/tep/" + fx.unsigned.PDFSHA256 + ".pdf")
			},
			func(_ *gazetteKit, _ *gazetteFixture, p page) bool {
				return p.status == http.StatusOK && strings.HasPrefix(p.body, "%PDF-") && p.header.Get("Content-Type") == "application/pdf"
			}},
		{"receive", "gazette.receive", gazetteIntakes,
			func(b *browser, fx *gazetteFixture) page {
				return receiveOver(b, intakeForm(fx.number(9), k.today(), "Ủy ban nhân dân tỉnh", "Quyết định", "Văn bản tiếp nhận qua ma trận"), pdf)
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool {
				return k.count(`SELECT COUNT(*) FROM gazette_docs WHERE number = ?`, fx.number(9)) == 1
			}},
		{"override", "gazette.override", gazetteIntakes,
			func(b *browser, fx *gazetteFixture) page {
				return b.post("/quan-tri/cong-bao/van-ban/"+itoa(fx.unsigned.ID)+"/cho-dang", url.Values{"reason": {"Đã đối chiếu bản giấy."}})
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool { return k.doc(fx.unsigned.ID).Override != "" }},
		{"remove from issue", "gazette.remove", gazettePublishes,
			func(b *browser, fx *gazetteFixture) page {
				return b.post("/quan-tri/cong-bao/van-ban/"+itoa(fx.inDraft.ID)+"/bo-khoi-so", nil)
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool { return k.doc(fx.inDraft.ID).IssueID == 0 }},
		{"prepare issue", "gazette.issue", gazettePublishes,
			func(b *browser, fx *gazetteFixture) page {
				return b.post("/quan-tri/cong-bao/so", url.Values{"year": {itoa(int64(k.year()))}, "num_from": {itoa(int64(fx.issueNum(5)))},
					"issue_date": {k.today()}, "doc": {itoa(fx.free.ID)}})
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool { return k.doc(fx.free.ID).IssueID != 0 }},
		{"publish issue", "gazette.publish", gazettePublishes,
			func(b *browser, fx *gazetteFixture) page {
				return b.post("/quan-tri/cong-bao/so/"+itoa(fx.toPub.ID)+"/phat-hanh", nil)
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool {
				return k.count(`SELECT COUNT(*) FROM gazette_issues WHERE id = ? AND state = 'published'`, fx.toPub.ID) == 1
			}},
		{"set numbering", "gazette.format", gazettePublishes,
			func(b *browser, fx *gazetteFixture) page {
				return b.post("/quan-tri/cong-bao/cai-dat", url.Values{"format": {fx.format()}})
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool {
				return k.count(`SELECT COUNT(*) FROM gazette_settings WHERE number_format = ?`, fx.format()) == 1
			}},
		{"withdraw", "gazette.withdraw", gazettePublishes,
			func(b *browser, fx *gazetteFixture) page {
				return b.post("/quan-tri/cong-bao/van-ban/"+itoa(fx.pubDoc.ID)+"/thu-hoi", url.Values{"reason": {"Thu hồi để kiểm tra ma trận."}})
			},
			func(k *gazetteKit, fx *gazetteFixture, _ page) bool {
				return k.doc(fx.pubDoc.ID).State == gazette.Withdrawn
			}},
	}
}

// fixtures prepares, through the store as the gazette office, what rows
// rows of the matrix act on; the documents to withdraw are published
// together in one issue.
func (k *gazetteKit) fixtures(rows int, signed, unsigned []byte) []*gazetteFixture {
	k.h.t.Helper()
	var out []*gazetteFixture
	var toWithdraw []*gazette.Doc
	for i := range rows {
		fx := &gazetteFixture{row: i}
		fx.unsigned = k.receive(fx.number(0), unsigned)
		fx.free = k.receive(fx.number(1), signed)
		fx.inDraft = k.receive(fx.number(2), signed)
		fx.draft = k.issue(fx.issueNum(0), fx.inDraft, k.receive(fx.number(3), signed))
		fx.toPub = k.issue(fx.issueNum(1), k.receive(fx.number(4), signed))
		fx.pubDoc = k.receive(fx.number(5), signed)
		toWithdraw = append(toWithdraw, fx.pubDoc)
		out = append(out, fx)
	}
	k.publish(k.issue(9, toWithdraw...))
	return out
}

// TestGazetteMatrixOverHTTP (issue 16 proof): every holder of every role,
// and someone not signed in, takes every step of the gazette over HTTP
// on both databases; the server allows exactly what the role matrix says
// (gazette.intake, gazette.publish; the staff pages and files to the
// overseer too), the step then takes effect, and every other attempt is
// refused — 403 for staff, the sign-in page for the anonymous — and
// changes nothing. A gazette officer of another site is refused too.
func TestGazetteMatrixOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		k := newGazetteKit(h)
		signed := pdfdoctest.Signed(t, "Quyết định dùng cho ma trận vai trò.", "Lê Văn Ấn")
		unsigned := pdfdoctest.Unsigned(t, "Quyết định chưa ký số dùng cho ma trận vai trò.")
		actions := gazetteActions(k, signed)
		roles := append([]account.Role{""}, account.Roles...)
		fixtures := k.fixtures(len(roles)+1, signed, unsigned)
		allowedOnce := map[string]int{}
		for i, role := range roles {
			who := string(role)
			if who == "" {
				who = "anonymous"
			}
			b := h.browser()
			if role != "" {
				name := fmt.Sprintf("cbm%d", i)
				h.person(name, role, "dong-nai")
				b.signIn(name)
			}
			fx := fixtures[i]
			for _, a := range actions {
				want := role != "" && a.may(role)
				denied, logged := h.auditCount("denied"), 0
				if a.audit != "" {
					logged = h.auditCount(a.audit)
				}
				p := a.do(b, fx)
				took := a.done(k, fx, p)
				// Every refusal of a signed-in person is audited; every step
				// taken is.
				if role != "" && !want && h.auditCount("denied") != denied+1 {
					t.Errorf("%s was refused to %s without one denied entry", who, a.name)
				}
				if want && a.audit != "" && h.auditCount(a.audit) != logged+1 {
					t.Errorf("%s took %s without its %s audit entry", who, a.name, a.audit)
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
		for _, a := range actions {
			if allowedOnce[a.name] == 0 {
				t.Errorf("no role was allowed to %s", a.name)
			}
		}
		// The gazette role on a department's site gives nothing on the
		// province's gazette.
		h.person("cbm-so", account.Gazette, "so-khcn")
		b := h.browser()
		b.signIn("cbm-so")
		fx := fixtures[len(roles)]
		for _, a := range actions {
			p := a.do(b, fx)
			if took := a.done(k, fx, p); p.status != http.StatusForbidden || took {
				t.Errorf("a gazette officer of another site: %s: %d, done=%v", a.name, p.status, took)
			}
		}
		// Nothing the refusals touched changed the log: it verifies.
		if problems, err := k.gz.Verify(context.Background(), nil); err != nil || len(problems) != 0 {
			t.Errorf("verify after the matrix: %v %v", problems, err)
		}
	})
}
