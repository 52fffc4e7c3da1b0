package web

import (
	"net/http"
)

// routes is the whole URL space of the portal in one place. Global paths
// (admin, sign-in, operations, static files) come first; everything else
// belongs to a site, found by host name or path prefix, and is routed by
// publicRoutes on the path within that site.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.Handle("GET /static/{name...}", s.assets)
	mux.Handle("GET /media/", s.media.Handler())
	mux.HandleFunc("GET /api/v1/captcha", s.captchaChallenge)

	// The public API (DESIGN.md), described by its OpenAPI document.
	mux.HandleFunc("GET /api/v1/search", s.searchAPI)
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPIDoc)
	mux.HandleFunc("GET /api/v1/status", s.statusAPI) // read-only mode, maintenance notices

	// Signing in and out, and the interface language of staff pages.
	mux.Handle("GET /dang-nhap", s.page(s.loginForm))
	mux.Handle("POST /dang-nhap", s.page(s.login))
	mux.Handle("GET /dang-nhap/xac-thuc", s.page(s.totpForm))
	mux.Handle("POST /dang-nhap/xac-thuc", s.page(s.totpVerify))
	mux.Handle("POST /dang-xuat", s.page(s.logout))
	mux.Handle("GET /ngon-ngu", s.page(s.setLanguage))

	// Administration: every route needs a signed-in person who passed
	// the second factor where their role needs one; each handler checks
	// the action it performs against the role matrix.
	mux.Handle("GET /quan-tri/xac-thuc/dang-ky", s.enrolling(s.totpEnrollForm))
	mux.Handle("GET /quan-tri/xac-thuc/qr.png", s.enrolling(s.totpQR))
	mux.Handle("POST /quan-tri/xac-thuc/dang-ky", s.enrolling(s.totpEnroll))
	mux.Handle("GET /quan-tri/{$}", s.staff(s.dashboard))
	mux.Handle("GET /quan-tri/tai-khoan", s.staff(s.myAccount))
	mux.Handle("POST /quan-tri/tai-khoan/dang-xuat-het", s.staff(s.logoutEverywhere))
	mux.Handle("POST /quan-tri/tai-khoan/ma-du-phong", s.staff(s.renewRecoveryCodes))
	mux.Handle("GET /quan-tri/nguoi-dung", s.staff(s.userList))
	mux.Handle("POST /quan-tri/nguoi-dung", s.staff(s.userCreate))
	mux.Handle("GET /quan-tri/nguoi-dung/{id}", s.staff(s.userShow))
	mux.Handle("POST /quan-tri/nguoi-dung/{id}/giao", s.staff(s.roleGrant))
	mux.Handle("POST /quan-tri/nguoi-dung/{id}/thu-hoi", s.staff(s.roleRevoke))
	mux.Handle("POST /quan-tri/nguoi-dung/{id}/mat-khau", s.staff(s.userPassword))
	mux.Handle("POST /quan-tri/nguoi-dung/{id}/trang-thai", s.staff(s.userDisable))
	mux.Handle("POST /quan-tri/nguoi-dung/{id}/xac-thuc", s.staff(s.userResetTOTP))
	mux.Handle("GET /quan-tri/trang", s.staff(s.siteList))
	mux.Handle("POST /quan-tri/trang", s.staff(s.siteCreate))
	mux.Handle("GET /quan-tri/trang/{code}", s.staff(s.siteShow))
	mux.Handle("POST /quan-tri/trang/{code}", s.staff(s.siteUpdate))
	mux.Handle("POST /quan-tri/trang/{code}/luu-tru", s.staff(s.siteArchive))
	mux.Handle("GET /quan-tri/trang/{code}/doi-ten", s.staff(s.siteRenameForm))
	mux.Handle("POST /quan-tri/trang/{code}/doi-ten", s.staff(s.siteRename))
	mux.Handle("GET /quan-tri/trang/{code}/sap-nhap", s.staff(s.siteMergeForm))
	mux.Handle("POST /quan-tri/trang/{code}/sap-nhap", s.staff(s.siteMerge))
	mux.Handle("GET /quan-tri/nhat-ky", s.staff(s.auditList))
	mux.Handle("GET /quan-tri/thu-di", s.staff(s.mailList))
	mux.Handle("POST /quan-tri/thu-di/{id}/gui-lai", s.staff(s.mailRetry))
	mux.Handle("GET /quan-tri/quy-dinh", s.staff(s.rulesShow))
	mux.Handle("POST /quan-tri/quy-dinh", s.staff(s.ruleSave))
	mux.Handle("GET /quan-tri/quy-dinh/{id}", s.staff(s.ruleSetShow))
	mux.Handle("POST /quan-tri/quy-dinh/{id}/sua", s.staff(s.ruleSetAction("sua")))
	mux.Handle("POST /quan-tri/quy-dinh/{id}/quy-dinh", s.staff(s.ruleSetAction("quy-dinh")))
	mux.Handle("POST /quan-tri/quy-dinh/{id}/bo", s.staff(s.ruleSetAction("bo")))
	mux.Handle("POST /quan-tri/quy-dinh/{id}/thay-the", s.staff(s.ruleSetAction("thay-the")))
	mux.Handle("GET /quan-tri/lich-nghi", s.staff(s.calendarShow))
	mux.Handle("POST /quan-tri/lich-nghi", s.staff(s.calendarSave))
	mux.Handle("POST /quan-tri/lich-nghi/bo", s.staff(s.calendarRemove))
	mux.Handle("GET /quan-tri/bao-tri", s.staff(s.maintenanceShow))
	mux.Handle("POST /quan-tri/bao-tri", s.staff(s.maintenanceSchedule))
	mux.Handle("POST /quan-tri/bao-tri/chi-doc", s.staff(s.maintenanceReadOnly))
	mux.Handle("POST /quan-tri/bao-tri/{id}/huy", s.staff(s.maintenanceCancel))
	mux.Handle("POST /quan-tri/bao-tri/{id}/ket-thuc", s.staff(s.maintenanceFinish))
	mux.Handle("GET /quan-tri/sao-luu", s.staff(s.backupShow))
	mux.Handle("POST /quan-tri/sao-luu", s.staff(s.backupSettings))
	mux.Handle("POST /quan-tri/sao-luu/sao-luu-ngay", s.staff(s.backupNow))
	mux.Handle("POST /quan-tri/sao-luu/kiem-tra-ngay", s.staff(s.backupVerifyNow))

	// A site's editorial work: queue, items, review, structure.
	mux.Handle("GET /quan-tri/s/{site}/{$}", s.staff(s.workspace))
	mux.Handle("GET /quan-tri/s/{site}/noi-dung", s.staff(s.itemList))
	mux.Handle("GET /quan-tri/s/{site}/tim-kiem", s.staff(s.searchStaff))
	mux.Handle("GET /quan-tri/s/{site}/noi-dung/moi", s.staff(s.itemNew))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung", s.staff(s.itemCreate))
	mux.Handle("GET /quan-tri/s/{site}/noi-dung/{id}", s.staff(s.itemShow))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}", s.staff(s.itemSave))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/buoc", s.staff(s.itemStep))
	mux.Handle("GET /quan-tri/s/{site}/noi-dung/{id}/so-sanh", s.staff(s.itemDiff))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/khoi-phuc", s.staff(s.itemRestore))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/de-xuat", s.staff(s.itemPropose))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/van-ban", s.staff(s.legalSave))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/quan-he", s.staff(s.legalRelate))
	mux.Handle("POST /quan-tri/s/{site}/noi-dung/{id}/quan-he/bo", s.staff(s.legalUnrelate))
	mux.Handle("POST /quan-tri/s/{site}/kiem-tra/{id}", s.staff(s.postCheckConfirm))
	mux.Handle("POST /quan-tri/s/{site}/phan-anh/{id}", s.staff(s.reportResolve))
	mux.Handle("POST /quan-tri/s/{site}/hop-thu/{id}/nhan", s.staff(s.inboxAccept))
	mux.Handle("POST /quan-tri/s/{site}/hop-thu/{id}/tra-lai", s.staff(s.inboxReturn))
	mux.Handle("GET /quan-tri/s/{site}/chuyen-muc", s.staff(s.categoriesShow))
	mux.Handle("POST /quan-tri/s/{site}/chuyen-muc", s.staff(s.categorySave))
	mux.Handle("GET /quan-tri/s/{site}/chuyen-muc-bat-buoc", s.staff(s.sectionsShow))
	mux.Handle("POST /quan-tri/s/{site}/tu-cam", s.staff(s.termsSave))
	mux.Handle("GET /quan-tri/s/{site}/tep", s.staff(s.mediaList))
	mux.Handle("POST /quan-tri/s/{site}/tep", s.staff(s.mediaUpload))
	mux.Handle("GET /quan-tri/s/{site}/tep.json", s.staff(s.mediaPicker))
	mux.Handle("GET /quan-tri/s/{site}/to-chuc", s.staff(s.directoryAdmin))
	mux.Handle("POST /quan-tri/s/{site}/to-chuc", s.staff(s.directorySave))
	mux.Handle("GET /quan-tri/s/{site}/kien-nghi", s.staff(s.feedbackList))
	mux.Handle("GET /quan-tri/s/{site}/kien-nghi/dung-han", s.staff(s.feedbackFigures))
	mux.Handle("POST /quan-tri/s/{site}/kien-nghi/cai-dat", s.staff(s.feedbackSettings))
	mux.Handle("GET /quan-tri/s/{site}/kien-nghi/{id}", s.staff(s.feedbackCase))
	mux.Handle("POST /quan-tri/s/{site}/kien-nghi/{id}/buoc", s.staff(s.feedbackStep))
	mux.Handle("GET /quan-tri/s/{site}/kien-nghi/{id}/tep/{file}", s.staff(s.feedbackFile))
	mux.Handle("GET /quan-tri/s/{site}/lay-y-kien", s.staff(s.consultAdmin))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien", s.staff(s.consultCreate))
	mux.Handle("GET /quan-tri/s/{site}/lay-y-kien/{id}", s.staff(s.consultDraftShow))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}", s.staff(s.consultUpdate))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/phien-ban", s.staff(s.consultVersion))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/mo", s.staff(s.consultOpen))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/ket-thuc", s.staff(s.consultClose))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/tai-lieu", s.staff(s.consultAttach))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/tai-lieu/{aid}/bo", s.staff(s.consultDetach))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/y-kien", s.staff(s.consultEnter))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/kiem-duyet", s.staff(s.consultModerate))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/trung", s.staff(s.consultDuplicate))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/tiep-thu", s.staff(s.consultHandle))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/xoa", s.staff(s.consultErase))
	mux.Handle("GET /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/lien-he", s.staff(s.consultContacts))
	mux.Handle("GET /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/tep/{file}", s.staff(s.consultCommentFile))
	mux.Handle("POST /quan-tri/s/{site}/lay-y-kien/{id}/cong-bo", s.staff(s.consultPublish))
	mux.Handle("GET /quan-tri/s/{site}/lay-y-kien/{id}/{file}", s.staff(s.consultStaffFile)) // tong-hop.docx, .xlsx, .pdf
	mux.Handle("GET /quan-tri/cong-bao", s.staff(s.gazetteAdmin))
	mux.Handle("POST /quan-tri/cong-bao/van-ban", s.staff(s.gazetteReceive))
	mux.Handle("GET /quan-tri/cong-bao/van-ban/{id}", s.staff(s.gazetteDocAdmin))
	mux.Handle("POST /quan-tri/cong-bao/van-ban/{id}/{step}", s.staff(s.gazetteDocStep)) // cho-dang, thu-hoi, bo-khoi-so
	mux.Handle("GET /quan-tri/cong-bao/tep/{file}", s.staff(s.gazetteStaffFile))
	mux.Handle("POST /quan-tri/cong-bao/so", s.staff(s.gazetteIssueCreate))
	mux.Handle("GET /quan-tri/cong-bao/so/{id}", s.staff(s.gazetteIssueAdmin))
	mux.Handle("POST /quan-tri/cong-bao/so/{id}/phat-hanh", s.staff(s.gazettePublish))
	mux.Handle("POST /quan-tri/cong-bao/cai-dat", s.staff(s.gazetteSettings))
	mux.Handle("GET /quan-tri/open311", s.staff(s.open311Keys))
	mux.Handle("POST /quan-tri/open311", s.staff(s.open311KeyIssue))
	mux.Handle("POST /quan-tri/s/{site}/to-chuc/dang", s.staff(s.spokespersonPublish))
	s.reportRoutes(mux)            // report_routes.go
	s.spokesRoutes(mux)            // spokes_routes.go
	s.ratingStaffRoutes(mux)       // rating_routes.go
	s.royaltyRoutes(mux)           // royalty_routes.go
	s.procedureStaffRoutes(mux)    // procedure_routes.go
	s.channelStaffRoutes(mux)      // channel_routes.go
	s.correctionStaffRoutes(mux)   // correction_routes.go
	s.subscriptionStaffRoutes(mux) // subscription_routes.go
	s.disclosureStaffRoutes(mux)   // disclosure_routes.go
	s.recordsStaffRoutes(mux)      // records_routes.go
	s.scheduleStaffRoutes(mux)     // schedule_routes.go
	mux.Handle("/quan-tri/", s.staff(s.adminNotFound))

	// Open311 GeoReport v2 (citizen requests from other applications).
	mux.HandleFunc("GET /open311/v2/{file}", s.open311Services)
	mux.HandleFunc("GET /open311/v2/services/{file}", s.open311Service)
	mux.HandleFunc("POST /open311/v2/{file}", s.open311Post)
	mux.HandleFunc("GET /open311/v2/requests/{id}", s.open311GetOne)

	// Everything else is a page of some site.
	mux.Handle("/", s.sitePages(s.pageCache(s.publicRoutes())))

	var h http.Handler = mux
	h = s.admit(h)
	h = s.bodies(h)
	h = s.csrf(h)
	h = s.compress(h) // every response the page cache does not answer from memory
	h = s.cacheHits(h)
	h = s.upkeepGate(h) // read-only mode, archived sites, the maintenance banner's freshness (readonly.go)
	h = s.siteMoves(h)  // a renamed site's old hosts and prefixes: one 301 to today's (site_redirect.go)
	h = s.securityHeaders(h)
	h = s.recoverer(h)
	h = s.observe(h)
	return h
}

// publicRoutes are the pages every site has, by path within the site.
// Later capabilities (content, legal documents, feedback…) add theirs here.
func (s *Server) publicRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.public(s.home))
	mux.Handle("GET /gioi-thieu", s.public(s.intro))
	mux.Handle("GET /lien-he", s.public(s.contact))
	mux.Handle("GET /so-do-trang", s.public(s.sitemap))
	mux.Handle("GET /chuyen-muc/{slug}", s.public(s.category))
	mux.Handle("GET /van-ban", s.public(s.legalList))
	mux.Handle("GET /tim-kiem", s.public(s.searchPublic))
	mux.Handle("GET /to-chuc", s.public(s.directoryShow))
	mux.Handle("GET /nguoi-phat-ngon", s.public(s.spokespersons))
	mux.Handle("GET /feed.atom", s.public(s.feed))
	mux.Handle("GET /chuyen-muc/{slug}/feed.atom", s.public(s.feed))
	mux.Handle("GET /sitemap.xml", s.public(s.sitemapXML))
	mux.Handle("GET /{name}", s.public(s.sitemapPart)) // /sitemap-N.xml; any other name is not found
	mux.Handle("GET /robots.txt", s.public(s.robots))
	mux.Handle("GET /{kind}/{slug}", s.public(s.itemPage)) // legal_routes.go: English addresses of Vietnamese-only items resolve
	mux.Handle("POST /bao-loi", s.public(s.reportError))
	mux.Handle("GET /phan-anh-kien-nghi", s.public(s.feedbackForm))
	mux.Handle("POST /phan-anh-kien-nghi", s.public(s.feedbackSubmit))
	mux.Handle("GET /phan-anh-kien-nghi/{code}/{token}", s.public(s.feedbackStatus))
	mux.Handle("POST /phan-anh-kien-nghi/{code}/{token}/xoa", s.public(s.feedbackErase))
	mux.Handle("GET /phan-anh-kien-nghi/tra-cuu", s.public(s.feedbackLookupForm))
	mux.Handle("POST /phan-anh-kien-nghi/tra-cuu", s.public(s.feedbackLookup))
	mux.Handle("GET /lay-y-kien", s.public(s.consultList))
	mux.Handle("GET /lay-y-kien/feed.atom", s.public(s.consultFeed))
	mux.Handle("GET /lay-y-kien/{slug}", s.public(s.consultShow))
	mux.Handle("GET /lay-y-kien/{slug}/y-kien", s.public(s.consultComments))
	mux.Handle("GET /lay-y-kien/{slug}/tong-hop", s.public(s.consultSynthesis))
	mux.Handle("GET /lay-y-kien/{slug}/gop-y", s.public(s.consultForm))
	mux.Handle("POST /lay-y-kien/{slug}/gop-y", s.public(s.consultSubmit))
	mux.Handle("GET /lay-y-kien/{slug}/da-gui", s.public(s.consultThanks))
	mux.Handle("GET /lay-y-kien/{slug}/{file}", s.public(s.consultFile)) // tong-hop.docx, .xlsx, .pdf
	mux.Handle("GET /cong-bao", s.public(s.gazetteList))
	mux.Handle("GET /cong-bao/feed.atom", s.public(s.gazetteFeed))
	mux.Handle("GET /cong-bao/nhat-ky.json", s.public(s.gazetteLog))
	mux.Handle("GET /cong-bao/so/{slug}", s.public(s.gazetteIssue))
	mux.Handle("GET /cong-bao/van-ban/{id}", s.public(s.gazetteDoc))
	mux.Handle("GET /cong-bao/tep/{file}", s.public(s.gazetteFile))
	mux.Handle("GET /hoi-dap", s.public(s.qaList))
	mux.Handle("GET /hoi-dap/{code}", s.public(s.qaShow))
	mux.Handle("GET /thong-bao-bao-tri", s.public(s.maintenancePublic))
	s.ratingPublicRoutes(mux)       // rating_routes.go
	s.procedurePublicRoutes(mux)    // procedure_routes.go
	s.channelPublicRoutes(mux)      // channel_routes.go
	s.correctionPublicRoutes(mux)   // correction_routes.go
	s.subscriptionPublicRoutes(mux) // subscription_routes.go
	s.disclosurePublicRoutes(mux)   // disclosure_routes.go
	s.recordsPublicRoutes(mux)      // records_routes.go
	s.schedulePublicRoutes(mux)     // schedule_routes.go
	s.legalPublicRoutes(mux)        // legal_routes.go
	mux.Handle("/", s.public(s.publicNotFound))
	return mux
}
