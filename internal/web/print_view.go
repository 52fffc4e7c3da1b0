package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/correction"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/site"
)

// Print and save each article and legal document (REQ-16, issue 20
// point 6): /in/{kind}/{slug} is the item on a plain page made for
// paper, /pdf/{kind}/{slug}.pdf the same as a PDF written by the
// documents package (Liberation Serif embedded: every Vietnamese
// diacritic survives), both with the item's metadata.

// printLinks are an item's print view and PDF, as paths within its site.
type printLinks struct{ View, PDF string }

func printLinksOf(it *content.Item) *printLinks {
	k, slug := it.Kind.Path(), it.Slug
	return &printLinks{View: "/in/" + k + "/" + slug, PDF: "/pdf/" + k + "/" + slug + ".pdf"}
}

// articleExtras adds to an item's public page its corrections and its
// print links.
func (s *Server) articleExtras(r *http.Request, p *articlePage) error {
	var err error
	if p.Corrections, err = s.corrections().ForItem(r.Context(), p.Item.ID); err != nil {
		return err
	}
	p.Print = printLinksOf(p.Item)
	return nil
}

// printPage is the print view of an item.
type printPage struct {
	*Page
	Item        *content.Item
	Legal       *legal.Doc
	Status      legal.Status
	Publisher   string
	Canonical   string // the item's address, printed on the page
	Links       *printLinks
	Corrections []*correction.Correction
}

// Day writes an ISO day (a legal document's dates) in the page's words.
func (p *printPage) Day(iso string) string { return dayWords(p.Page, iso) }

// Updated is the day of the item's latest publication in words, when
// it is not the day of the first.
func (p *printPage) Updated() string {
	it := p.Item
	if it.PublishedAt == nil || (it.FirstPublishedAt != nil && p.Date(*it.PublishedAt) == p.Date(*it.FirstPublishedAt)) {
		return ""
	}
	return p.Date(*it.PublishedAt)
}

// printable finds the published item of a print or PDF address; moved
// is its new slug when it has one.
func (s *Server) printable(r *http.Request, slug string) (*printPage, bool, error) {
	kind, ok := content.KindOfPath(r.PathValue("kind"))
	if !ok {
		return nil, false, errNotFound
	}
	st := siteOf(r)
	it, moved, err := s.content.PublishedBySlug(r.Context(), st.ID, langOf(r), kind, slug)
	if err != nil {
		return nil, false, err
	}
	tagPage(r, itemTag(it.ID))
	title := translate(langOf(r), "pr.title") + ": " + it.Rev.Title
	p := &printPage{Page: s.publicPage(r, title), Item: it, Canonical: s.baseURL(r) + st.URL(it.URL()), Links: printLinksOf(it)}
	p.Publisher = s.publisherOf(r, st, it)
	if it.Kind == content.Legal {
		if p.Legal, err = s.legal.Get(r.Context(), it.ID); err == nil {
			p.Status = p.Legal.StatusOn(legal.Today(s.now()))
		} else {
			p.Legal = nil
		}
	}
	if p.Corrections, err = s.corrections().ForItem(r.Context(), it.ID); err != nil {
		return nil, false, err
	}
	return p, moved, nil
}

// printView serves /in/{kind}/{slug}: the item alone, for paper.
func (s *Server) printView(w http.ResponseWriter, r *http.Request) error {
	p, moved, err := s.printable(r, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if moved {
		http.Redirect(w, r, p.Link(p.Links.View), http.StatusMovedPermanently)
		return nil
	}
	return s.tmpl.render(w, http.StatusOK, "public/print", p)
}

// printPDF serves /pdf/{kind}/{slug}.pdf: the item as a PDF file.
func (s *Server) printPDF(w http.ResponseWriter, r *http.Request) error {
	slug, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok || slug == "" {
		return errNotFound
	}
	p, moved, err := s.printable(r, slug)
	if err != nil {
		return err
	}
	if moved {
		http.Redirect(w, r, p.Link(p.Links.PDF), http.StatusMovedPermanently)
		return nil
	}
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	var buf bytes.Buffer
	if err := document.WritePDF(&buf, itemDoc(p, main)); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.pdf"`, p.Item.Slug))
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

// itemDoc is an item as a document: the site as the agency, the title,
// a table of its metadata (dates in words; a legal document's number,
// type, issuer, signer, dates and effect), the summary, the text one
// paragraph per block, its corrections and its address.
func itemDoc(p *printPage, main *site.Site) *document.Doc {
	it, lang := p.Item, p.Lang
	doc := &document.Doc{Agency: strings.ToUpper(p.Publisher), Title: it.Rev.Title, Language: lang}
	if main != nil && p.Site != nil && main.ID != p.Site.ID {
		doc.ParentAgency = strings.ToUpper(main.DisplayName(lang))
	}
	meta := document.Table{Columns: []document.Column{{Title: p.T("pr.field"), Width: 1}, {Title: p.T("pr.value"), Width: 2.6}}}
	row := func(key, value string) {
		if value != "" {
			meta.Rows = append(meta.Rows, document.Row{Cells: []string{p.T(key), value}})
		}
	}
	row("pr.site", p.Site.DisplayName(lang))
	row("pr.kind", it.Kind.Label(lang))
	if l := p.Legal; l != nil {
		row("legal.number", l.Number)
		row("legal.type", l.Type)
		row("legal.issuer", l.Issuer)
		row("legal.signer", l.Signer)
		if l.Issued != "" {
			row("legal.issued", p.Day(l.Issued))
		}
		if l.Effective != "" {
			row("legal.effective", p.Day(l.Effective))
		}
		if l.Expires != "" {
			row("legal.expires", p.Day(l.Expires))
		}
		row("legal.status", p.Status.Label(lang))
	}
	if it.FirstPublishedAt != nil {
		row("pr.first", p.Date(*it.FirstPublishedAt))
	}
	row("pr.updated", p.Updated())
	row("author", it.Rev.Author)
	row("source", it.Rev.Source)
	row("pr.url", p.Canonical)
	doc.Blocks = append(doc.Blocks, meta)
	if it.Rev.Summary != "" {
		doc.Blocks = append(doc.Blocks, document.Paragraph{Text: it.Rev.Summary, Bold: true, Align: document.Justify})
	}
	for line := range strings.SplitSeq(richtext.PlainText(it.Rev.Body), "\n") {
		if line == "" {
			continue
		}
		doc.Blocks = append(doc.Blocks, document.Paragraph{Text: line, Align: document.Justify})
	}
	if len(p.Corrections) > 0 {
		doc.Blocks = append(doc.Blocks, document.Heading{Text: p.T("cr.heading")})
		for _, c := range p.Corrections {
			doc.Blocks = append(doc.Blocks, document.Paragraph{Text: p.T("cr.notice") + " " + p.Date(c.PublishedAt) + ": " + c.Note, Align: document.Justify})
		}
	}
	doc.Blocks = append(doc.Blocks, document.Paragraph{Text: p.T("pr.from") + " " + p.Canonical, Italic: true})
	return doc
}

// publisherOf is the name an item's page gives as its publisher (byline,
// DC.publisher, JSON-LD, print view): the name of the site that published
// it — the site a merge moved it from, if one did — as that site was
// named on the day it was first published (issue 17).
func (s *Server) publisherOf(r *http.Request, st *site.Site, it *content.Item) string {
	lang := langOf(r)
	if it.FirstPublishedAt == nil {
		return st.DisplayName(lang)
	}
	if it.OriginSiteID != 0 && it.OriginSiteID != st.ID {
		if o, err := s.sites.ByID(r.Context(), it.OriginSiteID); err == nil {
			return o.NameOn(*it.FirstPublishedAt, lang)
		}
	}
	return st.NameOn(*it.FirstPublishedAt, lang)
}
