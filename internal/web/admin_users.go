package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/site"
)

type usersPage struct {
	*AdminPage
	Users []*account.User
	Form  account.NewUser
	sites map[int64]*site.Site
}

// RolesOf names each role a person holds with its site ("Biên tập viên –
// Sở Khoa học và Công nghệ"); a role held on the main portal that reaches
// every site says so.
func (p *usersPage) RolesOf(u *account.User) []string {
	out := make([]string, 0, len(u.Grants))
	for _, g := range u.Grants {
		where := "?"
		if st, ok := p.sites[g.SiteID]; ok {
			where = st.DisplayName(p.Lang)
			if st.Main && g.Role.InstallationWide() {
				where = pick(p.Lang, "mọi trang", "every site")
			}
		}
		out = append(out, g.Role.Label(p.Lang)+" – "+where)
	}
	return out
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
	sites, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p := &usersPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "users")), Users: users, Form: form,
		sites: map[int64]*site.Site{}}
	for _, st := range sites {
		p.sites[st.ID] = st
	}
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
		fr, msgs := withInvalid(r, e)
		return s.renderUsers(w, fr, statusOf(err), form, msgs)
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
	// Site and Role are those of a refused grant, chosen again in the form.
	Site string
	Role account.Role
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
	notice := noticeOf(r)
	if n := s.roleNotice(r); n != "" {
		notice = n
	}
	return s.renderUser(w, r, http.StatusOK, notice, nil)
}

// roleNotice says, after a grant or a revocation (?da-giao= or
// ?da-thu-hoi=ROLE&trang-web=CODE), what was done, in words.
func (s *Server) roleNotice(r *http.Request) string {
	q, lang := r.URL.Query(), langOf(r)
	role, vi, en := account.Role(q.Get("da-giao")), "Đã giao vai trò %s trên %s.", "Granted %s on %s."
	if role == "" {
		role, vi, en = account.Role(q.Get("da-thu-hoi")), "Đã thu hồi vai trò %s trên %s.", "Revoked %s on %s."
	}
	if !role.Valid() {
		return ""
	}
	st, err := s.sites.ByCode(r.Context(), q.Get("trang-web"))
	if err != nil {
		return ""
	}
	return fmt.Sprintf(pick(lang, vi, en), role.Label(lang), st.DisplayName(lang))
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
	p := &userPage{AdminPage: s.adminPage(r, userOf(r), subj.FullName), Subject: subj, Sites: sites, Roles: account.Roles,
		Site: r.PostFormValue("site"), Role: account.Role(r.PostFormValue("role"))}
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

// roleChange grants or revokes a role and says so on the person's page.
// Whatever it refuses is said there too, with the reason (who may grant
// what, nobody to themselves, separate duties), and the status of the
// refusal: never a page without a word.
func (s *Server) roleChange(w http.ResponseWriter, r *http.Request, grant bool) error {
	actor := userOf(r)
	subj, err := s.subject(r)
	if err != nil {
		return err
	}
	main := s.mainSite(r)
	// A refusal is shown on the person's page to whoever may read it
	// (user.manage); anyone else gets the error page.
	refuse := func(err error) error {
		e, ok := apperr.As(err)
		if !ok || !actor.Can(main.ID, main.ID, account.ManageUsers) {
			return err
		}
		fr, msgs := withInvalid(r, e)
		return s.renderUser(w, fr, statusOf(err), "", msgs)
	}
	st, err := s.sites.ByCode(r.Context(), r.PostFormValue("site"))
	if apperr.KindOf(err) == apperr.NotFound {
		return refuse(apperr.Field("site", "Hãy chọn một trang thông tin có trong danh sách.", "Choose a site from the list."))
	}
	if err != nil {
		return err
	}
	role := account.Role(r.PostFormValue("role"))
	if !role.Valid() {
		return refuse(apperr.Field("role", "Vai trò không hợp lệ.", "Unknown role."))
	}
	if !mayGrantOn(actor, st.ID, main.ID, role) {
		s.deny(r, st.ID, st.Code, "role.grant")
		return refuse(apperr.New(apperr.Forbidden,
			fmt.Sprintf("Bạn không có quyền giao hay thu hồi vai trò %s trên %s.", role.Label("vi"), st.DisplayName("vi")),
			fmt.Sprintf("You may not grant or revoke %s on %s.", role.Label("en"), st.DisplayName("en"))))
	}
	done := "da-thu-hoi"
	if grant {
		done = "da-giao"
		err = s.users.Grant(r.Context(), subj.ID, st.ID, role, s.actor(r))
	} else {
		err = s.users.Revoke(r.Context(), subj.ID, st.ID, role, s.actor(r))
	}
	if err != nil {
		return refuse(err)
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+strconv.FormatInt(subj.ID, 10)+"?"+url.Values{done: {string(role)}, "trang-web": {st.Code}}.Encode(), http.StatusSeeOther)
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
		fr, msgs := withInvalid(r, e)
		return s.renderUser(w, fr, statusOf(err), "", msgs)
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
