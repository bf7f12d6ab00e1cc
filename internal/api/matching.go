package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

type pairJSON struct {
	MenteeMembershipID int64  `json:"mentee_membership_id"`
	Mentee             string `json:"mentee"`
	MentorMembershipID int64  `json:"mentor_membership_id"`
	Mentor             string `json:"mentor"`
	Score              string `json:"score"`
	Explanation        string `json:"explanation"`
	Pinned             bool   `json:"pinned"`
}

type unmatchedJSON struct {
	MenteeMembershipID int64  `json:"mentee_membership_id"`
	Mentee             string `json:"mentee"`
	Reason             string `json:"reason"`
}

func (s *Server) matching(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	prop, err := s.app.ProposeMatching(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	pairs := []pairJSON{}
	for _, p := range prop.Pairs {
		pairs = append(pairs, pairJSON{p.Mentee.ID, p.Mentee.UserName, p.Mentor.ID, p.Mentor.UserName, p.Score(), p.Explanation, p.Pinned})
	}
	unmatched := []unmatchedJSON{}
	for _, u := range prop.Unmatched {
		unmatched = append(unmatched, unmatchedJSON{u.Mentee.ID, u.Mentee.UserName, u.Reason})
	}
	return 0, map[string]any{"pairs": pairs, "unmatched": unmatched, "matched": prop.Matched, "total_score": prop.TotalScore(),
		"verified_optimal": prop.Verified, "mentees_waiting": prop.MenteesWaiting, "places_free": prop.PlacesFree, "warnings": nonNilSlice(prop.Warnings)}, nil
}

type pairBody struct {
	Mentee int64 `json:"mentee_membership_id"`
	Mentor int64 `json:"mentor_membership_id"`
}

// constraint handles pin, forbid and clear, which all take a pair.
func (s *Server) constraint(do func(a *app.App, r *http.Request, u *tandem.User, pid, mentee, mentor int64) error) handlerFunc {
	return func(r *http.Request, actor *tandem.User) (int, any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return 0, nil, err
		}
		var in pairBody
		if err := decode(r, &in); err != nil {
			return 0, nil, err
		}
		if err := do(s.app, r, actor, id, in.Mentee, in.Mentor); err != nil {
			return 0, nil, err
		}
		return s.matching(r, actor)
	}
}

func (s *Server) publish(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	ps, err := s.app.PublishMatching(r.Context(), actor, id)
	return http.StatusCreated, map[string]any{"introductions": ps}, err
}
