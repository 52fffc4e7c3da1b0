package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the typed records (internal/records, issue 20 point 3).
func init() {
	for _, a := range []action{
		{"records.project.save", apperr.Msg{VI: "Lưu thông tin dự án", EN: "Project record saved"}},
		{"records.budget.save", apperr.Msg{VI: "Lưu thông tin báo cáo ngân sách", EN: "Budget report record saved"}},
		{"records.statistic.save", apperr.Msg{VI: "Lưu bảng số liệu thống kê", EN: "Statistics record saved"}},
		{"records.science.save", apperr.Msg{VI: "Lưu thông tin nhiệm vụ khoa học", EN: "Science programme record saved"}},
		{"records.plan.save", apperr.Msg{VI: "Lưu thông tin chiến lược, kế hoạch", EN: "Plan record saved"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	refusals["records.save"] = apperr.Msg{VI: "Lưu thông tin riêng của dự án, thống kê, kế hoạch", EN: "Save the record of a project, statistic or plan"}
}
