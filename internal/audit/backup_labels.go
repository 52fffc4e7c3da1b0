package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the scheduled backup (internal/backup, /quan-tri/sao-luu),
// added to the list at start; kept here so the feature's codes read in
// one place.
func init() {
	for _, a := range []action{
		{"backup.settings", apperr.Msg{VI: "Sao lưu: đổi cài đặt (giờ, thư mục, chế độ lưu giữ)", EN: "Backup settings changed"}},
		{"backup.request", apperr.Msg{VI: "Sao lưu: yêu cầu sao lưu ngay", EN: "Backup requested"}},
		{"backup.verify.request", apperr.Msg{VI: "Sao lưu: yêu cầu kiểm tra ngay", EN: "Backup verification requested"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
}
