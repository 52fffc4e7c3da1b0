package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/spokes"
	"github.com/congportal/cong/internal/vn"
)

// spokesReportPage is the spokesperson's annual report (REQ-41) of a
// site: the counters of the form of Decree 244/2026 Art. 10.
type spokesReportPage struct {
	*AdminPage
	Work  *site.Site
	R     *spokes.Report
	Years []int
	Lines []spokesLine
}

// spokesLine is one counter of the form: its name and its figure, "a/b"
// for those counted out of a total.
type spokesLine struct {
	N      int
	Label  string
	Figure string
}

// Base is the report's address.
func (p *spokesReportPage) Base() string { return "/quan-tri/s/" + p.Work.Code + "/phat-ngon/bao-cao" }

// File is the address of a download of the report.
func (p *spokesReportPage) File(ext string) string {
	return p.Base() + "." + ext + "?nam=" + strconv.Itoa(p.R.Year)
}

// spokesLines are the counters in the order of the form.
func spokesLines(r *spokes.Report, lang string) []spokesLine {
	of := func(a, b int) string { return fmt.Sprintf("%d/%d", a, b) }
	out := []spokesLine{
		{Label: translate(lang, "spokes.r.conferences"), Figure: strconv.Itoa(r.Conferences)},
		{Label: translate(lang, "spokes.r.briefings"), Figure: strconv.Itoa(r.Briefings)},
		{Label: translate(lang, "spokes.r.questions"), Figure: of(r.QuestionsAnswered, r.Questions)},
		{Label: translate(lang, "spokes.r.events"), Figure: of(r.EventsStated, r.Events)},
		{Label: translate(lang, "spokes.r.ontime"), Figure: of(r.StatedOnTime, r.WithDeadline)},
		{Label: translate(lang, "spokes.r.corrections"), Figure: of(r.CorrectionsSent, r.Corrections)},
	}
	for i := range out {
		out[i].N = i + 1
	}
	return out
}

func (s *Server) spokesReportPage(r *http.Request) (*spokesReportPage, error) {
	st, err := s.spokesSite(r)
	if err != nil {
		return nil, err
	}
	year, err := s.spokesYear(r, reportYearDue(s.now()))
	if err != nil {
		return nil, err
	}
	rep, err := s.spokesStore().Report(r.Context(), st.ID, year)
	if err != nil {
		return nil, err
	}
	lang := langOf(r)
	p := &spokesReportPage{AdminPage: s.adminPage(r, userOf(r), translate(lang, "spokes.report")+" – "+st.DisplayName(lang)),
		Work: st, R: rep, Lines: spokesLines(rep, lang)}
	for y := spokes.ReportYear(s.now()); y >= spokes.ReportYear(s.now())-4; y-- {
		p.Years = append(p.Years, y)
	}
	return p, nil
}

// spokesReport is GET /quan-tri/s/{site}/phat-ngon/bao-cao?nam=YEAR.
func (s *Server) spokesReport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.spokesReportPage(r)
	if err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/spokes_report", p)
}

// spokesReportFile is GET /quan-tri/s/{site}/phat-ngon/bao-cao.EXT.
func (s *Server) spokesReportFile(w http.ResponseWriter, r *http.Request) error {
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	f, ok := synthesisFormats[ext]
	if name != "bao-cao" || !ok {
		return errNotFound
	}
	p, err := s.spokesReportPage(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.write(&buf, spokesDoc(p, s.resolver.Main(), s.now())); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-phat-ngon-%s-%d.%s"`, p.Work.Code, p.R.Year, ext))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

// spokesDoc is the annual report as an official document: the agency's
// header block, the title, the window and the counters as a table,
// addressed to the Ministry.
func spokesDoc(p *spokesReportPage, main *site.Site, now time.Time) *document.Doc {
	lang, st, rep := p.Lang, p.Work, p.R
	tr := func(k string) string { return translate(lang, k) }
	doc := &document.Doc{Agency: strings.ToUpper(st.DisplayName(lang)), Title: strings.ToUpper(tr("spokes.doc.title")), Language: lang}
	if main != nil && main.ID != st.ID {
		doc.ParentAgency = strings.ToUpper(main.DisplayName(lang))
	}
	doc.Date, doc.Place = now, provinceOf(main)
	from, last, due := vn.DateWords(rep.From), vn.DateWords(rep.LastDay()), vn.DateWords(rep.Due)
	if lang == "en" {
		from, last, due = vn.DateWordsEN(rep.From), vn.DateWordsEN(rep.LastDay()), vn.DateWordsEN(rep.Due)
	}
	doc.Subtitle = fmt.Sprintf(tr("spokes.doc.subtitle"), rep.Year, from, last)
	doc.Blocks = append(doc.Blocks,
		document.Paragraph{Text: tr("spokes.doc.to"), Align: document.Center},
		document.Paragraph{Text: fmt.Sprintf(tr("spokes.doc.lead"), st.DisplayName(lang), from, last), Align: document.Justify})
	t := document.Table{Columns: []document.Column{
		{Title: tr("cs.tt"), Width: 0.5, Align: document.Center},
		{Title: tr("spokes.r.indicator"), Width: 5},
		{Title: tr("spokes.r.result"), Width: 1.5, Align: document.Center},
	}}
	for _, l := range p.Lines {
		t.Rows = append(t.Rows, document.Row{Cells: []string{strconv.Itoa(l.N), l.Label, l.Figure}})
	}
	doc.Blocks = append(doc.Blocks, t,
		document.Paragraph{Text: fmt.Sprintf(tr("spokes.doc.due"), due), Italic: true})
	return doc
}
