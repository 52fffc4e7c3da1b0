package richtext

import (
	"html"
	"regexp"
	"strings"
)

// markup finds the start of an HTML tag, a comment or a character
// reference: text that has none of them was typed as plain text.
var markup = regexp.MustCompile(`<[a-zA-Z/!]|&[a-zA-Z#][a-zA-Z0-9]*;`)

// FromPlainText turns a body typed as plain text — in the item form's
// textarea, when the editor bundle is not there — into paragraphs: a blank
// line ends one, a single line break stays a line break. HTML never
// shows line breaks, so without this the paragraphs an editor typed run
// together on the public page. A body with markup is returned as it is,
// for Sanitize.
func FromPlainText(s string) string {
	if strings.TrimSpace(s) == "" || markup.MatchString(s) {
		return s
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, para := range regexp.MustCompile(`\n[ \t]*\n`).Split(s, -1) {
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(para), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, html.EscapeString(l))
			}
		}
		if len(lines) > 0 {
			b.WriteString("<p>" + strings.Join(lines, "<br>") + "</p>\n")
		}
	}
	return b.String()
}
