// Package procedure keeps a site's catalogue of administrative procedures
// (thủ tục hành chính; issue 20, point 1): each procedure under its code
// in the National Database of Administrative Procedures, with its exact
// name, field, administrative level, competent agency, online service
// level (toàn trình or một phần, with the reason and the legal basis when
// partial, REQ-24), proactive level 1–4 (REQ-25), the data a procedure
// page must show (REQ-27) and a deep link to the service on the National
// Public Service Portal — the portal runs no application forms of its own.
// Each service's yearly figures (received online, resolved, on time) come
// from the provincial system's report, imported from a file.
package procedure

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// Procedure is one administrative procedure of a site's catalogue.
type Procedure struct {
	ID, SiteID    int64
	Code          string // mã thủ tục in the national database: 1.001234
	Name          string // tên thủ tục, exactly as published nationally
	Field         string // lĩnh vực
	Level         Level  // cấp thực hiện
	Agency        string // cơ quan thực hiện
	ServiceLevel  ServiceLevel
	PartialReason string // why only partly online (REQ-24)
	PartialBasis  string // the legal basis of that
	Proactive     int    // proactive service level, 0 (none) to 4 (REQ-25)
	Steps         string // trình tự thực hiện
	Methods       string // cách thức thực hiện: in person, by post, online
	Dossier       []Component
	TimeLimit     string // thời hạn giải quyết
	Subjects      string // đối tượng thực hiện
	Result        string // kết quả thực hiện
	Fees          string // phí, lệ phí
	Requirements  string // yêu cầu, điều kiện
	Forms         []Form // mẫu đơn, tờ khai
	LegalBasis    string // căn cứ pháp lý
	Decision      string // quyết định công bố
	ServiceURL    string // the service on the National Public Service Portal
	UpdatedAt     time.Time
	UpdatedBy     string
}

// Component is a paper of the dossier (thành phần hồ sơ) and how many
// originals and copies of it are handed in.
type Component struct {
	Name      string `json:"ten"`
	Originals int    `json:"ban_chinh"`
	Copies    int    `json:"ban_sao"`
}

// Form is an application form or declaration (mẫu đơn, tờ khai) and
// where to download it.
type Form struct {
	Name string `json:"ten"`
	URL  string `json:"duong_dan"`
}

// Level is the administrative level that handles a procedure. Since the
// two-level local government (1 July 2025) a province has two.
type Level string

// The levels.
const (
	Province Level = "tinh"
	Commune  Level = "xa"
)

// Levels lists the levels in the catalogue's order.
var Levels = []Level{Province, Commune}

// Label is the level's name in lang.
func (l Level) Label(lang string) string {
	switch l {
	case Province:
		return pick(lang, "Cấp tỉnh", "Province")
	case Commune:
		return pick(lang, "Cấp xã", "Commune")
	}
	return string(l)
}

// ServiceLevel is how much of a procedure can be done online (Decree
// 224/2026 Art. 14).
type ServiceLevel string

// The service levels.
const (
	Full    ServiceLevel = "toan-trinh" // dịch vụ công trực tuyến toàn trình
	Partial ServiceLevel = "mot-phan"   // dịch vụ công trực tuyến một phần
)

// ServiceLevels lists them in the catalogue's order.
var ServiceLevels = []ServiceLevel{Full, Partial}

// Label is the service level's name in lang.
func (s ServiceLevel) Label(lang string) string {
	switch s {
	case Full:
		return pick(lang, "Toàn trình", "Fully online")
	case Partial:
		return pick(lang, "Một phần", "Partly online")
	}
	return string(s)
}

func pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// ParseLevel reads a level as a file or a form writes it: its code, or
// its Vietnamese name with or without diacritics ("Cấp tỉnh", "tinh").
func ParseLevel(s string) (Level, bool) {
	switch strings.TrimPrefix(strings.Join(strings.Fields(vn.Fold(s)), " "), "cap ") {
	case "tinh":
		return Province, true
	case "xa":
		return Commune, true
	}
	return "", false
}

// ParseServiceLevel reads a service level: its code or its name, with or
// without diacritics ("toàn trình", "toan_trinh", "Một phần").
func ParseServiceLevel(s string) (ServiceLevel, bool) {
	f := strings.Join(strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(vn.Fold(s))), " ")
	f = strings.TrimPrefix(f, "dich vu cong truc tuyen ")
	switch f {
	case "toan trinh":
		return Full, true
	case "mot phan":
		return Partial, true
	}
	return "", false
}

// codeRE is a code of the national database: the kind of procedure, a
// dot and six digits (1.001234, 2.000123).
var codeRE = regexp.MustCompile(`^[1-9]\.[0-9]{6}$`)

// ValidCode reports whether code is written as the national database
// writes its codes.
func ValidCode(code string) bool { return codeRE.MatchString(code) }

// limits of the fields, in characters.
const (
	maxName  = 1000
	maxLine  = 500
	maxText  = 20000
	maxList  = 100
	maxLink  = 2000
	maxCount = 100
)

func tooLong(field string, n int) error {
	return apperr.Field(field, fmt.Sprintf("Tối đa %d ký tự.", n), fmt.Sprintf("At most %d characters.", n))
}

// Clean normalises p's text (NFC, spaces, line breaks) and checks it;
// the first problem found is a message on its field, named as the import
// format names it (ma_thu_tuc, ten_thu_tuc…).
func (p *Procedure) Clean() error {
	p.Code, p.Name, p.Field, p.Agency = vn.Clean(p.Code), vn.Clean(p.Name), vn.Clean(p.Field), vn.Clean(p.Agency)
	p.ServiceURL = strings.TrimSpace(p.ServiceURL)
	for _, f := range []*string{&p.PartialReason, &p.PartialBasis, &p.Steps, &p.Methods, &p.TimeLimit, &p.Subjects, &p.Result,
		&p.Fees, &p.Requirements, &p.LegalBasis, &p.Decision} {
		*f = vn.CleanMultiline(*f)
	}
	switch {
	case p.Code == "":
		return apperr.Field("ma_thu_tuc", "Hãy ghi mã thủ tục trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001234.", "Give the procedure's national code, e.g. 1.001234.")
	case !ValidCode(p.Code):
		return apperr.Field("ma_thu_tuc", fmt.Sprintf("Mã thủ tục %q không đúng dạng: một chữ số, dấu chấm và sáu chữ số, ví dụ 1.001234.", p.Code),
			fmt.Sprintf("The code %q is not a national code: a digit, a dot and six digits, e.g. 1.001234.", p.Code))
	case p.Name == "":
		return apperr.Field("ten_thu_tuc", "Hãy ghi tên thủ tục, đúng như trên Cơ sở dữ liệu quốc gia.", "Give the procedure's exact name.")
	case len([]rune(p.Name)) > maxName:
		return tooLong("ten_thu_tuc", maxName)
	case p.Field == "":
		return apperr.Field("linh_vuc", "Hãy ghi lĩnh vực của thủ tục.", "Give the procedure's field.")
	case len([]rune(p.Field)) > maxLine:
		return tooLong("linh_vuc", maxLine)
	case p.Agency == "":
		return apperr.Field("co_quan_thuc_hien", "Hãy ghi cơ quan thực hiện thủ tục.", "Give the competent agency.")
	case len([]rune(p.Agency)) > maxLine:
		return tooLong("co_quan_thuc_hien", maxLine)
	}
	lv, ok := ParseLevel(string(p.Level))
	if !ok {
		return apperr.Field("cap_thuc_hien", "Cấp thực hiện phải là “Cấp tỉnh” hoặc “Cấp xã”.", "The level must be province or commune.")
	}
	p.Level = lv
	sl, ok := ParseServiceLevel(string(p.ServiceLevel))
	if !ok {
		return apperr.Field("muc_do", "Mức độ dịch vụ công trực tuyến phải là “toàn trình” hoặc “một phần”.", "The service level must be fully or partly online.")
	}
	p.ServiceLevel = sl
	if sl == Partial && (p.PartialReason == "" || p.PartialBasis == "") {
		field := "ly_do_mot_phan"
		if p.PartialReason != "" {
			field = "can_cu_mot_phan"
		}
		return apperr.Field(field, "Dịch vụ chỉ trực tuyến một phần: hãy ghi lý do và căn cứ pháp lý (Nghị định 224/2026/NĐ-CP, Điều 14).",
			"A partly online service needs the reason and its legal basis (Decree 224/2026, Art. 14).")
	}
	if sl == Full {
		p.PartialReason, p.PartialBasis = "", ""
	}
	if p.Proactive < 0 || p.Proactive > 4 {
		return apperr.Field("muc_do_chu_dong", "Mức độ dịch vụ công chủ động là 0 (không có) hoặc từ 1 đến 4.", "The proactive level is 0 (none) or 1 to 4.")
	}
	for _, f := range []struct {
		name string
		v    string
	}{{"ly_do_mot_phan", p.PartialReason}, {"can_cu_mot_phan", p.PartialBasis}, {"trinh_tu", p.Steps}, {"cach_thuc", p.Methods},
		{"thoi_han", p.TimeLimit}, {"doi_tuong", p.Subjects}, {"ket_qua", p.Result}, {"phi_le_phi", p.Fees},
		{"yeu_cau_dieu_kien", p.Requirements}, {"can_cu_phap_ly", p.LegalBasis}, {"quyet_dinh_cong_bo", p.Decision}} {
		if len([]rune(f.v)) > maxText {
			return tooLong(f.name, maxText)
		}
	}
	if err := p.cleanDossier(); err != nil {
		return err
	}
	if err := p.cleanForms(); err != nil {
		return err
	}
	if p.ServiceURL != "" && !serviceLink(p.ServiceURL) {
		return apperr.Field("duong_dan_dvc", "Đường dẫn dịch vụ phải là địa chỉ https:// trên Cổng Dịch vụ công quốc gia hoặc hệ thống giải quyết thủ tục hành chính của tỉnh (tên miền .gov.vn).",
			"The service link must be an https:// address on the National Public Service Portal or the province's system (a .gov.vn domain).")
	}
	return nil
}

func (p *Procedure) cleanDossier() error {
	if len(p.Dossier) > maxList {
		return apperr.Field("thanh_phan_ho_so", fmt.Sprintf("Tối đa %d thành phần hồ sơ.", maxList), fmt.Sprintf("At most %d dossier components.", maxList))
	}
	for i := range p.Dossier {
		c := &p.Dossier[i]
		c.Name = vn.Clean(c.Name)
		switch {
		case c.Name == "":
			return apperr.Field("thanh_phan_ho_so", fmt.Sprintf("Thành phần hồ sơ thứ %d chưa có tên giấy tờ.", i+1), fmt.Sprintf("Dossier component %d has no name.", i+1))
		case len([]rune(c.Name)) > maxName:
			return tooLong("thanh_phan_ho_so", maxName)
		case c.Originals < 0 || c.Copies < 0 || c.Originals > maxCount || c.Copies > maxCount:
			return apperr.Field("thanh_phan_ho_so", fmt.Sprintf("Thành phần hồ sơ thứ %d: số bản chính, bản sao là số từ 0 đến %d.", i+1, maxCount),
				fmt.Sprintf("Dossier component %d: originals and copies are numbers from 0 to %d.", i+1, maxCount))
		}
	}
	return nil
}

func (p *Procedure) cleanForms() error {
	if len(p.Forms) > maxList {
		return apperr.Field("mau_don", fmt.Sprintf("Tối đa %d mẫu đơn, tờ khai.", maxList), fmt.Sprintf("At most %d forms.", maxList))
	}
	for i := range p.Forms {
		f := &p.Forms[i]
		f.Name, f.URL = vn.Clean(f.Name), strings.TrimSpace(f.URL)
		switch {
		case f.Name == "":
			return apperr.Field("mau_don", fmt.Sprintf("Mẫu đơn, tờ khai thứ %d chưa có tên.", i+1), fmt.Sprintf("Form %d has no name.", i+1))
		case len([]rune(f.Name)) > maxName:
			return tooLong("mau_don", maxName)
		case f.URL != "" && !formLink(f.URL):
			return apperr.Field("mau_don", fmt.Sprintf("Mẫu đơn, tờ khai thứ %d: đường dẫn phải bắt đầu bằng https:// (hoặc http://), hoặc là đường dẫn tệp trên Cổng (/media/…).", i+1),
				fmt.Sprintf("Form %d: the link must start with https:// (or http://), or be a path on the portal (/media/…).", i+1))
		}
	}
	return nil
}

// serviceLink accepts an https:// address on a government domain: the
// National Public Service Portal (dichvucong.gov.vn) or a province's
// procedures system (dichvucong.dongnai.gov.vn).
func serviceLink(s string) bool {
	if len(s) > maxLink || strings.ContainsAny(s, " \t\r\n\\\"'<>") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "gov.vn" || strings.HasSuffix(h, ".gov.vn")
}

// formLink accepts an address on the web or a path on the portal.
func formLink(s string) bool {
	if len(s) > maxLink || strings.ContainsAny(s, " \t\r\n\\\"'<>") {
		return false
	}
	if strings.HasPrefix(s, "/") {
		return !strings.HasPrefix(s, "//")
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// Count is how a component's originals and copies read, e.g. "1 bản
// chính, 2 bản sao"; "" when the catalogue gives no number.
func (c Component) Count(lang string) string {
	var parts []string
	if c.Originals > 0 {
		parts = append(parts, fmt.Sprintf(pick(lang, "%d bản chính", "%d original(s)"), c.Originals))
	}
	if c.Copies > 0 {
		parts = append(parts, fmt.Sprintf(pick(lang, "%d bản sao", "%d copy(ies)"), c.Copies))
	}
	return strings.Join(parts, ", ")
}

// Stats is what a service handled in a year (REQ-27).
type Stats struct {
	Code           string // the procedure's national code
	Year           int
	ReceivedOnline int // hồ sơ tiếp nhận trực tuyến
	ReceivedTotal  int // tổng hồ sơ tiếp nhận (trực tuyến và trực tiếp)
	Resolved       int // đã giải quyết
	OnTime         int // giải quyết đúng hạn
	UpdatedAt      time.Time
}

// OnTimePercent is the share of the resolved dossiers resolved on time,
// rounded to a tenth of a percent; -1 when none was resolved.
func (s *Stats) OnTimePercent() float64 {
	if s.Resolved == 0 {
		return -1
	}
	return float64(int(float64(s.OnTime)*1000/float64(s.Resolved)+0.5)) / 10
}

// OnlinePercent is the share of the dossiers received that came online;
// -1 when none was received.
func (s *Stats) OnlinePercent() float64 {
	if s.ReceivedTotal == 0 {
		return -1
	}
	return float64(int(float64(s.ReceivedOnline)*1000/float64(s.ReceivedTotal)+0.5)) / 10
}

// maxFigure bounds a yearly figure: a province receives a few million
// dossiers a year in all.
const maxFigure = 100_000_000

// Clean checks the figures: whole numbers, online within the total, on
// time within the resolved.
func (s *Stats) Clean() error {
	s.Code = vn.Clean(s.Code)
	switch {
	case !ValidCode(s.Code):
		return apperr.Field("ma_thu_tuc", fmt.Sprintf("Mã thủ tục %q không đúng dạng, ví dụ 1.001234.", s.Code), fmt.Sprintf("The code %q is not a national code.", s.Code))
	case s.Year < 2000 || s.Year > 2200:
		return apperr.Field("nam", "Năm phải từ 2000 đến 2200.", "The year must be from 2000 to 2200.")
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"tiep_nhan_truc_tuyen", s.ReceivedOnline}, {"tong_tiep_nhan", s.ReceivedTotal}, {"da_giai_quyet", s.Resolved}, {"dung_han", s.OnTime}} {
		if f.v < 0 || f.v > maxFigure {
			return apperr.Field(f.name, fmt.Sprintf("Số liệu phải là số nguyên từ 0 đến %d.", maxFigure), fmt.Sprintf("A figure is a whole number from 0 to %d.", maxFigure))
		}
	}
	switch {
	case s.ReceivedOnline > s.ReceivedTotal:
		return apperr.Field("tiep_nhan_truc_tuyen", "Số hồ sơ tiếp nhận trực tuyến không thể lớn hơn tổng số hồ sơ tiếp nhận.", "Dossiers received online cannot exceed all dossiers received.")
	case s.OnTime > s.Resolved:
		return apperr.Field("dung_han", "Số hồ sơ giải quyết đúng hạn không thể lớn hơn số hồ sơ đã giải quyết.", "Dossiers resolved on time cannot exceed those resolved.")
	}
	return nil
}
