package rules

// The deadline of the electronic gazette (issue 16), a set of kind
// "gazette":
//
//	gazette.send  a document of the provincial People's Council or
//	              People's Committee is sent for posting in the gazette
//	              no later than this many calendar days after signing
//	              (Law 64/2025 Art. 9; REQ-34; calendar days, REQ-67)

// KindGazette is the kind of the gazette sets.
const KindGazette = "gazette"

// GazetteLaw64 is the code of the default gazette set.
const GazetteLaw64 = "gazette-law64-2025"

func gazetteDefaults() []*Set {
	const law64 = "Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15"
	return []*Set{{Code: GazetteLaw64, Kind: KindGazette, Name: "Thời hạn gửi văn bản đăng Công báo",
		Source:    law64 + " Điều 9 (gửi đăng Công báo chậm nhất 03 ngày kể từ ngày ký ban hành); Nghị định về Công báo",
		ValidFrom: "2025-04-01", Rules: []*Rule{
			{Key: "gazette.send", Value: "3", Unit: CalendarDays, Note: law64 + " Điều 9: chậm nhất 03 ngày kể từ ngày ký"},
		}}}
}
