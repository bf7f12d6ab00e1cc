package web

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// respond records a member's answer to an introduction, or a withdrawal.
func (s *Server) respond(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	event := r.PostFormValue("event")
	v, err := s.app.RespondToPartnership(r.Context(), currentUser(r), app.RespondInput{PartnershipID: id, Event: event, Reason: r.PostFormValue("reason")})
	if err != nil {
		if code := tandem.ErrorCode(err); code == tandem.EConflict || code == tandem.EInvalid {
			s.redirect(w, r, "/", tandem.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := map[string]string{
		tandem.EventConfirm:  "You confirmed the match with " + v.OtherName + ".",
		tandem.EventDecline:  "You declined the introduction. The coordinator will look for another match; " + v.OtherName + " is told only that it is not going ahead.",
		tandem.EventWithdraw: "You have withdrawn from the partnership with " + v.OtherName + ". The coordinator has been told.",
	}[event]
	if v.State == tandem.PartnershipActive && event == tandem.EventConfirm {
		msg = "You both confirmed: your partnership with " + v.OtherName + " is active."
	}
	s.redirect(w, r, "/", msg)
}
