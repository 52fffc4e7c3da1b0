package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// synthesisDoc is the synthesis of acceptance and explanation as an
// official document (REQ-31, REQ-63): the agency's header block, the
// title, a lead paragraph, then the table grouped by provision in the
// order of the text — TT, provision, the comment, who made it, the
// acceptance and explanation — and the counts.
func synthesisDoc(syn *consult.Synthesis, st, main *site.Site, lang string) *document.Doc {
	d := syn.Draft
	tr := func(k string) string { return translate(lang, k) }
	doc := &document.Doc{Agency: strings.ToUpper(d.Agency), Title: strings.ToUpper(tr("cs.synthesis")),
		Subtitle: d.Title, Landscape: true, Language: lang}
	if main != nil && main.ID != st.ID {
		doc.ParentAgency = strings.ToUpper(main.DisplayName(lang))
	} else if !strings.EqualFold(st.DisplayName(lang), d.Agency) {
		doc.ParentAgency = strings.ToUpper(st.DisplayName(lang))
	}
	if d.PublishedAt != nil {
		doc.Date = *d.PublishedAt
		doc.Place = provinceOf(main)
	}
	lead := fmt.Sprintf("Thực hiện việc lấy ý kiến đối với %s, %s đã đăng toàn văn dự thảo trên Cổng thông tin điện tử", d.Title, d.Agency)
	if d.OpensAt != nil && d.ClosesAt != nil {
		lead += fmt.Sprintf(" từ %s đến %s", vn.DateTimeWords(d.OpensAt.In(vn.ICT)), vn.DateTimeWords(d.ClosesAt.In(vn.ICT)))
	}
	lead += fmt.Sprintf(" và nhận được %d ý kiến góp ý. Kết quả tổng hợp, tiếp thu, giải trình như sau:", syn.Total)
	if lang == "en" {
		lead = fmt.Sprintf("%s posted the full text of %s for public comment and received %d comments. They were handled as follows:", d.Agency, d.Title, syn.Total)
	}
	doc.Blocks = append(doc.Blocks, document.Paragraph{Text: lead, Align: document.Justify})
	t := document.Table{Columns: []document.Column{
		{Title: tr("cs.tt"), Width: 0.5, Align: document.Center},
		{Title: tr("cs.provision"), Width: 1.3},
		{Title: tr("cs.summary"), Width: 4},
		{Title: tr("cs.who"), Width: 1.6},
		{Title: tr("cs.handling"), Width: 3.2},
	}}
	for _, g := range syn.Groups {
		t.Rows = append(t.Rows, document.Row{Group: true, Cells: []string{fmt.Sprintf("%s (%d %s)", g.Label, g.Count, tr("cs.n.comments"))}})
		for _, r := range g.Rows {
			t.Rows = append(t.Rows, document.Row{Cells: []string{fmt.Sprint(r.N), r.Provision, r.Comment, r.Who, r.HandlingText(lang)}})
		}
	}
	doc.Blocks = append(doc.Blocks, t)
	counts := fmt.Sprintf("Tổng số: %d ý kiến (%d nội dung); tiếp thu: %d; tiếp thu một phần: %d; không tiếp thu: %d.",
		syn.Total, syn.Rows, syn.ByHandled[consult.Accepted], syn.ByHandled[consult.Partly], syn.ByHandled[consult.NotAccepted])
	if lang == "en" {
		counts = fmt.Sprintf("In all: %d comments (%d points); accepted: %d; partly accepted: %d; not accepted: %d.",
			syn.Total, syn.Rows, syn.ByHandled[consult.Accepted], syn.ByHandled[consult.Partly], syn.ByHandled[consult.NotAccepted])
	}
	doc.Blocks = append(doc.Blocks, document.Paragraph{Text: counts, Bold: true})
	if d.SynthesisNote != "" {
		doc.Blocks = append(doc.Blocks, document.Paragraph{Text: d.SynthesisNote, Align: document.Justify})
	}
	if d.ApprovedBy != "" {
		doc.Blocks = append(doc.Blocks, document.Paragraph{Text: d.ApprovedBy, Bold: true, Align: document.Right})
	}
	return doc
}

// provinceOf is the place named on the date line: the province, from the
// main portal's name ("Ủy ban nhân dân tỉnh Đồng Nai" → "Đồng Nai").
func provinceOf(main *site.Site) string {
	if main == nil {
		return ""
	}
	name := main.DisplayName("vi")
	for _, w := range []string{"tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "} {
		if i := strings.LastIndex(name, w); i >= 0 {
			return strings.TrimSpace(name[i+len(w):])
		}
	}
	return ""
}

// synthesisFormats are the files a synthesis is exported as.
var synthesisFormats = map[string]struct {
	mime  string
	write func(io.Writer, *document.Doc) error
}{
	"docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", document.WriteDOCX},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", document.WriteXLSX},
	"pdf":  {"application/pdf", document.WritePDF},
}

// writeSynthesis writes a draft's synthesis as one of the formats.
func (s *Server) writeSynthesis(w http.ResponseWriter, r *http.Request, d *consult.Draft, ext string) error {
	f, ok := synthesisFormats[ext]
	if !ok {
		return errNotFound
	}
	lang := langOf(r)
	syn, err := s.consult.Synthesis(r.Context(), d, lang)
	if err != nil {
		return err
	}
	st, err := s.sites.ByID(r.Context(), d.SiteID)
	if err != nil {
		return err
	}
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	var buf bytes.Buffer
	if err := f.write(&buf, synthesisDoc(syn, st, main, lang)); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="tong-hop-y-kien-%s.%s"`, d.Slug, ext))
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

// consultFile serves /lay-y-kien/{slug}/tong-hop.{docx,xlsx,pdf}: the
// published synthesis, for everyone.
func (s *Server) consultFile(w http.ResponseWriter, r *http.Request) error {
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	if name != "tong-hop" {
		return errNotFound
	}
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	if d.State != consult.Published {
		return errNotFound
	}
	return s.writeSynthesis(w, r, d, ext)
}
