package richtext

import (
	"net/url"
	"strings"
)

// Link accepts an address typed into a form for readers to follow: one
// on the web (http, https, with a host) or a path on the portal itself
// (/media/…), trimmed; nothing that runs (javascript:, data:) or leaves
// the web, and no protocol-relative "//host". Empty is accepted as empty.
func Link(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if strings.ContainsAny(s, " \\\t\r\n<>\"'`") {
		return "", false
	}
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return s, true
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return "", false
	}
	return u.String(), true
}
