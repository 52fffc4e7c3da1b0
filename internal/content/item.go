// Package content holds what a portal publishes: items of several kinds
// (articles, pages, announcements, events, and the typed kinds later
// capabilities extend), their revisions, categories and slugs. Every save
// is a revision; nothing published is ever changed in place.
package content

import (
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// Kind is the sort of item, which decides its public URL and its fields.
type Kind string

// The kinds of item. Later capabilities add fields to the typed kinds.
const (
	Article      Kind = "article"      // tin bài
	Page         Kind = "page"         // trang tĩnh
	Announcement Kind = "announcement" // thông báo
	Event        Kind = "event"        // sự kiện
	Legal        Kind = "legal"        // văn bản pháp luật
	Press        Kind = "press"        // thông cáo báo chí, phát ngôn
	Procedure    Kind = "procedure"    // thủ tục hành chính
	Project      Kind = "project"      // dự án, đấu thầu
	Plan         Kind = "plan"         // chiến lược, kế hoạch, quy hoạch
	Statistics   Kind = "statistics"   // thống kê
	Recruitment  Kind = "recruitment"  // tuyển dụng
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []Kind{Article, Announcement, Event, Page, Legal, Press, Procedure, Project, Plan, Statistics, Recruitment}

var kindInfo = map[Kind]struct {
	label apperr.Msg
	path  string // first segment of the public URL
}{
	Article:      {apperr.Msg{VI: "Tin bài", EN: "Article"}, "tin-tuc"},
	Page:         {apperr.Msg{VI: "Trang thông tin", EN: "Page"}, "trang"},
	Announcement: {apperr.Msg{VI: "Thông báo", EN: "Announcement"}, "thong-bao"},
	Event:        {apperr.Msg{VI: "Sự kiện", EN: "Event"}, "su-kien"},
	Legal:        {apperr.Msg{VI: "Văn bản pháp luật", EN: "Legal document"}, "van-ban"},
	Press:        {apperr.Msg{VI: "Thông tin báo chí", EN: "Press information"}, "bao-chi"},
	Procedure:    {apperr.Msg{VI: "Thủ tục hành chính", EN: "Administrative procedure"}, "thu-tuc"},
	Project:      {apperr.Msg{VI: "Dự án, đấu thầu", EN: "Project, procurement"}, "du-an"},
	Plan:         {apperr.Msg{VI: "Chiến lược, kế hoạch, quy hoạch", EN: "Strategy, plan"}, "ke-hoach"},
	Statistics:   {apperr.Msg{VI: "Thống kê", EN: "Statistics"}, "thong-ke"},
	Recruitment:  {apperr.Msg{VI: "Tuyển dụng", EN: "Recruitment"}, "tuyen-dung"},
}

// Label is the kind's name for people.
func (k Kind) Label(lang string) string { return kindInfo[k].label.In(lang) }

// Path is the first segment of the public URL of items of this kind.
func (k Kind) Path() string { return kindInfo[k].path }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindInfo[k]; return ok }

// KindOfPath returns the kind whose public URLs start with segment.
func KindOfPath(segment string) (Kind, bool) {
	for k, info := range kindInfo {
		if info.path == segment {
			return k, true
		}
	}
	return "", false
}

// State is where the working copy of an item is in the workflow.
type State string

// The workflow states (issue 3, Art. 12.3).
const (
	Draft       State = "draft"       // nháp
	Editing     State = "editing"     // chờ biên tập
	Approval    State = "approval"    // chờ duyệt
	Scheduled   State = "scheduled"   // đã duyệt, chờ đăng theo lịch
	Published   State = "published"   // đã đăng
	Unpublished State = "unpublished" // đã gỡ
	Archived    State = "archived"    // lưu trữ
)

var stateLabels = map[State]apperr.Msg{
	Draft:       {VI: "Nháp", EN: "Draft"},
	Editing:     {VI: "Chờ biên tập", EN: "Awaiting editing"},
	Approval:    {VI: "Chờ duyệt", EN: "Awaiting approval"},
	Scheduled:   {VI: "Đã duyệt, chờ đăng", EN: "Approved, scheduled"},
	Published:   {VI: "Đã đăng", EN: "Published"},
	Unpublished: {VI: "Đã gỡ", EN: "Unpublished"},
	Archived:    {VI: "Lưu trữ", EN: "Archived"},
}

// Label is the state's name for people.
func (s State) Label(lang string) string { return stateLabels[s].In(lang) }

// Item is one piece of content with its newest revision attached.
type Item struct {
	ID               int64
	SiteID           int64
	Kind             Kind
	State            State
	Lang             string
	Slug             string
	CategoryID       int64
	CurrentRev       int64
	PublishedRev     int64
	Live             bool // shown to the public (PublishedRev)
	Featured         bool
	PublishAt        *time.Time
	UnpublishAt      *time.Time
	FirstPublishedAt *time.Time
	PublishedAt      *time.Time
	OverrideReason   string // why a board head published over failed checks
	SourceSiteID     int64  // for copies accepted through the inbox
	OriginSiteID     int64  // the site that published it before a merge moved it here; 0: this one
	SourceItemID     int64
	Version          int // optimistic lock: a save names the version it edited
	CreatedBy        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time

	Rev *Revision // the revision asked for: current for staff, published for the public
}

// Revision is one saved state of an item's text.
type Revision struct {
	ID            int64
	ItemID        int64
	Number        int
	Title         string
	Summary       string
	Body          string // sanitised HTML
	Author        string // required before an item leaves draft (Art. 3.3)
	Source        string // required before an item leaves draft (Art. 3.3)
	Tags          string
	CoverMediaID  int64
	CoverAlt      string
	Minor         bool // a minor correction by an approver, published directly
	Conflict      bool // saved after losing a race with another editor
	Note          string
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
}

// URL is the item's path within its site, in its language.
func (it *Item) URL() string {
	p := "/" + it.Kind.Path() + "/" + it.Slug
	if it.Lang == "en" {
		p = "/en" + p
	}
	return p
}
