package vn

import (
	"strings"
	"testing"
)

func FuzzParseLegal(f *testing.F) {
	for _, s := range []string{
		"Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Một:\na) A;\nđ) B.",
		"Chƣơng IV\nA\nĐiều 12. X\n9.. Chín\nChƣơng IV\nB\nĐiều 12. Y\nJ) Z",
		"Phần thứ nhất\nChương l\nMục 1. A\nTiểu mục 1\nĐiều 5a: B\n1.\n1.\n2.",
		"<script>\r\nĐiều 1.\r\n- 2 -\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := ParseLegal(s)
		seen := map[string]bool{}
		d.Walk(func(n *Node) {
			if n.Anchor == "" || seen[n.Anchor] {
				t.Fatalf("anchor %q empty or repeated", n.Anchor)
			}
			seen[n.Anchor] = true
			if d.Find(n.Anchor) != n {
				t.Fatalf("Find(%q) lost its node", n.Anchor)
			}
		})
		h := d.HTML()
		if strings.Contains(h, "<script") {
			t.Fatalf("unescaped markup in HTML: %q", h)
		}
	})
}
