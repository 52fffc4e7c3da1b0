package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestLegalRelationsThroughTheForms: a board head relates two documents
// from the item page, typing the other's number loosely; both public
// pages show the relation, in its direction, and the replaced one's
// status follows; removing it undoes that. An editor may not touch a
// live document's relations. Edited details reach the search index.
func TestLegalRelationsThroughTheForms(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // the demo's six laws on the main portal
		ctx := context.Background()
		var id int64
		if err := db.QueryRow(ctx, `SELECT item_id FROM legal_docs WHERE number = '45/2009/QH12'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		path := "/quan-tri/s/dong-nai/noi-dung/" + strconv.FormatInt(id, 10)
		h.person("tb.vb", account.BoardHead, "dong-nai")
		h.person("bt.vb", account.Editor, "dong-nai")
		head, ed, anon := h.browser(), h.browser(), h.browser()
		head.signIn("tb.vb")
		ed.signIn("bt.vb")

		p := head.get(path)
		if !strings.Contains(p.body, `id="van-ban"`) || !strings.Contains(p.body, `value="45/2009/QH12"`) {
			t.Fatalf("the item page lacks the document's details:\n%.3000s", p.body)
		}
		if p := ed.post(path+"/quan-he", url.Values{"kind": {"replaces"}, "number": {"27/2008/QH12"}}); p.status != 403 {
			t.Errorf("editor relating a live document = %d; want 403", p.status)
		}
		// Bad input: an unknown number, an unknown kind, itself.
		for _, form := range []url.Values{
			{"kind": {"replaces"}, "number": {"999/2099/QH99"}},
			{"kind": {"eats"}, "number": {"27/2008/QH12"}},
			{"kind": {"amends"}, "number": {"45/2009/QH12"}},
			{"kind": {"amends"}, "number": {""}},
		} {
			if p := head.post(path+"/quan-he", form); p.status != 422 && p.status != 404 {
				t.Errorf("relate %v = %d; want a message", form, p.status)
			} else if !strings.Contains(p.body, `class="error`) && !strings.Contains(p.body, "Không") && !strings.Contains(p.body, "Hãy") {
				t.Errorf("relate %v: no message shown", form)
			}
		}
		before := h.auditCount("legal.relate")
		// The number typed without diacritics, in lower case, with dashes.
		if p := head.post(path+"/quan-he", url.Values{"kind": {"replaces"}, "number": {"27-2008-qh12"}}); p.status != 303 {
			t.Fatalf("relate = %d\n%.2000s", p.status, p.body)
		}
		if h.auditCount("legal.relate") != before+1 {
			t.Error("the relation was not audited")
		}
		if p := anon.get("/van-ban/luat-thue-tieu-thu-dac-biet"); !strings.Contains(p.body, "Bị thay thế bởi") ||
			!strings.Contains(p.body, "45/2009/QH12") || !strings.Contains(p.body, "Hết hiệu lực") {
			t.Errorf("the replaced law's page does not show it:\n%.4000s", p.body)
		}
		if p := anon.get("/van-ban/luat-thue-tai-nguyen"); !strings.Contains(p.body, "Thay thế") || !strings.Contains(p.body, "27/2008/QH12") {
			t.Error("the replacing law's page does not show the relation")
		}
		var other int64
		db.QueryRow(ctx, `SELECT item_id FROM legal_docs WHERE number = '27/2008/QH12'`).Scan(&other)
		if p := head.post(path+"/quan-he/bo", url.Values{"from": {strconv.FormatInt(id, 10)}, "to": {strconv.FormatInt(other, 10)},
			"kind": {"replaces"}}); p.status != 303 {
			t.Fatalf("unrelate = %d", p.status)
		}
		if p := anon.get("/van-ban/luat-thue-tieu-thu-dac-biet"); strings.Contains(p.body, "Bị thay thế bởi") {
			t.Error("the removed relation is still shown")
		}
		// Details edited, the dates typed day first; a bad date refused
		// with the message.
		form := url.Values{"number": {"45/2009/QH12"}, "doc_type": {"Luật"}, "issuer": {"Quốc hội"}, "signer": {"Nguyễn Phú Trọng"},
			"field": {"Thuế, phí, lệ phí"}, "issued": {"25/11/2009"}, "effective": {"1/7/2010"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("effective", "31/02/2010")
		if p := head.post(path+"/van-ban", bad); p.status != 422 || !strings.Contains(p.body, "ngày/tháng/năm") {
			t.Errorf("bad date = %d: not refused with the message", p.status)
		}
		if p := head.post(path+"/van-ban", form); p.status != 303 {
			t.Fatalf("save details = %d\n%.2000s", p.status, p.body)
		}
		if p := anon.get("/van-ban/luat-thue-tai-nguyen"); !strings.Contains(p.body, "Thuế, phí, lệ phí") {
			t.Error("the edited field is not shown publicly")
		}
		var issued, effective string
		if err := db.QueryRow(context.Background(), `SELECT issued_on, effective_on FROM legal_docs WHERE number = ?`, "45/2009/QH12").Scan(&issued, &effective); err != nil ||
			issued != "2009-11-25" || effective != "2010-07-01" {
			t.Errorf("dates typed day first stored as %q, %q (%v); want 2009-11-25, 2010-07-01", issued, effective, err)
		}
		if p := head.get(path); !strings.Contains(p.body, `value="25/11/2009"`) || !strings.Contains(p.body, `value="01/07/2010"`) {
			t.Error("the edit form does not show the stored dates day first")
		}
		// The search index follows at once: the new field filters it.
		if _, res := anon.api("/api/v1/search?q=thue+tai+nguyen&field=" + url.QueryEscape("Thuế, phí, lệ phí")); !res.has("Luật Thuế tài nguyên") {
			t.Errorf("search by the edited field does not find the law: %+v", res)
		}
	})
}
