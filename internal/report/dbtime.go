package report

import (
	"fmt"
	"strings"
	"time"
)

// dbTime scans a time an aggregate gives back: PostgreSQL gives a time,
// SQLite the text it stored (MIN and MAX lose the column's type there).
type dbTime struct {
	T     time.Time
	Valid bool
}

var sqliteLayouts = []string{"2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05.999999999-07:00", "2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05"}

// Scan implements sql.Scanner.
func (d *dbTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		d.Valid = false
		return nil
	case time.Time:
		d.T, d.Valid = x, true
		return nil
	case []byte:
		return d.Scan(string(x))
	case string:
		// A time written from time.Now() without UTC() carries its
		// monotonic clock reading: " m=+0.012".
		if i := strings.Index(x, " m="); i > 0 {
			x = x[:i]
		}
		for _, l := range sqliteLayouts {
			if t, err := time.Parse(l, x); err == nil {
				d.T, d.Valid = t, true
				return nil
			}
		}
		return fmt.Errorf("report: time %q", x)
	}
	return fmt.Errorf("report: time of type %T", v)
}
