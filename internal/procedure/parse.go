package procedure

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
)

// The import formats (docs/procedures.md). A file is JSON — an array of
// records, or an object whose "thu_tuc" (procedures) or "thong_ke"
// (statistics) holds the array — or CSV with a header row naming the
// columns. Field names follow the National Database of Administrative
// Procedures' published fields, written without diacritics.

// MaxRecords bounds a file: a province publishes some two thousand
// procedures, a ministry's whole catalogue a few thousand more.
const MaxRecords = 10000

// MaxFile bounds the size of an import file.
const MaxFile = 30 << 20

// record is a procedure as the JSON format writes it.
type record struct {
	Code          string      `json:"ma_thu_tuc"`
	Name          string      `json:"ten_thu_tuc"`
	Field         string      `json:"linh_vuc"`
	Level         string      `json:"cap_thuc_hien"`
	Agency        string      `json:"co_quan_thuc_hien"`
	ServiceLevel  string      `json:"muc_do"`
	PartialReason string      `json:"ly_do_mot_phan"`
	PartialBasis  string      `json:"can_cu_mot_phan"`
	Proactive     int         `json:"muc_do_chu_dong"`
	Steps         string      `json:"trinh_tu"`
	Methods       string      `json:"cach_thuc"`
	Dossier       []Component `json:"thanh_phan_ho_so"`
	TimeLimit     string      `json:"thoi_han"`
	Subjects      string      `json:"doi_tuong"`
	Result        string      `json:"ket_qua"`
	Fees          string      `json:"phi_le_phi"`
	Requirements  string      `json:"yeu_cau_dieu_kien"`
	Forms         []Form      `json:"mau_don"`
	LegalBasis    string      `json:"can_cu_phap_ly"`
	Decision      string      `json:"quyet_dinh_cong_bo"`
	ServiceURL    string      `json:"duong_dan_dvc"`
}

func (r *record) procedure() *Procedure {
	return &Procedure{Code: r.Code, Name: r.Name, Field: r.Field, Level: Level(r.Level), Agency: r.Agency,
		ServiceLevel: ServiceLevel(r.ServiceLevel), PartialReason: r.PartialReason, PartialBasis: r.PartialBasis,
		Proactive: r.Proactive, Steps: r.Steps, Methods: r.Methods, Dossier: r.Dossier, TimeLimit: r.TimeLimit,
		Subjects: r.Subjects, Result: r.Result, Fees: r.Fees, Requirements: r.Requirements, Forms: r.Forms,
		LegalBasis: r.LegalBasis, Decision: r.Decision, ServiceURL: r.ServiceURL}
}

// statsRecord is a year's figures as the JSON format writes them.
type statsRecord struct {
	Code           string `json:"ma_thu_tuc"`
	Year           int    `json:"nam"`
	ReceivedOnline int    `json:"tiep_nhan_truc_tuyen"`
	ReceivedTotal  int    `json:"tong_tiep_nhan"`
	Resolved       int    `json:"da_giai_quyet"`
	OnTime         int    `json:"dung_han"`
}

// procedureColumns are the CSV columns of a procedure, in the order of
// the sample; the first six are required.
var procedureColumns = []string{"ma_thu_tuc", "ten_thu_tuc", "linh_vuc", "cap_thuc_hien", "co_quan_thuc_hien", "muc_do",
	"ly_do_mot_phan", "can_cu_mot_phan", "muc_do_chu_dong", "trinh_tu", "cach_thuc", "thanh_phan_ho_so", "thoi_han",
	"doi_tuong", "ket_qua", "phi_le_phi", "yeu_cau_dieu_kien", "mau_don", "can_cu_phap_ly", "quyet_dinh_cong_bo", "duong_dan_dvc"}

// statsColumns are the CSV columns of the statistics, all required.
var statsColumns = []string{"ma_thu_tuc", "nam", "tiep_nhan_truc_tuyen", "tong_tiep_nhan", "da_giai_quyet", "dung_han"}

// lineError is a problem of an import file, on a line and a field.
func lineError(line int, field string, m apperr.Msg) error {
	where, whereEN := "Tệp nhập", "Import file"
	if line > 0 {
		where, whereEN = fmt.Sprintf("Dòng %d", line), fmt.Sprintf("Line %d", line)
	}
	if field != "" {
		where += ", trường “" + field + "”"
		whereEN += ", field “" + field + "”"
	}
	return apperr.New(apperr.Invalid, where+": "+m.VI, whereEN+": "+m.EN)
}

// atLine turns a problem of a record's content (a field message of
// Clean) into one that names the record's line.
func atLine(line int, err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	for f, m := range e.Fields {
		return lineError(line, f, m)
	}
	return lineError(line, "", e.Msg)
}

// Parsed is a record of a file with the line it starts on.
type Parsed[T any] struct {
	Line   int
	Record T
}

// ParseProcedures reads a file of procedures, JSON or CSV, and checks
// every record; the first problem is an error naming its line and field.
// No two records may share a code.
func ParseProcedures(data []byte) ([]Parsed[*Procedure], error) {
	data, err := prepare(data)
	if err != nil {
		return nil, err
	}
	var out []Parsed[*Procedure]
	if isJSON(data) {
		err = eachJSON(data, "thu_tuc", func(line int, raw []byte) error {
			var r record
			if err := strictJSON(raw, &r); err != nil {
				return jsonError(raw, line, err)
			}
			out = append(out, Parsed[*Procedure]{line, r.procedure()})
			return nil
		})
	} else {
		err = eachCSV(data, procedureColumns, 6, func(line int, get func(string) string) error {
			p, err := procedureOfRow(line, get)
			if err == nil {
				out = append(out, Parsed[*Procedure]{line, p})
			}
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for _, r := range out {
		if err := r.Record.Clean(); err != nil {
			return nil, atLine(r.Line, err)
		}
		if first, ok := seen[r.Record.Code]; ok {
			return nil, lineError(r.Line, "ma_thu_tuc", apperr.Msg{
				VI: fmt.Sprintf("mã thủ tục %s đã có ở dòng %d; mỗi thủ tục chỉ ghi một lần.", r.Record.Code, first),
				EN: fmt.Sprintf("the code %s is already on line %d; each procedure is given once.", r.Record.Code, first)})
		}
		seen[r.Record.Code] = r.Line
	}
	return out, nil
}

// ParseStats reads a file of yearly figures, JSON or CSV, checked as
// ParseProcedures checks procedures; a code and year given twice is an
// error.
func ParseStats(data []byte) ([]Parsed[*Stats], error) {
	data, err := prepare(data)
	if err != nil {
		return nil, err
	}
	var out []Parsed[*Stats]
	if isJSON(data) {
		err = eachJSON(data, "thong_ke", func(line int, raw []byte) error {
			var r statsRecord
			if err := strictJSON(raw, &r); err != nil {
				return jsonError(raw, line, err)
			}
			out = append(out, Parsed[*Stats]{line, &Stats{Code: r.Code, Year: r.Year, ReceivedOnline: r.ReceivedOnline,
				ReceivedTotal: r.ReceivedTotal, Resolved: r.Resolved, OnTime: r.OnTime}})
			return nil
		})
	} else {
		err = eachCSV(data, statsColumns, len(statsColumns), func(line int, get func(string) string) error {
			s := &Stats{Code: get("ma_thu_tuc")}
			for _, f := range []struct {
				name string
				v    *int
			}{{"nam", &s.Year}, {"tiep_nhan_truc_tuyen", &s.ReceivedOnline}, {"tong_tiep_nhan", &s.ReceivedTotal},
				{"da_giai_quyet", &s.Resolved}, {"dung_han", &s.OnTime}} {
				n, err := number(get(f.name))
				if err != nil {
					return lineError(line, f.name, apperr.Msg{VI: fmt.Sprintf("%q không phải là số nguyên.", get(f.name)), EN: fmt.Sprintf("%q is not a whole number.", get(f.name))})
				}
				*f.v = n
			}
			out = append(out, Parsed[*Stats]{line, s})
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for _, r := range out {
		if err := r.Record.Clean(); err != nil {
			return nil, atLine(r.Line, err)
		}
		key := r.Record.Code + "/" + strconv.Itoa(r.Record.Year)
		if first, ok := seen[key]; ok {
			return nil, lineError(r.Line, "ma_thu_tuc", apperr.Msg{
				VI: fmt.Sprintf("số liệu năm %d của thủ tục %s đã có ở dòng %d.", r.Record.Year, r.Record.Code, first),
				EN: fmt.Sprintf("the figures of %d for %s are already on line %d.", r.Record.Year, r.Record.Code, first)})
		}
		seen[key] = r.Line
	}
	return out, nil
}

var errEmpty = lineError(0, "", apperr.Msg{VI: "tệp trống, không có thủ tục hay số liệu nào.", EN: "the file is empty."})

// prepare checks a file's size and encoding and drops a byte order mark.
func prepare(data []byte) ([]byte, error) {
	if len(data) > MaxFile {
		return nil, lineError(0, "", apperr.Msg{VI: fmt.Sprintf("tệp quá lớn (tối đa %d MB).", MaxFile>>20), EN: fmt.Sprintf("the file is too large (at most %d MB).", MaxFile>>20)})
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return nil, lineError(line, "", apperr.Msg{VI: "tệp không phải văn bản UTF-8 (Unicode). Hãy lưu lại tệp với mã hóa UTF-8 (có thể dùng lệnh cong convert).",
			EN: "the file is not UTF-8 text. Save it again as UTF-8 (cong convert can help)."})
	}
	if bytes.IndexByte(data, 0) >= 0 {
		line := 1 + bytes.Count(data[:bytes.IndexByte(data, 0)], []byte("\n"))
		return nil, lineError(line, "", apperr.Msg{VI: "tệp có ký tự NUL, không phải văn bản.", EN: "the file holds a NUL character: it is not text."})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errEmpty
	}
	return data, nil
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func isJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && (t[0] == '[' || t[0] == '{')
}

// lineAt is the line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// eachJSON calls fn with each record of the file's array and the line it
// starts on; the array is the file itself or the value of key.
func eachJSON(data []byte, key string, fn func(line int, raw []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	base := int64(0) // where the value being decoded started: a record's errors count from it
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return lineError(lineAt(data, base+se.Offset), "", apperr.Msg{VI: "tệp JSON sai cú pháp (" + se.Error() + ").", EN: "the JSON is malformed (" + se.Error() + ")."})
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return lineError(lineAt(data, int64(len(data))), "", apperr.Msg{VI: "tệp JSON kết thúc giữa chừng.", EN: "the JSON ends too early."})
		}
		return lineError(lineAt(data, dec.InputOffset()), "", apperr.Msg{VI: "tệp JSON sai cú pháp.", EN: "the JSON is malformed."})
	}
	shape := func() error {
		return lineError(lineAt(data, dec.InputOffset()), "", apperr.Msg{
			VI: fmt.Sprintf("tệp JSON phải là một mảng các bản ghi, hoặc một đối tượng có khóa “%s” chứa mảng đó.", key),
			EN: fmt.Sprintf("the JSON must be an array of records, or an object whose “%s” holds one.", key)})
	}
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	wrapped := false
	if tok == json.Delim('{') {
		wrapped = true
		found := false
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			if k == key {
				found = true
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
		if !found {
			return shape()
		}
		if tok, err = dec.Token(); err != nil {
			return syntax(err)
		}
	}
	if tok != json.Delim('[') {
		return shape()
	}
	n := 0
	for dec.More() {
		if n++; n > MaxRecords {
			return lineError(lineAt(data, dec.InputOffset()), "", apperr.Msg{VI: fmt.Sprintf("tệp có quá %d bản ghi; hãy chia nhỏ.", MaxRecords), EN: fmt.Sprintf("more than %d records; split the file.", MaxRecords)})
		}
		start := dec.InputOffset()
		var raw json.RawMessage
		base = start
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		base = 0
		// The record starts at its first byte, after the comma and spaces.
		line := lineAt(data, start+int64(len(data[start:])-len(bytes.TrimLeft(data[start:], " \t\r\n,"))))
		if err := fn(line, raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	if wrapped {
		for dec.More() { // the object's other keys
			if _, err := dec.Token(); err != nil {
				return syntax(err)
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
		if _, err := dec.Token(); err != nil {
			return syntax(err)
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return lineError(lineAt(data, dec.InputOffset()), "", apperr.Msg{VI: "tệp JSON có dữ liệu thừa sau mảng bản ghi.", EN: "the JSON has data after the records."})
	}
	if n == 0 {
		return errEmpty
	}
	return nil
}

func strictJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// jsonError names the field of a record that could not be read.
func jsonError(raw []byte, line int, err error) error {
	if !strings.HasPrefix(strings.TrimSpace(string(raw)), "{") {
		return lineError(line, "", apperr.Msg{VI: "mỗi bản ghi phải là một đối tượng JSON {…}.", EN: "each record must be a JSON object {…}."})
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := map[string]string{"string": "một chuỗi văn bản", "int": "một số nguyên", "slice": "một mảng", "struct": "một đối tượng"}[te.Type.Kind().String()]
		if want == "" {
			want = te.Type.String()
		}
		return lineError(line+bytes.Count(raw[:min(int(te.Offset), len(raw))], []byte("\n")), te.Field, apperr.Msg{
			VI: fmt.Sprintf("giá trị phải là %s, không phải %s.", want, te.Value), EN: fmt.Sprintf("the value must be a %s, not %s.", te.Type, te.Value)})
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return lineError(line, f, apperr.Msg{VI: "trường không có trong định dạng nhập (xem docs/procedures.md).", EN: "no such field in the import format (see docs/procedures.md)."})
	}
	return lineError(line, "", apperr.Msg{VI: "không đọc được bản ghi (" + err.Error() + ").", EN: "the record could not be read (" + err.Error() + ")."})
}

// eachCSV calls fn with each row of a CSV file (after its header) and a
// getter of its cells by column name. The header must name only known
// columns, the first required of them among them.
func eachCSV(data []byte, columns []string, required int, fn func(line int, get func(string) string) error) error {
	cr := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';' // spreadsheets set to a comma as the decimal mark write this
	}
	cr.FieldsPerRecord = -1
	csvErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return lineError(pe.Line, "", apperr.Msg{VI: "tệp CSV sai cú pháp (" + pe.Err.Error() + ").", EN: "the CSV is malformed (" + pe.Err.Error() + ")."})
		}
		return lineError(0, "", apperr.Msg{VI: "không đọc được tệp CSV.", EN: "the CSV could not be read."})
	}
	header, err := cr.Read()
	if err != nil {
		return csvErr(err)
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range columns {
			known = known || c == h
		}
		if !known {
			return lineError(1, h, apperr.Msg{VI: "cột không có trong định dạng nhập (xem docs/procedures.md).", EN: "no such column in the import format (see docs/procedures.md)."})
		}
		if _, dup := index[h]; dup {
			return lineError(1, h, apperr.Msg{VI: "cột này có hai lần trong dòng tiêu đề.", EN: "the column is named twice."})
		}
		index[h] = i
	}
	for _, c := range columns[:required] {
		if _, ok := index[c]; !ok {
			return lineError(1, c, apperr.Msg{VI: "dòng tiêu đề thiếu cột bắt buộc này.", EN: "the header lacks this required column."})
		}
	}
	n := 0
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // an empty line
		}
		if len(row) != len(header) {
			return lineError(line, "", apperr.Msg{VI: fmt.Sprintf("dòng có %d cột, dòng tiêu đề có %d.", len(row), len(header)),
				EN: fmt.Sprintf("the line has %d columns, the header %d.", len(row), len(header))})
		}
		if n++; n > MaxRecords {
			return lineError(line, "", apperr.Msg{VI: fmt.Sprintf("tệp có quá %d bản ghi; hãy chia nhỏ.", MaxRecords), EN: fmt.Sprintf("more than %d records; split the file.", MaxRecords)})
		}
		get := func(c string) string {
			if i, ok := index[c]; ok {
				return row[i]
			}
			return ""
		}
		if err := fn(line, get); err != nil {
			return err
		}
	}
	if n == 0 {
		return errEmpty
	}
	return nil
}

// procedureOfRow reads a CSV row of a procedure.
func procedureOfRow(line int, get func(string) string) (*Procedure, error) {
	p := &Procedure{Code: get("ma_thu_tuc"), Name: get("ten_thu_tuc"), Field: get("linh_vuc"), Level: Level(get("cap_thuc_hien")),
		Agency: get("co_quan_thuc_hien"), ServiceLevel: ServiceLevel(get("muc_do")), PartialReason: get("ly_do_mot_phan"),
		PartialBasis: get("can_cu_mot_phan"), Steps: get("trinh_tu"), Methods: get("cach_thuc"), TimeLimit: get("thoi_han"),
		Subjects: get("doi_tuong"), Result: get("ket_qua"), Fees: get("phi_le_phi"), Requirements: get("yeu_cau_dieu_kien"),
		LegalBasis: get("can_cu_phap_ly"), Decision: get("quyet_dinh_cong_bo"), ServiceURL: get("duong_dan_dvc")}
	var err error
	if p.Proactive, err = number(get("muc_do_chu_dong")); err != nil {
		return nil, lineError(line, "muc_do_chu_dong", apperr.Msg{VI: "phải là số từ 0 đến 4.", EN: "must be a number from 0 to 4."})
	}
	if p.Dossier, err = ParseDossier(get("thanh_phan_ho_so")); err != nil {
		return nil, atLine(line, err)
	}
	p.Forms = ParseForms(get("mau_don"))
	return p, nil
}

// number reads a whole number; an empty cell is 0. Spaces and the dots
// or commas that group thousands are allowed (1.234, 1 234).
func number(s string) (int, error) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", ".", "", ",", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errors.New("not a whole number")
	}
	return n, nil
}

// ParseDossier reads the dossier components as a text area or a CSV cell
// writes them: one a line, "name | originals | copies", the numbers
// optional.
func ParseDossier(s string) ([]Component, error) {
	var out []Component
	for i, l := range nonEmptyLines(s) {
		parts := strings.Split(l, "|")
		c := Component{Name: strings.TrimSpace(parts[0])}
		if len(parts) > 3 {
			return nil, apperr.Field("thanh_phan_ho_so", fmt.Sprintf("Thành phần hồ sơ thứ %d: ghi “tên giấy tờ | số bản chính | số bản sao”.", i+1),
				fmt.Sprintf("Dossier component %d: write “name | originals | copies”.", i+1))
		}
		for j, v := range []*int{&c.Originals, &c.Copies} {
			if len(parts) > j+1 {
				n, err := number(parts[j+1])
				if err != nil || n > maxCount {
					return nil, apperr.Field("thanh_phan_ho_so", fmt.Sprintf("Thành phần hồ sơ thứ %d: số bản chính, bản sao là số từ 0 đến %d.", i+1, maxCount),
						fmt.Sprintf("Dossier component %d: originals and copies are numbers from 0 to %d.", i+1, maxCount))
				}
				*v = n
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// ParseForms reads the forms: one a line, "name | link", the link
// optional.
func ParseForms(s string) []Form {
	var out []Form
	for _, l := range nonEmptyLines(s) {
		name, link, _ := strings.Cut(l, "|")
		out = append(out, Form{Name: strings.TrimSpace(name), URL: strings.TrimSpace(link)})
	}
	return out
}

func nonEmptyLines(s string) []string {
	var out []string
	for l := range strings.Lines(strings.ReplaceAll(s, "\r", "\n")) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// DossierText writes components back as ParseDossier reads them.
func DossierText(cs []Component) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s | %d | %d\n", c.Name, c.Originals, c.Copies)
	}
	return b.String()
}

// FormsText writes forms back as ParseForms reads them.
func FormsText(fs []Form) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Name)
		if f.URL != "" {
			b.WriteString(" | " + f.URL)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
