package app

import (
	"context"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// The participant records (003: "maintain the database of all involved"):
// who takes part where, in which role, and their partnerships' dates and
// states. Never what a pair wrote. A coordinator sees the people of the
// programmes they coordinate, and only those programmes; an admin sees the
// organisation.

// RecordFilter narrows the participant records.
type RecordFilter struct {
	Query       string // name, email or department
	Department  string
	Stage       string
	ProgrammeID int64
	Role        string
	Status      string
}

// Empty reports whether no filter is set.
func (f RecordFilter) Empty() bool { return f == RecordFilter{} }

// RecordRole is one of a person's memberships as the records show it.
type RecordRole struct {
	MembershipID  int64
	ProgrammeID   int64
	ProgrammeName string
	Role          string
	Status        string
	JoinedAt      *time.Time
	DecidedAt     *time.Time
}

// PersonRecord is one person found in the records.
type PersonRecord struct {
	UserID     int64
	Name       string
	Email      string
	Department string
	Stage      string
	Roles      []RecordRole // in the programmes the reader may see
}

// recordScope returns the coordinator whose programmes bound what actor
// sees (0: the whole organisation, for admins). Members who coordinate
// nothing are refused.
func recordScope(actor *tandem.User) (int64, error) {
	if err := requireUser(actor); err != nil {
		return 0, err
	}
	if actor.IsAdmin() {
		return 0, nil
	}
	if !actor.CanCreateProgrammes() {
		return 0, forbidden("Only coordinators and admins keep the participant records.")
	}
	return actor.ID, nil
}

// SearchRecords finds people by name, email or department and filters them
// by department, career stage, programme, role and status. The search is
// audited for every programme it covered.
func (a *App) SearchRecords(ctx context.Context, actor *tandem.User, f RecordFilter) ([]PersonRecord, error) {
	scope, err := recordScope(actor)
	if err != nil {
		return nil, err
	}
	f.Query, f.Department = strings.TrimSpace(f.Query), strings.TrimSpace(f.Department)
	rows, err := a.store.SearchRecords(ctx, store.RecordFilter{OrgID: actor.OrgID, CoordinatorID: scope, Query: f.Query,
		Department: f.Department, Stage: f.Stage, ProgrammeID: f.ProgrammeID, Role: f.Role, Status: f.Status})
	if err != nil {
		return nil, err
	}
	var out []PersonRecord
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].UserID != r.UserID {
			out = append(out, PersonRecord{UserID: r.UserID, Name: r.Name, Email: r.Email, Department: r.Department, Stage: r.Stage})
		}
		if r.MembershipID != 0 {
			p := &out[len(out)-1]
			p.Roles = append(p.Roles, RecordRole{MembershipID: r.MembershipID, ProgrammeID: r.ProgrammeID, ProgrammeName: r.ProgrammeName,
				Role: r.Role, Status: r.Status, JoinedAt: r.JoinedAt})
		}
	}
	// The audit: one entry per programme searched, or one for the organisation.
	if scope == 0 {
		return out, a.logged(ctx, a.store, actor, tandem.AuditSearchRecords, 0, f.ProgrammeID, "")
	}
	ids, err := a.store.CoordinatedProgrammeIDs(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	for id := range ids {
		if f.ProgrammeID == 0 || f.ProgrammeID == id {
			if err := a.logged(ctx, a.store, actor, tandem.AuditSearchRecords, 0, id, ""); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// RecordProgrammes lists the programmes whose people actor may search, for
// the records' programme filter.
func (a *App) RecordProgrammes(ctx context.Context, actor *tandem.User) ([]tandem.Programme, error) {
	scope, err := recordScope(actor)
	if err != nil {
		return nil, err
	}
	all, err := a.store.ListProgrammes(ctx, actor.OrgID, true)
	if err != nil || scope == 0 {
		return all, err
	}
	ids, err := a.store.CoordinatedProgrammeIDs(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	var out []tandem.Programme
	for _, p := range all {
		if ids[p.ID] {
			out = append(out, p)
		}
	}
	return out, nil
}

// HistoryPartnership is one partnership in a person's history: with whom,
// in which role, its state and dates. Not its content.
type HistoryPartnership struct {
	ID            int64
	ProgrammeID   int64
	ProgrammeName string
	Role          string // the person's role in it
	OtherName     string
	State         string
	Outcome       string
	IntroducedAt  time.Time
	StartedAt     *time.Time
	TermEndsAt    *time.Time
	Term          int
	EndedAt       *time.Time
	LastContactAt *time.Time
}

// PersonHistory is a person's record across the programmes the reader may
// see: roles and statuses with dates, and partnerships.
type PersonHistory struct {
	Person       PersonRecord
	JoinedOrgAt  time.Time
	Partnerships []HistoryPartnership // newest first
	Attended     []tandem.Event       // events attended, latest first: the organisation's and those of the reader's programmes
}

// History returns a person's history. Someone outside the reader's
// programmes is "not found", like someone who does not exist. Reading it is
// audited, so the person sees it under "who saw my data".
func (a *App) History(ctx context.Context, actor *tandem.User, userID int64) (*PersonHistory, error) {
	scope, err := recordScope(actor)
	if err != nil {
		return nil, err
	}
	notFound := tandem.Errorf(tandem.ENotFound, "Person not found.")
	u, err := a.store.User(ctx, userID)
	if err != nil || u.OrgID != actor.OrgID {
		return nil, notFound
	}
	visible := func(int64) bool { return true }
	if scope != 0 {
		ids, err := a.store.CoordinatedProgrammeIDs(ctx, actor.ID)
		if err != nil {
			return nil, err
		}
		visible = func(id int64) bool { return ids[id] }
	}
	ms, err := a.store.UserMemberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	progs, err := a.store.ListProgrammes(ctx, actor.OrgID, true)
	if err != nil {
		return nil, err
	}
	for _, p := range progs {
		names[p.ID] = p.Name
	}
	h := &PersonHistory{Person: PersonRecord{UserID: u.ID, Name: u.Name, Email: u.Email}, JoinedOrgAt: u.CreatedAt}
	for _, m := range ms {
		if !visible(m.ProgrammeID) {
			continue
		}
		h.Person.Department, h.Person.Stage = m.Profile.Department, m.Profile.CareerStage
		h.Person.Roles = append(h.Person.Roles, RecordRole{MembershipID: m.ID, ProgrammeID: m.ProgrammeID, ProgrammeName: names[m.ProgrammeID],
			Role: m.Role, Status: m.Status, JoinedAt: &m.CreatedAt, DecidedAt: m.DecidedAt})
	}
	if scope != 0 && len(h.Person.Roles) == 0 {
		return nil, notFound
	}
	ps, err := a.store.UserPartnerships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if !visible(p.ProgrammeID) {
			continue
		}
		x := HistoryPartnership{ID: p.ID, ProgrammeID: p.ProgrammeID, ProgrammeName: p.ProgrammeName, Role: tandem.Mentee, OtherName: p.MentorName,
			State: p.State, Outcome: p.Outcome, IntroducedAt: p.CreatedAt, StartedAt: p.StartedAt, TermEndsAt: p.TermEndsAt, Term: p.Term,
			EndedAt: p.EndedAt, LastContactAt: p.LastContactAt}
		if p.MentorID == u.ID {
			x.Role, x.OtherName = tandem.Mentor, p.MenteeName
		}
		h.Partnerships = append(h.Partnerships, x)
	}
	// Events attended: the same record, so read here under the record's own
	// audit entry rather than through EventsAttended's second one.
	events, err := a.store.AttendedEvents(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if e.ProgrammeID == 0 || visible(e.ProgrammeID) {
			h.Attended = append(h.Attended, e)
		}
	}
	return h, a.logged(ctx, a.store, actor, tandem.AuditViewRecord, u.ID, 0, "")
}
