package testutil

import (
	"context"
	"testing"

	"github.com/tandemhq/tandem"
)

// Pair is a mentor and a mentee introduced to each other in a programme.
type Pair struct {
	Programme   *tandem.Programme
	Coordinator *tandem.User
	Mentor      *tandem.User
	Mentee      *tandem.User
	Partnership *tandem.Partnership
}

// MustPair makes a programme from template, coordinated by coord (a new
// coordinator when nil), with a mentor and a mentee introduced to each other
// as a published matching would. Names tell the two apart in failures.
func (e *Env) MustPair(t testing.TB, coord *tandem.User, template, mentorName, menteeName string) *Pair {
	t.Helper()
	if coord == nil {
		coord = e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
	}
	p := e.MustProgramme(t, coord, template)
	return e.MustPairIn(t, coord, p, mentorName, menteeName)
}

// MustPairIn is MustPair in an existing programme.
func (e *Env) MustPairIn(t testing.TB, coord *tandem.User, p *tandem.Programme, mentorName, menteeName string) *Pair {
	t.Helper()
	mentor, mentee := e.MustUser(t, mentorName, tandem.RoleMember), e.MustUser(t, menteeName, tandem.RoleMember)
	mr := e.MustJoin(t, mentor, p, tandem.Mentor, "Physics", "professor")
	me := e.MustJoin(t, mentee, p, tandem.Mentee, "History", "phd")
	now := e.Clock.Now()
	ps := &tandem.Partnership{ProgrammeID: p.ID, MentorMembershipID: mr.ID, MenteeMembershipID: me.ID, MentorID: mentor.ID, MenteeID: mentee.ID,
		State: tandem.PartnershipIntroduced, Explanation: "Introduced by a test.", CreatedAt: now, UpdatedAt: now}
	if err := e.Store.CreatePartnership(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	ps.MentorName, ps.MenteeName, ps.ProgrammeName = mentor.Name, mentee.Name, p.Name
	return &Pair{Programme: p, Coordinator: coord, Mentor: mentor, Mentee: mentee, Partnership: ps}
}
