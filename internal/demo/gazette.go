package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// demoGazette are invented documents of the provincial People's Council
// and People's Committee for the demo's two gazette issues.
var demoGazette = []struct {
	number, typ, issuer, signer, field, abstract string
	daysAgo                                      int
	issue                                        int
	text                                         []string
}{
	{"12/2026/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh", "Chủ tịch HĐND tỉnh", "Tài chính",
		"Quy định mức chi hỗ trợ hoạt động của tổ dân phố, ấp trên địa bàn tỉnh", 22, 1,
		[]string{"Điều 1. Phạm vi điều chỉnh", "Nghị quyết này quy định mức chi hỗ trợ hoạt động của tổ dân phố, ấp.", "Điều 2. Mức hỗ trợ", "1. Tổ dân phố, ấp loại 1: 3.000.000 đồng mỗi tháng.", "2. Tổ dân phố, ấp loại 2: 2.500.000 đồng mỗi tháng."}},
	{"25/2026/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh", "Chủ tịch UBND tỉnh", "Xây dựng",
		"Ban hành Quy định quản lý cây xanh đô thị trên địa bàn tỉnh", 21, 1,
		[]string{"Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý cây xanh đô thị.", "Điều 2. Quyết định có hiệu lực sau 10 ngày kể từ ngày ký.", "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Xây dựng chịu trách nhiệm thi hành."}},
	{"31/2026/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh", "Phó Chủ tịch UBND tỉnh", "Giao thông vận tải",
		"Quy định tải trọng xe được phép lưu thông trên các tuyến đường tỉnh", 12, 2,
		[]string{"Điều 1. Phạm vi điều chỉnh", "Quyết định này quy định tải trọng tối đa của xe trên các tuyến đường tỉnh.", "Điều 2. Tải trọng cho phép", "Xe có tổng trọng lượng trên 30 tấn không được lưu thông trên đường tỉnh ĐT.768."}},
}

// fillGazette publishes two issues of the demo gazette on the main
// portal, with a gazette officer to sign them in. The demo's documents
// carry no digital signature (no one's certificate is used): each is
// published with the recorded reason saying so, as an office would for a
// paper original.
func fillGazette(ctx context.Context, db *store.DB, now func() time.Time, mainID int64, officer *account.User) error {
	p := gazette.Person{User: officer, MainID: mainID, IP: "local"}
	issues := map[int][]int64{}
	for _, g := range demoGazette {
		signed := now().Add(-time.Duration(g.daysAgo) * 24 * time.Hour)
		clock := func() time.Time { return signed.Add(24 * time.Hour) }
		st := gazette.NewStore(db, gazette.Options{Now: clock})
		pdf, err := demoPDF(g.issuer, g.typ+" số "+g.number, g.abstract, signed, g.text)
		if err != nil {
			return err
		}
		d, err := st.Receive(ctx, mainID, gazette.Intake{Number: g.number, DocType: g.typ, Issuer: g.issuer, Signer: g.signer,
			Field: g.field, SignedOn: vn.Day(signed), EffectiveOn: vn.Day(signed.Add(10 * 24 * time.Hour)), Abstract: g.abstract,
			Text: strings.Join(g.text, "\n"), PDF: pdf}, p)
		if err != nil {
			return fmt.Errorf("%s: %w", g.number, err)
		}
		if err := st.Override(ctx, d.ID, "Dữ liệu mẫu: văn bản không mang chữ ký số; đã đối chiếu bản gốc giấy.", p); err != nil {
			return err
		}
		issues[g.issue] = append(issues[g.issue], d.ID)
	}
	for n := 1; n <= 2; n++ {
		day := now().Add(-time.Duration(30-n*10) * 24 * time.Hour) // 20 and 10 days ago: posted in time
		st := gazette.NewStore(db, gazette.Options{Now: func() time.Time { return day }})
		is, err := st.CreateIssue(ctx, mainID, gazette.IssueRequest{Year: day.In(vn.ICT).Year(), NumFrom: n, IssueDate: vn.Day(day), DocIDs: issues[n]}, p)
		if err != nil {
			return err
		}
		if _, err := st.PublishIssue(ctx, is.ID, gazette.Cover{ParentAgency: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", Agency: "VĂN PHÒNG", Place: "Đồng Nai"}, p); err != nil {
			return err
		}
	}
	return nil
}

// demoPDF is a document's PDF as the office receives it.
func demoPDF(issuer, title, abstract string, signed time.Time, text []string) ([]byte, error) {
	d := &document.Doc{ParentAgency: "", Agency: issuer, Place: "Đồng Nai", Date: signed, Title: title, Subtitle: abstract}
	for _, t := range text {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: t, Align: document.Justify})
	}
	var buf bytes.Buffer
	err := document.WritePDF(&buf, d)
	return buf.Bytes(), err
}
