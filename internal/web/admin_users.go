package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/site"
)

type usersPage struct {
	*AdminPage
	Users []*account.User
	Form  account.NewUser
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageUsers); err != nil {
		return err
	}
	return s.renderUsers(w, r, http.StatusOK, account.NewUser{}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form account.NewUser, errs []string) error {
	users, err := s.users.List(r.Context())
	if err != nil {
		return err
	}
	p := &usersPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "users")), Users: users, Form: form}
	p.Errors = errs
	return s.tmpl.render(w, status, "admin/users", p)
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageUsers); err != nil {
		return err
	}
	form := account.NewUser{Username: r.PostFormValue("username"), FullName: r.PostFormValue("full_name"),
		Email: r.PostFormValue("email"), Password: r.PostFormValue("password")}
	u, err := s.users.Create(r.Context(), form, s.actor(r))
	if e, ok := apperr.As(err); ok {
		form.Password = ""
		return s.renderUsers(w, r, statusOf(err), form, fieldMessages(e, langOf(r)))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

type grantRow struct {
	Site *site.Site
	Role account.Role
}

type userPage struct {
	*AdminPage
	Subject *account.User
	Grants  []grantRow
	Sites   []*site.Site
	Roles   []account.Role
}

func (s *Server) subject(r *http.Request) (*account.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errNotFound
	}
	return s.users.ByID(r.Context(), id)
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageUsers); err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, noticeOf(r), nil)
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, notice string, errs []string) error {
	subj, err := s.subject(r)
	if err != nil {
		return err
	}
	sites, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	byID := map[int64]*site.Site{}
	for _, st := range sites {
		byID[st.ID] = st
	}
	p := &userPage{AdminPage: s.adminPage(r, userOf(r), subj.FullName), Subject: subj, Sites: sites, Roles: account.Roles}
	for _, g := range subj.Grants {
		p.Grants = append(p.Grants, grantRow{Site: byID[g.SiteID], Role: g.Role})
	}
	p.Notice, p.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/user", p)
}

// roleGrant and roleRevoke check MayGrant for the actor's roles on the
// site concerned, so the rule is the same whatever screen asks.
func (s *Server) roleGrant(w http.ResponseWriter, r *http.Request) error {
	return s.roleChange(w, r, true)
}
func (s *Server) roleRevoke(w http.ResponseWriter, r *http.Request) error {
	return s.roleChange(w, r, false)
}

func (s *Server) roleChange(w http.ResponseWriter, r *http.Request, grant bool) error {
	actor := userOf(r)
	subj, err := s.subject(r)
	if err != nil {
		return err
	}
	st, err := s.sites.ByCode(r.Context(), r.PostFormValue("site"))
	if err != nil {
		return err
	}
	role := account.Role(r.PostFormValue("role"))
	if !role.Valid() {
		return apperr.Field("role", "Vai trò không hợp lệ.", "Unknown role.")
	}
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	if main == nil || !mayGrantOn(actor, st.ID, main.ID, role) {
		s.deny(r, st.ID, st.Code, "role.grant")
		return errForbidden
	}
	if grant {
		err = s.users.Grant(r.Context(), subj.ID, st.ID, role, s.actor(r))
	} else {
		err = s.users.Revoke(r.Context(), subj.ID, st.ID, role, s.actor(r))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

// mayGrantOn reports whether actor may grant role on the site siteID.
func mayGrantOn(actor *account.User, siteID, mainID int64, role account.Role) bool {
	for _, g := range actor.Grants {
		if (g.SiteID == siteID || (g.SiteID == mainID && g.Role.InstallationWide())) && account.MayGrant(g.Role, role) {
			return true
		}
	}
	return false
}

func (s *Server) userPassword(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageUsers); err != nil {
		return err
	}
	subj, err := s.subject(r)
	if err != nil {
		return err
	}
	err = s.users.SetPassword(r.Context(), subj.ID, r.PostFormValue("password"), s.actor(r))
	if e, ok := apperr.As(err); ok {
		return s.renderUser(w, r, statusOf(err), "", fieldMessages(e, langOf(r)))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id")+"?luu=1", http.StatusSeeOther)
	return nil
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageUsers); err != nil {
		return err
	}
	subj, err := s.subject(r)
	if err != nil {
		return err
	}
	if subj.ID == userOf(r).ID {
		return apperr.New(apperr.Invalid, "Bạn không thể tự khóa tài khoản của mình.", "You cannot disable your own account.")
	}
	if err := s.users.SetDisabled(r.Context(), subj.ID, r.PostFormValue("disabled") == "1", s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

// fieldMessages lists an error's messages for the form's error box.
func fieldMessages(e *apperr.Error, lang string) []string {
	if len(e.Fields) == 0 {
		return []string{e.Msg.In(lang)}
	}
	var out []string
	for _, m := range e.Fields {
		out = append(out, m.In(lang))
	}
	return out
}

func (s *Server) userResetTOTP(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageUsers); err != nil {
		return err
	}
	subj, err := s.subject(r)
	if err != nil {
		return err
	}
	if err := s.users.ResetTOTP(r.Context(), subj.ID, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+r.PathValue("id")+"?luu=1", http.StatusSeeOther)
	return nil
}
