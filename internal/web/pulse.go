package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// pulseForm is what the check-in form needs, on its page or in the workspace.
type pulseForm struct {
	Base      string // "/partnerships/{id}"
	OtherName string
	Score     string // chosen in advance by a link in the email (?score=4)
	Status    *app.PulseStatus
}

// pulseData is the check-in page: the form while a round is due, the
// offer of a re-pair after a low answer, and the person's own answers.
type pulseData struct {
	Form        pulseForm
	Partnership app.MyPartnership
	Mentee      bool
	Loc         *time.Location
}

func (s *Server) pulse(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	// The email's five links open the form with a score chosen; only the
	// person's own press of Send records it, so a link scanner records nothing.
	score := r.URL.Query().Get("score")
	if n, err := strconv.Atoi(score); err != nil || n < 1 || n > 5 {
		score = ""
	}
	s.showPulse(w, r, id, http.StatusOK, page{}, score)
}

func (s *Server) showPulse(w http.ResponseWriter, r *http.Request, id int64, status int, p page, score string) {
	ws, err := s.app.WorkspaceOf(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Title = "How is your mentoring going? · " + ws.Partnership.OtherName
	p.Data = pulseData{Partnership: ws.Partnership, Mentee: ws.Partnership.MyRole == tandem.Mentee, Loc: ws.Location,
		Form: pulseForm{Base: "/partnerships/" + strconv.FormatInt(id, 10), OtherName: ws.Partnership.OtherName, Score: score, Status: ws.Pulse}}
	s.renderStatus(w, r, status, "pulse", p)
}

func (s *Server) submitPulse(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	f := r.PostFormValue
	score, _ := strconv.Atoi(f("score"))
	res, err := s.app.SubmitPulse(r.Context(), currentUser(r), id, app.PulseInput{Score: score, Word: f("word"),
		Share: f("share") == "on", NotGoodFit: f("not_good_fit") == "on"})
	if err != nil {
		code := tandem.ErrorCode(err)
		if code != tandem.EInvalid && code != tandem.EConflict {
			s.fail(w, r, err)
			return
		}
		s.showPulse(w, r, id, StatusOf(code), page{Form: r.PostForm, Errors: tandem.ErrorFields(err), Error: tandem.ErrorMessage(err)}, "")
		return
	}
	msg := "Thank you. Your answer is saved."
	if res.OfferRepair {
		// The page shows the offer of a change of mentor.
		msg = "Thank you for telling us. Your answer is saved."
	}
	s.redirect(w, r, "/partnerships/"+strconv.FormatInt(id, 10)+"/pulse", msg)
}
