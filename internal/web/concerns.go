package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// concernKind is one kind of concern as the form offers it: its words and
// a line on when to choose it.
type concernKind struct {
	Value, Label, Explain string
}

var concernKinds = []concernKind{
	{tandem.ConcernMatch, tandem.ConcernLabel(tandem.ConcernMatch), "Something is not working between you: talk it through with the coordinator."},
	{tandem.ConcernChangeMentor, tandem.ConcernLabel(tandem.ConcernChangeMentor), "You would like the coordinator to find a different match."},
	{tandem.ConcernWelfare, tandem.ConcernLabel(tandem.ConcernWelfare), "If you or your mentee may be at significant and immediate risk."},
	{tandem.ConcernComplaint, tandem.ConcernLabel(tandem.ConcernComplaint), "Follows the organisation's complaints procedure."},
}

var concernStateLabels = map[string]string{tandem.ConcernOpen: "Open", tandem.ConcernResolved: "Resolved"}

// concernFormData is what the form to raise a concern offers: the kinds,
// the person's live partnerships and their programmes.
type concernFormData struct {
	Kinds        []concernKind
	Partnerships []app.MyPartnership
	Programmes   []tandem.Programme
	// IsMentor offers "this is about my mentee".
	IsMentor bool
	// Welfare puts the emergency sentence first.
	Welfare bool
}

// concernForm loads what the form to raise a concern needs for the signed-in person.
func (s *Server) concernForm(r *http.Request) (concernFormData, error) {
	ctx, u := r.Context(), currentUser(r)
	d := concernFormData{Kinds: concernKinds}
	ps, err := s.app.MyPartnerships(ctx, u)
	if err != nil {
		return d, err
	}
	for _, p := range ps {
		if tandem.PartnershipLive(p.State) {
			d.Partnerships = append(d.Partnerships, p)
			d.IsMentor = d.IsMentor || p.MyRole == tandem.Mentor
		}
	}
	ms, err := s.app.MyMemberships(ctx, u)
	if err != nil {
		return d, err
	}
	all, err := s.app.ListProgrammes(ctx, u)
	if err != nil {
		return d, err
	}
	for _, g := range all {
		if slices.ContainsFunc(ms, func(m tandem.Membership) bool { return m.ProgrammeID == g.ID && m.Status != tandem.MemberWithdrawn }) {
			d.Programmes = append(d.Programmes, g)
		}
	}
	return d, nil
}

func (s *Server) newConcernForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	d, err := s.concernForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A link may choose the kind and the partnership: from a workspace, or
	// straight to a welfare concern.
	q := r.URL.Query()
	form := url.Values{}
	if k := q.Get("kind"); slices.Contains(tandem.ConcernKinds, k) {
		form.Set("kind", k)
	}
	if id := q.Get("partnership"); slices.ContainsFunc(d.Partnerships, func(p app.MyPartnership) bool { return strconv.FormatInt(p.ID, 10) == id }) {
		form.Set("partnership_id", id)
	}
	d.Welfare = form.Get("kind") == tandem.ConcernWelfare
	s.render(w, r, "concern_new", page{Title: "Raise a concern", Form: form, Data: d})
}

func (s *Server) raiseConcern(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	f := r.PostFormValue
	in := app.ConcernInput{Kind: f("kind"), PartnershipID: formID(r, "partnership_id"), ProgrammeID: formID(r, "programme_id"),
		AboutMentee: f("about_mentee") == "on", AboutCoordinator: f("about_coordinator") == "on", Body: f("body")}
	c, err := s.app.RaiseConcern(r.Context(), currentUser(r), in)
	if err != nil {
		d, derr := s.concernForm(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d.Welfare = in.Kind == tandem.ConcernWelfare
		s.formFail(w, r, "concern_new", page{Title: "Raise a concern", Data: d}, err)
		return
	}
	msg := "Sent. " + concernReaders(c) + " will read it; the other person in your partnership is not told."
	if c.Kind == tandem.ConcernComplaint {
		msg = "Your complaint is sent. " + concernReaders(c) + " will read it and follow the organisation's complaints procedure."
	}
	s.redirect(w, r, "/concerns/"+strconv.FormatInt(c.ID, 10), msg)
}

// concernReaders names who reads a concern, the way internal/app decides it:
// the admins alone for a complaint about the coordinator or a concern about
// no programme, else the programme's coordinators too.
func concernReaders(c *tandem.Concern) string {
	if c.AboutCoordinator || c.ProgrammeID == 0 {
		return "The organisation's admins"
	}
	if c.ProgrammeName == "" {
		return "The programme's coordinators and the organisation's admins"
	}
	return "The coordinator of " + c.ProgrammeName + " and the organisation's admins"
}

// concernsData is the list of concerns: those the person raised, and those
// they handle.
type concernsData struct {
	Mine     []tandem.Concern
	ToHandle []tandem.Concern
	Open     int // open concerns to handle
	Location *time.Location
}

func (s *Server) concerns(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	ctx, u := r.Context(), currentUser(r)
	mine, err := s.app.MyConcerns(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	handle, err := s.app.ConcernsToHandle(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := concernsData{Mine: mine, Location: s.app.Location(ctx, u)}
	// One's own concern is read under "raised", not handled.
	for _, c := range handle {
		if c.RaisedBy == u.ID {
			continue
		}
		d.ToHandle = append(d.ToHandle, c)
		if c.Status == tandem.ConcernOpen {
			d.Open++
		}
	}
	s.render(w, r, "concerns", page{Title: "Concerns", Data: d})
}

// concernData is one concern as its raiser or a handler reads it.
type concernData struct {
	*app.ConcernDetail
	Readers  string
	Outcomes []string // those a handler may choose for this concern
	Location *time.Location
}

func (s *Server) concern(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	s.showConcern(w, r, id, http.StatusOK, page{})
}

// showConcern renders concern id with p's form state.
func (s *Server) showConcern(w http.ResponseWriter, r *http.Request, id int64, status int, p page) {
	ctx, u := r.Context(), currentUser(r)
	cd, err := s.app.Concern(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := concernData{ConcernDetail: cd, Readers: concernReaders(cd.Concern), Location: s.app.Location(ctx, u)}
	for _, o := range tandem.ConcernOutcomes {
		// Only a concern about a partnership has one to end.
		if cd.Concern.PartnershipID != 0 || !tandem.EndsPartnership(o) {
			d.Outcomes = append(d.Outcomes, o)
		}
	}
	p.Title = tandem.ConcernLabel(cd.Concern.Kind)
	p.Data = d
	s.renderStatus(w, r, status, "concern", p)
}

// concernFail shows a refused handling form again on the concern's page.
func (s *Server) concernFail(w http.ResponseWriter, r *http.Request, id int64, err error) {
	code := tandem.ErrorCode(err)
	if code != tandem.EInvalid && code != tandem.EConflict {
		s.fail(w, r, err)
		return
	}
	s.showConcern(w, r, id, StatusOf(code), page{Form: r.PostForm, Errors: tandem.ErrorFields(err), Error: tandem.ErrorMessage(err)})
}

func (s *Server) addConcernNote(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	n, err := s.app.AddConcernNote(r.Context(), currentUser(r), id, r.PostFormValue("body"))
	if err != nil {
		s.concernFail(w, r, id, err)
		return
	}
	s.redirect(w, r, "/concerns/"+strconv.FormatInt(id, 10)+"#concern-note-"+strconv.FormatInt(n.ID, 10), "The note is added to the concern's record.")
}

func (s *Server) resolveConcern(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	c, err := s.app.ResolveConcern(r.Context(), currentUser(r), id, app.ResolveInput{Outcome: r.PostFormValue("outcome"), Resolution: r.PostFormValue("resolution")})
	if err != nil {
		s.concernFail(w, r, id, err)
		return
	}
	msg := "The concern is resolved. " + c.RaisedByName + " can read what was done."
	if tandem.EndsPartnership(c.Outcome) {
		msg += " The partnership has ended and its meetings still to come are cancelled."
	}
	s.redirect(w, r, "/concerns/"+strconv.FormatInt(id, 10), msg)
}
