package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// concernJSON is a concern as its raiser or a handler reads it. The service
// decides who may; anyone else gets not found.
type concernJSON struct {
	ID               int64      `json:"id"`
	Kind             string     `json:"kind"`
	KindLabel        string     `json:"kind_label"`
	ProgrammeID      *int64     `json:"programme_id"`
	ProgrammeName    string     `json:"programme_name"`
	PartnershipID    *int64     `json:"partnership_id"`
	RaisedByName     string     `json:"raised_by_name"`
	Mine             bool       `json:"mine"`
	AboutMentee      bool       `json:"about_mentee"`
	AboutCoordinator bool       `json:"about_coordinator"`
	Body             string     `json:"body"`
	Status           string     `json:"status"`
	Outcome          string     `json:"outcome"`
	OutcomeLabel     string     `json:"outcome_label"`
	Resolution       string     `json:"resolution"`
	ResolvedAt       *time.Time `json:"resolved_at"`
	CreatedAt        time.Time  `json:"created_at"`
}

func toConcernJSON(c *tandem.Concern, actor *tandem.User) concernJSON {
	return concernJSON{ID: c.ID, Kind: c.Kind, KindLabel: tandem.ConcernLabel(c.Kind), ProgrammeID: optionalID(c.ProgrammeID),
		ProgrammeName: c.ProgrammeName, PartnershipID: optionalID(c.PartnershipID), RaisedByName: c.RaisedByName, Mine: c.RaisedBy == actor.ID,
		AboutMentee: c.AboutMentee, AboutCoordinator: c.AboutCoordinator, Body: c.Body, Status: c.Status, Outcome: c.Outcome,
		OutcomeLabel: tandem.ConcernOutcomeLabel(c.Outcome), Resolution: c.Resolution, ResolvedAt: c.ResolvedAt, CreatedAt: c.CreatedAt}
}

func concernsJSON(cs []tandem.Concern, actor *tandem.User) []concernJSON {
	out := make([]concernJSON, 0, len(cs))
	for i := range cs {
		out = append(out, toConcernJSON(&cs[i], actor))
	}
	return out
}

// concernNoteJSON is one step in handling a concern, for handlers only.
type concernNoteJSON struct {
	ID         int64     `json:"id"`
	AuthorName string    `json:"author_name"`
	Mine       bool      `json:"mine"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

func toConcernNoteJSON(n *tandem.ConcernNote, actor *tandem.User) concernNoteJSON {
	return concernNoteJSON{ID: n.ID, AuthorName: n.AuthorName, Mine: n.AuthorID == actor.ID, Body: n.Body, CreatedAt: n.CreatedAt}
}

// concernDetailJSON is one concern with its handling record, which only
// its handlers receive (the raiser gets an empty list).
type concernDetailJSON struct {
	Concern   concernJSON       `json:"concern"`
	Notes     []concernNoteJSON `json:"notes"`
	CanHandle bool              `json:"can_handle"`
	IsRaiser  bool              `json:"is_raiser"`
}

// concernListJSON is the concerns the caller raised and those they handle.
type concernListJSON struct {
	Mine     []concernJSON `json:"mine"`
	ToHandle []concernJSON `json:"to_handle"`
}

func (s *Server) raiseConcern(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	var in struct {
		Kind             string `json:"kind"`
		PartnershipID    int64  `json:"partnership_id"`
		ProgrammeID      int64  `json:"programme_id"`
		AboutMentee      bool   `json:"about_mentee"`
		AboutCoordinator bool   `json:"about_coordinator"`
		Body             string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.app.RaiseConcern(r.Context(), actor, app.ConcernInput{Kind: in.Kind, PartnershipID: in.PartnershipID, ProgrammeID: in.ProgrammeID,
		AboutMentee: in.AboutMentee, AboutCoordinator: in.AboutCoordinator, Body: in.Body})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toConcernJSON(c, actor), nil
}

func (s *Server) concerns(r *http.Request, actor *tandem.User) (int, any, error) {
	mine, err := s.app.MyConcerns(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	handle, err := s.app.ConcernsToHandle(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	// One's own concern is listed as raised, not as one to handle.
	var others []tandem.Concern
	for _, c := range handle {
		if c.RaisedBy != actor.ID {
			others = append(others, c)
		}
	}
	return 0, concernListJSON{Mine: concernsJSON(mine, actor), ToHandle: concernsJSON(others, actor)}, nil
}

func (s *Server) concern(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	d, err := s.app.Concern(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	out := concernDetailJSON{Concern: toConcernJSON(d.Concern, actor), Notes: make([]concernNoteJSON, 0, len(d.Notes)), CanHandle: d.CanHandle, IsRaiser: d.IsRaiser}
	for i := range d.Notes {
		out.Notes = append(out.Notes, toConcernNoteJSON(&d.Notes[i], actor))
	}
	return 0, out, nil
}

func (s *Server) addConcernNote(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	n, err := s.app.AddConcernNote(r.Context(), actor, id, in.Body)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toConcernNoteJSON(n, actor), nil
}

func (s *Server) resolveConcern(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Outcome    string `json:"outcome"`
		Resolution string `json:"resolution"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.app.ResolveConcern(r.Context(), actor, id, app.ResolveInput{Outcome: in.Outcome, Resolution: in.Resolution})
	if err != nil {
		return 0, nil, err
	}
	return 0, toConcernJSON(c, actor), nil
}
