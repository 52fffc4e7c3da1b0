package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// requestStates are where citizen requests stand, with their share: most
// answered long ago, about a third still being handled.
var requestStates = []struct {
	state feedback.State
	share float64
}{
	{feedback.Published, .30}, {feedback.Closed, .20}, {feedback.Rejected, .05}, {feedback.Forwarded, .04},
	{feedback.Merged, .01}, {feedback.Held, .01}, {feedback.Received, .08}, {feedback.Registered, .08},
	{feedback.InScope, .05}, {feedback.Assigned, .13}, {feedback.Answered, .05},
}

var requestCategories = []feedback.Category{feedback.Obstacle, feedback.Unsuitable, feedback.Inconsistent,
	feedback.Unlawful, feedback.Treaty, feedback.Other, feedback.Solution, feedback.Initiative}

// feedback adds n citizen requests over the last six years, most to the
// main portal, each with its timeline, and returns how many rows it
// wrote.
func (g *generator) feedback(ctx context.Context, db *store.DB, n, per int) (int, error) {
	rows := 0
	for done := 0; done < n; {
		reqs := newTable("feedback_requests", "id", "code", "token_hash", "site_id", "category", "assigned_unit_id", "title",
			"body", "name", "initials", "address", "phone", "email", "consent", "state", "reason", "answer", "source",
			"client_ip", "received_at", "forward_due", "answer_due", "classified_at", "answered_at", "closed_at",
			"published_at", "updated_at", "folded")
		events := newTable("feedback_events", "request_id", "at", "actor_id", "actor", "kind", "state", "public", "note")
		k := min(per, n-done)
		for range k {
			g.request(reqs, events)
		}
		rows += reqs.rows() + events.rows()
		if err := writeAll(ctx, db, reqs, events); err != nil {
			return rows, err
		}
		done += k
	}
	return rows, nil
}

// request adds one citizen request and its timeline.
func (g *generator) request(reqs, events *table) {
	r := g.rng
	id := g.nextID(&g.nextRequest)
	st := requestStates[pick(r, len(requestStates), func(i int) float64 { return requestStates[i].share })].state
	si := g.main
	if r.Float64() < .4 {
		si = g.comps[r.IntN(len(g.comps))]
	}
	received := time.Now().Add(-time.Duration(r.Int64N(int64(6 * 365 * 24 * time.Hour)))).Truncate(time.Second)
	if open(st) {
		received = time.Now().Add(-time.Duration(r.Int64N(int64(60 * 24 * time.Hour)))).Truncate(time.Second)
	}
	name := g.person()
	title := "Đề nghị xem xét: " + g.text.titles[r.IntN(len(g.text.titles))]
	title = string([]rune(title)[:min(utf8.RuneCountInString(title), 250)])
	body := g.text.paras[r.IntN(len(g.text.paras))]
	var answer, reason string
	var unit, classified, answered, closed, published any
	after := func(days int) time.Time { return received.Add(time.Duration(days) * 24 * time.Hour) }
	switch st {
	case feedback.Published, feedback.Closed, feedback.Answered:
		answer = g.text.paras[r.IntN(len(g.text.paras))]
		answered = after(3 + r.IntN(18)).UTC()
		fallthrough
	case feedback.Assigned:
		if len(g.units) > 0 {
			unit = g.units[r.IntN(len(g.units))]
		}
		fallthrough
	case feedback.InScope:
		classified = after(1 + r.IntN(4)).UTC()
	case feedback.Rejected, feedback.Forwarded:
		reason = "Nội dung không thuộc thẩm quyền giải quyết hoặc chưa đủ thông tin; đề nghị gửi lại kèm giấy tờ liên quan."
		classified = after(1 + r.IntN(4)).UTC()
		closed = classified
	}
	switch st {
	case feedback.Published:
		closed, published = after(22+r.IntN(10)).UTC(), after(22+r.IntN(10)).UTC()
	case feedback.Closed:
		closed = after(22 + r.IntN(10)).UTC()
	}
	source := "web"
	if r.Float64() < .1 {
		source = "open311"
	}
	sum := sha256.Sum256([]byte("bigdata-" + strconv.FormatInt(id, 10)))
	reqs.add(id, fmt.Sprintf("PAKN-%d-%06d", received.Year(), id), hex.EncodeToString(sum[:]), si.ID,
		requestCategories[r.IntN(len(requestCategories))], unit, title, body, name, initials(name),
		places[r.IntN(len(places))], fmt.Sprintf("09%08d", r.IntN(1e8)), "", r.Float64() < .5, st, reason, answer, source,
		fmt.Sprintf("10.1.%d.%d", r.IntN(256), 1+r.IntN(254)), received.UTC(), after(7).UTC(), after(21).UTC(),
		classified, answered, closed, published, received.UTC(), vn.Fold(title+" "+body+" "+answer))
	events.add(id, received.UTC(), nil, "", "submit", feedback.Received, true, "")
	if st != feedback.Received {
		u := g.users[r.IntN(len(g.users))]
		events.add(id, after(1).UTC(), u.id, u.name, "step", st, !open(st), reason)
	}
}

// open reports whether a request in st is still being handled.
func open(st feedback.State) bool {
	for _, s := range feedback.OpenStates {
		if s == st {
			return true
		}
	}
	return false
}

// initials are the first letters of each word of a name, as the intake
// keeps them: "Nguyễn Văn An" → "N.V.A.".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if c, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(c) {
			b.WriteString(strings.ToUpper(string(c)) + ".")
		}
	}
	return b.String()
}
