package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// stepRules is the workflow as the issue states it, written here again
// independently of the code: from which states each step may be taken.
var stepRules = map[workflow.Action][]content.State{
	workflow.Submit:    {content.Draft},
	workflow.Send:      {content.Editing},
	workflow.Return:    {content.Editing, content.Approval, content.Scheduled},
	workflow.Approve:   {content.Approval},
	workflow.Unpublish: {content.Published},
	workflow.Republish: {content.Unpublished},
	workflow.Archive:   {content.Published, content.Unpublished},
}

// TestEveryTransitionForEveryRole asks the engine, as the holder of each
// role, for each step from each state, and checks that exactly the steps
// the rules and the role matrix allow succeed; every refusal changes
// nothing. Forbidden steps are refused by the server, not only hidden.
func TestEveryTransitionForEveryRole(t *testing.T) {
	states := []content.State{content.Draft, content.Editing, content.Approval, content.Scheduled,
		content.Published, content.Unpublished, content.Archived}
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		allowed, refused := 0, 0
		for _, role := range account.Roles {
			for _, a := range workflow.Actions {
				for _, from := range states {
					it := f.item(t, good(fmt.Sprintf("%s %s %s", role, a, from)), account.Editor)
					if _, err := db.Exec(ctx, `UPDATE items SET state = ?, live = ?, published_rev = current_rev WHERE id = ?`,
						from, from == content.Published, it.ID); err != nil {
						t.Fatal(err)
					}
					want := contains(stepRules[a], from) && account.Allows(role, a.Permission())
					got, err := f.flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: a, Comment: "lý do"}, f.as(role))
					after, _ := f.cs.Get(ctx, it.ID)
					switch {
					case want && err != nil:
						t.Errorf("%s may %s from %s, but: %v", role, a, from, err)
					case !want && err == nil:
						t.Errorf("%s took %s from %s (now %s); the rules forbid it", role, a, from, got.State)
					case !want && after.State != from:
						t.Errorf("refused %s by %s from %s still moved the item to %s", a, role, from, after.State)
					case !want && !account.Allows(role, a.Permission()) && apperr.KindOf(err) != apperr.Forbidden:
						t.Errorf("%s asking %s from %s = %v; want Forbidden", role, a, from, err)
					}
					if want {
						allowed++
					} else {
						refused++
					}
				}
			}
		}
		if allowed == 0 || refused == 0 {
			t.Fatalf("allowed %d, refused %d: the table tests nothing", allowed, refused)
		}
		t.Logf("%d steps allowed, %d refused", allowed, refused)
	})
}

func contains(states []content.State, s content.State) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}
