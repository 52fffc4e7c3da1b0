package backup

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/store"
)

// A row is written as one JSON array, a value per column, so that it
// reads the same whichever database wrote it:
//
//	NULL               null
//	int                a JSON integer, exact to 64 bits
//	real               a JSON number
//	text               a JSON string; text that is not valid UTF-8 as {"$b64": "…"}
//	bool               true or false (SQLite's 0 and 1 become these)
//	time               a string, RFC 3339 in UTC with nanoseconds: 2026-12-02T16:20:24.123456789Z
//	bytes              {"$b64": "…"}
//
// A value whose kind does not match its column (SQLite lets a column
// hold anything) is written as what it is, and loaded as such.

const timeFormat = time.RFC3339Nano

// appendValue appends v, read from a column of kind, as JSON. For a
// digest (see Digest) times are rounded to the microsecond PostgreSQL
// keeps, so that a row reads the same on both databases.
func appendValue(b []byte, kind string, v any, digest bool) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case int64:
		if kind == "bool" && (x == 0 || x == 1) {
			return strconv.AppendBool(b, x == 1), nil
		}
		return strconv.AppendInt(b, x, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		return strconv.AppendFloat(b, x, 'g', -1, 64), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case time.Time:
		return appendTime(b, x, digest), nil
	case string:
		if kind == "time" {
			if t, ok := parseSQLiteTime(x); ok {
				return appendTime(b, t, digest), nil
			}
		}
		if !utf8.ValidString(x) {
			return appendB64(b, []byte(x)), nil
		}
		return appendString(b, x)
	case []byte:
		if kind == "text" && utf8.Valid(x) {
			return appendString(b, string(x))
		}
		return appendB64(b, x), nil
	}
	return nil, fmt.Errorf("giá trị kiểu %T chưa được hỗ trợ", v)
}

func appendTime(b []byte, t time.Time, digest bool) []byte {
	t = t.UTC()
	if digest {
		t = t.Round(time.Microsecond)
	}
	return strconv.AppendQuote(b, t.Format(timeFormat))
}

func appendString(b []byte, s string) ([]byte, error) {
	j, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

func appendB64(b []byte, x []byte) []byte {
	b = append(b, `{"$b64":"`...)
	b = base64.StdEncoding.AppendEncode(b, x)
	return append(b, `"}`...)
}

// sqliteTimeFormats are the text forms a SQLite TIMESTAMP column may
// hold: the modernc driver's (time.Time's String) and SQLite's own.
var sqliteTimeFormats = []string{
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
	time.RFC3339Nano,
}

func parseSQLiteTime(s string) (time.Time, bool) {
	s = strings.TrimSuffix(s, "Z")
	if i := strings.Index(s, " m="); i > 0 { // a monotonic reading printed by String
		s = s[:i]
	}
	for _, f := range sqliteTimeFormats {
		if t, err := time.Parse(f, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// loadValue turns a decoded JSON value into what the target database
// takes for a column of kind.
func loadValue(d store.Dialect, kind string, v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case bool:
		return x, nil
	case json.Number:
		switch kind {
		case "real":
			return x.Float64()
		case "bool":
			n, err := x.Int64()
			if err == nil && (n == 0 || n == 1) {
				return n == 1, nil
			}
		}
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		return x.Float64()
	case string:
		if kind == "time" {
			t, err := time.Parse(timeFormat, x)
			if err != nil {
				return x, nil // as it was
			}
			if d == store.Postgres {
				t = t.Round(time.Microsecond) // PostgreSQL keeps microseconds
			}
			return t, nil
		}
		return x, nil
	case map[string]any:
		if s, ok := x["$b64"].(string); ok && len(x) == 1 {
			return base64.StdEncoding.DecodeString(s)
		}
	}
	return nil, fmt.Errorf("giá trị không đọc được: %v", v)
}
