package archive

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// CheckResult counts the links of a static copy.
type CheckResult struct {
	Files    int      // HTML files read
	Links    int      // every URL in a link attribute (srcset counts each of its URLs)
	Relative int      // of which relative: each must name a file of the copy
	External int      // absolute http(s) links: other web sites, the live portal
	Other    int      // fragments of the same page, mailto:, tel:
	Broken   []string // "FILE: LINK (why)": relative links that lead nowhere
}

// Check reads every HTML file of the copy in dir and checks every link as a
// browser opening the folder with file:// would follow it: a relative link
// must name a file that exists (not a folder, no query, never an absolute
// path, which file:// reads from the disk's root) and its fragment, if any,
// an id of that page. Forms must all be gone.
func Check(dir string) (*CheckResult, error) {
	res := &CheckResult{}
	ids := map[string]map[string]bool{} // file → its ids, read once
	idsOf := func(file string) map[string]bool {
		if m, ok := ids[file]; ok {
			return m
		}
		m := map[string]bool{}
		if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file))); err == nil {
			z := html.NewTokenizer(bytes.NewReader(b))
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
					continue
				}
				for _, a := range z.Token().Attr {
					if a.Key == "id" || a.Key == "name" {
						m[a.Val] = true
					}
				}
			}
		}
		ids[file] = m
		return m
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		file := filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		res.Files++
		broken := func(link, why string) { res.Broken = append(res.Broken, fmt.Sprintf("%s: %s (%s)", file, link, why)) }
		z := html.NewTokenizer(bytes.NewReader(b))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if tok.DataAtom == atom.Form {
				broken("<form>", "a form left in the copy")
			}
			for _, a := range tok.Attr {
				if !isLinkAttr(tok.DataAtom, a.Key) {
					continue
				}
				refs := []string{a.Val}
				if a.Key == "srcset" {
					refs = nil
					for _, c := range splitSrcset(a.Val) {
						refs = append(refs, c.url)
					}
				}
				for _, ref := range refs {
					res.Links++
					checkRef(res, dir, file, strings.TrimSpace(ref), idsOf, broken)
				}
			}
		}
		return nil
	})
	sort.Strings(res.Broken)
	return res, err
}

func isLinkAttr(a atom.Atom, key string) bool {
	for _, k := range linkAttrs[a] {
		if k == key {
			return true
		}
	}
	return false
}

// checkRef checks one reference found in file.
func checkRef(res *CheckResult, dir, file, ref string, idsOf func(string) map[string]bool, broken func(string, string)) {
	u, err := url.Parse(ref)
	switch {
	case err != nil:
		res.Relative++
		broken(ref, "not a URL")
		return
	case ref == "":
		res.Relative++
		broken(ref, "empty")
		return
	case u.Scheme == "http" || u.Scheme == "https" || strings.HasPrefix(ref, "//"):
		res.External++
		return
	case u.Scheme != "":
		res.Other++ // mailto:, tel:
		return
	case strings.HasPrefix(ref, "#"):
		res.Other++
		if u.Fragment != "" && !idsOf(file)[u.Fragment] {
			broken(ref, "no such id on the page")
		}
		return
	}
	res.Relative++
	if strings.HasPrefix(u.Path, "/") {
		broken(ref, "an absolute path: file:// reads it from the disk's root")
		return
	}
	if u.RawQuery != "" {
		broken(ref, "a query: file:// has none")
		return
	}
	target := path.Clean(path.Join(path.Dir(file), u.Path))
	if target == ".." || strings.HasPrefix(target, "../") {
		broken(ref, "outside the copy")
		return
	}
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target)))
	if err != nil || fi.IsDir() {
		broken(ref, "no such file")
		return
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
		broken(ref, "no such id on the page")
	}
}
