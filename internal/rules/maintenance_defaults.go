package rules

// The dated rule of planned suspensions (issue 15, REQ-08), sets of kind
// "maintenance":
//
//	maintenance.notice   how long before a planned suspension of the
//	                     portal's information or services it must be
//	                     announced in public, in working days (7)
//
// The set in force on the day a suspension is scheduled applies to it.
// Force majeure (bất khả kháng) is the one exception the text allows; the
// maintenance package asks for its reason and records it.

// KindMaintenance is the kind of the maintenance-notice sets.
const KindMaintenance = "maintenance"

// MaintenanceDecree224 is the code of the default maintenance set.
const MaintenanceDecree224 = "maintenance-nd224-2026"

func maintenanceDefaults() []*Set {
	return []*Set{
		{Code: MaintenanceDecree224, Kind: KindMaintenance, Name: "Thông báo trước khi tạm ngừng cung cấp thông tin, dịch vụ trên cổng",
			Source: decree224 + " Điều 13 (thông báo công khai việc tạm ngừng cung cấp thông tin, dịch vụ ít nhất 07 ngày làm việc trước, " +
				"trừ trường hợp bất khả kháng, nêu rõ thời gian dự kiến khôi phục); REGULATIONS.md REQ-08",
			ValidFrom: "2026-07-01", Rules: []*Rule{
				{Key: "maintenance.notice", Value: "7", Unit: WorkingDays, Note: decree224 + " Điều 13: thông báo ít nhất 07 ngày làm việc trước khi tạm ngừng, trừ trường hợp bất khả kháng"},
			}},
	}
}
