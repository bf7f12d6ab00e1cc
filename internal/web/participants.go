package web

import (
	"bytes"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

type participantsData struct {
	Programme *tandem.Programme
	List      []tandem.Membership
	Filter    tandem.MembershipFilter
	Import    *app.ImportResult
	// Talks is the latest request for a conversation on each pending application.
	Talks map[int64]*tandem.ApplicationDecision
}

func (s *Server) participantsPage(w http.ResponseWriter, r *http.Request, p *tandem.Programme, status int, imp *app.ImportResult, errMsg string) {
	q := r.URL.Query()
	f := tandem.MembershipFilter{Role: q.Get("role"), Status: q.Get("status"), Query: q.Get("q")}
	list, err := s.app.Participants(r.Context(), currentUser(r), p.ID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decisions, err := s.app.ApplicationDecisions(r.Context(), currentUser(r), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "participants", page{Title: "Participants of " + p.Name, Error: errMsg,
		Data: participantsData{Programme: p, List: list, Filter: f, Import: imp, Talks: latestTalks(decisions)}})
}

func (s *Server) participants(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	s.participantsPage(w, r, p, http.StatusOK, nil, "")
}

func (s *Server) exportParticipants(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := s.app.ExportParticipants(r.Context(), currentUser(r), p.ID, &buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="participants-`+strconv.FormatInt(p.ID, 10)+`.csv"`)
	buf.WriteTo(w)
}

func (s *Server) importParticipants(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.participantsPage(w, r, p, http.StatusUnprocessableEntity, nil, "Choose a CSV file to import.")
		return
	}
	defer file.Close()
	res, err := s.app.ImportParticipants(r.Context(), currentUser(r), p.ID, io.LimitReader(file, app.MaxImportBytes+1))
	if err != nil && res == nil {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		s.participantsPage(w, r, p, http.StatusUnprocessableEntity, res, tandem.ErrorMessage(err))
		return
	}
	s.participantsPage(w, r, p, http.StatusOK, res, "")
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decision := r.PostFormValue("decision")
	m, err := s.app.DecideApplication(r.Context(), currentUser(r), p.ID, mid, app.DecisionInput{Decision: decision, Message: r.PostFormValue("message")})
	if err != nil {
		if tandem.ErrorCode(err) == tandem.EInvalid {
			s.participantsPage(w, r, p, http.StatusUnprocessableEntity, nil, tandem.ErrorMessage(err)+" "+strings.Join(sortedValues(tandem.ErrorFields(err)), " "))
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := m.UserName + " is " + map[string]string{tandem.MemberApproved: "approved", tandem.MemberDeclined: "declined"}[m.Status] + " as a " + m.Role + "."
	if decision == tandem.DecisionConversation {
		msg = m.UserName + " is asked for a conversation, by email and on their programme page. Their application stays open."
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/participants", msg)
}

// sortedValues lists a map's values in the order of its keys.
func sortedValues(m map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

func (s *Server) appointCoordinator(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	u, err := s.app.AppointCoordinator(r.Context(), currentUser(r), p.ID, r.PostFormValue("email"))
	if err != nil {
		if tandem.ErrorCode(err) == tandem.EInvalid {
			s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), tandem.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), u.Name+" now coordinates "+p.Name+".")
}

func (s *Server) removeCoordinator(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	uid, err := pathID(r, "uid")
	if err == nil {
		err = s.app.RemoveCoordinator(r.Context(), currentUser(r), p.ID, uid)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), "The coordinator is removed from this programme.")
}
