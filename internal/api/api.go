// Package api serves Tandem's JSON API under /api/v1/, over the same app
// services as the web UI, with the same validation and one error shape:
// {"error": {"code": "invalid", "message": "...", "fields": {"email": "..."}}}.
package api

import (
	"bufio"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/web"
)

//go:embed openapi.json
var openAPI []byte

// Server handles the JSON API.
type Server struct {
	app    *app.App
	log    *slog.Logger
	secure bool
}

// New returns an API server. secureCookies marks the session cookie Secure.
func New(a *app.App, log *slog.Logger, secureCookies bool) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{app: a, log: log, secure: secureCookies}
}

// handlerFunc is an API handler that returns its result or an error; the
// wrapper writes either as JSON.
type handlerFunc func(r *http.Request, actor *tandem.User) (status int, body any, err error)

// Routes registers the API on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	h := func(pattern string, fn handlerFunc) { mux.Handle(pattern, s.wrap(fn)) }
	h("POST /api/v1/signup", s.signUp)
	h("POST /api/v1/session", s.signIn)
	h("DELETE /api/v1/session", s.signOut)
	h("POST /api/v1/password/forgot", s.forgot)
	h("POST /api/v1/password/reset", s.reset)
	h("POST /api/v1/tokens", s.createToken)
	h("GET /api/v1/me", s.me)
	h("DELETE /api/v1/me", s.eraseMe)
	h("GET /api/v1/me/data", s.myData)
	h("PUT /api/v1/me/profile", s.updateProfile)
	// Consented characteristics (characteristics.go): the caller's own.
	h("GET /api/v1/me/characteristics", s.myCharacteristics)
	h("PUT /api/v1/me/characteristics", s.saveCharacteristics)
	h("DELETE /api/v1/me/characteristics", s.withdrawCharacteristics)
	h("GET /api/v1/organisation", s.organisation)
	h("PUT /api/v1/organisation", s.updateOrganisation)
	h("GET /api/v1/templates", s.templates)
	h("GET /api/v1/programmes", s.programmes)
	h("POST /api/v1/programmes", s.createProgramme)
	h("GET /api/v1/programmes/{id}", s.programme)
	h("PUT /api/v1/programmes/{id}", s.updateProgramme)
	h("POST /api/v1/programmes/{id}/join", s.join)
	h("GET /api/v1/programmes/{id}/participants", s.participants)
	h("POST /api/v1/programmes/{id}/participants/import", s.importParticipants)
	h("POST /api/v1/programmes/{id}/participants/{mid}/approve", s.decide(true))
	h("POST /api/v1/programmes/{id}/participants/{mid}/decline", s.decide(false))
	h("GET /api/v1/programmes/{id}/matching", s.matching)
	h("POST /api/v1/programmes/{id}/matching/pins", s.constraint(func(a *app.App, r *http.Request, u *tandem.User, p, me, mr int64) error {
		return a.PinPair(r.Context(), u, p, me, mr)
	}))
	h("POST /api/v1/programmes/{id}/matching/forbids", s.constraint(func(a *app.App, r *http.Request, u *tandem.User, p, me, mr int64) error {
		return a.ForbidPair(r.Context(), u, p, me, mr)
	}))
	h("POST /api/v1/programmes/{id}/matching/clear", s.constraint(func(a *app.App, r *http.Request, u *tandem.User, p, me, mr int64) error {
		return a.ClearPair(r.Context(), u, p, me, mr)
	}))
	h("POST /api/v1/programmes/{id}/matching/publish", s.publish)
	h("GET /api/v1/programmes/{id}/partnerships", s.partnershipSummaries)
	h("GET /api/v1/programmes/{id}/dashboard", s.dashboard) // the coordinator's desk
	h("PUT /api/v1/programmes/{id}/memberships/{mid}/availability", s.setAvailability)
	h("GET /api/v1/me/partnerships", s.myPartnerships)
	h("GET /api/v1/me/calendar-feed", s.calendarFeed)
	h("POST /api/v1/me/calendar-feed", s.newCalendarFeed)
	h("DELETE /api/v1/me/calendar-feed", s.revokeCalendarFeed)
	// A partnership's life: the pair alone; anyone else gets not found.
	h("GET /api/v1/partnerships/{id}", s.partnership)
	h("POST /api/v1/partnerships/{id}/respond", s.respond)
	h("GET /api/v1/partnerships/{id}/agreement", s.agreement)
	h("PUT /api/v1/partnerships/{id}/agreement", s.saveAgreement)
	h("POST /api/v1/partnerships/{id}/agreement/sign", s.signAgreement)
	h("POST /api/v1/partnerships/{id}/meetings", s.proposeMeeting)
	h("POST /api/v1/partnerships/{id}/meetings/{mid}/accept", s.acceptMeeting)
	h("POST /api/v1/partnerships/{id}/meetings/{mid}/move", s.moveMeeting)
	h("POST /api/v1/partnerships/{id}/meetings/{mid}/cancel", s.cancelMeeting)
	h("POST /api/v1/partnerships/{id}/meetings/{mid}/held", s.meetingHeld)
	h("GET /api/v1/partnerships/{id}/meetings/{mid}/prep", s.prepareMeeting)
	mux.Handle("GET /api/v1/partnerships/{id}/meetings/{mid}/ics", s.meetingICS())
	h("POST /api/v1/partnerships/{id}/notes", s.addNote)
	h("PATCH /api/v1/partnerships/{id}/notes/{nid}", s.editNote)
	h("DELETE /api/v1/partnerships/{id}/notes/{nid}", s.deleteNote)
	h("POST /api/v1/partnerships/{id}/goals", s.addGoal)
	h("PATCH /api/v1/partnerships/{id}/goals/{gid}", s.updateGoal)
	h("POST /api/v1/partnerships/{id}/actions", s.addAction)
	h("PATCH /api/v1/partnerships/{id}/actions/{aid}", s.updateAction)
	h("POST /api/v1/partnerships/{id}/reviews", s.submitReview)
	h("POST /api/v1/partnerships/{id}/closure", s.recordClosure)
	h("POST /api/v1/partnerships/{id}/feedback", s.giveFeedback)
	// Pulse check-ins: the author's own answers; scores for the coordinators.
	h("GET /api/v1/partnerships/{id}/pulse", s.myPulse)
	h("POST /api/v1/partnerships/{id}/pulse", s.submitPulse)
	h("GET /api/v1/programmes/{id}/pulse", s.programmePulse)
	// Concerns: their raiser and their handlers alone; anyone else gets not found.
	h("POST /api/v1/concerns", s.raiseConcern)
	h("GET /api/v1/concerns", s.concerns)
	h("GET /api/v1/concerns/{id}", s.concern)
	h("POST /api/v1/concerns/{id}/notes", s.addConcernNote)
	h("POST /api/v1/concerns/{id}/resolve", s.resolveConcern)
	// Events and bookings: the service decides who sees each; anyone else gets not found.
	h("GET /api/v1/events", s.events)
	h("POST /api/v1/events", s.createEvent)
	h("POST /api/v1/events/slots", s.createSlots)
	h("GET /api/v1/events/{id}", s.event)
	h("PUT /api/v1/events/{id}", s.eventChange(s.updateEvent))
	h("POST /api/v1/events/{id}/cancel", s.eventChange(s.cancelEvent))
	h("POST /api/v1/events/{id}/booking", s.eventChange(s.book))
	h("DELETE /api/v1/events/{id}/booking", s.eventChange(s.unbook))
	h("POST /api/v1/events/{id}/checkin", s.eventChange(s.checkIn))
	h("PUT /api/v1/events/{id}/attendance", s.eventChange(s.recordAttendance))
	mux.Handle("GET /api/v1/events/{id}/ics", s.eventICS())
	h("POST /api/v1/programmes/{id}/participants/{mid}/conversation", s.askForConversation)
	// Reports for stakeholders: aggregates under the small-group rule.
	h("GET /api/v1/programmes/{id}/report", s.programmeReport)
	h("GET /api/v1/report", s.orgReport)
	mux.Handle("GET /api/v1/programmes/{id}/participants.csv", s.exportParticipants())
	mux.Handle("/api/", s.wrap(func(*http.Request, *tandem.User) (int, any, error) {
		return 0, nil, tandem.Errorf(tandem.ENotFound, "No such API endpoint.")
	}))
}

// authenticate finds the caller (a bearer token, else the session cookie)
// and marks the request with the caller's organisation, so that the database
// shows that organisation's content alone (store/rls.go).
func (s *Server) authenticate(r *http.Request) (*http.Request, *tandem.User, error) {
	u, err := s.caller(r)
	if u != nil && err == nil {
		r = r.WithContext(store.WithOrg(r.Context(), u.OrgID))
	} else {
		r = r.WithContext(store.SignedOut(r.Context()))
	}
	return r, u, err
}

func (s *Server) caller(r *http.Request) (*tandem.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, tandem.Errorf(tandem.EUnauthorized, "Use the header Authorization: Bearer <token>.")
		}
		return s.app.APITokenUser(r.Context(), strings.TrimSpace(token))
	}
	if c, err := r.Cookie(app.SessionCookie); err == nil && c.Value != "" {
		u, err := s.app.SessionUser(r.Context(), c.Value)
		if err == nil {
			return u, nil
		}
	}
	return nil, nil
}

func (s *Server) wrap(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, actor, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		status, body, err := fn(r, actor)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if c, ok := body.(cookieBody); ok {
			http.SetCookie(w, c.cookie)
			body = c.body
		}
		writeJSON(w, status, body)
	})
}

// cookieBody lets a handler set a cookie alongside its JSON body.
type cookieBody struct {
	cookie *http.Cookie
	body   any
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if body != nil {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(body)
	}
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Ref     string            `json:"ref,omitempty"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := tandem.ErrorCode(err)
	d := errorDetail{Code: code, Message: tandem.ErrorMessage(err), Fields: tandem.ErrorFields(err)}
	if code == tandem.EInternal {
		b := make([]byte, 4)
		rand.Read(b)
		d.Ref = hex.EncodeToString(b)
		s.log.Error("api request failed", "ref", d.Ref, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, web.StatusOf(code), errorBody{d})
}

// decode reads a JSON body into v, refusing unknown fields and oversize bodies
// with a message that says what is wrong.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return tandem.Errorf(tandem.EInvalid, "The request body is empty; send JSON.")
		case errors.As(err, &syn):
			return tandem.Errorf(tandem.EInvalid, "The request body is not valid JSON (at byte %d).", syn.Offset)
		case errors.As(err, &typ):
			return &tandem.Error{Code: tandem.EInvalid, Message: "A field has the wrong type.", Fields: map[string]string{typ.Field: "Expected " + typ.Type.String() + "."}}
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return tandem.Errorf(tandem.EInvalid, "Unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return tandem.Errorf(tandem.EInvalid, "The request body could not be read as JSON.")
	}
	return nil
}

// decodeOptional is decode for a body that may be left out altogether.
func decodeOptional(r *http.Request, v any) error {
	br := bufio.NewReader(r.Body)
	if _, err := br.Peek(1); errors.Is(err, io.EOF) {
		return nil
	}
	r.Body = io.NopCloser(br)
	return decode(r, v)
}

func requireActor(actor *tandem.User) error {
	if actor == nil {
		return tandem.Errorf(tandem.EUnauthorized, "Sign in (POST /api/v1/session) or send an API token.")
	}
	return nil
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tandem.Errorf(tandem.ENotFound, "Not found.")
	}
	return id, nil
}

// pathIDs reads the partnership id and one other id from the path.
func pathIDs(r *http.Request, name string) (id, other int64, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	if other, err = pathID(r, name); err != nil {
		return 0, 0, err
	}
	return id, other, nil
}
