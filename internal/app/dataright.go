package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// Data rights (PRODUCT.md, Trust): a person downloads everything Tandem
// holds about them, or erases their account; an organisation's retention
// period deletes what ended partnerships held.

// FormerParticipant is the name an erased account keeps: the other party's
// records still say that someone wrote a note or ended the partnership, but
// not who they were.
const FormerParticipant = "A former participant"

// LeftTandem is the reason a partnership ends when one of the pair erases
// their account.
const LeftTandem = "The participant left Tandem."

// DataExport is everything Tandem holds about a person, as they may read it:
// their own records, and their partnerships as they see them. What others
// wrote for themselves (the other party's private notes and feedback, the
// handlers' notes on a concern) is not theirs and is not here.
type DataExport struct {
	ExportedAt   time.Time       `json:"exported_at"`
	Organisation string          `json:"organisation"`
	Account      ExportAccount   `json:"account"`
	Profile      *tandem.Profile `json:"profile"` // null when never filled in
	// Characteristics are the consented characteristics, with the statement
	// they agreed to; null when they gave none.
	Characteristics *ExportCharacteristics `json:"characteristics"`
	Memberships     []ExportMembership     `json:"memberships"`
	Partnerships    []ExportPartnership    `json:"partnerships"`
	Concerns        []tandem.Concern       `json:"concerns"` // the concerns they raised, with outcomes
	APITokens       []ExportToken          `json:"api_tokens"`
	// CalendarFeedSince is when their calendar feed link was made, or null.
	CalendarFeedSince *time.Time `json:"calendar_feed_since"`
	RemindersOff      []string   `json:"reminders_off"`
	// WhoSawMyData is what coordinators and admins did with their data.
	WhoSawMyData []ExportAuditLine `json:"who_saw_my_data"`
	// EventBookings are their places and waiting-list places at events,
	// with attendance; ApplicationDecisions the coordinators' decisions on
	// their applications, with what they wrote to them.
	EventBookings        []ExportBooking              `json:"event_bookings"`
	ApplicationDecisions []tandem.ApplicationDecision `json:"application_decisions"`
}

// ExportBooking is a booking at an event.
type ExportBooking struct {
	Event      string     `json:"event"`
	StartsAt   time.Time  `json:"starts_at"`
	Status     string     `json:"status"`
	AttendedAt *time.Time `json:"attended_at"`
	CheckedIn  bool       `json:"checked_in"`
	BookedAt   time.Time  `json:"booked_at"`
}

// ExportCharacteristics is a person's consented characteristics and the
// words of the consent they gave.
type ExportCharacteristics struct {
	Consent string `json:"consent_statement"`
	tandem.Characteristics
}

// ExportAccount is the account itself.
type ExportAccount struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Email       string    `json:"email"`
	Role        string    `json:"role"`
	HasPassword bool      `json:"has_password"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportMembership is one application to, or role in, a programme.
type ExportMembership struct {
	ProgrammeID int64      `json:"programme_id"`
	Programme   string     `json:"programme"`
	Role        string     `json:"role"`
	Status      string     `json:"status"`
	Capacity    int        `json:"capacity,omitempty"`
	Paused      string     `json:"paused,omitempty"`
	Application string     `json:"application"`
	AppliedAt   time.Time  `json:"applied_at"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
}

// ExportPartnership is one partnership as the person sees it in its
// workspace: the other party by name, the pair's shared records, and the
// person's own private notes and feedback.
type ExportPartnership struct {
	ID           int64      `json:"id"`
	Programme    string     `json:"programme"`
	MyRole       string     `json:"my_role"`
	OtherPerson  string     `json:"other_person"`
	State        string     `json:"state"`
	Explanation  string     `json:"explanation"`
	IntroducedAt time.Time  `json:"introduced_at"`
	StartedAt    *time.Time `json:"started_at,omitempty"`
	TermEndsAt   *time.Time `json:"term_ends_at,omitempty"`
	Term         int        `json:"term"`
	EndedAt      *time.Time `json:"ended_at,omitempty"`
	Outcome      string     `json:"outcome,omitempty"`
	// MyEndReason is the reason they gave the coordinator for ending it.
	MyEndReason string `json:"my_end_reason,omitempty"`

	Agreement  []tandem.AgreementVersion `json:"agreement_versions"`
	Meetings   []tandem.Meeting          `json:"meetings"`
	Notes      []tandem.Note             `json:"notes"` // shared notes and their own private notes
	Goals      []tandem.Goal             `json:"goals"`
	Actions    []tandem.Action           `json:"actions"`
	Reviews    []tandem.Review           `json:"reviews"`
	Closure    *tandem.Closure           `json:"closure"`
	MyFeedback *tandem.Feedback          `json:"my_feedback"`
	MyPulses   []tandem.Pulse            `json:"my_pulse_checkins"` // their own answers only
}

// ExportToken is an API token by name; its secret is never kept.
type ExportToken struct {
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// ExportAuditLine is one entry of their "who saw my data" trail.
type ExportAuditLine struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	What   string    `json:"what"`
	Detail string    `json:"detail,omitempty"`
	Where  string    `json:"where"` // the programme, or the whole organisation
}

// ExportMyData gathers everything held about the actor. Reading one's own
// data is not audited.
func (a *App) ExportMyData(ctx context.Context, actor *tandem.User) (*DataExport, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	st := a.store
	u, err := st.User(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	org, err := st.Organisation(ctx, u.OrgID)
	if err != nil {
		return nil, err
	}
	x := &DataExport{ExportedAt: a.Now(), Organisation: org.Name,
		Account: ExportAccount{ID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, HasPassword: u.HasPassword, CreatedAt: u.CreatedAt}}
	if x.Profile, err = st.Profile(ctx, u.ID); tandem.ErrorCode(err) == tandem.ENotFound {
		x.Profile, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if c, err := st.Characteristics(ctx, u.ID); err == nil {
		x.Characteristics = &ExportCharacteristics{Consent: tandem.CharacteristicsConsent, Characteristics: *c}
	} else if tandem.ErrorCode(err) != tandem.ENotFound {
		return nil, err
	}
	programmes := map[int64]string{}
	programmeName := func(id int64) string {
		name, ok := programmes[id]
		if !ok {
			if p, err := st.Programme(ctx, u.OrgID, id); err == nil {
				name = p.Name
			}
			programmes[id] = name
		}
		return name
	}
	ms, err := st.UserMemberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	x.Memberships = make([]ExportMembership, 0, len(ms))
	for _, m := range ms {
		x.Memberships = append(x.Memberships, ExportMembership{ProgrammeID: m.ProgrammeID, Programme: programmeName(m.ProgrammeID), Role: m.Role,
			Status: m.Status, Capacity: m.Capacity, Paused: m.Paused, Application: m.Application, AppliedAt: m.CreatedAt, DecidedAt: m.DecidedAt})
	}
	ps, err := st.UserPartnerships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	x.Partnerships = make([]ExportPartnership, 0, len(ps))
	for i := range ps {
		xp, err := exportPartnership(ctx, st, &ps[i], u.ID)
		if err != nil {
			return nil, err
		}
		x.Partnerships = append(x.Partnerships, *xp)
	}
	if x.Concerns, err = st.ConcernsRaisedBy(ctx, u.ID); err != nil {
		return nil, err
	}
	tokens, err := st.ListAPITokens(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	x.APITokens = make([]ExportToken, 0, len(tokens))
	for _, t := range tokens {
		x.APITokens = append(x.APITokens, ExportToken{Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt})
	}
	if x.CalendarFeedSince, err = st.CalendarFeedSince(ctx, u.ID); err != nil {
		return nil, err
	}
	if x.RemindersOff, err = st.UserRemindersOff(ctx, u.ID); err != nil {
		return nil, err
	}
	if err := exportEvents(ctx, st, u, x); err != nil {
		return nil, err
	}
	lines, err := a.WhoSawMyData(ctx, u)
	if err != nil {
		return nil, err
	}
	x.WhoSawMyData = make([]ExportAuditLine, 0, len(lines))
	for _, l := range lines {
		where := l.ProgrammeName
		if where == "" {
			where = "The whole organisation"
		}
		what := l.Label
		if l.SubjectName != "" && !l.AboutMe {
			what += " (" + l.SubjectName + ")"
		}
		x.WhoSawMyData = append(x.WhoSawMyData, ExportAuditLine{At: l.At, Who: l.ActorName, What: what, Detail: l.Detail, Where: where})
	}
	if x.Concerns == nil {
		x.Concerns = []tandem.Concern{}
	}
	return x, nil
}

// exportPartnership reads one partnership as reader, a member of it, sees it.
func exportPartnership(ctx context.Context, st *store.Store, p *tandem.Partnership, reader int64) (*ExportPartnership, error) {
	role, other := tandem.Mentee, p.MentorName
	if p.MentorID == reader {
		role, other = tandem.Mentor, p.MenteeName
	}
	xp := &ExportPartnership{ID: p.ID, Programme: p.ProgrammeName, MyRole: role, OtherPerson: other, State: p.State, Explanation: forThePair(p.Explanation),
		IntroducedAt: p.CreatedAt, StartedAt: p.StartedAt, TermEndsAt: p.TermEndsAt, Term: p.Term, EndedAt: p.EndedAt, Outcome: p.Outcome}
	if p.EndedBy == role {
		xp.MyEndReason = p.EndReason
	}
	var err error
	if xp.Agreement, err = st.AgreementVersions(ctx, p.ID); err != nil {
		return nil, err
	}
	if xp.Meetings, err = st.Meetings(ctx, p.ID); err != nil {
		return nil, err
	}
	if xp.Notes, err = st.Notes(ctx, p.ID, reader); err != nil {
		return nil, err
	}
	if xp.Goals, err = st.Goals(ctx, p.ID); err != nil {
		return nil, err
	}
	if xp.Actions, err = st.Actions(ctx, p.ID); err != nil {
		return nil, err
	}
	if xp.Reviews, err = st.Reviews(ctx, p.ID); err != nil {
		return nil, err
	}
	if xp.Closure, err = st.Closure(ctx, p.ID); err != nil {
		return nil, err
	}
	fb, err := st.Feedback(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for i := range fb {
		if fb[i].AuthorID == reader {
			xp.MyFeedback = &fb[i]
		}
	}
	if xp.MyPulses, err = st.PulsesBy(ctx, p.ID, reader); err != nil {
		return nil, err
	}
	xp.MyPulses = orEmpty(xp.MyPulses)
	// Lists are [] rather than null, so a reader of the file sees "none".
	xp.Agreement, xp.Meetings, xp.Notes = orEmpty(xp.Agreement), orEmpty(xp.Meetings), orEmpty(xp.Notes)
	xp.Goals, xp.Actions, xp.Reviews = orEmpty(xp.Goals), orEmpty(xp.Actions), orEmpty(xp.Reviews)
	return xp, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ErasedEmail is the address an erased account keeps: unique, and in the
// .invalid domain, which never routes and which nobody may sign up with.
func ErasedEmail(userID int64) string { return fmt.Sprintf("erased-%d@invalid", userID) }

// EraseMe deletes the actor's account and personal data, in one
// transaction: their live partnerships are withdrawn (the other party goes
// back to the coordinator), their roles in programmes withdrawn, and their
// profile, consented characteristics, private notes, sessions, tokens, calendar feed, reset links,
// reminder settings and recorded relations deleted. The account stays as
// FormerParticipant, so that what the other party keeps (the shared notes
// and reviews they wrote, the agreement, goals, actions and meetings of the
// pair) and the concerns they raised, which handlers keep, name nobody.
//
// confirm is the actor's email address or password, typed again.
func (a *App) EraseMe(ctx context.Context, actor *tandem.User, confirm string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	u, hash, err := a.store.UserByEmail(ctx, actor.Email)
	if err != nil || u.ID != actor.ID {
		return tandem.Errorf(tandem.ENotFound, "Account not found.")
	}
	confirm = strings.TrimSpace(confirm)
	// The password check is slow on purpose, so it runs before the
	// transaction takes the writer.
	if confirm == "" || (tandem.NormalizeEmail(confirm) != u.Email && (hash == "" || !checkPassword(hash, confirm))) {
		msg := "Type your email address or your password to confirm."
		if confirm != "" {
			msg = "That is not your email address or your password."
		}
		return &tandem.Error{Code: tandem.EInvalid, Message: "Your account is not deleted: confirm it is you.", Fields: map[string]string{"confirm": msg}}
	}
	now := a.Now()
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		u, err := tx.User(ctx, actor.ID)
		if err != nil {
			return err
		}
		if u.Role == tandem.RoleAdmin {
			if n, err := tx.CountAdmins(ctx, u.OrgID); err != nil {
				return err
			} else if n <= 1 {
				return tandem.Errorf(tandem.EConflict, "You are the organisation's only admin, so your account cannot be deleted yet. Make someone else an admin first.")
			}
		}
		withdrawn, err := leavePartnerships(ctx, tx, u.ID, now)
		if err != nil {
			return err
		}
		ms, err := tx.UserMemberships(ctx, u.ID)
		if err != nil {
			return err
		}
		for i := range ms {
			m := &ms[i]
			if m.Status == tandem.MemberPending || m.Status == tandem.MemberApproved {
				m.Status, m.DecidedAt = tandem.MemberWithdrawn, &now
			}
			m.Application, m.Paused = "", ""
			if err := tx.UpdateMembership(ctx, m); err != nil {
				return err
			}
		}
		for _, step := range []func(context.Context, int64) error{
			tx.DeletePrivateNotesBy, tx.DeleteProfile, tx.DeleteCharacteristics, tx.DeleteUserAccess, tx.DeleteUserSettings, tx.ClearFeedbackWords,
			tx.ClearPulseWords,
		} {
			if err := step(ctx, u.ID); err != nil {
				return err
			}
		}
		// The entry names nobody: its actor is the anonymised account.
		if err := tx.AppendAudit(ctx, &tandem.AuditEntry{OrgID: u.OrgID, ActorID: u.ID, ActorName: FormerParticipant, Action: tandem.AuditEraseAccount,
			SubjectUserID: u.ID, Detail: fmt.Sprintf("%d %s withdrawn", withdrawn, plural(withdrawn, "partnership", "partnerships")), At: now}); err != nil {
			return err
		}
		// Last, so that a failure here proves the steps before it undone.
		return tx.AnonymiseUser(ctx, u.ID, FormerParticipant, ErasedEmail(u.ID), now)
	})
	if err != nil {
		return err
	}
	a.log.InfoContext(ctx, "account erased", "user_id", actor.ID)
	return nil
}

// leavePartnerships withdraws every live partnership a person is in, as a
// withdrawal by them, and clears the private reasons they gave for ending
// earlier ones. It returns how many it withdrew.
func leavePartnerships(ctx context.Context, tx *store.Store, userID int64, now time.Time) (int, error) {
	ps, err := tx.UserPartnerships(ctx, userID)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range ps {
		p := &ps[i]
		role := tandem.Mentee
		if p.MentorID == userID {
			role = tandem.Mentor
		}
		if !tandem.PartnershipLive(p.State) {
			if p.EndedBy == role && p.EndReason != "" {
				p.EndReason = ""
				if err := tx.SavePartnershipProgress(ctx, p); err != nil {
					return 0, err
				}
			}
			continue
		}
		if err := tx.LockPartnership(ctx, p.ID); err != nil {
			return 0, err
		}
		if p, err = tx.Partnership(ctx, p.ID); err != nil {
			return 0, err
		}
		next, err := tandem.NextState(p.State, tandem.EventWithdraw, false)
		if err != nil {
			continue // it ended in the meantime
		}
		p.State, p.EndedAt, p.EndedBy, p.UpdatedAt = next, &now, role, now
		p.Outcome, p.EndReason = tandem.OutcomeWithdrawn, LeftTandem
		if err := tx.SavePartnershipProgress(ctx, p); err != nil {
			return 0, err
		}
		if err := cancelFutureMeetings(ctx, tx, p.ID, now, "The partnership has ended."); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// ApplyRetention deletes the content of partnerships that ended (closed,
// withdrawn or declined) longer ago than their organisation's retention
// period; an organisation with no period keeps everything. Meetings keep
// their dates, so counts and reports stay right. It returns how many
// partnerships it purged for the first time: running it again the same day
// purges none. It is meant for the daily background job and `tandem
// retention`.
func (a *App) ApplyRetention(ctx context.Context, now time.Time) (int, error) {
	periods, err := a.store.RetentionPeriods(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, r := range periods {
		var n int
		err := a.store.InTx(ctx, func(tx *store.Store) error {
			var err error
			n, err = tx.PurgeEndedPartnerships(ctx, r.OrgID, now.AddDate(0, -r.Months, 0), now)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("retention for organisation %d: %w", r.OrgID, err)
		}
		if n > 0 {
			a.log.InfoContext(ctx, "retention: ended partnerships' content deleted", "org_id", r.OrgID, "months", r.Months, "partnerships", n)
		}
		total += n
	}
	return total, nil
}

// exportEvents adds a person's bookings at events and the decisions on
// their applications to their data export.
func exportEvents(ctx context.Context, st *store.Store, u *tandem.User, x *DataExport) error {
	bs, err := st.UserBookings(ctx, u.ID)
	if err != nil {
		return err
	}
	x.EventBookings = make([]ExportBooking, 0, len(bs))
	for _, b := range bs {
		e, err := st.Event(ctx, u.OrgID, b.EventID)
		if err != nil {
			return err
		}
		x.EventBookings = append(x.EventBookings, ExportBooking{Event: e.Title, StartsAt: e.StartsAt, Status: b.Status, AttendedAt: b.AttendedAt,
			CheckedIn: b.CheckedIn, BookedAt: b.CreatedAt})
	}
	x.ApplicationDecisions = []tandem.ApplicationDecision{}
	for _, m := range x.Memberships {
		ds, err := st.ApplicationDecisions(ctx, m.ProgrammeID, u.ID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if !slices.ContainsFunc(x.ApplicationDecisions, func(y tandem.ApplicationDecision) bool { return y.ID == d.ID }) {
				x.ApplicationDecisions = append(x.ApplicationDecisions, d)
			}
		}
	}
	return nil
}
