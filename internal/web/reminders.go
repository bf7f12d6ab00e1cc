package web

import (
	"net/http"

	"github.com/tandemhq/tandem"
)

// reminderRow is one reminder on the settings page.
type reminderRow struct {
	Kind, Label string
	On          bool
}

// reminderSettings shows which reminders the person gets; every email's
// footer links here.
func (s *Server) reminderSettings(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	settings, err := s.app.MyReminderSettings(r.Context(), currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]reminderRow, 0, len(settings.Kinds))
	for _, k := range settings.Kinds {
		rows = append(rows, reminderRow{Kind: k, Label: tandem.NudgeLabel(k), On: settings.On[k]})
	}
	s.render(w, r, "reminders", page{Title: "Reminders", Data: rows})
}

func (s *Server) saveReminderSettings(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.SetReminders(r.Context(), currentUser(r), r.PostForm["on"]); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/profile/reminders", "Your reminder settings are saved.")
}
