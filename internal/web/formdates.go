package web

import (
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// Dates in forms are typed as people in Viet Nam write them, day first
// ("13/06/2026", "13/06/2026 14:30"), in text fields. A browser's own
// date field shows the order of the browser's language, not the page's:
// month first in an English Chromium, where "05/12/2026" typed for the
// fifth of December is the twelfth of May. The fields are read here, and
// only here: isoDay for the days the stores keep as "2006-01-02",
// formMoment for dates with a time. The year-first forms of links, the
// API and older pages are read too.

// isoDay is a day typed in a form as the stores keep it, "2006-01-02";
// what is not a day is returned trimmed, for the store to refuse with
// its field's message.
func isoDay(v string) string {
	v = strings.TrimSpace(v)
	if d, ok := vn.ParseDay(v); ok {
		return d.Format(time.DateOnly)
	}
	return v
}

// formMoment reads a date and time typed in a form, in Viet Nam's time;
// empty is the zero time and true, what cannot be read false.
func formMoment(v string) (time.Time, bool) {
	if v = strings.TrimSpace(v); v == "" {
		return time.Time{}, true
	}
	return vn.ParseMoment(v)
}

// formTime reads a date and time typed in a form (formMoment): nil for
// none, a field error for what cannot be read.
func formTime(v, field string) (*time.Time, error) {
	if v = strings.TrimSpace(v); v == "" {
		return nil, nil
	}
	t, ok := formMoment(v)
	if !ok {
		return nil, apperr.Field(field, "Thời điểm không hợp lệ: hãy ghi ngày/tháng/năm giờ:phút, ví dụ 13/06/2026 14:30.",
			"Invalid date and time: write day/month/year hour:minute, e.g. 13/06/2026 14:30.")
	}
	return &t, nil
}

// momentOrZero is formMoment for the forms whose stores refuse the zero
// time with their own message (a consultation's period, a maintenance
// window).
func momentOrZero(v string) time.Time {
	t, _ := formMoment(v)
	return t
}

// dayField is a day for a form's field, day first ("13/06/2024", as
// vn.ParseDay reads it back), whatever form it is stored or was given in;
// what is not a day stays as typed, beside its error.
func dayField(v string) string {
	v = strings.TrimSpace(v)
	if d, ok := vn.ParseDay(v); ok {
		return vn.DateShort(d)
	}
	return v
}

// momentText is a date and time for a form's field, "13/06/2026 14:30";
// what cannot be read stays as typed.
func momentText(v string) string {
	v = strings.TrimSpace(v)
	if t, ok := vn.ParseMoment(v); ok {
		return vn.MomentShort(t)
	}
	return v
}

// momentOf is a stored time for a form's field ("" for none).
func momentOf(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return vn.MomentShort(*t)
}
