package archive

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/congportal/cong/internal/vn"
)

// targetKind is what a link points at, as far as the copy is concerned.
type targetKind int

const (
	targetKeep  targetKind = iota // left as it is: a fragment, mailto:, tel:, another web site
	targetPage                    // a page or file of the site: kept in the copy
	targetAsset                   // a file of the theme (/static/) or an upload (/media/)
	targetLive                    // on the live portal only: another site, sign-in, search
)

type target struct {
	kind targetKind
	key  string // page or asset: the path within the portal, with its canonical query
	frag string
	abs  string // the path, query and fragment as on the live portal
}

// page returns the key of a link to a page of the site.
func (t target) page() (string, bool) { return t.key, t.kind == targetPage }

// liveOnly are the portal's paths that belong to no site's public pages:
// staff pages, sign-in, the APIs and operations. The copy never holds
// them.
var liveOnly = []string{"/quan-tri", "/dang-nhap", "/dang-xuat", "/ngon-ngu", "/api/", "/open311/", "/healthz", "/readyz", "/metrics"}

// classify decides what the reference ref, read on the page at base (nil
// for an absolute reference), points at.
func (e *exporter) classify(ref string, base *url.URL) target {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return target{kind: targetKeep}
	}
	u, err := url.Parse(ref)
	if err != nil {
		return target{kind: targetKeep}
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return target{kind: targetKeep}
	}
	if u.Host != "" && !strings.EqualFold(u.Host, e.origin.Host) {
		return target{kind: targetKeep}
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	abs := u.EscapedPath()
	if abs == "" {
		abs = "/"
	}
	if u.RawQuery != "" {
		abs += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		abs += "#" + u.EscapedFragment()
	}
	live := target{kind: targetLive, abs: abs}
	if strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/media/") {
		return target{kind: targetAsset, key: p, frag: u.Fragment, abs: abs}
	}
	for _, l := range liveOnly {
		if p == strings.TrimSuffix(l, "/") || strings.HasPrefix(p, strings.TrimSuffix(l, "/")+"/") {
			return live
		}
	}
	inner, ok := e.ownPath(p)
	if !ok || excluded(inner) {
		return live
	}
	q := u.Query()
	if q.Has("q") {
		return live // a search: answered by the live portal only
	}
	if len(q) > 0 && filtered[strings.TrimPrefix(inner, "/en")] {
		return live // a filter or another week: endless combinations (each week links the one before)
	}
	if strings.HasSuffix(inner, "/gop-y") {
		q = nil // the comment form's section choice: one form page is enough
	}
	key := p
	if len(q) > 0 {
		key += "?" + q.Encode()
	}
	return target{kind: targetPage, key: key, frag: u.Fragment, abs: abs}
}

// ownPath reports whether the portal path p is a page of the copied site,
// and returns it without the site's prefix.
func (e *exporter) ownPath(p string) (string, bool) {
	if e.site.Host != "" {
		return p, true // a site with its own host name: every path is its own
	}
	seg := p
	if i := strings.IndexByte(p[1:], '/'); i >= 0 {
		seg = p[:i+1]
	}
	for _, s := range e.sites {
		if s.PathPrefix != "" && s.PathPrefix == seg {
			if s.ID != e.site.ID {
				return "", false
			}
			inner := strings.TrimPrefix(p, seg)
			if inner == "" {
				inner = "/"
			}
			return inner, true
		}
	}
	if !e.site.Main && e.site.PathPrefix != "" {
		return "", false // the main portal's page
	}
	return p, true
}

// filtered are the lists whose filters, facets and weeks the copy leaves
// to the live portal: it holds each list as it first shows, and every
// item through its section pages and the sitemap.
var filtered = map[string]bool{
	"/lich-cong-tac": true, "/dich-vu-cong": true, "/tiep-can-thong-tin": true,
	"/du-an": true, "/ngan-sach": true, "/thong-ke": true, "/khoa-hoc": true, "/ke-hoach": true,
}

// excluded are the pages of a site that a copy cannot hold: search,
// submissions, a citizen's own status page, the machine-read files.
func excluded(inner string) bool {
	p := strings.TrimPrefix(inner, "/en")
	if p == "" {
		p = "/"
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/tim-kiem", p == "/bao-loi", p == "/robots.txt":
		return true
	case len(segs) == 1 && strings.HasPrefix(segs[0], "sitemap") && strings.HasSuffix(segs[0], ".xml"):
		return true
	case segs[0] == "phan-anh-kien-nghi" && len(segs) >= 3: // a citizen's own request, by its secret link
		return true
	case segs[0] == "lay-y-kien" && len(segs) == 3 && segs[2] == "da-gui":
		return true
	case (segs[0] == "in" || segs[0] == "pdf") && len(segs) == 3: // an item's print view and PDF: the live portal makes them
		return true
	}
	return false
}

// linkAttrs are the attributes that hold a URL, by element.
var linkAttrs = map[atom.Atom][]string{
	atom.A: {"href"}, atom.Area: {"href"}, atom.Link: {"href"},
	atom.Img: {"src", "srcset"}, atom.Source: {"src", "srcset"}, atom.Video: {"src", "poster"}, atom.Audio: {"src"},
	atom.Track: {"src"}, atom.Script: {"src"}, atom.Iframe: {"src"}, atom.Embed: {"src"}, atom.Object: {"data"},
}

// links lists the URLs a page refers to (srcset split into its URLs).
func links(body []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		attrs := linkAttrs[atom.Lookup(name)]
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			for _, a := range attrs {
				if string(k) != a {
					continue
				}
				if a == "srcset" {
					for _, c := range splitSrcset(string(v)) {
						out = append(out, c.url)
					}
				} else {
					out = append(out, string(v))
				}
			}
		}
	}
}

type candidate struct{ url, desc string }

// splitSrcset reads "a.jpg 320w, b.jpg 640w".
func splitSrcset(s string) []candidate {
	var out []candidate
	for part := range strings.SplitSeq(s, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		out = append(out, candidate{f[0], strings.Join(f[1:], " ")})
	}
	return out
}

// rewritePage turns a page as the portal serves it into the copy's: links
// relative, search and forms replaced by notes, the archive's note and
// stylesheet added. It returns the number of links made relative.
func (e *exporter) rewritePage(key, file string, raw []byte) ([]byte, int, error) {
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		return nil, 0, err
	}
	base, _ := url.Parse(e.origin.Scheme + "://" + e.origin.Host + key)
	var forms, scripts []*html.Node
	var head, main *html.Node
	walk(doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Form:
			forms = append(forms, n)
		case atom.Script:
			if src := attr(n, "src"); src != "" && strings.HasPrefix(path.Base(src), "captcha.") {
				scripts = append(scripts, n) // it serves the forms, which are gone
			}
		case atom.Head:
			head = n
		case atom.Main:
			if main == nil {
				main = n
			}
		}
	})
	for _, f := range forms {
		var note *html.Node
		if strings.EqualFold(attr(f, "method"), "post") {
			note = e.formNote()
		} else {
			note = e.searchNote()
		}
		if id := attr(f, "id"); id != "" {
			setAttr(note, "id", id)
		}
		if f.Parent != nil {
			f.Parent.InsertBefore(note, f)
			f.Parent.RemoveChild(f)
		}
	}
	for _, s := range scripts {
		if s.Parent != nil {
			s.Parent.RemoveChild(s)
		}
	}
	count := 0
	var unlink, drop []*html.Node
	walk(doc, func(n *html.Node) {
		for _, a := range linkAttrs[n.DataAtom] {
			i := attrIndex(n, a)
			if i < 0 {
				continue
			}
			v := n.Attr[i].Val
			if a == "srcset" {
				cs := splitSrcset(v)
				for j, c := range cs {
					nv, rel, _ := e.rewriteRef(c.url, base, file)
					cs[j].url = nv
					if rel {
						count++
					}
				}
				parts := make([]string, len(cs))
				for j, c := range cs {
					parts[j] = strings.TrimSpace(c.url + " " + c.desc)
				}
				n.Attr[i].Val = strings.Join(parts, ", ")
				continue
			}
			nv, rel, gone := e.rewriteRef(v, base, file)
			switch {
			case gone && n.DataAtom == atom.A:
				unlink = append(unlink, n)
			case gone:
				drop = append(drop, n)
			default:
				n.Attr[i].Val = nv
				if rel {
					count++
				}
			}
		}
	})
	for _, n := range unlink {
		// A link to what neither the copy nor a known address holds
		// stays as its text.
		n.Data, n.DataAtom = "span", atom.Span
		var keep []html.Attribute
		for _, a := range n.Attr {
			if a.Key == "class" || a.Key == "lang" || a.Key == "id" {
				keep = append(keep, a)
			}
		}
		n.Attr = keep
	}
	for _, n := range drop {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	if main != nil { // after the links are rewritten: its link goes to the live site
		main.InsertBefore(e.banner(), main.FirstChild)
	}
	if head != nil {
		head.AppendChild(el("link", []html.Attribute{{Key: "rel", Val: "stylesheet"}, {Key: "href", Val: relative(file, "static/"+archiveCSSName)}}))
		count++
	}
	var out bytes.Buffer
	if err := html.Render(&out, doc); err != nil {
		return nil, 0, err
	}
	return out.Bytes(), count, nil
}

// rewriteRef rewrites one reference of the page kept in file: the new
// value, whether it is now relative, and whether the link must go (no
// copy and no live address to point at).
func (e *exporter) rewriteRef(ref string, base *url.URL, file string) (string, bool, bool) {
	t := e.classify(ref, base)
	frag := ""
	if t.frag != "" {
		frag = "#" + (&url.URL{Fragment: t.frag}).EscapedFragment()
	}
	switch t.kind {
	case targetPage:
		if ent := e.resolve(t.key); ent != nil {
			return relative(file, ent.file) + frag, true, false
		}
	case targetAsset:
		if f := e.assets[t.key]; f != "" {
			return relative(file, f) + frag, true, false
		}
	case targetKeep:
		return ref, false, false
	}
	if e.live == "" {
		return "", false, true
	}
	return e.live + t.abs, false, false
}

// The notes that replace what needs the server. They are in Vietnamese on
// every page (lang="vi" on an English one).

// searchNote replaces a search or filter form: the list pages instead.
func (e *exporter) searchNote() *html.Node {
	p := el("p", nil, text("Bản lưu trữ không tìm kiếm, không lọc được. Xem các danh sách: "))
	lists := []struct{ path, label string }{
		{"/so-do-trang", "Sơ đồ trang"}, {"/van-ban", "Văn bản pháp luật"}, {"/hoi-dap", "Hỏi đáp"}, {"/lay-y-kien", "Lấy ý kiến dự thảo"},
	}
	for i, l := range lists {
		if i > 0 {
			p.AppendChild(text(" · "))
		}
		p.AppendChild(el("a", []html.Attribute{{Key: "href", Val: e.site.URL(l.path)}}, text(l.label)))
	}
	p.AppendChild(text("."))
	return el("div", []html.Attribute{{Key: "class", Val: "archive-note archive-search"}, {Key: "lang", Val: "vi"}}, p)
}

// formNote replaces a form that sends something: the site's contacts.
func (e *exporter) formNote() *html.Node {
	s := e.site
	p := el("p", nil, el("strong", nil, text("Bản lưu trữ: không gửi được biểu mẫu.")), text(" Xin liên hệ "+s.Name))
	var facts []*html.Node
	if s.Address != "" {
		facts = append(facts, text("địa chỉ "+s.Address))
	}
	if s.Phone != "" {
		facts = append(facts, el("span", nil, text("điện thoại "), el("a", []html.Attribute{{Key: "href", Val: "tel:" + strings.ReplaceAll(s.Phone, " ", "")}}, text(s.Phone))))
	}
	if s.Email != "" {
		facts = append(facts, el("span", nil, text("thư điện tử "), el("a", []html.Attribute{{Key: "href", Val: "mailto:" + s.Email}}, text(s.Email))))
	}
	for i, f := range facts {
		if i == 0 {
			p.AppendChild(text(": "))
		} else {
			p.AppendChild(text("; "))
		}
		p.AppendChild(f)
	}
	p.AppendChild(text("."))
	return el("div", []html.Attribute{{Key: "class", Val: "archive-note"}, {Key: "lang", Val: "vi"}}, p)
}

// banner opens every page's content: what this copy is.
func (e *exporter) banner() *html.Node {
	p := el("p", nil, text("Bản lưu trữ tĩnh của "+e.site.Name+", tạo ngày "+dayVN(e.o.Now())+
		". Tìm kiếm và các biểu mẫu không hoạt động trong bản lưu trữ."))
	if e.live != "" {
		live := e.live + e.site.URL("/")
		if e.site.Host != "" {
			live = "https://" + e.site.Host + "/"
		}
		p.AppendChild(text(" Trang đang hoạt động: "))
		p.AppendChild(el("a", []html.Attribute{{Key: "href", Val: live}}, text(strings.TrimSuffix(live, "/"))))
		p.AppendChild(text("."))
	}
	return el("div", []html.Attribute{{Key: "class", Val: "archive-note archive-banner"}, {Key: "lang", Val: "vi"}}, p)
}

// dayVN is a date as Vietnamese pages write it.
func dayVN(t time.Time) string { return t.In(vn.ICT).Format("02/01/2006") }

func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attrIndex(n *html.Node, key string) int {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return i
		}
	}
	return -1
}

func attr(n *html.Node, key string) string {
	if i := attrIndex(n, key); i >= 0 {
		return n.Attr[i].Val
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	if i := attrIndex(n, key); i >= 0 {
		n.Attr[i].Val = val
		return
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func el(tag string, attrs []html.Attribute, children ...*html.Node) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag)), Attr: attrs}
	for _, c := range children {
		n.AppendChild(c)
	}
	return n
}

func text(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

// cssURL is a url(…) in a stylesheet.
var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+?)['"]?\s*\)`)

// rewriteCSS makes the portal's URLs in a stylesheet kept as file
// relative, copying the files they name.
func (e *exporter) rewriteCSS(file string, css []byte) []byte {
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		ref := string(cssURL.FindSubmatch(m)[1])
		if !strings.HasPrefix(ref, "/static/") && !strings.HasPrefix(ref, "/media/") {
			return m
		}
		f, ok := e.assets[ref]
		if !ok {
			e.assets[ref] = ""
			if w := e.get(context.Background(), ref); w.Code == http.StatusOK {
				f = strings.TrimPrefix(ref, "/")
				if e.writeFile(f, w.Body.Bytes()) == nil {
					e.assets[ref] = f
					e.res.Assets++
				}
			}
		}
		if f == "" {
			return m
		}
		return []byte(`url("` + relative(file, f) + `")`)
	})
}

// archiveCSSName is the copy's own stylesheet, for its notes.
const archiveCSSName = "archive.css"

// archiveCSS styles the notes: dark text on a light yellow, whatever the
// theme around them (contrast above 7:1 for the text and the links).
const archiveCSS = `.archive-note{background:#fff8e1;color:#1f1f1f;border:1px solid #8a6d00;border-left-width:.4rem;
padding:.6rem .9rem;margin:.8rem 0;border-radius:.25rem;line-height:1.5;font-size:1rem}
.archive-note p{margin:0}
.archive-note a{color:#0b4f8a;text-decoration:underline}
.archive-note strong{color:#1f1f1f}
.brand .archive-search{margin:.4rem 0;max-width:26rem;font-size:.9rem}
`
