package app

import (
	"strconv"

	"github.com/tandemhq/tandem"
)

// ToDo is one thing a member of a pair should do now, with the page (and
// place on it) where they do it. The rules sit here beside the reminders
// (nudges.go) that chase the same things by email.
type ToDo struct {
	Kind    string // confirm, agreement, accept, held, review, pulse, term, closure, feedback
	Text    string
	Link    string
	Meeting *MeetingView
}

// ToDo lists what needs doing now in the partnership, for the workspace and
// the dashboard's count.
func (w *Workspace) ToDo() []ToDo {
	p := w.Partnership
	base := "/partnerships/" + strconv.FormatInt(p.ID, 10)
	var out []ToDo
	if p.State == tandem.PartnershipIntroduced && !p.IConfirmed {
		out = append(out, ToDo{Kind: "confirm", Text: "Confirm the match with " + p.OtherName + ", or decline it, after your Aligning Expectations conversation.", Link: base + "#todo"})
	}
	if p.State == tandem.PartnershipIntroduced || p.State == tandem.PartnershipActive {
		switch {
		case w.Agreement == nil:
			out = append(out, ToDo{Kind: "agreement", Text: "Write your mentoring agreement together.", Link: base + "/agreement"})
		case !w.ISigned:
			out = append(out, ToDo{Kind: "agreement", Text: "Read and sign version " + strconv.Itoa(w.Agreement.Version) + " of your agreement.", Link: base + "/agreement"})
		}
	}
	for i := range w.Meetings {
		m := &w.Meetings[i]
		if m.CanAccept {
			out = append(out, ToDo{Kind: "accept", Text: p.OtherName + " proposed a meeting on " + m.Local.Format(meetingTimeLayout) + ": accept it or suggest another time.", Link: base + "#meeting-" + strconv.FormatInt(m.ID, 10), Meeting: m})
		}
		if m.CanConfirm {
			out = append(out, ToDo{Kind: "held", Text: "Did your meeting on " + m.Local.Format(meetingTimeLayout) + " take place?", Link: base + "#meeting-" + strconv.FormatInt(m.ID, 10), Meeting: m})
		}
	}
	if w.ReviewDue {
		out = append(out, ToDo{Kind: "review", Text: "Your review of the partnership is due: is it meeting the mentee's needs?", Link: base + "#reviews"})
	}
	if w.Pulse != nil && w.Pulse.Due {
		out = append(out, ToDo{Kind: "pulse", Text: "One question: how is your mentoring going?", Link: base + "#pulse"})
	}
	if p.TermChoiceOpen && p.MyChoice == "" {
		out = append(out, ToDo{Kind: "term", Text: "Your term ends on " + p.TermEndsAt.In(w.Location).Format("2 Jan 2006") + ": choose whether to renew or close.", Link: base + "#todo"})
	}
	if p.State == tandem.PartnershipClosing && w.Closure == nil {
		out = append(out, ToDo{Kind: "closure", Text: "Have your closing conversation and write its record.", Link: base + "#closure"})
	}
	if (p.State == tandem.PartnershipClosing || p.State == tandem.PartnershipClosed) && w.MyFeedback == nil {
		out = append(out, ToDo{Kind: "feedback", Text: "Tell the programme how it went: your feedback helps the next pairs.", Link: base + "#feedback"})
	}
	// The invitation to mentor in turn is a notice in the closing section, not a task.
	return out
}

// meetingTimeLayout writes a meeting's local start the way people read it.
const meetingTimeLayout = "Mon 2 Jan 2006, 15:04"
