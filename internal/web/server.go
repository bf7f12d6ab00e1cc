// Package web serves Tandem's HTML pages. Handlers parse a form, call one
// app service and render a template; rules and permissions live in internal/app.
// Pages work without JavaScript.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/tandemhq/tandem/internal/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure the web server.
type Options struct {
	App *app.App
	Log *slog.Logger
	// SecureCookies marks cookies Secure (HTTPS only). On by default; off only
	// for plain-HTTP local use, where browsers would drop Secure cookies.
	SecureCookies bool
	Version       string
}

// Server renders the web UI.
type Server struct {
	app     *app.App
	log     *slog.Logger
	secure  bool
	version string
	pages   map[string]*template.Template
}

// New parses the templates and returns a Server. A template that does not
// parse fails here, at start-up, not when a person opens the page.
func New(o Options) (*Server, error) {
	s := &Server{app: o.App, log: o.Log, secure: o.SecureCookies, version: o.Version}
	if s.log == nil {
		s.log = slog.Default()
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	return s, nil
}

// Routes registers the pages on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", cacheStatic(http.StripPrefix("/static/", http.FileServerFS(static))))

	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /setup", s.setupForm)
	mux.HandleFunc("POST /setup", s.setup)
	mux.HandleFunc("GET /signup", s.signUpForm)
	mux.HandleFunc("POST /signup", s.signUp)
	mux.HandleFunc("GET /signin", s.signInForm)
	mux.HandleFunc("POST /signin", s.signIn)
	mux.HandleFunc("POST /signout", s.signOut)
	mux.HandleFunc("GET /password/forgot", s.forgotForm)
	mux.HandleFunc("POST /password/forgot", s.forgot)
	mux.HandleFunc("GET /password/reset", s.resetForm)
	mux.HandleFunc("POST /password/reset", s.reset)

	mux.HandleFunc("GET /profile", s.profileForm)
	mux.HandleFunc("POST /profile", s.updateProfile)
	mux.HandleFunc("POST /profile/tokens", s.createToken)
	mux.HandleFunc("POST /profile/tokens/{id}/revoke", s.revokeToken)
	// Data rights: everything held about you, to read or download; erasure.
	mux.HandleFunc("GET /profile/data", s.myData)
	mux.HandleFunc("GET /profile/data.json", s.myDataJSON)
	mux.HandleFunc("GET /profile/erase", s.eraseForm)
	mux.HandleFunc("POST /profile/erase", s.erase)

	mux.HandleFunc("GET /programmes", s.programmes)
	mux.HandleFunc("GET /programmes/new", s.newProgrammeForm)
	mux.HandleFunc("POST /programmes", s.createProgramme)
	mux.HandleFunc("GET /programmes/{id}", s.programme)
	mux.HandleFunc("GET /programmes/{id}/edit", s.editProgrammeForm)
	mux.HandleFunc("POST /programmes/{id}", s.updateProgramme)
	mux.HandleFunc("GET /programmes/{id}/join", s.joinForm)
	mux.HandleFunc("POST /programmes/{id}/join", s.join)
	mux.HandleFunc("POST /programmes/{id}/memberships/{mid}/withdraw", s.withdraw)
	mux.HandleFunc("GET /programmes/{id}/participants", s.participants)
	mux.HandleFunc("GET /programmes/{id}/participants.csv", s.exportParticipants)
	mux.HandleFunc("POST /programmes/{id}/participants/import", s.importParticipants)
	mux.HandleFunc("POST /programmes/{id}/participants/{mid}/decide", s.decide)
	mux.HandleFunc("GET /programmes/{id}/shortlist", s.shortlist)
	mux.HandleFunc("POST /programmes/{id}/shortlist", s.chooseMentor)
	mux.HandleFunc("GET /programmes/{id}/matching", s.matching)
	mux.HandleFunc("POST /programmes/{id}/matching/pin", s.matchingAction(pinAction, "Pinned. The proposal below keeps this pair."))
	mux.HandleFunc("POST /programmes/{id}/matching/forbid", s.matchingAction(forbidAction, "Ruled out. The proposal below never makes this pair."))
	mux.HandleFunc("POST /programmes/{id}/matching/clear", s.matchingAction(clearAction, "Cleared."))
	mux.HandleFunc("POST /programmes/{id}/matching/publish", s.publishMatching)
	mux.HandleFunc("POST /programmes/{id}/matching/relations", s.recordRelation)
	mux.HandleFunc("POST /programmes/{id}/coordinators", s.appointCoordinator)
	mux.HandleFunc("POST /programmes/{id}/coordinators/{uid}/remove", s.removeCoordinator)

	mux.HandleFunc("POST /programmes/{id}/memberships/{mid}/availability", s.setAvailability)
	mux.HandleFunc("GET /programmes/{id}/partnerships", s.programmePartnerships)

	mux.HandleFunc("GET /partnerships/{id}", s.workspace)
	mux.HandleFunc("POST /partnerships/{id}/respond", s.respond)
	mux.HandleFunc("GET /partnerships/{id}/agreement", s.agreement)
	mux.HandleFunc("POST /partnerships/{id}/agreement", s.saveAgreement)
	mux.HandleFunc("POST /partnerships/{id}/agreement/sign", s.signAgreement)
	mux.HandleFunc("GET /partnerships/{id}/agreement/versions/{n}", s.agreementVersion)
	mux.HandleFunc("GET /partnerships/{id}/agreement/print", s.printAgreement)
	mux.HandleFunc("POST /partnerships/{id}/meetings", s.proposeMeeting)
	mux.HandleFunc("GET /partnerships/{id}/meetings/{mid}", s.prepareMeeting)
	mux.HandleFunc("GET /partnerships/{id}/meetings/{mid}/ics", s.meetingInvitation)
	mux.HandleFunc("POST /partnerships/{id}/meetings/{mid}/accept", s.acceptMeeting)
	mux.HandleFunc("POST /partnerships/{id}/meetings/{mid}/move", s.moveMeeting)
	mux.HandleFunc("POST /partnerships/{id}/meetings/{mid}/cancel", s.cancelMeeting)
	mux.HandleFunc("POST /partnerships/{id}/meetings/{mid}/held", s.confirmMeetingHeld)
	mux.HandleFunc("POST /partnerships/{id}/notes", s.addNote)
	mux.HandleFunc("POST /partnerships/{id}/notes/{nid}", s.editNote)
	mux.HandleFunc("POST /partnerships/{id}/notes/{nid}/delete", s.deleteNote)
	mux.HandleFunc("POST /partnerships/{id}/goals", s.addGoal)
	mux.HandleFunc("POST /partnerships/{id}/goals/{gid}", s.updateGoal)
	mux.HandleFunc("POST /partnerships/{id}/actions", s.addAction)
	mux.HandleFunc("POST /partnerships/{id}/actions/{aid}/status", s.setActionStatus)
	mux.HandleFunc("POST /partnerships/{id}/reviews", s.submitReview)
	mux.HandleFunc("POST /partnerships/{id}/closure", s.recordClosure)
	mux.HandleFunc("POST /partnerships/{id}/feedback", s.giveFeedback)
	// Pulse check-ins (issue 6)
	mux.HandleFunc("GET /partnerships/{id}/pulse", s.pulse)
	mux.HandleFunc("POST /partnerships/{id}/pulse", s.submitPulse)

	// Concerns: the service decides who reads each; anyone else gets not found.
	mux.HandleFunc("GET /concerns", s.concerns)
	mux.HandleFunc("GET /concerns/new", s.newConcernForm)
	mux.HandleFunc("POST /concerns", s.raiseConcern)
	mux.HandleFunc("GET /concerns/{id}", s.concern)
	mux.HandleFunc("POST /concerns/{id}/notes", s.addConcernNote)
	mux.HandleFunc("POST /concerns/{id}/resolve", s.resolveConcern)

	// Events and bookings: the service decides who sees each; anyone else gets not found.
	mux.HandleFunc("GET /events", s.events)
	mux.HandleFunc("GET /events/new", s.newEventForm)
	mux.HandleFunc("POST /events", s.createEvent)
	mux.HandleFunc("POST /events/slots", s.createSlots)
	mux.HandleFunc("GET /events/{id}", s.event)
	mux.HandleFunc("POST /events/{id}", s.eventAction(updateEvent))
	mux.HandleFunc("POST /events/{id}/cancel", s.eventAction(cancelEvent))
	mux.HandleFunc("POST /events/{id}/book", s.eventAction(bookEvent))
	mux.HandleFunc("POST /events/{id}/unbook", s.eventAction(unbookEvent))
	mux.HandleFunc("POST /events/{id}/checkin", s.eventAction(checkIn))
	mux.HandleFunc("GET /events/{id}/ics", s.eventCalendar)
	mux.HandleFunc("GET /events/{id}/attendance", s.attendance)
	mux.HandleFunc("POST /events/{id}/attendance", s.recordAttendance)
	// Reports for stakeholders and the evaluation of closing feedback:
	// aggregates only, under the small-group rule (internal/app/report.go).
	mux.HandleFunc("GET /programmes/{id}/report", s.programmeReport)
	mux.HandleFunc("GET /programmes/{id}/report/{file}", s.programmeReportCSV)
	mux.HandleFunc("GET /programmes/{id}/evaluation", s.programmeEvaluation)
	mux.HandleFunc("GET /report", s.orgReport)
	mux.HandleFunc("GET /report/{file}", s.orgReportCSV)
	mux.HandleFunc("GET /evaluation", s.orgEvaluation)

	mux.HandleFunc("POST /profile/calendar", s.createCalendarFeed)
	mux.HandleFunc("POST /profile/calendar/revoke", s.revokeCalendarFeed)
	mux.HandleFunc("GET /profile/activity", s.myActivity)
	mux.HandleFunc("GET /profile/reminders", s.reminderSettings)
	mux.HandleFunc("POST /profile/reminders", s.saveReminderSettings)
	// Consented characteristics: the owner's alone (characteristics.go).
	mux.HandleFunc("GET /profile/characteristics", s.characteristicsForm)
	mux.HandleFunc("POST /profile/characteristics", s.saveCharacteristics)
	mux.HandleFunc("POST /profile/characteristics/withdraw", s.withdrawCharacteristics)
	// A calendar app fetches the feed without signing in: the token is the key.
	mux.HandleFunc("GET /calendar/{file}", s.calendarFeed)
	// One-click unsubscribe (RFC 8058), without signing in: see unsubscribe.go.
	mux.HandleFunc("GET /unsubscribe/{token}", s.unsubscribeForm)
	mux.HandleFunc("POST /unsubscribe/{token}", s.unsubscribe) // unsubscribeRoute: exempt from CSRF checks

	mux.HandleFunc("GET /admin/organisation", s.organisationForm)
	mux.HandleFunc("POST /admin/organisation", s.updateOrganisation)
	mux.HandleFunc("GET /admin/people", s.people)
	mux.HandleFunc("GET /admin/audit", s.auditLog)
	mux.HandleFunc("POST /admin/people/{id}/role", s.setRole)

	// The coordinator's desk: dashboard, bulk actions, participant records.
	mux.HandleFunc("GET /programmes/{id}/desk", s.desk)
	mux.HandleFunc("GET /programmes/{id}/desk/message", s.messageForm)
	mux.HandleFunc("POST /programmes/{id}/desk/message/preview", s.previewMessage)
	mux.HandleFunc("POST /programmes/{id}/desk/message", s.sendMessage)
	mux.HandleFunc("GET /programmes/{id}/desk/close-terms", s.closeTermsForm)
	mux.HandleFunc("POST /programmes/{id}/desk/close-terms", s.closeTerms)
	mux.HandleFunc("GET /people", s.records)
	mux.HandleFunc("GET /people/{id}", s.history)
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
