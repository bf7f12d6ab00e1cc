package web

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// respond records a member's word on their partnership: an answer to the
// introduction, a choice at the term's end, an early end, or a withdrawal.
// Forms on the workspace send return=workspace to come back to it.
func (s *Server) respond(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	fromWorkspace := r.PostFormValue("return") == "workspace"
	event := r.PostFormValue("event")
	v, err := s.app.RespondToPartnership(r.Context(), currentUser(r), app.RespondInput{PartnershipID: id, Event: event, Reason: r.PostFormValue("reason")})
	if err != nil {
		if fromWorkspace {
			s.partnershipFail(w, r, id, err)
			return
		}
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
		tandem.EventRenew:    "You chose to renew. If " + v.OtherName + " chooses to renew too, a new term starts when this one ends.",
		tandem.EventClose:    "You chose to close at the end of the term. Have your closing conversation and write its record below.",
		tandem.EventComplete: "You ended the partnership early with its goals met. Have your closing conversation and write its record below.",
	}[event]
	switch {
	case v.State == tandem.PartnershipActive && event == tandem.EventConfirm:
		msg = "You both confirmed: your partnership with " + v.OtherName + " is active."
	case event == tandem.EventRenew && v.MyChoice == "":
		msg = "You both chose to renew: term " + strconv.Itoa(v.Term) + " runs until " + v.TermEndsAt.Format("2 January 2006") + "."
	}
	if fromWorkspace {
		s.redirect(w, r, "/partnerships/"+strconv.FormatInt(id, 10), msg)
		return
	}
	s.redirect(w, r, "/", msg)
}
