package web

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

func goalFromForm(r *http.Request) app.GoalInput {
	f := r.PostFormValue
	return app.GoalInput{Horizon: f("horizon"), Title: f("title"), Detail: f("detail"), Progress: formInt(r, "progress"), Status: f("status")}
}

func (s *Server) addGoal(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	g, err := s.app.AddGoal(r.Context(), currentUser(r), id, goalFromForm(r))
	if err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "goal-"+strconv.FormatInt(g.ID, 10), "The goal is added to your development plan.")
}

func (s *Server) updateGoal(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	gid, err := pathID(r, "gid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.app.UpdateGoal(r.Context(), currentUser(r), id, gid, goalFromForm(r))
	if err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	msg := "The goal is updated."
	if g.Status == tandem.GoalAchieved {
		msg = "Goal achieved: well done."
	}
	s.partnershipDone(w, r, id, "goal-"+strconv.FormatInt(g.ID, 10), msg)
}

func (s *Server) addAction(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	f := r.PostFormValue
	in := app.ActionInput{MeetingID: formID(r, "meeting_id"), GoalID: formID(r, "goal_id"), Owner: f("owner"), Title: f("title"), DueOn: f("due_on")}
	if _, err := s.app.AddAction(r.Context(), currentUser(r), id, in); err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "actions", "The action is recorded. It comes up again when you prepare your next meeting.")
}

func (s *Server) setActionStatus(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.app.SetActionStatus(r.Context(), currentUser(r), id, aid, r.PostFormValue("status"))
	if err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	msg := map[string]string{tandem.ActionDone: "Marked done.", tandem.ActionDropped: "The action is dropped.", tandem.ActionOpen: "The action is open again."}[x.Status]
	s.partnershipDone(w, r, id, "actions", msg)
}
