package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// The parts of every public page that are the same on most of them (the
// main menu, the footer) are written here in Go rather than in the
// layout: html/template runs each of its actions through reflection and
// an escaper call, and these two parts held a third of the actions of a
// page, a tenth of its CPU (issue 12: an article rendered uncached). All
// text is escaped here as the template would.

// NavHTML is the main menu's items (see Nav).
func (p *Page) NavHTML() template.HTML {
	var b strings.Builder
	b.Grow(1536)
	for _, l := range p.Nav() {
		b.WriteString(`<li><a href="`)
		b.WriteString(html.EscapeString(l.URL))
		b.WriteByte('"')
		if l.AccessKey != "" {
			b.WriteString(` accesskey="` + html.EscapeString(l.AccessKey) + `"`)
		}
		if l.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(l.Label))
		b.WriteString("</a></li>\n      ")
	}
	return template.HTML(b.String())
}

// FooterHTML is the footer's inner part: the site's name, its owner,
// person responsible and contacts, the copyright and the links.
func (p *Page) FooterHTML() template.HTML {
	var b strings.Builder
	b.Grow(1024)
	esc := html.EscapeString
	name := esc(p.Site.DisplayName(p.Lang))
	b.WriteString(`<p class="footer-name">` + name + `</p>` + "\n    " + `<dl class="footer-facts">`)
	st := p.Site
	fact := func(key, value, href string) {
		if value == "" {
			return
		}
		b.WriteString("\n      <div><dt>" + esc(p.T(key)) + ":</dt> <dd>")
		if href != "" {
			b.WriteString(`<a href="` + esc(href) + `">` + esc(value) + `</a>`)
		} else {
			b.WriteString(esc(value))
		}
		b.WriteString("</dd></div>")
	}
	fact("owner", st.Owner, "")
	fact("responsible", st.Responsible, "")
	fact("address", st.Address, "")
	fact("phone", st.Phone, telURL(st.Phone))
	fact("email", st.Email, "mailto:"+st.Email)
	b.WriteString("\n    </dl>\n    <p class=\"copyright\">© " + strconv.Itoa(p.Year()) + " " + esc(p.T("copyright")) + " " + name + ".</p>\n")
	b.WriteString(`    <p class="footer-links"><a href="` + esc(p.Link("/so-do-trang")) + `">` + esc(p.T("sitemap")) +
		`</a> · <a href="` + esc(p.Link("/kenh-chinh-thuc")) + `">` + esc(p.T("ch.footer")) + // REQ-05, channel_public.go
		`</a> · <a href="` + esc(p.Link("/tuyen-bo-tiep-can")) + `">` + esc(p.T("a11y.footer")) + // REQ-54, a11y_statement.go
		`</a> · <a href="/dang-nhap">` + esc(p.T("login")) + `</a></p>`)
	return template.HTML(b.String())
}

// telURL is a tel: link to a phone number as written ("0251 3822 000"):
// only its digits and a leading plus.
func telURL(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return "tel:" + b.String()
}
