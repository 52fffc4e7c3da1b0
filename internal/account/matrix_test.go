package account

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the matrix in docs/roles.md from the code")

const rolesDoc = "../../docs/roles.md"

// matrixTable renders the role matrix as the Markdown table of docs/roles.md.
func matrixTable() string {
	var b strings.Builder
	b.WriteString("| action |")
	for _, r := range Roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n|---|")
	for range Roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, a := range Actions {
		fmt.Fprintf(&b, "| `%s` |", a)
		for _, r := range Roles {
			if Allows(r, a) {
				b.WriteString(" ✔ |")
			} else {
				b.WriteString(" · |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

const startMark, endMark = "<!-- matrix:start -->\n", "<!-- matrix:end -->"

// TestRolesDocMatchesMatrix reads the table in docs/roles.md and checks
// every role × action cell against Allows, so the published matrix and
// the one the server enforces cannot drift apart. Run with -update after
// changing the matrix on purpose.
func TestRolesDocMatchesMatrix(t *testing.T) {
	raw, err := os.ReadFile(rolesDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	i, j := strings.Index(doc, startMark), strings.Index(doc, endMark)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q section", rolesDoc, startMark, endMark)
	}
	if *update {
		doc = doc[:i+len(startMark)] + matrixTable() + doc[j:]
		if err := os.WriteFile(rolesDoc, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	cells := parseMatrix(t, doc[i+len(startMark):j])
	for _, r := range Roles {
		for _, a := range Actions {
			t.Run(string(r)+"×"+string(a), func(t *testing.T) {
				got, ok := cells[string(a)][string(r)]
				if !ok {
					t.Fatalf("docs/roles.md has no cell for %s × %s", r, a)
				}
				if want := Allows(r, a); got != want {
					t.Errorf("docs/roles.md says %s may %s = %v; the code says %v", r, a, got, want)
				}
			})
		}
	}
}

// parseMatrix reads the Markdown table into action → role → allowed.
func parseMatrix(t *testing.T, table string) map[string]map[string]bool {
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) < 3 {
		t.Fatal("matrix table too short")
	}
	split := func(l string) []string {
		parts := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
		for i := range parts {
			parts[i] = strings.Trim(strings.TrimSpace(parts[i]), "`")
		}
		return parts
	}
	header := split(lines[0])[1:]
	out := map[string]map[string]bool{}
	for _, l := range lines[2:] {
		cols := split(l)
		row := map[string]bool{}
		for k, role := range header {
			row[role] = cols[k+1] == "✔"
		}
		out[cols[0]] = row
	}
	return out
}

func TestSeparationOfDuties(t *testing.T) {
	for _, r := range Roles {
		if Allows(r, ApproveContent) && Allows(r, ManageUsers) {
			t.Errorf("%s may both approve content and manage users; the regulation separates them", r)
		}
	}
	if Allows(Admin, ApproveContent) || Allows(Admin, PublishContent) {
		t.Error("the system administrator may approve or publish content")
	}
	// The second factor guards those who publish with legal effect
	// (approving content, publishing the gazette) and those who run the
	// system; nobody else is asked for it.
	for _, r := range Roles {
		guarded := Allows(r, ApproveContent) || Allows(r, GazettePublish) || Allows(r, ManageUsers)
		if r.NeedsTOTP() != guarded {
			t.Errorf("%s: NeedsTOTP=%v but approves=%v publishes the gazette=%v manages users=%v", r, r.NeedsTOTP(),
				Allows(r, ApproveContent), Allows(r, GazettePublish), Allows(r, ManageUsers))
		}
	}
	if Allows(Admin, GazettePublish) {
		t.Error("the system administrator may publish the gazette")
	}
}

func TestMayGrant(t *testing.T) {
	tests := []struct {
		actor, target Role
		want          bool
	}{
		{BoardHead, BoardDeputy, true},
		{BoardHead, Editor, true},
		{BoardDeputy, BoardMember, false},
		{BoardDeputy, Collaborator, true},
		{Editor, Collaborator, false},
		{Admin, BoardHead, true}, // appoints a site's board, never joins it
		{Admin, Editor, true},
		{Admin, Overseer, true},
		{BoardHead, Admin, false},
	}
	for _, tt := range tests {
		if got := MayGrant(tt.actor, tt.target); got != tt.want {
			t.Errorf("MayGrant(%s, %s) = %v; want %v", tt.actor, tt.target, got, tt.want)
		}
	}
}
