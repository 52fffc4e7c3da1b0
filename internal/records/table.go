package records

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// Table is a statistic's data table: a row of headings and the rows of
// data, every row as wide as the headings.
type Table struct {
	Head []string
	Rows [][]string
}

// The bounds of a table.
const (
	MaxTableBytes = 64 << 10
	MaxRows       = 500
	MaxCols       = 30
	MaxCell       = 300
)

// ParseTable reads a table typed or pasted as CSV: the first line the
// headings, commas between cells (semicolons or tabs, as spreadsheets
// export them, when the first line has no comma), double quotes around a
// cell that holds one. Empty lines are skipped. The error says which line
// is wrong and why, in words a person can act on.
func ParseTable(text string) (*Table, error) {
	field := func(vi, en string) error { return apperr.Field("st_table", vi, en) }
	text = strings.TrimPrefix(text, "\ufeff")
	if strings.TrimSpace(text) == "" {
		return nil, field("Hãy nhập bảng số liệu: dòng đầu là tiêu đề các cột, mỗi dòng sau là một hàng, các ô cách nhau bằng dấu phẩy.",
			"Enter the data table: headings on the first line, one row a line, cells separated by commas.")
	}
	if len(text) > MaxTableBytes {
		return nil, field("Bảng số liệu quá lớn (tối đa 64 KB).", "The table is too large (at most 64 KB).")
	}
	if strings.ContainsRune(text, 0) {
		return nil, field("Bảng số liệu chứa ký tự không hợp lệ.", "The table holds characters that are not allowed.")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	first, _, _ := strings.Cut(strings.TrimLeft(text, "\r\n"), "\n")
	first = unquoted(first)
	if !strings.Contains(first, ",") {
		if strings.Contains(first, "\t") {
			r.Comma = '\t'
		} else if strings.Contains(first, ";") {
			r.Comma = ';'
		}
	}
	t := &Table{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, field(fmt.Sprintf("Dòng %d của bảng số liệu sai dạng: dấu ngoặc kép (\") phải bao trọn một ô và được đóng lại.", line),
				fmt.Sprintf("Line %d of the table is malformed: a double quote must enclose a whole cell and be closed.", line))
		}
		line, _ := r.FieldPos(0)
		empty := true
		for i := range rec {
			rec[i] = vn.Clean(rec[i])
			empty = empty && rec[i] == ""
			if len([]rune(rec[i])) > MaxCell {
				return nil, field(fmt.Sprintf("Dòng %d: một ô dài quá %d ký tự.", line, MaxCell), fmt.Sprintf("Line %d: a cell is longer than %d characters.", line, MaxCell))
			}
		}
		if empty {
			continue
		}
		if t.Head == nil {
			if len(rec) > MaxCols {
				return nil, field(fmt.Sprintf("Bảng có %d cột; tối đa %d cột.", len(rec), MaxCols), fmt.Sprintf("The table has %d columns; at most %d.", len(rec), MaxCols))
			}
			for i, h := range rec {
				if h == "" {
					return nil, field(fmt.Sprintf("Tiêu đề cột thứ %d (dòng %d) còn trống.", i+1, line), fmt.Sprintf("The heading of column %d (line %d) is empty.", i+1, line))
				}
			}
			t.Head = rec
			continue
		}
		if len(rec) != len(t.Head) {
			return nil, field(fmt.Sprintf("Dòng %d có %d ô, trong khi dòng tiêu đề có %d ô: mọi dòng phải có cùng số ô.", line, len(rec), len(t.Head)),
				fmt.Sprintf("Line %d has %d cells but the headings have %d: every line needs as many.", line, len(rec), len(t.Head)))
		}
		if len(t.Rows) == MaxRows {
			return nil, field(fmt.Sprintf("Bảng có quá %d dòng số liệu.", MaxRows), fmt.Sprintf("The table has more than %d rows.", MaxRows))
		}
		t.Rows = append(t.Rows, rec)
	}
	if len(t.Rows) == 0 {
		return nil, field("Bảng số liệu cần ít nhất một dòng số liệu dưới dòng tiêu đề.", "The table needs at least one row under the headings.")
	}
	return t, nil
}

// CSV writes the table back as CSV with commas, which ParseTable reads
// to the same table.
func (t *Table) CSV() string {
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",;\t\"\r\n") || strings.TrimSpace(c) != c {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	line(t.Head)
	for _, r := range t.Rows {
		line(r)
	}
	return b.String()
}

// unquoted is a line without what its double quotes enclose, to find
// the separator outside the cells.
func unquoted(line string) string {
	var b strings.Builder
	in := false
	for _, c := range line {
		if c == '"' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Numeric reports whether a cell reads as a number (right-aligned).
func Numeric(cell string) bool {
	cell = strings.TrimSuffix(strings.TrimSpace(cell), "%")
	if cell == "" {
		return false
	}
	digits := false
	for i, c := range cell {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == ',' || c == ' ':
		case (c == '-' || c == '+') && i == 0:
		default:
			return false
		}
	}
	return digits
}
