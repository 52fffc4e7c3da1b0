package legal

import "github.com/congportal/cong/internal/apperr"

// Kind is how one document acts on another.
type Kind string

// The relations between legal documents.
const (
	Amends      Kind = "amends"      // sửa đổi
	Supplements Kind = "supplements" // bổ sung
	Replaces    Kind = "replaces"    // thay thế
	Repeals     Kind = "repeals"     // bãi bỏ
	Guides      Kind = "guides"      // hướng dẫn
	Suspends    Kind = "suspends"    // đình chỉ việc thi hành (tạm ngưng hiệu lực)
)

// Kinds lists the relations in the order forms offer them.
var Kinds = []Kind{Amends, Supplements, Replaces, Repeals, Suspends, Guides}

// Relation is one link between two documents, seen from one of them.
type Relation struct {
	Kind      Kind
	Outgoing  bool // this document acts on the other
	Other     int64
	Number    string
	Title     string
	Slug      string
	Effective string // of the document that acts
	Partial   bool
}

var relationLabels = map[Kind][2]apperr.Msg{
	Amends:      {{VI: "Sửa đổi", EN: "Amends"}, {VI: "Được sửa đổi bởi", EN: "Amended by"}},
	Supplements: {{VI: "Bổ sung", EN: "Supplements"}, {VI: "Được bổ sung bởi", EN: "Supplemented by"}},
	Replaces:    {{VI: "Thay thế", EN: "Replaces"}, {VI: "Bị thay thế bởi", EN: "Replaced by"}},
	Repeals:     {{VI: "Bãi bỏ", EN: "Repeals"}, {VI: "Bị bãi bỏ bởi", EN: "Repealed by"}},
	Guides:      {{VI: "Hướng dẫn", EN: "Guides"}, {VI: "Được hướng dẫn bởi", EN: "Guided by"}},
	Suspends:    {{VI: "Đình chỉ việc thi hành", EN: "Suspends"}, {VI: "Bị đình chỉ việc thi hành bởi", EN: "Suspended by"}},
}

// Label names the relation from the side it is seen from.
func (r Relation) Label(lang string) string {
	l := relationLabels[r.Kind]
	if r.Outgoing {
		return l[0].In(lang)
	}
	return l[1].In(lang)
}

// Valid reports whether k is a known relation.
func (k Kind) Valid() bool { _, ok := relationLabels[k]; return ok }
