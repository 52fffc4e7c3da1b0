package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// loadSubs says which periodic mailings of this report the person reading
// it receives.
func (s *Server) loadSubs(r *http.Request, p *reportPage) error {
	rows, err := s.db.Query(r.Context(), `SELECT period FROM report_subscriptions WHERE user_id = ? AND site_id = ? AND scope = ?`,
		userOf(r).ID, p.Site.ID, scopeOf(p.Province))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var per string
		if err := rows.Scan(&per); err != nil {
			return err
		}
		p.Subs[per] = true
	}
	return rows.Err()
}

func scopeOf(province bool) string {
	if province {
		return "province"
	}
	return "site"
}

// reportSubscribe turns a monthly or quarterly mailing of a report on or
// off for the person asking, who must be able to read that report and
// have a mail address.
func (s *Server) reportSubscribe(w http.ResponseWriter, r *http.Request) error {
	u := userOf(r)
	scope, per := r.PostFormValue("scope"), r.PostFormValue("period")
	if per != report.Month && per != report.Quarter || scope != "site" && scope != "province" {
		return apperr.New(apperr.Invalid, "Yêu cầu đăng ký không hợp lệ.", "Invalid subscription.")
	}
	var st *site.Site
	back := "/quan-tri/bao-cao"
	if scope == "province" {
		if err := s.mainSiteCan(r, account.ReadAllOversight); err != nil {
			return err
		}
		st = s.resolver.Main()
	} else {
		var err error
		if st, err = s.sites.ByCode(r.Context(), r.PostFormValue("site")); err != nil {
			return err
		}
		if main := s.resolver.Main(); main == nil || !u.Can(st.ID, main.ID, account.ReadReports) {
			s.deny(r, st.ID, r.Method+" "+r.URL.Path, string(account.ReadReports))
			return errForbidden
		}
		back = "/quan-tri/s/" + st.Code + "/bao-cao"
	}
	if u.Email == "" {
		return apperr.New(apperr.Invalid, "Tài khoản của bạn chưa có địa chỉ thư điện tử để nhận báo cáo.",
			"Your account has no mail address to receive reports.")
	}
	ctx := r.Context()
	_, err := s.db.Exec(ctx, `DELETE FROM report_subscriptions WHERE user_id = ? AND site_id = ? AND scope = ? AND period = ?`, u.ID, st.ID, scope, per)
	if err == nil && r.PostFormValue("on") == "1" {
		// The next mailing is the period that ends next, not the one
		// already over.
		last := report.MonthOf(s.now()).Previous().Value
		if per == report.Quarter {
			last = report.QuarterOf(s.now()).Previous().Value
		}
		_, err = s.db.Exec(ctx, `INSERT INTO report_subscriptions (user_id, site_id, scope, period, last_sent, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.ID, st.ID, scope, per, last, s.now().UTC())
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, back+"?dang-ky=1", http.StatusSeeOther)
	return nil
}

// mailReports sends each subscriber the report of the period that ended
// last (the previous month or quarter), once: the figures in the letter
// and the address of the full report and its PDF. It returns how many
// letters it queued.
func (s *Server) mailReports(ctx context.Context, now time.Time) (int, error) {
	type sub struct {
		userID, siteID int64
		scope, period  string
		email, last    string
	}
	rows, err := s.db.Query(ctx, `SELECT s.user_id, s.site_id, s.scope, s.period, u.email, s.last_sent FROM report_subscriptions s
		JOIN users u ON u.id = s.user_id WHERE u.email <> '' AND NOT u.disabled ORDER BY s.user_id`)
	if err != nil {
		return 0, err
	}
	var subs []sub
	for rows.Next() {
		var x sub
		if err := rows.Scan(&x.userID, &x.siteID, &x.scope, &x.period, &x.email, &x.last); err != nil {
			rows.Close()
			return 0, err
		}
		subs = append(subs, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, x := range subs {
		per := report.MonthOf(now).Previous()
		if x.period == report.Quarter {
			per = report.QuarterOf(now).Previous()
		}
		if x.last == per.Value {
			continue
		}
		st, err := s.sites.ByID(ctx, x.siteID)
		if err != nil {
			return sent, err
		}
		sites := []*site.Site{st}
		if x.scope == "province" {
			if sites, err = s.liveSites(ctx); err != nil {
				return sent, err
			}
		}
		a, err := s.reporter().Activity(ctx, report.Scope{Sites: sites, Period: per, Province: x.scope == "province"})
		if err != nil {
			return sent, err
		}
		path := "/quan-tri/s/" + st.Code + "/bao-cao"
		if x.scope == "province" {
			path = "/quan-tri/bao-cao"
		}
		link := s.absoluteURL(s.resolver.Main().ID, path) + "?ky=" + per.Value
		subject := "Báo cáo hoạt động " + per.Label("vi") + ": " + st.Name
		if x.scope == "province" {
			subject = "Báo cáo hoạt động toàn tỉnh " + per.Label("vi")
		}
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE report_subscriptions SET last_sent = ? WHERE user_id = ? AND site_id = ? AND scope = ? AND period = ? AND last_sent = ?`,
				per.Value, x.userID, x.siteID, x.scope, x.period, x.last)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another node sent it
			}
			sent++
			return s.mail.Enqueue(ctx, tx, mail.Message{To: x.email, Subject: subject, Text: reportLetter(a, per, link)})
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// reportLetter is the letter of a periodic report: its main figures and
// where to read and download it.
func reportLetter(a *report.Activity, per report.Period, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Báo cáo hoạt động Cổng Thông tin điện tử %s.\n\n", per.Label("vi"))
	fmt.Fprintf(&b, "- Tin, bài đăng mới: %d\n", a.Total)
	fmt.Fprintf(&b, "- Kiểm tra sau đăng: %d đến hạn, %d quá hạn chưa kiểm tra\n", a.Checks.Due, a.Checks.Overdue)
	fmt.Fprintf(&b, "- Phản ánh, kiến nghị: %d tiếp nhận, %d trả lời đúng hạn, %d trễ hạn, %d quá hạn chưa trả lời\n",
		a.Feedback.Received, a.Feedback.OnTime, a.Feedback.Late, a.Feedback.Overdue)
	fmt.Fprintf(&b, "- Lượt xem trang: %d\n\n", a.Views.Total)
	fmt.Fprintf(&b, "Xem đầy đủ và tải về (PDF, DOCX, XLSX): %s\n", link)
	return b.String()
}
