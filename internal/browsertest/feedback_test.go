package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/account"
)

// gpsPhoto is a small JPEG carrying an EXIF segment with a GPS tag name
// and a marker text, as a phone's photo would.
func gpsPhoto(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00GPSLatitude 10.95 VI-TRI-BI-MAT")
	seg := append([]byte{0xff, 0xe1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	data := append(append([]byte{0xff, 0xd8}, seg...), buf.Bytes()[2:]...)
	path := filepath.Join(t.TempDir(), "anh-hien-truong.jpg")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFeedbackWholePath (issue 6 point 8): a citizen files a request with
// a photo, the browser solves the captcha, the citizen gets a code; staff
// register, accept and route it, the unit's liaison answers, the board
// head approves; the answer appears in the public Q&A without the
// sender's contacts, and the citizen's page shows the timeline. axe
// judges every public page of the path.
func TestFeedbackWholePath(t *testing.T) {
	p := startStaffPortal(t)
	p.addStaff(t, "totruong.pakn", "Hồ Văn Tổ", "dong-nai", account.TeamLead)
	p.addStaff(t, "daumoi.pakn", "Vũ Thị Mối", "dong-nai", account.Liaison)
	// Each person gets a browser of their own: Start's time budget is per
	// browser, and this path has five people in it.
	citizen := personTab(t, Start(t))
	if status := openPage(t, citizen, p.URL+"/phan-anh-kien-nghi"); status != 200 {
		t.Fatalf("form: %d", status)
	}
	Axe(t, citizen, "")
	do(t, citizen,
		chromedp.SendKeys(chromedp.ID("fb-name"), "Trần Thị Bích"),
		chromedp.SendKeys(chromedp.ID("fb-address"), "12 đường Hùng Vương, phường Trấn Biên"),
		chromedp.SendKeys(chromedp.ID("fb-phone"), "0912 345 678"),
		chromedp.SendKeys(chromedp.ID("fb-email"), "bich.tran@example.vn"),
		chromedp.SetValue(chromedp.ID("fb-category"), "vuong-mac"),
		chromedp.SendKeys(chromedp.ID("fb-title"), "Vỉa hè bị lấn chiếm trước chợ"),
		chromedp.SendKeys(chromedp.ID("fb-body"), "Hộ kinh doanh lấn chiếm vỉa hè; đã báo phường nhưng quá hạn chưa có trả lời."),
		chromedp.SetUploadFiles(chromedp.ID("fb-files"), []string{gpsPhoto(t)}),
	)
	if status := followClick(t, citizen, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 {
		t.Fatalf("after sending: %d %q", status, alertText(t, citizen))
	}
	privatePath := eval[string](t, citizen, `location.pathname`)
	if !strings.HasPrefix(privatePath, "/phan-anh-kien-nghi/PAKN-") {
		t.Fatalf("after sending, the browser is at %s: %q", privatePath, alertText(t, citizen))
	}
	code := strings.Split(privatePath, "/")[2]
	if !strings.Contains(textOf(t, citizen, "main"), code) {
		t.Errorf("the receipt does not show the code %s", code)
	}
	Axe(t, citizen, "")

	ctx := context.Background()
	var id int64
	if err := p.db.QueryRow(ctx, `SELECT id FROM feedback_requests WHERE code = ?`, code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	var data string
	if err := p.db.QueryRow(ctx, `SELECT data FROM feedback_attachments WHERE request_id = ?`, id).Scan(&data); err != nil {
		t.Fatalf("the photo was not stored: %v", err)
	}
	stored, err := base64.StdEncoding.DecodeString(data)
	if err != nil || !bytes.HasPrefix(stored, []byte{0xff, 0xd8}) || bytes.Contains(stored, []byte("VI-TRI-BI-MAT")) || bytes.Contains(stored, []byte("Exif")) {
		t.Errorf("the stored photo is not a JPEG without its EXIF and GPS (%d bytes, %v)", len(stored), err)
	}
	var unitID int64
	var unitName string
	if err := p.db.QueryRow(ctx, `SELECT id, name FROM directory_units WHERE site_id = (SELECT id FROM sites WHERE code = 'dong-nai') ORDER BY id LIMIT 1`).Scan(&unitID, &unitName); err != nil {
		t.Fatal(err)
	}

	casePath := p.URL + "/quan-tri/s/dong-nai/kien-nghi/" + strconv.FormatInt(id, 10)
	tabs := map[string]context.Context{}
	step := func(who, action string, fill ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		staff, ok := tabs[who]
		if !ok {
			staff = p.signIn(t, Start(t), who)
			tabs[who] = staff
		}
		if status := openPage(t, staff, casePath); status != 200 {
			t.Fatalf("%s opens the case: %d", who, status)
		}
		do(t, staff, chromedp.SetValue(chromedp.ID("fb-action"), action))
		if len(fill) > 0 {
			do(t, staff, fill...)
		}
		followClick(t, staff, chromedp.Click(chromedp.CSS(`main form[action$="/buoc"] button[type="submit"]`)))
		if got := eval[string](t, staff, `location.search`); got != "?luu=1" {
			t.Fatalf("%s %s: %q", who, action, alertText(t, staff))
		}
	}
	step("bientap", "register")
	step("bientap", "accept")
	step("totruong.pakn", "assign", chromedp.SetValue(chromedp.ID("fb-unit"), strconv.FormatInt(unitID, 10)))
	step("daumoi.pakn", "answer", chromedp.SendKeys(chromedp.ID("fb-answer"), "Phường đã xử lý và trả lại vỉa hè cho người đi bộ."))
	step("truongban", "approve")

	citizen = personTab(t, Start(t))
	if status := openPage(t, citizen, p.URL+"/hoi-dap"); status != 200 {
		t.Fatalf("Q&A: %d", status)
	}
	Axe(t, citizen, "")
	do(t, citizen, chromedp.Click(chromedp.Search(`//main//a[contains(., "Vỉa hè bị lấn chiếm")]`)), chromedp.WaitVisible(chromedp.CSS(".answer")))
	page := textOf(t, citizen, "main")
	for _, private := range []string{"Trần Thị Bích", "0912 345 678", "bich.tran@example.vn", "Hùng Vương"} {
		if strings.Contains(page, private) {
			t.Errorf("the public answer shows %q", private)
		}
	}
	if !strings.Contains(page, "T.T.B.") || !strings.Contains(page, "trả lại vỉa hè") {
		t.Errorf("the public answer reads %q", page)
	}
	Axe(t, citizen, "")

	if status := openPage(t, citizen, p.URL+privatePath); status != 200 {
		t.Fatalf("private page: %d", status)
	}
	timeline := textOf(t, citizen, "main table")
	for _, want := range []string{"Gửi phản ánh", "Vào sổ tiếp nhận", "Giao đơn vị xử lý", unitName, "Duyệt và công khai"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the citizen's timeline lacks %q: %q", want, timeline)
		}
	}
	Axe(t, citizen, "")
}
