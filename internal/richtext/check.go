package richtext

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/congportal/cong/internal/apperr"
)

// Problem codes reported by [Check].
const (
	CodeImgAlt         = "img-alt"
	CodeBrokenLink     = "broken-link"
	CodeProhibited     = "prohibited"
	CodeLegacyEncoding = "legacy-encoding"
	CodeEmptyHeading   = "empty-heading"
	CodeHeadingOrder   = "heading-order"
)

// Severities: an error blocks publishing (a board head may override it with
// a recorded reason); a warning is shown but does not block.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Problem is one finding of the pre-publication check, listed beside the
// item in the editor.
type Problem struct {
	Code     string     // one of the Code… constants
	Severity string     // SeverityError or SeverityWarning
	Message  apperr.Msg // what is wrong and what to do, Vietnamese first
	Excerpt  string     // the offending fragment, short
	Term     string     // the prohibited term, for CodeProhibited
}

// CheckOptions configures [Check].
type CheckOptions struct {
	// LinkExists reports whether an internal path ("/tin-tuc/abc") leads
	// to a page. Nil skips the link check. Relative paths that do not start
	// with "/" are passed as written.
	LinkExists func(path string) bool
	// InternalHosts are the host names of the portal's own sites
	// ("dongnai.gov.vn", "soyte.dongnai.gov.vn"); absolute links to them
	// are checked like relative ones.
	InternalHosts []string
	// Prohibited are the terms of the editable list of prohibited content
	// (Art. 6), matched on word boundaries ignoring case and diacritics.
	Prohibited []string
}

// Check runs the automated checks of Art. 12.7 on an article body before it
// is published: images without alt text, internal links that lead nowhere,
// prohibited terms, leftover legacy-encoding garbage, empty headings and
// heading levels that skip. It returns the problems in document order
// within each kind; none means the body may go on to human approval.
func Check(body string, opts CheckOptions) []Problem {
	root := parse(body)
	c := &checker{opts: opts, seen: map[string]bool{}, prev: 1}
	walk(root, c.visit)
	text := lines(root, func(s string) string { return s })
	c.prohibited(text)
	c.legacy(text)
	return c.problems
}

// checker collects problems while walking one body.
type checker struct {
	opts     CheckOptions
	problems []Problem
	seen     map[string]bool // link paths already checked, and their result
	prev     int             // level of the previous heading; 1 is the page title
}

func (c *checker) add(code, severity, excerpt string, msg apperr.Msg) {
	c.problems = append(c.problems, Problem{Code: code, Severity: severity, Message: msg, Excerpt: excerpt})
}

// visit checks one element; it descends into all of them.
func (c *checker) visit(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type != html.TextNode
	}
	switch n.DataAtom {
	case atom.Img:
		c.image(n)
	case atom.A:
		c.link(n)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.heading(n)
	}
	return true
}

// image reports a missing alt text (an error: screen-reader users learn
// nothing) or an empty one (a warning: right only for decoration).
func (c *checker) image(n *html.Node) {
	alt, ok := lookup(n, "alt")
	switch {
	case !ok:
		c.add(CodeImgAlt, SeverityError, fragment(n), apperr.Msg{
			VI: "Ảnh chưa có mô tả (alt). Hãy nhập một câu ngắn nói ảnh thể hiện gì, để người dùng trình đọc màn hình cũng hiểu.",
			EN: "The image has no alt text. Add a short sentence saying what it shows, for screen-reader users."})
	case strings.TrimSpace(strings.ReplaceAll(alt, "\u00a0", " ")) == "":
		c.add(CodeImgAlt, SeverityWarning, fragment(n), apperr.Msg{
			VI: "Ảnh có mô tả (alt) để trống. Nếu ảnh chỉ để trang trí thì giữ nguyên; nếu ảnh mang thông tin, hãy nhập mô tả.",
			EN: "The image has an empty alt text. Keep it only if the image is decorative; otherwise describe it."})
	}
}

// link reports an internal link whose target does not exist.
func (c *checker) link(n *html.Node) {
	if c.opts.LinkExists == nil {
		return
	}
	path, ok := c.internalPath(attr(n, "href"))
	if !ok {
		return
	}
	exists, done := c.seen[path]
	if !done {
		exists = c.opts.LinkExists(path)
		c.seen[path] = exists
	}
	if !exists {
		c.add(CodeBrokenLink, SeverityError, fragment(n), apperr.Msg{
			VI: fmt.Sprintf("Liên kết nội bộ %q không dẫn tới trang nào. Hãy sửa đường dẫn hoặc bỏ liên kết.", path),
			EN: fmt.Sprintf("The internal link %q leads to no page. Fix the address or remove the link.", path)})
	}
}

// internalPath returns the path of href when it points into the portal:
// a relative reference or an http(s) URL on one of the internal hosts.
// Links to the same page ("#muc-2", "?trang=2") and other schemes are not
// checked.
func (c *checker) internalPath(href string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || href == "" {
		return "", false
	}
	switch {
	case u.Scheme == "" && u.Host == "":
		return u.Path, u.Path != ""
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https":
		return "", false
	case !c.internalHost(u.Hostname()):
		return "", false
	case u.Path == "":
		return "/", true
	}
	return u.Path, true
}

func (c *checker) internalHost(host string) bool {
	for _, h := range c.opts.InternalHosts {
		if strings.EqualFold(strings.TrimSuffix(host, "."), h) {
			return true
		}
	}
	return false
}

// fragment renders n for a Problem's excerpt, cut to a readable length.
func fragment(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	return shorten(b.String(), 120)
}

// shorten cuts s to at most max runes, marking a cut with "…".
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return s[:byteIndex(s, max-1)] + "…"
}
