// Package legal is the legal-documents database of a site (REQ-13e,
// REQ-14): the metadata of items of kind "legal" — number (số ký hiệu),
// type, issuing body, signer, field, dates — their effect status computed
// from the dates and the relations between documents, and the lists with
// filters that the public section shows.
package legal

import (
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// NationalDatabase is the National Legal Documents Database (Cơ sở dữ
// liệu quốc gia về văn bản pháp luật, REQ-14), where readers look up a
// document the portal has no link there for.
const NationalDatabase = "https://vbpl.vn/"

// Doc is the metadata of one legal document; the text is the item's.
type Doc struct {
	ItemID    int64
	Number    string // as written: 45/2019/QH14
	Type      string // Bộ luật, Luật, Nghị định, Quyết định…
	Issuer    string // cơ quan ban hành
	Signer    string // người ký
	Field     string // lĩnh vực
	Issued    string // ngày ban hành, YYYY-MM-DD or ""
	Effective string // ngày có hiệu lực
	Expires   string // ngày hết hiệu lực
	// Original is the address of the original file (the signed text:
	// a file of the site's library, /media/…, or on the web); National
	// its page in the National Legal Documents Database. Both optional.
	Original string
	National string

	// Filled by the lists: the item's published title and URL parts, and
	// the relations that end the document's effect.
	Title   string
	Slug    string
	Lang    string
	EndedBy []Relation // documents that replace or repeal this one
	// SuspendedBy are the documents that suspend this one (đình chỉ việc
	// thi hành): from their effect it is suspended, unless it has ended.
	SuspendedBy []Relation
	Relation    []Relation // every relation, both directions
}

// Status is whether a document is in force on a day (tình trạng hiệu lực).
type Status string

// The effect statuses.
const (
	InForce       Status = "con-hieu-luc"
	NotYet        Status = "chua-co-hieu-luc"
	Expired       Status = "het-hieu-luc"
	PartlyExpired Status = "het-hieu-luc-mot-phan"
	Suspended     Status = "tam-ngung-hieu-luc"
	Unknown       Status = "chua-ro"
)

var statusLabels = map[Status]apperr.Msg{
	InForce:       {VI: "Còn hiệu lực", EN: "In force"},
	NotYet:        {VI: "Chưa có hiệu lực", EN: "Not yet in force"},
	Expired:       {VI: "Hết hiệu lực", EN: "No longer in force"},
	PartlyExpired: {VI: "Hết hiệu lực một phần", EN: "Partly no longer in force"},
	Suspended:     {VI: "Tạm ngưng hiệu lực", EN: "Suspended"},
	Unknown:       {VI: "Chưa xác định", EN: "Unknown"},
}

// Label is the status's name for people.
func (s Status) Label(lang string) string { return statusLabels[s].In(lang) }

// Statuses lists the statuses in the order filters show them.
var Statuses = []Status{InForce, PartlyExpired, Suspended, NotYet, Expired}

// StatusOn computes the document's status on day (YYYY-MM-DD) from its
// dates and from the documents that replace or repeal it (once those are
// in effect). An amendment leaves it in force; a partial repeal makes it
// partly expired, unless another document ends it wholly. The list's
// filter asks the same in SQL (statusSQL).
func (d *Doc) StatusOn(day string) Status {
	partly := false
	for _, r := range d.EndedBy {
		if r.Effective == "" || r.Effective <= day {
			if r.Kind != Repeals || !r.Partial {
				return Expired
			}
			partly = true
		}
	}
	switch {
	case partly:
		return PartlyExpired
	case d.Expires != "" && d.Expires <= day:
		return Expired
	case d.suspendedOn(day):
		return Suspended
	case d.Effective != "" && d.Effective > day:
		return NotYet
	case d.Effective == "" && d.Issued == "":
		return Unknown
	}
	return InForce
}

// suspendedOn reports whether a document suspending d is in effect on day.
func (d *Doc) suspendedOn(day string) bool {
	for _, r := range d.SuspendedBy {
		if r.Effective == "" || r.Effective <= day {
			return true
		}
	}
	return false
}

// Today is the day in Vietnam, for statuses.
func Today(now time.Time) string {
	return vn.Day(now)
}
