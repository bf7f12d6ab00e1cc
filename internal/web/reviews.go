package web

import (
	"net/http"

	"github.com/tandemhq/tandem/internal/app"
)

func (s *Server) submitReview(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	f := r.PostFormValue
	if _, err := s.app.SubmitReview(r.Context(), currentUser(r), id, app.ReviewInput{MeetsNeeds: f("meets_needs"), GoingWell: f("going_well"), ToChange: f("to_change")}); err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "reviews", "Your review is saved. Talk it through at your next meeting.")
}
