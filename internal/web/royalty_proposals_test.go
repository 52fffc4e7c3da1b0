package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestRoyaltyProposalsOverHTTP (issue 19): an editor proposes the
// royalty of a published item, the board head returns then approves it,
// who may not is refused, bad input comes back with the engine's message
// and the values kept, and the outside author's tax code and bank
// details show only to royalty.manage holders.
func TestRoyaltyProposalsOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		ed := h.person("bt-nb", account.Editor, "dong-nai")
		h.person("bt2-nb", account.Editor, "dong-nai")
		h.person("tb-nb", account.BoardHead, "dong-nai")
		h.person("ctv-nb", account.Collaborator, "dong-nai")
		h.person("bt-khcn-nb", account.Editor, "so-khcn")
		editor, editor2, head, ctv, other, visitor := h.browser(), h.browser(), h.browser(), h.browser(), h.browser(), h.browser()
		editor.signIn("bt-nb")
		editor2.signIn("bt2-nb")
		head.signIn("tb-nb")
		ctv.signIn("ctv-nb")
		other.signIn("bt-khcn-nb")

		// Two of the demo's published items: one moved to 15/08/2026
		// (Decree 18/2014, base salary 2,530,000), one published now,
		// under the provincial schedule, which is shipped empty.
		rows, err := db.Query(ctx, `SELECT i.id FROM items i JOIN sites s ON s.id = i.site_id WHERE s.code = 'dong-nai'
			AND i.kind <> 'legal' AND i.first_published_at IS NOT NULL ORDER BY i.id`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) < 2 {
			t.Fatalf("the demo has %d published items on dong-nai", len(ids))
		}
		august, recent := ids[0], ids[1]
		if _, err := db.Exec(ctx, `UPDATE items SET first_published_at = ? WHERE id = ?`, time.Date(2026, 8, 15, 3, 0, 0, 0, time.UTC), august); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE items SET first_published_at = ? WHERE id = ?`, time.Date(2026, 10, 5, 3, 0, 0, 0, time.UTC), recent); err != nil {
			t.Fatal(err)
		}
		base := func(id int64) string { return fmt.Sprintf("/quan-tri/s/dong-nai/noi-dung/%d/nhuan-but", id) }

		// Who may open the page: the site's editors and board; not its
		// collaborators, nor another site's editor (403); a visitor is sent
		// to sign in.
		for _, c := range []struct {
			name string
			b    *browser
			want int
		}{{"editor", editor, 200}, {"head", head, 200}, {"collaborator", ctv, 403}, {"another site's editor", other, 403}} {
			if p := c.b.get(base(august)); p.status != c.want {
				t.Errorf("%s opens the royalty page: %d, want %d", c.name, p.status, c.want)
			}
		}
		if p := visitor.get(base(august)); p.status != 303 || !strings.HasPrefix(p.location, "/dang-nhap?") {
			t.Errorf("a visitor opens the royalty page: %d, to %s", p.status, p.location)
		}
		if p := ctv.post(base(august), url.Values{"kind": {"tin"}, "coefficient": {"5"}, "a1_name": {"X"}}); p.status != 403 {
			t.Errorf("a collaborator proposes: %d", p.status)
		}
		if p := visitor.post(base(august), url.Values{"kind": {"tin"}, "coefficient": {"5"}, "a1_name": {"X"}}); p.status != 303 ||
			!strings.HasPrefix(p.location, "/dang-nhap?") {
			t.Errorf("a visitor proposes: %d, to %s", p.status, p.location)
		}

		// The form shows the schedule of the publication day.
		p := editor.get(base(august))
		// Values not found in the texts read are named as defaults: the
		// minimum coefficients and the foreign-language add-on.
		for _, want := range []string{"royalties-nd18-2014", `value="tin"`, "1–10", "2.530.000 đồng", `name="a4_share"`, `name="p3_coef"`,
			"chưa đối chiếu với văn bản", `name="addon.viet-truc-tiep-ngoai-ngu"`, "Tác phẩm viết trực tiếp bằng tiếng nước ngoài, tiếng dân tộc thiểu số"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		// The provincial schedule has no kinds yet: said, on the page and
		// for a proposal sent anyway.
		empty := "chưa có thể loại nào"
		if p := editor.get(base(recent)); !strings.Contains(p.body, "royalties-province-2026") {
			t.Errorf("the recent item's page does not name the provincial schedule")
		}
		me := strconv.FormatInt(ed.ID, 10)
		if p := editor.post(base(recent), url.Values{"kind": {"tin"}, "coefficient": {"5"}, "a1_user": {me}}); p.status != 422 || !strings.Contains(p.body, empty) {
			t.Errorf("a proposal under the empty schedule: %d\n%.3000s", p.status, p.body)
		}

		good := url.Values{"kind": {"tin"}, "coefficient": {"5"}, "a1_user": {me}, "a1_share": {"60"},
			"a2_name": {"Trần Thị B"}, "a2_tax": {"0312345678"}, "a2_bank_account": {"0071000123456"}, "a2_bank": {"Vietcombank Đồng Nai"},
			"a2_share": {"40"}}
		with := func(k, v string) url.Values {
			out := url.Values{}
			for key, vs := range good {
				out[key] = append([]string(nil), vs...)
			}
			out.Set(k, v)
			return out
		}
		// Bad input: the engine's message, 422, the values kept.
		if p := editor.post(base(august), with("coefficient", "50")); p.status != 422 || !strings.Contains(p.body, "Hệ số 50 nằm ngoài khung 1–10") ||
			!strings.Contains(p.body, `value="50"`) || !strings.Contains(p.body, `value="Trần Thị B"`) {
			t.Errorf("a coefficient outside the range: %d\n%.3000s", p.status, p.body)
		}
		if p := editor.post(base(august), with("a2_share", "30")); p.status != 422 || !strings.Contains(p.body, "phải đúng 100%") {
			t.Errorf("shares of 90 %%: %d", p.status)
		}
		if p := editor.post(base(august), with("kind", "khong-co")); p.status != 422 || !strings.Contains(p.body, "không có trong khung") {
			t.Errorf("an unknown kind: %d", p.status)
		}

		// The proposal, returned with a reason, proposed again, approved.
		if p := editor.post(base(august), good); p.status != 303 {
			t.Fatalf("the proposal: %d\n%.3000s", p.status, p.body)
		}
		proposal := func() string {
			var id int64
			if err := db.QueryRow(ctx, `SELECT id FROM royalty_proposals WHERE item_id = ? AND state = 'proposed'`, august).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(id, 10)
		}
		if p := editor.post(base(august)+"/duyet", url.Values{"proposal": {proposal()}}); p.status != 403 {
			t.Errorf("an editor approves: %d", p.status)
		}
		if p := head.post(base(august)+"/tra-lai", url.Values{"proposal": {proposal()}}); p.status != 422 || !strings.Contains(p.body, "lý do") {
			t.Errorf("a return without reason: %d", p.status)
		}
		if p := head.post(base(august)+"/tra-lai", url.Values{"proposal": {proposal()}, "reason": {"Sai hệ số"}}); p.status != 303 {
			t.Fatalf("the return: %d", p.status)
		}
		if p := editor.get(base(august)); !strings.Contains(p.body, "Sai hệ số") {
			t.Errorf("the page does not say the return's reason")
		}
		if p := editor.post(base(august), good); p.status != 303 {
			t.Fatalf("the second proposal: %d", p.status)
		}
		// Another editor sees the lines, not the outside author's tax
		// code and bank details; the board head (royalty.manage) does.
		p = editor2.get(base(august))
		if !strings.Contains(p.body, "Trần Thị B") || strings.Contains(p.body, "0312345678") || strings.Contains(p.body, "0071000123456") {
			t.Errorf("another editor's view of the outside author: name %v, tax code %v, bank %v", strings.Contains(p.body, "Trần Thị B"),
				strings.Contains(p.body, "0312345678"), strings.Contains(p.body, "0071000123456"))
		}
		if p := head.get(base(august)); !strings.Contains(p.body, "0312345678") {
			t.Errorf("the board head does not see the tax code")
		}
		if p := head.post(base(august)+"/duyet", url.Values{"proposal": {proposal()}}); p.status != 303 {
			t.Fatalf("the approval: %d\n%.3000s", p.status, p.body)
		}
		// 5 × 10 % × 2,530,000 = 1,265,000: 759,000 (60 %) and 506,000 (40 %).
		p = editor.get(base(august))
		for _, want := range []string{"Đã duyệt", "759.000 đồng", "506.000 đồng", "1.265.000 đồng", "Một triệu hai trăm sáu mươi lăm nghìn đồng"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the approved proposal lacks %q", want)
			}
		}
		if p := editor.post(base(august), good); p.status != 409 {
			t.Errorf("a second proposal on an approved item: %d", p.status)
		}

		// The items needing a decision: the recent one, not the approved one.
		list := "/quan-tri/s/dong-nai/nhuan-but/can-quyet-dinh?ky=2026"
		p = head.get(list)
		if p.status != 200 || !strings.Contains(p.body, base(recent)) || strings.Contains(p.body, `href="`+base(august)+`"`) {
			t.Errorf("the list needing a decision: %d\n%.3000s", p.status, p.body)
		}
		if p := ctv.get(list); p.status != 403 {
			t.Errorf("a collaborator opens the list: %d", p.status)
		}
		if p := head.get("/quan-tri/s/dong-nai/nhuan-but/can-quyet-dinh?ky=2026-13"); p.status != 422 {
			t.Errorf("a bad period: %d", p.status)
		}
		for action, want := range map[string]int{"royalty.propose": 2, "royalty.return": 1, "royalty.approve": 1} {
			if n := h.auditCount(action); n != want {
				t.Errorf("%s audited %d times, want %d", action, n, want)
			}
		}
		var denied int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND detail LIKE 'royalty.%'`).Scan(&denied); err != nil {
			t.Fatal(err)
		}
		if denied < 4 {
			t.Errorf("%d royalty refusals audited, want at least 4", denied)
		}
	})
}
