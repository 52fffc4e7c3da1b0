package account

import "github.com/congportal/cong/internal/audit"

// Person is who asks a domain package for a step: a signed-in person,
// the main portal's id (whose board and overseers reach every site) and
// the address the request came from.
type Person struct {
	User   *User
	MainID int64
	IP     string
}

// Actor is the person as the audit log records them.
func (p Person) Actor() audit.Actor {
	return audit.Actor{ID: p.User.ID, Name: p.User.Username, IP: p.IP}
}

// May reports whether the person may take action a on the site.
func (p Person) May(siteID int64, a Action) bool {
	return p.User != nil && p.User.Can(siteID, p.MainID, a)
}
