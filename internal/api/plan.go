package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// The pair's own record: notes, goals and actions, reviews, the closing
// record and each side's feedback.

type noteJSON struct {
	ID         int64     `json:"id"`
	MeetingID  *int64    `json:"meeting_id"`
	AuthorName string    `json:"author_name"`
	Mine       bool      `json:"mine"`
	Private    bool      `json:"private"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func toNoteJSON(n *tandem.Note, actor *tandem.User) noteJSON {
	return noteJSON{ID: n.ID, MeetingID: optionalID(n.MeetingID), AuthorName: n.AuthorName, Mine: n.AuthorID == actor.ID, Private: n.Private,
		Body: n.Body, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt}
}

func notesJSON(ns []tandem.Note, actor *tandem.User) []noteJSON {
	out := make([]noteJSON, 0, len(ns))
	for i := range ns {
		out = append(out, toNoteJSON(&ns[i], actor))
	}
	return out
}

// optionalID is null in JSON for the zero id ("not linked").
func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (s *Server) addNote(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		MeetingID int64  `json:"meeting_id"`
		Private   bool   `json:"private"`
		Body      string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	n, err := s.app.AddNote(r.Context(), actor, id, app.NoteInput{MeetingID: in.MeetingID, Private: in.Private, Body: in.Body})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toNoteJSON(n, actor), nil
}

func (s *Server) editNote(r *http.Request, actor *tandem.User) (int, any, error) {
	id, nid, err := pathIDs(r, "nid")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	n, err := s.app.EditNote(r.Context(), actor, id, nid, in.Body)
	if err != nil {
		return 0, nil, err
	}
	return 0, toNoteJSON(n, actor), nil
}

func (s *Server) deleteNote(r *http.Request, actor *tandem.User) (int, any, error) {
	id, nid, err := pathIDs(r, "nid")
	if err != nil {
		return 0, nil, err
	}
	if err := s.app.DeleteNote(r.Context(), actor, id, nid); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

type goalJSON struct {
	ID        int64     `json:"id"`
	Horizon   string    `json:"horizon"`
	Title     string    `json:"title"`
	Detail    string    `json:"detail"`
	Progress  int       `json:"progress"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toGoalJSON(g *tandem.Goal) goalJSON {
	return goalJSON{ID: g.ID, Horizon: g.Horizon, Title: g.Title, Detail: g.Detail, Progress: g.Progress, Status: g.Status,
		CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt}
}

func goalsJSON(gs []tandem.Goal) []goalJSON {
	out := make([]goalJSON, 0, len(gs))
	for i := range gs {
		out = append(out, toGoalJSON(&gs[i]))
	}
	return out
}

// goalPatch is a goal's fields; PATCH changes those present, POST takes
// them all (status defaults to open).
type goalPatch struct {
	Horizon  *string `json:"horizon"`
	Title    *string `json:"title"`
	Detail   *string `json:"detail"`
	Progress *int    `json:"progress"`
	Status   *string `json:"status"`
}

func (p goalPatch) apply(in app.GoalInput) app.GoalInput {
	set(&in.Horizon, p.Horizon)
	set(&in.Title, p.Title)
	set(&in.Detail, p.Detail)
	set(&in.Progress, p.Progress)
	set(&in.Status, p.Status)
	return in
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (s *Server) addGoal(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in goalPatch
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	g, err := s.app.AddGoal(r.Context(), actor, id, in.apply(app.GoalInput{}))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toGoalJSON(g), nil
}

func (s *Server) updateGoal(r *http.Request, actor *tandem.User) (int, any, error) {
	id, gid, err := pathIDs(r, "gid")
	if err != nil {
		return 0, nil, err
	}
	var in goalPatch
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	// Fields the body leaves out keep their values.
	w, err := s.app.WorkspaceOf(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	var cur *tandem.Goal
	for i := range w.Goals {
		if w.Goals[i].ID == gid {
			cur = &w.Goals[i]
		}
	}
	if cur == nil {
		return 0, nil, tandem.Errorf(tandem.ENotFound, "Goal not found.")
	}
	g, err := s.app.UpdateGoal(r.Context(), actor, id, gid, in.apply(app.GoalInput{Horizon: cur.Horizon, Title: cur.Title, Detail: cur.Detail,
		Progress: cur.Progress, Status: cur.Status}))
	if err != nil {
		return 0, nil, err
	}
	return 0, toGoalJSON(g), nil
}

type actionJSON struct {
	ID        int64      `json:"id"`
	MeetingID *int64     `json:"meeting_id"`
	GoalID    *int64     `json:"goal_id"`
	Owner     string     `json:"owner"`
	Title     string     `json:"title"`
	DueOn     *string    `json:"due_on"`
	Status    string     `json:"status"`
	Overdue   bool       `json:"overdue"`
	DoneAt    *time.Time `json:"done_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// toActionJSON shows an action; today (YYYY-MM-DD in the organisation's
// zone) tells whether it is overdue.
func toActionJSON(x *tandem.Action, today string) actionJSON {
	out := actionJSON{ID: x.ID, MeetingID: optionalID(x.MeetingID), GoalID: optionalID(x.GoalID), Owner: x.Owner, Title: x.Title,
		Status: x.Status, Overdue: x.Overdue(today), DoneAt: x.DoneAt, CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt}
	if x.DueOn != "" {
		due := x.DueOn
		out.DueOn = &due
	}
	return out
}

func actionsJSON(xs []tandem.Action, today string) []actionJSON {
	out := make([]actionJSON, 0, len(xs))
	for i := range xs {
		out = append(out, toActionJSON(&xs[i], today))
	}
	return out
}

// actionPatch is an action's fields; PATCH changes those present. The
// meeting an action was agreed at is set when it is added.
type actionPatch struct {
	GoalID *int64  `json:"goal_id"`
	Owner  *string `json:"owner"`
	Title  *string `json:"title"`
	DueOn  *string `json:"due_on"`
	Status *string `json:"status"`
}

func (p actionPatch) apply(in app.ActionInput) app.ActionInput {
	set(&in.GoalID, p.GoalID)
	set(&in.Owner, p.Owner)
	set(&in.Title, p.Title)
	set(&in.DueOn, p.DueOn)
	set(&in.Status, p.Status)
	return in
}

// today is the organisation's date now, for telling overdue actions.
func (s *Server) today(r *http.Request, actor *tandem.User) string {
	return s.app.Now().In(s.app.Location(r.Context(), actor)).Format(time.DateOnly)
}

func (s *Server) addAction(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		MeetingID int64 `json:"meeting_id"`
		actionPatch
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	x, err := s.app.AddAction(r.Context(), actor, id, in.apply(app.ActionInput{MeetingID: in.MeetingID}))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toActionJSON(x, s.today(r, actor)), nil
}

func (s *Server) updateAction(r *http.Request, actor *tandem.User) (int, any, error) {
	id, aid, err := pathIDs(r, "aid")
	if err != nil {
		return 0, nil, err
	}
	var in actionPatch
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	// Fields the body leaves out keep their values.
	w, err := s.app.WorkspaceOf(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	var cur *tandem.Action
	for i := range w.Actions {
		if w.Actions[i].ID == aid {
			cur = &w.Actions[i]
		}
	}
	if cur == nil {
		return 0, nil, tandem.Errorf(tandem.ENotFound, "Action not found.")
	}
	x, err := s.app.UpdateAction(r.Context(), actor, id, aid, in.apply(app.ActionInput{GoalID: cur.GoalID, Owner: cur.Owner, Title: cur.Title,
		DueOn: cur.DueOn, Status: cur.Status}))
	if err != nil {
		return 0, nil, err
	}
	return 0, toActionJSON(x, w.Today), nil
}

type reviewJSON struct {
	ID         int64     `json:"id"`
	Role       string    `json:"role"`
	Mine       bool      `json:"mine"`
	MeetsNeeds string    `json:"meets_needs"`
	GoingWell  string    `json:"going_well"`
	ToChange   string    `json:"to_change"`
	CreatedAt  time.Time `json:"created_at"`
}

func (s *Server) submitReview(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		MeetsNeeds string `json:"meets_needs"`
		GoingWell  string `json:"going_well"`
		ToChange   string `json:"to_change"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	rv, err := s.app.SubmitReview(r.Context(), actor, id, app.ReviewInput{MeetsNeeds: in.MeetsNeeds, GoingWell: in.GoingWell, ToChange: in.ToChange})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, reviewJSON{ID: rv.ID, Role: rv.Role, Mine: true, MeetsNeeds: rv.MeetsNeeds, GoingWell: rv.GoingWell,
		ToChange: rv.ToChange, CreatedAt: rv.CreatedAt}, nil
}

type closureJSON struct {
	GoalsAchieved string    `json:"goals_achieved"`
	ToDevelop     string    `json:"to_develop"`
	KeepInTouch   string    `json:"keep_in_touch"`
	RecordedByMe  bool      `json:"recorded_by_me"`
	RecordedAt    time.Time `json:"recorded_at"`
}

func toClosureJSON(c *tandem.Closure, actor *tandem.User) *closureJSON {
	if c == nil {
		return nil
	}
	return &closureJSON{GoalsAchieved: c.GoalsAchieved, ToDevelop: c.ToDevelop, KeepInTouch: c.KeepInTouch, RecordedByMe: c.RecordedBy == actor.ID,
		RecordedAt: c.RecordedAt}
}

// recordClosure writes the closing record of a closing partnership, which
// closes it.
func (s *Server) recordClosure(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		GoalsAchieved string `json:"goals_achieved"`
		ToDevelop     string `json:"to_develop"`
		KeepInTouch   string `json:"keep_in_touch"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.app.RecordClosure(r.Context(), actor, id, app.ClosureInput{GoalsAchieved: in.GoalsAchieved, ToDevelop: in.ToDevelop, KeepInTouch: in.KeepInTouch})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toClosureJSON(c, actor), nil
}

type feedbackJSON struct {
	Rating    int       `json:"rating"`
	Comments  string    `json:"comments"`
	Share     bool      `json:"share"`
	CreatedAt time.Time `json:"created_at"`
}

func toFeedbackJSON(f *tandem.Feedback) *feedbackJSON {
	if f == nil {
		return nil
	}
	return &feedbackJSON{Rating: f.Rating, Comments: f.Comments, Share: f.Share, CreatedAt: f.CreatedAt}
}

// giveFeedback records the caller's feedback on the scheme; giving it again
// replaces it.
func (s *Server) giveFeedback(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Rating   int    `json:"rating"`
		Comments string `json:"comments"`
		Share    bool   `json:"share"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	f, err := s.app.GiveFeedback(r.Context(), actor, id, app.FeedbackInput{Rating: in.Rating, Comments: in.Comments, Share: in.Share})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toFeedbackJSON(f), nil
}
