// Package a11y keeps each site's accessibility statement (issue 20 point
// 8; REQ-54, REQ-55): the standard and level the site aims at, how that
// was tested, the problems still known, and whom to tell about a new one.
// A site whose board has written none shows the statement made from its
// own data (Default), so the page exists from the first day.
package a11y

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Statement is a site's accessibility statement. Methods, KnownIssues
// and Contact are plain text, one point a line.
type Statement struct {
	SiteID      int64
	Standard    string // "WCAG 2.1"
	Level       string // "A", "AA" or "AAA"
	Methods     string // how conformance was tested
	KnownIssues string // what does not conform yet, and what to do meanwhile
	Contact     string // whom to tell about an accessibility problem
	ReviewedOn  string // the day (YYYY-MM-DD) the statement was last checked
	// Saved is false for the statement Default made: no one wrote it yet.
	Saved     bool
	UpdatedAt time.Time
	UpdatedBy string
}

// Levels are the WCAG conformance levels.
var Levels = []string{"A", "AA", "AAA"}

// Standards are the versions of WCAG a statement may name. Circular
// 26/2020 requires 1.0 and recommends 2.0 and 2.1; Circular 22/2023 asks
// for 2.0 at least; the portal targets 2.1 AA, which meets all of them
// (REQ-55).
var Standards = []string{"WCAG 2.1", "WCAG 2.2", "WCAG 2.0"}

// Lines splits a text field into its non-empty lines, for lists.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Default is the statement made from a site's data, in lang ("vi" or
// "en"): WCAG 2.1 level AA, the checks the portal itself runs on every
// release, and the site's e-mail and phone as the contact.
func Default(st *site.Site, lang string) *Statement {
	s := &Statement{SiteID: st.ID, Standard: "WCAG 2.1", Level: "AA", ReviewedOn: vn.Day(st.CreatedAt)}
	if lang == "en" {
		s.Methods = strings.Join([]string{
			"Automated checks with axe-core (WCAG 2.1 A and AA rules) on every kind of page, at 320 and 1280 pixels wide, before each release.",
			"Every page used with the keyboard alone: a visible focus, a skip link, keyboard shortcuts to the home page (1), search (4) and the site map (3).",
			"Pages read with a screen reader (NVDA with Firefox, TalkBack on Android).",
			"Text enlarged to 200 % and the high-contrast display, which the A−/A+ and “High contrast” buttons at the top of each page switch on.",
		}, "\n")
		s.KnownIssues = strings.Join([]string{
			"Some PDF files published before the portal opened are scanned images without a text layer; ask us for the text by the contact below.",
			"Videos published before captions were required may have none yet.",
		}, "\n")
	} else {
		s.Methods = strings.Join([]string{
			"Kiểm tra tự động bằng axe-core (các tiêu chí mức A và AA của WCAG 2.1) trên mọi loại trang, ở độ rộng 320 và 1280 điểm ảnh, trước mỗi lần cập nhật phần mềm.",
			"Dùng mọi trang chỉ bằng bàn phím: thấy rõ vị trí đang chọn, có liên kết bỏ qua phần đầu trang, phím tắt tới trang chủ (1), ô tìm kiếm (4) và sơ đồ trang (3).",
			"Nghe trang bằng trình đọc màn hình (NVDA với Firefox, TalkBack trên Android).",
			"Phóng to chữ tới 200 % và dùng chế độ tương phản cao bằng các nút A−/A+ và “Độ tương phản cao” ở đầu mỗi trang.",
		}, "\n")
		s.KnownIssues = strings.Join([]string{
			"Một số tệp PDF đăng trước khi cổng hoạt động là ảnh quét, chưa có lớp chữ; bạn có thể đề nghị nhận bản chữ qua địa chỉ liên hệ dưới đây.",
			"Các video đăng trước khi có yêu cầu phụ đề có thể chưa có phụ đề.",
		}, "\n")
	}
	var contact []string
	if st.Email != "" {
		contact = append(contact, pick(lang, "Thư điện tử: ", "E-mail: ")+st.Email)
	}
	if st.Phone != "" {
		contact = append(contact, pick(lang, "Điện thoại: ", "Phone: ")+st.Phone)
	}
	if st.Address != "" {
		contact = append(contact, pick(lang, "Địa chỉ: ", "Address: ")+st.Address)
	}
	if len(contact) == 0 {
		contact = append(contact, pick(lang, "Ban Biên tập ", "The editorial board of ")+st.DisplayName(lang))
	}
	s.Contact = strings.Join(contact, "\n")
	return s
}

func pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// Limits of the text fields, in characters.
const maxText = 4000

// normalize cleans the fields as typed.
func (s *Statement) normalize() {
	s.Standard, s.Level, s.ReviewedOn = strings.TrimSpace(s.Standard), strings.TrimSpace(s.Level), strings.TrimSpace(s.ReviewedOn)
	s.Methods, s.KnownIssues, s.Contact = vn.CleanMultiline(s.Methods), vn.CleanMultiline(s.KnownIssues), vn.CleanMultiline(s.Contact)
}

// validate checks a statement as the board typed it; today is the day in
// Viet Nam (YYYY-MM-DD).
func (s *Statement) validate(today string) error {
	if !contains(Standards, s.Standard) {
		return apperr.Field("standard", "Hãy chọn tiêu chuẩn: WCAG 2.1 (khuyến nghị), WCAG 2.2 hoặc WCAG 2.0.", "Choose the standard.")
	}
	if !contains(Levels, s.Level) {
		return apperr.Field("level", "Hãy chọn mức tuân thủ: A, AA (khuyến nghị) hoặc AAA.", "Choose the conformance level.")
	}
	if s.Methods == "" {
		return apperr.Field("methods", "Hãy ghi cách đã kiểm tra khả năng tiếp cận (công cụ tự động, bàn phím, trình đọc màn hình…).",
			"Say how accessibility was tested.")
	}
	if s.Contact == "" {
		return apperr.Field("contact", "Hãy ghi địa chỉ liên hệ để người dùng báo lỗi tiếp cận (thư điện tử, điện thoại).",
			"Give a contact for reporting accessibility problems.")
	}
	for _, f := range []struct{ name, value string }{{"methods", s.Methods}, {"known_issues", s.KnownIssues}, {"contact", s.Contact}} {
		if utf8.RuneCountInString(f.value) > maxText {
			return apperr.Field(f.name, "Nội dung quá dài: tối đa 4000 ký tự mỗi mục.", "Too long: 4000 characters at most per field.")
		}
	}
	if _, err := time.Parse("2006-01-02", s.ReviewedOn); err != nil {
		return apperr.Field("reviewed_on", "Hãy nhập ngày đánh giá theo dạng ngày/tháng/năm, ví dụ 20/11/2026.",
			"Give the day of the review as day/month/year, e.g. 20/11/2026.")
	}
	if s.ReviewedOn > today {
		return apperr.Field("reviewed_on", "Ngày đánh giá không thể sau hôm nay.", "The day of the review cannot be after today.")
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Store reads and writes statements.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the statements store on db; now is the clock.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Get returns the site's statement as saved, or Default(st, lang) when
// its board has written none.
func (s *Store) Get(ctx context.Context, st *site.Site, lang string) (*Statement, error) {
	out := &Statement{SiteID: st.ID, Saved: true}
	err := s.db.QueryRow(ctx, `SELECT standard, level, methods, known_issues, contact, reviewed_on, updated_at, updated_by_name
		FROM a11y_statements WHERE site_id = ?`, st.ID).Scan(&out.Standard, &out.Level, &out.Methods, &out.KnownIssues, &out.Contact,
		&out.ReviewedOn, &out.UpdatedAt, &out.UpdatedBy)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Default(st, lang), nil
		}
		return nil, fmt.Errorf("a11y: statement of site %d: %w", st.ID, err)
	}
	return out, nil
}

// Save writes the site's statement after checking it, audited in the
// same transaction.
func (s *Store) Save(ctx context.Context, st *Statement, by audit.Actor) error {
	st.normalize()
	now := s.now()
	if err := st.validate(vn.Day(now)); err != nil {
		return err
	}
	st.UpdatedAt, st.UpdatedBy, st.Saved = now.UTC().Truncate(time.Second), by.Name, true
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO a11y_statements (site_id, standard, level, methods, known_issues, contact, reviewed_on, updated_at, updated_by_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site_id) DO UPDATE SET standard = excluded.standard, level = excluded.level, methods = excluded.methods,
				known_issues = excluded.known_issues, contact = excluded.contact, reviewed_on = excluded.reviewed_on,
				updated_at = excluded.updated_at, updated_by_name = excluded.updated_by_name`,
			st.SiteID, st.Standard, st.Level, st.Methods, st.KnownIssues, st.Contact, st.ReviewedOn, st.UpdatedAt, st.UpdatedBy); err != nil {
			return err
		}
		e := by.Entry("a11y.statement.save", st.SiteID, fmt.Sprintf("site:%d", st.SiteID), st.Standard+" "+st.Level+" (đánh giá "+st.ReviewedOn+")")
		e.At = now
		return audit.Record(ctx, tx, e)
	})
	if _, ok := apperr.As(err); ok || err == nil {
		return err
	}
	return fmt.Errorf("a11y: save statement: %w", err)
}
