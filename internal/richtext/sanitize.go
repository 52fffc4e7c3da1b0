// Package richtext handles the HTML of article bodies: it sanitises what
// editors send (including text pasted from Microsoft Word), derives plain
// text for summaries, search and word counts, and runs the automated checks
// that Art. 12.7 of the regulation asks for before anything is published
// (images without alt text, broken internal links, prohibited terms under
// Art. 6, leftover legacy-encoding garbage, empty or skipped headings).
//
// The server calls [Sanitize] on every body it stores, whatever the editor
// in the browser already did; [Check] and [Highlight] serve the
// pre-publication screen.
package richtext

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/congportal/cong/internal/vn"
)

// policy is the allow-list for government article bodies. A bluemonday
// policy is safe for concurrent use once built, and it is never changed.
var policy = newPolicy()

var (
	headingID = regexp.MustCompile(`^[a-z0-9-]+$`)
	// imgSrc admits site-relative paths and https URLs only: images must not
	// downgrade an https page nor be fetched from protocol-relative hosts.
	imgSrc = regexp.MustCompile(`^(?:/(?:[^/\\]|$)|https://)[^\\]*$`)
	href   = regexp.MustCompile(`^[^\\]+$`) // browsers read "\" as "/"
	span   = regexp.MustCompile(`^[1-9][0-9]{0,2}$`)
	size   = regexp.MustCompile(`^[1-9][0-9]{0,3}$`)
	scope  = regexp.MustCompile(`^(?:row|col|rowgroup|colgroup)$`)
	blank  = regexp.MustCompile(`^_blank$`)
	lazy   = regexp.MustCompile(`^lazy$`)
)

// newPolicy builds the allow-list. Anything not named here (style, class,
// id outside headings, on* handlers, script, iframe, object, embed, form,
// svg, math…) is removed; the text inside removed inline tags is kept.
// legalClass is the class of a part of a legal text.
var legalClass = regexp.MustCompile(`^legal-[a-z]+$`)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup",
		"blockquote", "ul", "ol", "li", "code", "pre", "figure", "figcaption",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "abbr",
		"h2", "h3", "h4", "h5", "h6", "section", "div")
	p.AllowAttrs("id").Matching(headingID).OnElements("h2", "h3", "h4", "h5", "h6")
	// The structure of a legal text (vn.ParseLegal): every Chương, Điều,
	// Khoản and Điểm is a section or div with a stable anchor
	// (#dieu-5-khoan-2) and a legal-… class for its layout.
	p.AllowAttrs("id").Matching(headingID).OnElements("section", "div")
	p.AllowAttrs("class").Matching(legalClass).OnElements("section", "div")
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowAttrs("scope").Matching(scope).OnElements("th")
	p.AllowAttrs("colspan", "rowspan").Matching(span).OnElements("th", "td")
	p.AllowAttrs("src").Matching(imgSrc).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(size).OnElements("img")
	p.AllowAttrs("loading").Matching(lazy).OnElements("img")
	p.AllowAttrs("href").Matching(href).OnElements("a")
	p.AllowAttrs("target").Matching(blank).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	return p
}

// Sanitize returns html made safe to store and show as an article body:
// Word paste is cleaned ([o:p], conditional comments, mso styles, empty
// spans, runs of &nbsp;), an h1 becomes h2 (h1 is the page title), only
// the allow-listed elements and attributes survive, images load lazily,
// external links get rel="noopener noreferrer", and all text is NFC with
// the "ƣ" artefact repaired. Sanitize(Sanitize(x)) == Sanitize(x).
func Sanitize(html string) string {
	pre := render(refuseLinks(cleanPaste(parse(strings.ToValidUTF8(html, "\ufffd")))))
	return render(finish(parse(policy.Sanitize(pre))))
}

// finish brings the sanitised tree to its one canonical form, so that a
// second Sanitize finds nothing to change.
func finish(root *html.Node) *html.Node {
	normalizeText(root)
	walk(root, func(n *html.Node) bool {
		for i := range n.Attr {
			n.Attr[i].Val = vn.NFC(n.Attr[i].Val)
		}
		switch {
		case n.DataAtom == atom.Img:
			return finishImg(n)
		case n.DataAtom == atom.A:
			return finishLink(n)
		case n.DataAtom == atom.Abbr:
			setAttr(n, "title", vn.Clean(attr(n, "title")), false)
		case n.DataAtom == atom.P && blankText(n):
			n.Parent.RemoveChild(n)
			return false
		}
		return true
	})
	// Removing a blank paragraph can leave two text nodes side by side,
	// which the next parse would merge; merge them now.
	normalizeText(root)
	return root
}

// normalizeText merges adjacent text nodes below n, cleans them and drops
// those left empty, so that text is the same however the tree was built.
func normalizeText(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type != html.TextNode {
			normalizeText(c)
			c = next
			continue
		}
		for next != nil && next.Type == html.TextNode {
			c.Data += next.Data
			after := next.NextSibling
			n.RemoveChild(next)
			next = after
		}
		if c.Data = cleanText(dropLeadingMarks(c.Data)); c.Data == "" {
			n.RemoveChild(c)
		}
		c = next
	}
}

// finishImg drops an image that lost its source, and otherwise repairs its
// alt text and asks the browser to load it lazily.
func finishImg(n *html.Node) bool {
	if attr(n, "src") == "" {
		n.Parent.RemoveChild(n)
		return false
	}
	if alt, ok := lookup(n, "alt"); ok {
		setAttr(n, "alt", vn.Clean(alt), true)
	}
	setAttr(n, "loading", "lazy", true)
	return true
}

// finishLink marks links that leave the site so the target page can
// neither script the portal's window nor learn where the reader came from.
// A link whose address is missing or not allowed (see allowedLink) is
// replaced by its text; it reports whether n is still in the tree.
func finishLink(n *html.Node) bool {
	href, ok := lookup(n, "href")
	if !ok || !allowedLink(href) {
		unwrap(n)
		return false
	}
	removeAttr(n, "rel")
	if href[0] != '/' && href[0] != '#' {
		if u, _ := url.Parse(href); u.Host != "" {
			setAttr(n, "rel", "noopener noreferrer", true)
		}
	}
	return true
}

// refuseLinks replaces by their text the links whose address, as the
// editor sent it, is not allowed: the allow-list would tidy some of them
// (trim spaces, escape invisible characters) into addresses that pass,
// but an address that needed tidying is not one an editor meant.
func refuseLinks(root *html.Node) *html.Node {
	var refused []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if href, ok := lookup(n, "href"); ok && !allowedLink(href) {
				refused = append(refused, n)
			}
		}
		return true
	})
	for _, n := range refused {
		unwrap(n)
	}
	return root
}

// allowedLink reports whether href may stay in an article: a path on the
// portal ("/…", but not "//host" nor "/\host", which browsers read as
// another host), a fragment ("#dieu-5"), an http or https address naming
// its host ("https://host/…": "https:host" and "https:/host" would be
// read against the portal or as a host by different browsers), or a
// mailto: or tel: address. Nothing a browser would strip or reinterpret
// is accepted: no backslash, space, control or invisible formatting
// character anywhere. Entities are already decoded (the HTML parser did),
// and url.Parse lowercases the scheme, so neither hides a scheme.
func allowedLink(href string) bool {
	if href == "" || strings.ContainsFunc(href, unsafeInURL) {
		return false
	}
	switch href[0] {
	case '#':
		return true
	case '/':
		if len(href) > 1 && href[1] == '/' {
			return false
		}
		_, err := url.Parse(href)
		return err == nil
	}
	u, err := url.Parse(href)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Opaque == "" && u.User == nil && u.Hostname() != ""
	case "mailto", "tel":
		return u.Opaque != "" && u.Host == ""
	}
	return false
}

// unsafeInURL reports the characters allowedLink refuses: browsers strip
// or reinterpret them ("\" as "/", tabs and newlines dropped), or show
// nothing for them.
func unsafeInURL(r rune) bool {
	return r == '\\' || r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) ||
		unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// blankText reports whether the element holds nothing but whitespace text,
// like the <p>&nbsp;</p> spacers Word and editors leave behind.
func blankText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode || strings.TrimSpace(strings.ReplaceAll(c.Data, "\u00a0", " ")) != "" {
			return false
		}
	}
	return true
}
