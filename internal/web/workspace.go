package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// workspaceData is what the partnership page shows: the member's workspace,
// what needs doing now, and the meetings split into those to come and the rest.
type workspaceData struct {
	*app.Workspace
	Base     string // "/partnerships/{id}"
	Todo     []app.ToDo
	Upcoming []app.MeetingView
	Earlier  []app.MeetingView
	// Notes newest first; GoalTitles names the goal an action serves.
	Notes      []tandem.Note
	GoalTitles map[int64]string
	// CanEnd offers ending early; CanWithdraw withdrawing.
	CanComplete bool
	CanWithdraw bool
	Editable    bool // goals, actions, reviews and notes can change
	// ReturnMeeting is 0: the workspace's forms come back to it.
	ReturnMeeting int64
	// PulseForm is the check-in form, shown while one is due.
	PulseForm pulseForm
}

func newWorkspaceData(w *app.Workspace) workspaceData {
	d := workspaceData{Workspace: w, Base: "/partnerships/" + strconv.FormatInt(w.Partnership.ID, 10), Todo: w.ToDo(),
		GoalTitles: map[int64]string{}, Editable: w.Live, CanWithdraw: w.Live,
		CanComplete: w.Partnership.State == tandem.PartnershipActive}
	d.PulseForm = pulseForm{Base: d.Base, OtherName: w.Partnership.OtherName, Status: w.Pulse}
	for _, m := range w.Meetings {
		if m.Upcoming {
			d.Upcoming = append(d.Upcoming, m)
		} else {
			d.Earlier = append(d.Earlier, m)
		}
	}
	slices.Reverse(d.Earlier) // the most recent first
	d.Notes = slices.Clone(w.Notes)
	slices.Reverse(d.Notes)
	for _, g := range w.Goals {
		d.GoalTitles[g.ID] = g.Title
	}
	return d
}

// signedInID reads the {id} of a request from a signed-in person (a
// partnership or a concern: the service decides whether they may see it).
func (s *Server) signedInID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	if s.requireSignIn(w, r) {
		return 0, false
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}

func (s *Server) workspace(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	s.showWorkspace(w, r, id, http.StatusOK, page{})
}

// showWorkspace renders the workspace of partnership id with p's form state.
func (s *Server) showWorkspace(w http.ResponseWriter, r *http.Request, id int64, status int, p page) {
	ws, err := s.app.WorkspaceOf(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Title = ws.Partnership.OtherName + " · " + ws.Partnership.ProgrammeName
	p.Data = newWorkspaceData(ws)
	s.renderStatus(w, r, status, "partnership", p)
}

// partnershipFail shows a refused partnership form again, with what was
// typed, on the page it came from: the meeting's preparation page when the
// form says so, else the workspace. Other errors get an error page.
func (s *Server) partnershipFail(w http.ResponseWriter, r *http.Request, id int64, err error) {
	code := tandem.ErrorCode(err)
	if code != tandem.EInvalid && code != tandem.EConflict {
		s.fail(w, r, err)
		return
	}
	p := page{Form: r.PostForm, Errors: tandem.ErrorFields(err), Error: tandem.ErrorMessage(err)}
	if mid := formID(r, "return_meeting"); mid > 0 {
		s.showMeeting(w, r, id, mid, StatusOf(code), p)
		return
	}
	s.showWorkspace(w, r, id, StatusOf(code), p)
}

// partnershipDone sends the member back to the page the form came from,
// at anchor on the workspace, with a message.
func (s *Server) partnershipDone(w http.ResponseWriter, r *http.Request, id int64, anchor, flash string) {
	to := "/partnerships/" + strconv.FormatInt(id, 10)
	if mid := formID(r, "return_meeting"); mid > 0 {
		to += "/meetings/" + strconv.FormatInt(mid, 10)
	} else if anchor != "" {
		to += "#" + anchor
	}
	s.redirect(w, r, to, flash)
}
