package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestEveryTemplateKeyIsTranslated reads every template for {{.T "key"}}
// and {{$.T "key"}} and checks the key is in the catalogue in both
// languages, so no page shows a raw key.
func TestEveryTemplateKeyIsTranslated(t *testing.T) {
	keyRE := regexp.MustCompile(`\.T "([^"]+)"`)
	seen := 0
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(raw), -1) {
			seen++
			msg, ok := messages[m[1]]
			if !ok {
				t.Errorf("%s uses key %q, which the catalogue lacks", p, m[1])
			} else if msg[0] == "" || msg[1] == "" {
				t.Errorf("key %q lacks its Vietnamese or English text", m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Errorf("found only %d keys in templates; is the pattern right?", seen)
	}
}

// TestTemplatesParse loads every page with its layout.
func TestTemplatesParse(t *testing.T) {
	rd, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"public/home", "public/intro", "public/contact", "public/services", "public/sitemap",
		"public/error", "admin/login", "admin/totp", "admin/totp_enroll", "admin/dashboard", "admin/users", "admin/user",
		"admin/sites", "admin/site", "admin/audit", "admin/account", "admin/error"} {
		if rd.pages[name] == nil {
			t.Errorf("no template %s", name)
		}
	}
}
