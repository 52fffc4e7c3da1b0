package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/workflow"
)

// workSite is the site named in a staff URL (/quan-tri/s/{site}/…), with
// a check that the person holds some role there.
func (s *Server) workSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	u := userOf(r)
	main := s.mainSite(r)
	if len(u.RolesOn(st.ID)) == 0 && !u.Can(st.ID, main.ID, account.ReadReports) {
		return nil, errForbidden
	}
	return st, nil
}

func (s *Server) mainSite(r *http.Request) *site.Site {
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	return main
}

func (s *Server) person(r *http.Request) workflow.Person {
	return workflow.Person{User: userOf(r), MainID: s.mainSite(r).ID, IP: s.clientIP(r)}
}

// workspacePage is a site's work queue.
type workspacePage struct {
	*AdminPage
	Work     *site.Site
	Queue    *workflow.Queue
	CanWrite bool
	// Spokespersons are the site's spokesperson warnings, for those who
	// keep its directory.
	Spokespersons []spokespersonAlert
	// Cases are the sites of the citizen requests queued, for their links.
	Cases caseSites
	// MayReport, MayRatings and MaySpokes say whether the workspace links
	// the site's activity report, its readers' ratings and its
	// spokesperson's records: the rules of those pages.
	MayReport, MayRatings, MaySpokes bool
	// MayRoyalties links the items needing a royalty decision (editors and
	// the board), MayPayments the payment lists (royalty.manage).
	MayRoyalties, MayPayments bool
	MayChannels               bool // the official channels and the accessibility statement (channel_routes.go)
}

// ArchivedNote says, on an archived site's workspace, why nothing waits
// there; "" on a live site.
func (p *workspacePage) ArchivedNote() string {
	if p.Work.Status != site.Archived {
		return ""
	}
	note := pick(p.Lang, "Trang đã lưu trữ", "Site archived")
	if p.Work.ArchivedAt != nil {
		note += pick(p.Lang, " từ ", " since ") + p.Date(*p.Work.ArchivedAt) // "ngày 1 tháng 7 năm 2025"
	}
	return note + pick(p.Lang, ": chỉ đọc, không có việc chờ xử lý.", ": read-only, nothing waits here.")
}

// CaseURL is the staff page of a queued citizen request, on its own site.
func (p *workspacePage) CaseURL(r *feedback.Request) string { return p.Cases.url(p.Work, r) }

// CaseSite is the site of a queued request when it is not the workspace's
// (the main portal's, routed to a unit of this site), else nil.
func (p *workspacePage) CaseSite(r *feedback.Request) *site.Site { return p.Cases.other(p.Work, r) }

func (s *Server) workspace(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	p := s.person(r)
	// An archived site is out of the open work queues (issue 17): it is
	// read-only, nothing on it waits for anyone.
	q := &workflow.Queue{}
	if st.Status != site.Archived {
		if q, err = s.flow.WorkQueue(r.Context(), p.User, st.ID, p.MainID); err != nil {
			return err
		}
	}
	page := &workspacePage{AdminPage: s.adminPage(r, p.User, st.Name), Work: st, Queue: q,
		CanWrite:  p.User.Can(st.ID, p.MainID, account.WriteContent) && st.Status != site.Archived,
		MayReport: p.User.Can(st.ID, p.MainID, account.ReadReports), MayRatings: maySeeRatings(p.User, st.ID, p.MainID),
		MaySpokes:    s.mayEditDirectory(r, st) || s.mayOverseeSpokes(r),
		MayRoyalties: p.User.Can(st.ID, p.MainID, account.EditContent) || p.User.Can(st.ID, p.MainID, account.ApproveContent),
		MayPayments:  p.User.Can(st.ID, p.MainID, account.ManageRoyalties), MayChannels: s.mayKeepChannels(r, st)}
	var reqs []*feedback.Request
	for _, w := range q.Feedback {
		reqs = append(reqs, w.Requests...)
	}
	if page.Cases, err = s.caseSites(r, st, reqs); err != nil {
		return err
	}
	if s.mayEditDirectory(r, st) && st.Status != site.Archived {
		if page.Spokespersons, err = s.spokespersonAlerts(r.Context(), st); err != nil {
			return err
		}
	}
	page.Notice = noticeOf(r)
	return s.tmpl.render(w, http.StatusOK, "admin/workspace", page)
}

type itemsPage struct {
	*AdminPage
	Work   *site.Site
	Items  []*content.Item
	Total  listCount
	State  string
	States []content.State
	Query  string
	PageNo int
	Prev   string
	Next   string
	// Narrowed are the filters a report's figure links with (section,
	// kind, publication or creation period), said in words; Keep are
	// their parameters, carried by the filter form.
	Narrowed []string
	Keep     map[string]string
}

// itemsPerPage is the length of a page of the staff item list.
const itemsPerPage = 50

// titleMatchCap bounds the items a title filter names: the search index
// finds them (newest first), and the list then pages through those.
const titleMatchCap = 1000

// itemList serves /quan-tri/s/{site}/noi-dung: a site's items, the last
// changed first, filtered by state and by words of the title (the search
// index finds those: diacritics optional, as in search), paged, with how
// many match.
func (s *Server) itemList(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	n := min(pageNumber(q.Get("trang")), content.CountCap/itemsPerPage+1)
	f := content.Filter{SiteID: st.ID, Count: true, Limit: itemsPerPage, Offset: (n - 1) * itemsPerPage}
	if u, main := userOf(r), s.mainSite(r); !workflow.SeesWork(u, main.ID, st.ID) {
		f.PublishedOrBy = u.ID // drafts are the editors' business
	}
	state := content.State(q.Get("trang-thai"))
	if state.Label("vi") != "" {
		f.States = []content.State{state}
	}
	query := vn.Clean(q.Get("q"))
	more := false // the title filter found more than it names
	if query != "" {
		ids, ok, err := s.search.TitleMatches(r.Context(), st.ID, query, f.PublishedOrBy == 0, titleMatchCap+1)
		if err != nil {
			return err
		}
		if ok {
			more = len(ids) > titleMatchCap
			f.IDs = ids[:min(len(ids), titleMatchCap)]
		}
	}
	narrowed, keep, err := s.reportFilters(r, st, &f)
	if err != nil {
		return err
	}
	items, total, err := s.content.List(r.Context(), f)
	if err != nil {
		return err
	}
	count := countOf(total, content.CountCap)
	count.More = count.More || more
	p := &itemsPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "items")), Work: st, Items: items,
		Total: count, State: string(state), Query: query, PageNo: n, Narrowed: narrowed, Keep: keep,
		States: []content.State{content.Draft, content.Editing, content.Approval, content.Scheduled, content.Published, content.Unpublished, content.Archived}}
	p.Prev, p.Next = pageLinks(r.URL.Path, q, n, n*itemsPerPage < count.N)
	return s.tmpl.render(w, http.StatusOK, "admin/items", p)
}

// itemPage is the editor's page of one item: the form, the checks, the
// steps the person may take, the history and the revisions.
type itemPage struct {
	*AdminPage
	Work        *site.Site
	Item        *content.Item
	Form        content.Edit
	Kinds       []content.Kind
	Categories  []*content.Category
	MayEdit     bool
	MayCorrect  bool
	MayPropose  bool
	MayOverride bool
	Images      []*media.Media // the site's recent images, to choose a cover
	Steps       []workflow.Action
	Problems    []richtext.Problem
	Highlight   string // the body with prohibited terms marked, for the preview
	History     []workflow.Transition
	Revisions   []*content.Revision
	PublicURL   string
	// RoyaltyURL is the item's royalty page, for a published item and
	// those who propose, decide or keep the accounts (royaltySite's rule).
	RoyaltyURL string
	// Speakers are the site's spokespersons a press item may name as the
	// one who made the statement (REQ-38); Speaker is the one named.
	Speakers []*directory.Spokesperson
	Speaker  int64
	// Legal is a legal document's metadata and relations (nil for other
	// kinds, or before its metadata is entered); MayLegal whether the
	// person may change them.
	Legal    *legal.Doc
	MayLegal bool
	// Record holds the forms of a typed item's records (records_staff.go).
	Record *recordPanel
	// Corrections are the item's public corrections and the form to
	// publish one (correction_staff.go); nil before first publication.
	Corrections *itemCorrections
}

func (s *Server) itemNew(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	if !userOf(r).Can(st.ID, s.mainSite(r).ID, account.WriteContent) {
		return errForbidden
	}
	cats, err := s.content.Categories(r.Context(), st.ID)
	if err != nil {
		return err
	}
	images, err := s.siteImages(r, st, 0)
	if err != nil {
		return err
	}
	p := &itemPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "item.new")), Work: st,
		Form: content.Edit{Kind: content.Article, Author: userOf(r).FullName}, Kinds: content.Kinds, Categories: cats,
		MayEdit: true, Images: images}
	return s.tmpl.render(w, http.StatusOK, "admin/item", p)
}

// draftFromForm reads the item form.
func draftFromForm(r *http.Request) (content.Edit, error) {
	d := content.Edit{
		Kind: content.Kind(r.PostFormValue("kind")), Lang: r.PostFormValue("lang"), Slug: r.PostFormValue("slug"),
		Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"), Body: richtext.FromPlainText(r.PostFormValue("body")),
		Author: r.PostFormValue("author"), Source: r.PostFormValue("source"), Tags: r.PostFormValue("tags"),
		CoverAlt: r.PostFormValue("cover_alt"), Note: r.PostFormValue("note"), Featured: r.PostFormValue("featured") == "1",
	}
	d.CategoryID, _ = strconv.ParseInt(r.PostFormValue("category"), 10, 64)
	d.CoverMediaID, _ = strconv.ParseInt(r.PostFormValue("cover"), 10, 64)
	d.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	var err error
	if d.PublishAt, err = formTime(r.PostFormValue("publish_at"), "publish_at"); err != nil {
		return d, err
	}
	d.UnpublishAt, err = formTime(r.PostFormValue("unpublish_at"), "unpublish_at")
	return d, err
}

func (s *Server) itemCreate(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	if !userOf(r).Can(st.ID, s.mainSite(r).ID, account.WriteContent) {
		return errForbidden
	}
	d, err := draftFromForm(r)
	if err == nil {
		err = s.checkRefs(r, st, d)
	}
	if err == nil {
		err = s.checkSpeaker(r, st, d.Kind)
	}
	if err == nil {
		var it *content.Item
		if it, err = s.content.Create(r.Context(), st.ID, d, s.actor(r)); err == nil {
			if err := s.saveSpeaker(r, st, it.ID, d.Kind); err != nil {
				return err
			}
			http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1", http.StatusSeeOther)
			return nil
		}
	}
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	cats, _ := s.content.Categories(r.Context(), st.ID)
	images, _ := s.siteImages(r, st, d.CoverMediaID)
	p := &itemPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "item.new")), Work: st, Form: d,
		Kinds: content.Kinds, Categories: cats, MayEdit: true, Images: images}
	p.Speakers, _ = s.dir.AllSpokespersons(r.Context(), st.ID)
	p.Speaker, _ = strconv.ParseInt(r.PostFormValue("spokesperson"), 10, 64)
	p.SetInvalid(e)
	return s.tmpl.render(w, statusOf(err), "admin/item", p)
}

// saveSpeaker records which spokesperson made a press item's statement
// (REQ-38), from the form's "spokesperson" field; other kinds have none.
func (s *Server) saveSpeaker(r *http.Request, st *site.Site, itemID int64, kind content.Kind) error {
	if kind != content.Press {
		return nil
	}
	id, _ := strconv.ParseInt(r.PostFormValue("spokesperson"), 10, 64)
	if err := s.dir.SetStatement(r.Context(), st.ID, itemID, id, s.actor(r)); err != nil {
		return err
	}
	s.contentChanged(st.ID, itemID)
	return nil
}

// checkSpeaker refuses, before anything is saved, a spokesperson who is
// not one of the site's.
func (s *Server) checkSpeaker(r *http.Request, st *site.Site, kind content.Kind) error {
	id, _ := strconv.ParseInt(r.PostFormValue("spokesperson"), 10, 64)
	if kind != content.Press || id == 0 {
		return nil
	}
	if _, err := s.dir.Spokesperson(r.Context(), st.ID, id); err != nil {
		if apperr.KindOf(err) == apperr.NotFound {
			return apperr.Field("spokesperson", "Người phát ngôn không thuộc trang này.", "The spokesperson is not one of this site's.")
		}
		return err
	}
	return nil
}

func itemAdminURL(st *site.Site, id int64) string {
	return "/quan-tri/s/" + st.Code + "/noi-dung/" + strconv.FormatInt(id, 10)
}

// workItem loads the item named in the URL, checking it belongs to the site.
func (s *Server) workItem(r *http.Request) (*site.Site, *content.Item, error) {
	st, err := s.workSite(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, errNotFound
	}
	it, err := s.content.Get(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	if it.SiteID != st.ID {
		return nil, nil, errNotFound
	}
	p := s.person(r)
	if !workflow.MayRead(p.User, p.MainID, it) {
		s.deny(r, st.ID, st.Code, "content.read")
		return nil, nil, errForbidden
	}
	if workflow.PublishedOnly(p.User, p.MainID, it) && it.CurrentRev != it.PublishedRev {
		// A later draft of a published item is the editors' business.
		if it.Rev, err = s.content.Revision(r.Context(), it.PublishedRev); err != nil {
			return nil, nil, err
		}
	}
	return st, it, nil
}

func (s *Server) itemShow(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	return s.renderItem(w, r, http.StatusOK, st, it, nil, noticeOf(r), nil)
}

// renderItem shows the item page; form, when not nil, is what the person
// sent (kept after an error so nothing they typed is lost).
func (s *Server) renderItem(w http.ResponseWriter, r *http.Request, status int, st *site.Site, it *content.Item,
	form *content.Edit, notice string, errs []string) error {
	ctx := r.Context()
	p := s.person(r)
	page := &itemPage{AdminPage: s.adminPage(r, p.User, it.Rev.Title), Work: st, Item: it, Kinds: content.Kinds,
		MayEdit: workflow.MayEdit(p.User, p.MainID, it), Steps: workflow.Available(p.User, p.MainID, it)}
	page.MayCorrect = it.State == content.Published && p.User.Can(st.ID, p.MainID, account.ApproveContent)
	page.MayPropose = it.Live && !st.Main && p.User.Can(st.ID, p.MainID, account.SubmitToInbox)
	page.MayOverride = p.User.Can(st.ID, p.MainID, account.OverrideChecks)
	if form != nil {
		page.Form = *form
	} else {
		page.Form = draftOf(it)
	}
	var err error
	if page.Categories, err = s.content.Categories(ctx, st.ID); err != nil {
		return err
	}
	if page.Images, err = s.siteImages(r, st, page.Form.CoverMediaID); err != nil {
		return err
	}
	if page.Problems, err = s.flow.Check(ctx, it, s.checkOptions(r, st)); err != nil {
		return err
	}
	terms, _ := s.flow.Terms(ctx, st.ID)
	page.Highlight = richtext.Highlight(it.Rev.Body, terms)
	if !workflow.PublishedOnly(p.User, p.MainID, it) {
		if page.History, err = s.flow.History(ctx, it.ID); err != nil {
			return err
		}
		if page.Revisions, err = s.content.Revisions(ctx, it.ID); err != nil {
			return err
		}
	}
	if it.Live {
		page.PublicURL = st.URL(it.URL())
	}
	if u := p.User; it.FirstPublishedAt != nil && (u.Can(st.ID, p.MainID, account.EditContent) ||
		u.Can(st.ID, p.MainID, account.ApproveContent) || u.Can(st.ID, p.MainID, account.ManageRoyalties)) {
		page.RoyaltyURL = "/quan-tri/s/" + st.Code + "/noi-dung/" + strconv.FormatInt(it.ID, 10) + "/nhuan-but"
	}
	if it.Kind == content.Legal {
		if page.Legal, err = s.legal.Meta(ctx, it.ID); err != nil {
			return err
		}
		page.MayLegal = p.User.Can(st.ID, p.MainID, account.PublishContent) || (!it.Live && page.MayEdit)
	}
	if it.Kind == content.Press {
		if page.Speakers, err = s.dir.AllSpokespersons(ctx, st.ID); err != nil {
			return err
		}
		if sp, err := s.dir.StatementBy(ctx, it.ID); err != nil {
			return err
		} else if sp != nil {
			page.Speaker = sp.ID
		}
	}
	if page.Corrections, err = s.itemCorrectionsOf(r, st, it); err != nil {
		return err
	}
	if page.Record, err = s.recordPanel(r, st, it); err != nil { // records_staff.go
		return err
	}
	page.Notice, page.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/item", page)
}

// draftOf fills the form from an item's current revision.
func draftOf(it *content.Item) content.Edit {
	return content.Edit{Kind: it.Kind, Lang: it.Lang, Slug: it.Slug, CategoryID: it.CategoryID, Title: it.Rev.Title,
		Summary: it.Rev.Summary, Body: it.Rev.Body, Author: it.Rev.Author, Source: it.Rev.Source, Tags: it.Rev.Tags,
		CoverMediaID: it.Rev.CoverMediaID, CoverAlt: it.Rev.CoverAlt, PublishAt: it.PublishAt, UnpublishAt: it.UnpublishAt,
		Featured: it.Featured, Version: it.Version}
}

func (s *Server) itemSave(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	p := s.person(r)
	if !workflow.MayEdit(p.User, p.MainID, it) {
		s.deny(r, st.ID, strconv.FormatInt(it.ID, 10), "item.save")
		return errForbidden
	}
	d, err := draftFromForm(r)
	d.Kind = it.Kind
	if it.Live && !p.User.Can(st.ID, p.MainID, account.PublishContent) {
		// On a live item, the path, category, featured flag and dates act on
		// the public site at once: only those who may publish change them.
		d.Slug, d.CategoryID, d.Featured, d.PublishAt, d.UnpublishAt = it.Slug, it.CategoryID, it.Featured, it.PublishAt, it.UnpublishAt
	}
	if err == nil {
		err = s.checkRefs(r, st, d)
	}
	if err == nil {
		err = s.checkSpeaker(r, st, it.Kind)
	}
	if err == nil {
		if r.PostFormValue("minor") == "1" {
			var notice string // a public correction notice, published with the revision (correction_staff.go)
			if notice, err = minorNotice(r); err == nil {
				_, err = s.flow.CorrectPublished(r.Context(), it.ID, d, s.checkOptions(r, st), r.PostFormValue("override") == "1", p)
			}
			if err == nil {
				err = s.publishMinorNotice(r, it.ID, notice)
			}
		} else {
			_, err = s.content.Save(r.Context(), it.ID, d, s.actor(r))
		}
	}
	if err == nil {
		err = s.saveSpeaker(r, st, it.ID, it.Kind)
	}
	var conflict *content.ConflictError
	switch {
	case errors.As(err, &conflict):
		fresh, gerr := s.content.Get(r.Context(), it.ID)
		if gerr != nil {
			return gerr
		}
		return s.renderItem(w, r, http.StatusConflict, st, fresh, nil, "", []string{pick(langOf(r),
			"Bài đã được người khác sửa trong lúc bạn sửa. Bản của bạn không mất: nó được lưu ở phiên bản "+strconv.Itoa(conflict.Revision)+" (xem danh sách phiên bản bên dưới để so sánh và khôi phục).",
			"Someone else saved this item while you were editing. Your text is kept as revision "+strconv.Itoa(conflict.Revision)+" (compare and restore it from the revisions below).")})
	case err != nil:
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		return s.renderItem(w, fr, statusOf(err), st, it, &d, "", msgs)
	}
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?luu=1", http.StatusSeeOther)
	return nil
}

// checkOptions tell the checks how to know whether an internal link of
// the site leads to a page.
func (s *Server) checkOptions(r *http.Request, st *site.Site) workflow.CheckOptions {
	return workflow.CheckOptions{
		InternalHosts: []string{r.Host, st.Host},
		LinkExists:    func(path string) bool { return s.pageExists(r, st, path) },
	}
}

func (s *Server) itemStep(w http.ResponseWriter, r *http.Request) error {
	st, it, err := s.workItem(r)
	if err != nil {
		return err
	}
	req := workflow.Request{ItemID: it.ID, Action: workflow.Action(r.PostFormValue("action")),
		Comment: r.PostFormValue("comment"), Override: r.PostFormValue("override") == "1", Checks: s.checkOptions(r, st)}
	_, err = s.flow.Apply(r.Context(), req, s.person(r))
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		fr, msgs := withInvalid(r, e)
		return s.renderItem(w, fr, statusOf(err), st, it, nil, "", msgs)
	}
	if req.Action != workflow.Approve && req.Action != workflow.Republish && req.Action != workflow.Unpublish && req.Action != workflow.Archive {
		// The item has left this person's hands: back to the queue.
		http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/?xong="+string(req.Action), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, itemAdminURL(st, it.ID)+"?xong="+string(req.Action), http.StatusSeeOther)
	return nil
}

// noticeOf turns the ?luu / ?xong markers of a redirect into a message.
func noticeOf(r *http.Request) string {
	lang := langOf(r)
	if r.URL.Query().Get("luu") != "" {
		return translate(lang, "saved")
	}
	if a := r.URL.Query().Get("xong"); a != "" {
		return pick(lang, "Đã thực hiện: ", "Done: ") + workflow.Action(a).Label(lang) + "."
	}
	return ""
}

// siteImages lists the site's most recent images, for the cover choice,
// and the cover the item has (or the form names) when it is an older one:
// a choice without it would save the item with no cover, silently.
func (s *Server) siteImages(r *http.Request, st *site.Site, cover int64) ([]*media.Media, error) {
	all, err := s.media.List(r.Context(), st.ID, 1)
	if err != nil {
		return nil, err
	}
	var out []*media.Media
	listed := false
	for _, m := range all {
		if m.Kind == media.Image {
			out = append(out, m)
			listed = listed || m.ID == cover
		}
	}
	if cover != 0 && !listed {
		m, err := s.media.Get(r.Context(), cover)
		if err != nil && store.FaultOf(err) != store.NoFault {
			return nil, err
		}
		if err == nil && m.SiteID == st.ID && m.Kind == media.Image {
			out = append([]*media.Media{m}, out...)
		}
	}
	return out, nil
}

// checkRefs makes sure the category and the cover image a form names
// belong to the site: ids in a form are the sender's word, not a fact.
func (s *Server) checkRefs(r *http.Request, st *site.Site, d content.Edit) error {
	if d.CategoryID != 0 {
		if c, err := s.content.CategoryByID(r.Context(), d.CategoryID); err != nil || c.SiteID != st.ID {
			return apperr.Field("category", "Chuyên mục không thuộc trang này.", "The category is not one of this site's.")
		}
	}
	if d.CoverMediaID != 0 {
		if m, err := s.media.Get(r.Context(), d.CoverMediaID); err != nil || m.SiteID != st.ID || m.Kind != media.Image {
			return apperr.Field("cover", "Ảnh đại diện không thuộc thư viện ảnh của trang này.", "The cover is not one of this site's images.")
		}
	}
	return nil
}
