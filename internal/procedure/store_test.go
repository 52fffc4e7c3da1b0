package procedure

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

var office = audit.Actor{Name: "vanphong", IP: "local"}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCatalogueStore (both databases): an import stores the sample, a
// second one changes nothing, a changed file updates; a bad record
// leaves what was stored untouched; the statistics attach to the site's
// procedures; a manual save, a removal and its return by import; the
// facets and the search without diacritics; text stored NFC; each site
// its own catalogue.
func TestCatalogueStore(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, vn.ICT) }
		sites := site.NewSites(db, now)
		st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Cổng tỉnh"}
		other := &site.Site{Code: "so", Kind: site.Department, PathPrefix: "/so", Name: "Sở"}
		for _, s := range []*site.Site{st, other} {
			if err := sites.Create(ctx, s, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		ps := NewStore(db, now)
		recs, err := ParseProcedures(sample(t, "procedures.csv"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := ps.Import(ctx, st.ID, recs, "procedures.csv", office)
		if err != nil || res != (Result{Created: 3}) {
			t.Fatalf("first import: %+v %v", res, err)
		}
		recs, _ = ParseProcedures(sample(t, "procedures.csv"))
		if res, err := ps.Import(ctx, st.ID, recs, "procedures.csv", office); err != nil || res != (Result{Unchanged: 3}) {
			t.Errorf("second import: %+v %v", res, err)
		}
		// The JSON sample has the same first two, with more text.
		recs, _ = ParseProcedures(sample(t, "procedures.json"))
		if res, err := ps.Import(ctx, st.ID, recs, "procedures.json", office); err != nil || res != (Result{Updated: 2}) {
			t.Errorf("the JSON import: %+v %v", res, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM procedures WHERE site_id = ?`, st.ID); n != 3 {
			t.Errorf("%d rows; want 3 (one per code)", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'procedure.import'`); n != 3 {
			t.Errorf("%d imports audited; want 3", n)
		}

		p, err := ps.ByCode(ctx, st.ID, "1.009994")
		if err != nil {
			t.Fatal(err)
		}
		if p.Steps == "" || len(p.Dossier) != 2 || p.Dossier[0].Originals != 1 || len(p.Forms) != 1 || p.Proactive != 2 ||
			!strings.HasPrefix(p.ServiceURL, "https://dichvucong.gov.vn/") || p.UpdatedBy != "vanphong" {
			t.Errorf("the stored procedure: %+v", p)
		}
		if _, err := ps.ByCode(ctx, other.ID, "1.009994"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another site sees it: %v", err)
		}

		// A file with one bad record stores nothing of it (checked in
		// the transaction too: the record is invalid only once cleaned).
		bad := []Parsed[*Procedure]{
			{2, &Procedure{Code: "1.009994", Name: "Tên đổi", Field: "Khoa học và công nghệ", Level: "tinh", Agency: "Sở", ServiceLevel: "toan-trinh"}},
			{3, &Procedure{Code: "1.009997", Name: "", Field: "X", Level: "tinh", Agency: "Sở", ServiceLevel: "toan-trinh"}},
		}
		_, err = ps.Import(ctx, st.ID, bad, "bad.csv", office)
		if e, ok := apperr.As(err); !ok || !strings.Contains(e.Msg.VI, "Dòng 3, trường “ten_thu_tuc”") {
			t.Errorf("a bad record: %v", err)
		}
		if p, _ := ps.ByCode(ctx, st.ID, "1.009994"); p.Name != "Thủ tục cấp giấy phép thử nghiệm mẫu A" {
			t.Errorf("the failed import changed %q", p.Name)
		}

		// Statistics.
		sts, err := ParseStats(sample(t, "stats.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := ps.ImportStats(ctx, st.ID, sts, "stats.csv", office); err != nil || n != 3 {
			t.Fatalf("stats: %d %v", n, err)
		}
		sts, _ = ParseStats(sample(t, "stats.json"))
		if _, err := ps.ImportStats(ctx, st.ID, sts, "stats.json", office); err != nil {
			t.Fatal(err)
		}
		p2, _ := ps.ByCode(ctx, st.ID, "2.000995")
		years, err := ps.Stats(ctx, p2.ID)
		if err != nil || len(years) != 2 || years[0].Year != 2026 || years[0].ReceivedTotal != 300 || years[1].OnTime != 270 {
			t.Errorf("the figures: %v %+v", err, years)
		}
		sts, _ = ParseStats([]byte("ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.009994,2026,1,1,1,1\n1.000000,2026,1,1,1,1\n"))
		_, err = ps.ImportStats(ctx, other.ID, sts, "x.csv", office)
		if e, ok := apperr.As(err); !ok || !strings.Contains(e.Msg.VI, "Dòng 2, trường “ma_thu_tuc”: danh mục của trang không có thủ tục mã 1.009994") {
			t.Errorf("figures of another site's procedure: %v", err)
		}
		_, err = ps.ImportStats(ctx, st.ID, sts, "x.csv", office)
		if e, ok := apperr.As(err); !ok || !strings.Contains(e.Msg.VI, "Dòng 3") {
			t.Errorf("an unknown code: %v", err)
		}
		if years, _ := ps.Stats(ctx, p.ID); len(years) != 1 || years[0].ReceivedOnline != 120 {
			t.Errorf("the failed stats import changed the figures: %+v", years[0])
		}

		// By hand: a new one (its text NFC), a code taken, a change, a
		// partial service without its reason.
		decomposed := "Thu\u0309 tu\u0323c thư\u0309 nghiê\u0323m D"
		np := &Procedure{SiteID: st.ID, Code: "2.000998", Name: decomposed, Field: "Hộ tịch", Level: "Cấp xã", Agency: "UBND xã", ServiceLevel: "toàn trình",
			Dossier: []Component{{"Tờ khai", 1, 0}}}
		if err := ps.Save(ctx, np, office); err != nil {
			t.Fatal(err)
		}
		if got, _ := ps.ByCode(ctx, st.ID, "2.000998"); got.Name != vn.NFC(decomposed) || got.Name == decomposed || got.Level != Commune {
			t.Errorf("stored %q (level %q); want NFC", got.Name, got.Level)
		}
		dup := &Procedure{SiteID: st.ID, Code: "2.000998", Name: "Khác", Field: "Hộ tịch", Level: "xa", Agency: "UBND xã", ServiceLevel: "toàn trình"}
		if err := ps.Save(ctx, dup, office); err == nil || !strings.Contains(err.Error(), "đã có thủ tục mã 2.000998") {
			t.Errorf("a second 2.000998: %v", err)
		}
		np.ServiceLevel, np.PartialReason = Partial, "Phải có mặt"
		if err := ps.Save(ctx, np, office); err == nil || !strings.Contains(err.Error(), "can_cu_mot_phan") {
			t.Errorf("partial without its basis: %v", err)
		}
		np.PartialBasis = "Điều 14 Nghị định 224/2026/NĐ-CP"
		if err := ps.Save(ctx, np, office); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action IN ('procedure.create', 'procedure.update') AND target = 'procedure:2.000998'`); n != 2 {
			t.Errorf("%d manual saves audited; want 2", n)
		}

		// The facets and the search.
		all, err := ps.List(ctx, st.ID)
		if err != nil || len(all) != 4 {
			t.Fatalf("list: %d %v", len(all), err)
		}
		got, fc := Filter{Field: "Hộ tịch"}.Apply(all)
		if len(got) != 2 || len(fc.Fields) != 2 || fc.Fields[0] != (Count{"Hộ tịch", 2}) || fc.Fields[1] != (Count{"Khoa học và công nghệ", 2}) {
			t.Errorf("by field: %d %+v", len(got), fc.Fields)
		}
		if len(fc.ServiceLevels) != 1 || fc.ServiceLevels[0] != (Count{"mot-phan", 2}) || len(fc.Levels) != 1 {
			t.Errorf("service levels of Hộ tịch: %+v %+v", fc.ServiceLevels, fc.Levels)
		}
		if got, _ := (Filter{Q: "giay phep thu nghiem"}).Apply(all); len(got) != 1 || got[0].Code != "1.009994" {
			t.Errorf("search without diacritics: %v", got)
		}
		if got, _ := (Filter{Q: "2.000995"}).Apply(all); len(got) != 1 {
			t.Errorf("search by code: %v", got)
		}
		if got, _ := (Filter{Level: Province, ServiceLevel: Full}).Apply(all); len(got) != 2 {
			t.Errorf("province, fully online: %d", len(got))
		}

		// Removal, and the import brings it back.
		if err := ps.Remove(ctx, st.ID, "1.009996", office); err != nil {
			t.Fatal(err)
		}
		if err := ps.Remove(ctx, st.ID, "1.009996", office); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("remove twice: %v", err)
		}
		if all, _ := ps.List(ctx, st.ID); len(all) != 3 {
			t.Errorf("%d after the removal", len(all))
		}
		recs, _ = ParseProcedures(sample(t, "procedures.csv"))
		if res, err := ps.Import(ctx, st.ID, recs, "procedures.csv", office); err != nil || res.Created != 1 {
			t.Errorf("the import after a removal: %+v %v", res, err)
		}
	})
}
