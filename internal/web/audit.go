package web

import (
	"net/http"

	"github.com/tandemhq/tandem/internal/app"
)

// auditRow is an audit line with its time written in the organisation's zone.
type auditRow struct {
	app.AuditLine
	When string
}

func (s *Server) auditRows(r *http.Request, lines []app.AuditLine) []auditRow {
	loc := s.app.Location(r.Context(), currentUser(r))
	out := make([]auditRow, 0, len(lines))
	for _, l := range lines {
		out = append(out, auditRow{AuditLine: l, When: when(l.At.In(loc))})
	}
	return out
}

// myActivity shows a person what coordinators and admins did with their
// data ("who looked at my profile").
func (s *Server) myActivity(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	lines, err := s.app.WhoSawMyData(r.Context(), currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "activity", page{Title: "Who saw my data", Data: s.auditRows(r, lines)})
}

// auditLog shows the organisation's audit log to its admins.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	lines, err := s.app.AuditLog(r.Context(), currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "admin_audit", page{Title: "Audit log", Data: s.auditRows(r, lines)})
}
