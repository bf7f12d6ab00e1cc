package web

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

type homeData struct {
	Memberships []tandem.Membership
	Programmes  map[int64]tandem.Programme
	Joinable    []tandem.Programme
	Running     []tandem.Programme
	Pending     map[int64]int
	Partners    []app.MyPartnership
	// Work is, per live partnership, what needs doing and the next meeting.
	Work map[int64]partnerWork
	// OpenConcerns counts the open concerns a coordinator or admin handles.
	OpenConcerns int
}

// partnerWork is a partnership card's glance at its workspace.
type partnerWork struct {
	Todo int
	Next *app.MeetingView
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if s.needsSetup(w, r) {
		return
	}
	u := currentUser(r)
	if u == nil {
		s.render(w, r, "home", page{Title: "Mentoring, run well"})
		return
	}
	ctx := r.Context()
	ms, err := s.app.MyMemberships(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.app.ListProgrammes(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	partners, err := s.app.MyPartnerships(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := homeData{Memberships: ms, Programmes: map[int64]tandem.Programme{}, Pending: map[int64]int{}, Partners: partners, Work: map[int64]partnerWork{}}
	for _, p := range partners {
		if !tandem.PartnershipLive(p.State) && p.State != tandem.PartnershipClosed {
			continue
		}
		ws, err := s.app.WorkspaceOf(ctx, u, p.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Work[p.ID] = partnerWork{Todo: len(ws.ToDo()), Next: ws.NextMeeting}
	}
	joined := map[int64]bool{}
	for _, m := range ms {
		if m.Status != tandem.MemberWithdrawn {
			joined[m.ProgrammeID] = true
		}
	}
	for _, p := range all {
		d.Programmes[p.ID] = p
		if !joined[p.ID] && p.IsOpen(s.app.Now()) {
			d.Joinable = append(d.Joinable, p)
		}
	}
	if u.CanCreateProgrammes() {
		d.Running, err = s.app.CoordinatedProgrammes(ctx, u)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, p := range d.Running {
			counts, err := s.app.ParticipantCounts(ctx, u, p.ID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Pending[p.ID] = counts["mentor/pending"] + counts["mentee/pending"]
		}
		handle, err := s.app.ConcernsToHandle(ctx, u)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range handle {
			if c.Status == tandem.ConcernOpen && c.RaisedBy != u.ID {
				d.OpenConcerns++
			}
		}
	}
	s.render(w, r, "dashboard", page{Title: "Your mentoring", Data: d})
}
