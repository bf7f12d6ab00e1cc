package web

import (
	"net/http"

	"github.com/tandemhq/tandem/internal/app"
)

// recordClosure writes the closing conversation's record, which closes the partnership.
func (s *Server) recordClosure(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	f := r.PostFormValue
	if _, err := s.app.RecordClosure(r.Context(), currentUser(r), id, app.ClosureInput{GoalsAchieved: f("goals_achieved"), ToDevelop: f("to_develop"), KeepInTouch: f("keep_in_touch")}); err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "closure", "The closing record is saved and the partnership is closed. Thank you both.")
}

func (s *Server) giveFeedback(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	f := r.PostFormValue
	in := app.FeedbackInput{Rating: formInt(r, "rating"), Comments: f("comments"), Share: f("share") == "on"}
	if _, err := s.app.GiveFeedback(r.Context(), currentUser(r), id, in); err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "feedback", "Thank you for your feedback.")
}
