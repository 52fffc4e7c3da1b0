package account

import "github.com/congportal/cong/internal/apperr"

// Role is a duty a person holds on one site (REQUIREMENTS.md, "The people").
type Role string

// The roles of the regulation (Art. 7–9, 13) and of running the system.
const (
	BoardHead    Role = "board_head"   // Trưởng ban Ban Biên tập
	BoardDeputy  Role = "board_deputy" // Phó Trưởng ban
	BoardMember  Role = "board_member" // Thành viên Ban Biên tập
	TeamLead     Role = "team_lead"    // Tổ trưởng Tổ giúp việc
	Editor       Role = "editor"       // Biên tập viên
	Collaborator Role = "collaborator" // Cộng tác viên, tác giả
	Liaison      Role = "liaison"      // Đầu mối của sở, ngành, địa phương
	Overseer     Role = "overseer"     // Văn phòng UBND, Sở KH&CN
	Gazette      Role = "gazette"      // Cán bộ Công báo (the gazette office, on the main portal)
	Admin        Role = "admin"        // Quản trị hệ thống
)

// Roles lists every role, most authority first.
var Roles = []Role{BoardHead, BoardDeputy, BoardMember, TeamLead, Editor, Collaborator, Liaison, Overseer, Gazette, Admin}

var roleLabels = map[Role]apperr.Msg{
	BoardHead:    {VI: "Trưởng ban Biên tập", EN: "Board head"},
	BoardDeputy:  {VI: "Phó Trưởng ban Biên tập", EN: "Board deputy"},
	BoardMember:  {VI: "Thành viên Ban Biên tập", EN: "Board member"},
	TeamLead:     {VI: "Tổ trưởng Tổ giúp việc", EN: "Team lead"},
	Editor:       {VI: "Biên tập viên", EN: "Editor"},
	Collaborator: {VI: "Cộng tác viên", EN: "Collaborator"},
	Liaison:      {VI: "Đầu mối đơn vị", EN: "Unit liaison"},
	Overseer:     {VI: "Giám sát", EN: "Overseer"},
	Gazette:      {VI: "Cán bộ Công báo", EN: "Gazette officer"},
	Admin:        {VI: "Quản trị hệ thống", EN: "System administrator"},
}

// Label is the role's name for people.
func (r Role) Label(lang string) string { return roleLabels[r].In(lang) }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// NeedsTOTP reports whether holding r requires a second factor: those
// who approve for publication, those who publish the gazette (whose
// documents have the value of the originals) and those who run the
// system.
func (r Role) NeedsTOTP() bool {
	return r == BoardHead || r == BoardDeputy || r == Gazette || r == Admin
}

// InstallationWide reports whether r, held on the main portal, applies to
// every site: the administrator runs them all, the overseer reads them all.
func (r Role) InstallationWide() bool { return r == Admin || r == Overseer }
