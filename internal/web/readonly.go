package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/cache"
	"github.com/congportal/cong/internal/maintenance"
	"github.com/congportal/cong/internal/site"
)

// Read-only mode and the maintenance status (issue 15, REQ-08).
//
// upkeepGate is one middleware of the chain (routes.go), outside the
// page cache, through which every request passes:
//
//   - It keeps this node's copy of the maintenance status fresh: read
//     again from the database every upkeepRefresh, and at once when the
//     clock passes the next moment a notice's banner starts or a
//     suspension starts or ends. When what public pages show of it
//     changes, the node drops its cached pages, so no page is served
//     with a stale banner (every node does so for itself, whoever made
//     the change).
//   - In read-only mode (cong serve --read-only, or the administrators'
//     switch stored in the database, which every node reads) it refuses
//     every write — any method but GET, HEAD and OPTIONS — with a page
//     that says so in Vietnamese and English, 503 and Retry-After. Signing
//     in and out and the maintenance screen itself stay open, so that an
//     administrator can turn the switch off.
//   - A site archived (site.Archived) is read-only for everyone, always:
//     a write to its public pages (feedback, comments, error reports) or
//     to its staff pages (/quan-tri/s/{site}/…) is refused with 403 and a
//     page saying the site is kept as an archive. Its pages stay readable.
//
// No handler checks any of this itself.

// upkeepRefresh is how old this node's copy of the status may get.
const upkeepRefresh = 5 * time.Second

// upkeep is this node's copy of the maintenance status.
type upkeep struct {
	mu   sync.Mutex // one reload at a time
	snap atomic.Pointer[upkeepSnap]
}

type upkeepSnap struct {
	st     *maintenance.Status
	loaded time.Time // wall clock, for upkeepRefresh
	shown  string    // what public pages show of st at the time (shownKey)
}

// upkeepStatus is the maintenance status, read again when stale.
func (s *Server) upkeepStatus(ctx context.Context) *maintenance.Status {
	now := s.now()
	if sn := s.upkeep.snap.Load(); sn != nil && sn.fresh(now) {
		return sn.st
	}
	s.upkeep.mu.Lock()
	defer s.upkeep.mu.Unlock()
	old := s.upkeep.snap.Load()
	if old != nil && old.fresh(now) {
		return old.st
	}
	st, err := s.maint.Load(ctx)
	if err != nil {
		s.log.Warn("maintenance status: keeping the last one read", "err", err)
		if old == nil {
			st = &maintenance.Status{At: now}
		} else {
			st = old.st
		}
	}
	sn := &upkeepSnap{st: st, loaded: time.Now(), shown: shownKey(st, now)}
	s.upkeep.snap.Store(sn)
	if old != nil && old.shown != sn.shown && s.pages != nil {
		// A notice began or ended, or another node changed something:
		// this node's cached pages carry the old banner.
		s.pages.InvalidateLocal(cache.TagAll)
	}
	return st
}

func (sn *upkeepSnap) fresh(now time.Time) bool {
	st := sn.st
	return time.Since(sn.loaded) < upkeepRefresh && !now.Before(st.At) && (st.Next.IsZero() || now.Before(st.Next))
}

// shownKey is what the public pages show of st at now: the switch, and
// each notice with its state and whether the banner shows it.
func shownKey(st *maintenance.Status, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%t", st.ReadOnly)
	for _, n := range st.Notices {
		fmt.Fprintf(&b, "|%d:%s:%t:%d", n.ID, n.StateAt(now), n.ShownAt(now), n.UpdatedAt.UnixNano())
	}
	return b.String()
}

// upkeepChanged is called after this node changed a notice or the
// switch: the status is read again at the next request and every node
// drops its pages.
func (s *Server) upkeepChanged() {
	s.upkeep.snap.Store(nil)
	if s.pages != nil {
		s.pages.Invalidate(cache.TagAll)
	}
}

// readOnlyNow reports whether writes are refused now, and why.
func (s *Server) readOnlyNow(st *maintenance.Status) bool { return s.readOnly || st.ReadOnly }

// writableInReadOnly are the writes read-only mode lets through: signing
// in (with the second factor, enrolment included) and out, and the
// maintenance screen, where an administrator turns the switch off.
func writableInReadOnly(path string) bool {
	switch path {
	case "/dang-nhap", "/dang-nhap/xac-thuc", "/quan-tri/xac-thuc/dang-ky", "/dang-xuat":
		return true
	}
	return path == maintenanceAdminPath || strings.HasPrefix(path, maintenanceAdminPath+"/")
}

// globalPaths are the first segments the global mux serves itself (see
// routes): no site's page.
var globalPaths = map[string]bool{"quan-tri": true, "dang-nhap": true, "dang-xuat": true, "ngon-ngu": true,
	"api": true, "open311": true, "static": true, "media": true, "metrics": true, "healthz": true, "readyz": true}

func firstSegment(path string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return seg
}

// upkeepGate is the middleware described at the top of this file.
func (s *Server) upkeepGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := s.upkeepStatus(r.Context())
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if s.readOnlyNow(st) && !writableInReadOnly(r.URL.Path) {
			s.refuseReadOnly(w, r, st)
			return
		}
		if s.refuseArchived(w, r) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Retry-After of read-only mode without a suspension in progress.
const readOnlyRetry = 10 * time.Minute

var (
	msgReadOnly = apperr.Msg{
		VI: "Cổng đang tạm ngừng nhận thông tin gửi đến để bảo trì; các trang vẫn xem được. Những gì vừa gửi chưa được ghi nhận: xin gửi lại sau khi cổng hoạt động bình thường.",
		EN: "The portal is not accepting submissions during maintenance; its pages can still be read. What you just sent was not recorded: please send it again once the portal is back to normal."}
	msgArchived = apperr.Msg{
		VI: "Trang này đã ngừng cập nhật và được lưu trữ, chỉ để đọc: không nhận phản ánh, góp ý hay chỉnh sửa. Xin gửi đến cổng thông tin chính.",
		EN: "This site is no longer updated and is kept as a read-only archive: it accepts no feedback, comments or edits. Please write to the main portal."}
)

// refuseReadOnly answers a write in read-only mode: 503, Retry-After (the
// expected end of the suspension in progress, or ten minutes), a page
// or, for the APIs, JSON.
func (s *Server) refuseReadOnly(w http.ResponseWriter, r *http.Request, st *maintenance.Status) {
	now := s.now()
	retry := readOnlyRetry
	var until time.Time
	if cur := st.Current(now); cur != nil {
		until = cur.End
		retry = max(time.Minute, cur.End.Sub(now))
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())))
	w.Header().Set("Cache-Control", "no-store")
	s.refuseWrite(w, r, http.StatusServiceUnavailable, pickMsg("Tạm ngừng nhận thông tin", "Submissions paused"), msgReadOnly, until, nil)
}

// refuseArchived refuses a write to an archived site, and reports
// whether it did.
func (s *Server) refuseArchived(w http.ResponseWriter, r *http.Request) bool {
	ctx := r.Context()
	seg := firstSegment(r.URL.Path)
	var st *site.Site
	switch {
	case seg == "quan-tri":
		code, ok := strings.CutPrefix(r.URL.Path, "/quan-tri/s/")
		if !ok {
			return false
		}
		code, _, _ = strings.Cut(code, "/")
		var err error
		if st, err = s.sites.ByCode(ctx, code); err != nil {
			return false // the handler says it is not found
		}
	case globalPaths[seg]:
		return false
	default:
		st, _ = s.resolver.Resolve(ctx, r.Host, r.URL.Path)
	}
	if st == nil || st.Status != site.Archived {
		return false
	}
	w.Header().Set("Cache-Control", "no-store")
	s.refuseWrite(w, r, http.StatusForbidden, pickMsg("Trang đã được lưu trữ", "Archived site"), msgArchived, time.Time{}, st)
	return true
}

func pickMsg(vi, en string) apperr.Msg { return apperr.Msg{VI: vi, EN: en} }

// refusedPage is the page of a refused write.
type refusedPage struct {
	*Page
	Until time.Time // the expected end of the suspension in progress
}

// refuseWrite writes the refusal: JSON for the APIs, a staff page for staff
// paths, otherwise a public page of the site the request was for (st
// when known), with the maintenance banner.
func (s *Server) refuseWrite(w http.ResponseWriter, r *http.Request, status int, title, msg apperr.Msg, until time.Time, st *site.Site) {
	seg := firstSegment(r.URL.Path)
	if seg == "api" || seg == "open311" {
		writeJSON(w, status, map[string]string{"error": msg.VI, "error_en": msg.EN})
		return
	}
	if globalPaths[seg] {
		lang := langOf(r)
		p := s.adminPage(r, nil, title.In(lang))
		m := msg.In(lang)
		if !until.IsZero() {
			m += " " + pick(lang, "Dự kiến khôi phục: ", "Expected back: ") + p.DateTime(until) + "."
		}
		if err := s.tmpl.render(w, status, "admin/error", &messagePage{AdminPage: p, Messages: []string{m}}); err != nil {
			s.plainError(w, r, status)
		}
		return
	}
	rest := r.URL.Path
	if st == nil {
		st, rest = s.resolver.Resolve(r.Context(), r.Host, r.URL.Path)
	} else if st.PathPrefix != "" {
		rest = strings.TrimPrefix(rest, st.PathPrefix)
	}
	if st == nil {
		s.plainError(w, r, status)
		return
	}
	lang := "vi"
	if rest == "/en" || strings.HasPrefix(rest, "/en/") {
		lang, rest = "en", strings.TrimPrefix(rest, "/en")
	}
	r = withValue(r, keyPlace, &place{site: st, lang: lang, path: rest})
	p := &refusedPage{Page: s.publicPage(r, title.In(lang)), Until: until}
	p.Errors = []string{msg.In(lang)}
	if err := s.tmpl.render(w, status, "public/maintenance_refused", p); err != nil {
		s.log.Error("render the refusal page", "err", err)
		s.plainError(w, r, status)
	}
}
