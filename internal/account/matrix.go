package account

// Action is something a person may ask the portal to do on a site.
type Action string

// The actions of the role matrix. docs/roles.md shows the same matrix as a
// table, and a test checks that the two agree cell by cell.
const (
	WriteContent     Action = "content.write"    // write a draft
	SubmitContent    Action = "content.submit"   // send a draft for editing
	EditContent      Action = "content.edit"     // edit others' items in the editing step
	ReturnContent    Action = "content.return"   // return an item with a reason
	ApproveContent   Action = "content.approve"  // approve for publication
	PublishContent   Action = "content.publish"  // publish, unpublish
	OverrideChecks   Action = "content.override" // publish over failed checks, with a recorded reason
	CheckPublished   Action = "content.check"    // confirm the post-publication check
	HandleFeedback   Action = "feedback.intake"  // register and classify citizen requests
	RouteFeedback    Action = "feedback.route"   // assign a request to a unit
	AnswerFeedback   Action = "feedback.answer"  // answer a request routed to one's unit
	ApproveAnswer    Action = "feedback.approve" // approve an answer for publication
	SubmitToInbox    Action = "inbox.submit"     // propose an item to the main portal
	AcceptFromInbox  Action = "inbox.accept"     // accept or return a proposed item
	ManageConsult    Action = "consult.manage"   // open drafts for comment, moderate, synthesise
	ApproveSynthesis Action = "consult.approve"  // approve and publish a consultation's synthesis
	GazetteIntake    Action = "gazette.intake"   // receive signed documents for the gazette
	GazettePublish   Action = "gazette.publish"  // assemble, publish issues; withdraw, correct
	SeeOwnRoyalties  Action = "royalty.own"      // see one's own royalties
	ManageRoyalties  Action = "royalty.manage"   // set rates, approve statements
	ReadReports      Action = "report.read"      // read the site's reports
	ManageBoard      Action = "board.manage"     // grant and revoke board roles on the site
	ManageTeam       Action = "team.manage"      // grant and revoke team roles on the site
	ManageSites      Action = "site.manage"      // add, change, archive sites
	ManageUsers      Action = "user.manage"      // add, disable accounts; grant any role
	RunBackups       Action = "backup.run"       // back up and restore
	ManageSettings   Action = "settings.manage"  // settings and rule sets
	ReadAudit        Action = "audit.read"       // read the audit log
	ReadAllOversight Action = "oversight.read"   // activity and compliance of every site
)

// Actions lists every action in the order of the matrix.
var Actions = []Action{
	WriteContent, SubmitContent, EditContent, ReturnContent, ApproveContent, PublishContent, OverrideChecks, CheckPublished,
	HandleFeedback, RouteFeedback, AnswerFeedback, ApproveAnswer, SubmitToInbox, AcceptFromInbox,
	ManageConsult, ApproveSynthesis, GazetteIntake, GazettePublish, SeeOwnRoyalties, ManageRoyalties, ReadReports, ManageBoard, ManageTeam,
	ManageSites, ManageUsers, RunBackups, ManageSettings, ReadAudit, ReadAllOversight,
}

// matrix says which roles may do what. Approval and system administration
// are separate duties (REQUIREMENTS.md): the administrator approves nothing
// and no board role manages the system.
var matrix = map[Action][]Role{
	WriteContent:     {BoardHead, BoardDeputy, BoardMember, TeamLead, Editor, Collaborator},
	SubmitContent:    {BoardHead, BoardDeputy, BoardMember, TeamLead, Editor, Collaborator},
	EditContent:      {BoardHead, BoardDeputy, TeamLead, Editor},
	ReturnContent:    {BoardHead, BoardDeputy, BoardMember, TeamLead, Editor},
	ApproveContent:   {BoardHead, BoardDeputy},
	PublishContent:   {BoardHead, BoardDeputy},
	OverrideChecks:   {BoardHead},
	CheckPublished:   {BoardHead, BoardDeputy, BoardMember, TeamLead, Editor},
	HandleFeedback:   {BoardHead, BoardDeputy, TeamLead, Editor},
	RouteFeedback:    {BoardHead, BoardDeputy, TeamLead},
	AnswerFeedback:   {Liaison},
	ApproveAnswer:    {BoardHead, BoardDeputy},
	SubmitToInbox:    {BoardHead, BoardDeputy, TeamLead, Liaison},
	AcceptFromInbox:  {BoardHead, BoardDeputy, TeamLead, Editor},
	ManageConsult:    {BoardHead, BoardDeputy, TeamLead, Editor},
	ApproveSynthesis: {BoardHead, BoardDeputy},
	GazetteIntake:    {Gazette},
	GazettePublish:   {Gazette},
	SeeOwnRoyalties:  {BoardHead, BoardDeputy, BoardMember, TeamLead, Editor, Collaborator},
	ManageRoyalties:  {BoardHead, BoardDeputy},
	ReadReports:      {BoardHead, BoardDeputy, BoardMember, TeamLead, Overseer},
	ManageBoard:      {BoardHead},
	ManageTeam:       {BoardHead, BoardDeputy},
	ManageSites:      {Admin},
	ManageUsers:      {Admin},
	RunBackups:       {Admin},
	ManageSettings:   {Admin},
	ReadAudit:        {BoardHead, Overseer, Admin},
	ReadAllOversight: {Overseer},
}

// Allows reports whether role r may perform action a.
func Allows(r Role, a Action) bool {
	for _, x := range matrix[a] {
		if x == r {
			return true
		}
	}
	return false
}

// MayGrant reports whether a person holding r on a site may grant or
// revoke role target on that site.
func MayGrant(r Role, target Role) bool {
	switch target {
	case BoardHead, BoardDeputy, BoardMember:
		// The board head composes the board; the administrator appoints
		// a new site's first board (but may not join it: Separated).
		return Allows(r, ManageBoard) || Allows(r, ManageUsers)
	case TeamLead, Editor, Collaborator, Liaison:
		return Allows(r, ManageTeam) || Allows(r, ManageUsers)
	default: // admin and overseer are granted by administrators only
		return Allows(r, ManageUsers)
	}
}

// approvalActions are the actions that decide what the public sees or
// is told: approving and publishing content, and approving answers to
// citizens.
var approvalActions = []Action{ApproveContent, PublishContent, OverrideChecks, ApproveAnswer}

// Approves reports whether r may approve anything for the public.
func Approves(r Role) bool {
	for _, a := range approvalActions {
		if Allows(r, a) {
			return true
		}
	}
	return false
}

// Separated reports whether one person may not hold both a and b, on
// any sites: approval and system administration are separate duties
// (REQUIREMENTS.md, "The people"), so an administrator, who manages the
// accounts, never also approves what is published.
func Separated(a, b Role) bool {
	return (a == Admin && Approves(b)) || (b == Admin && Approves(a))
}
