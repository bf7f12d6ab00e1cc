package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// reportJSON is the stakeholder report: aggregates only, each figure already
// withheld by the service where fewer than five people are behind it.
type reportJSON struct {
	ProgrammeID  int64               `json:"programme_id"`
	Scope        string              `json:"scope"`
	From         string              `json:"from"`
	To           string              `json:"to"`
	PreviousFrom string              `json:"previous_from"`
	PreviousTo   string              `json:"previous_to"`
	TimeZone     string              `json:"time_zone"`
	Sections     []app.Section       `json:"sections"`
	Departments  app.Breakdown       `json:"departments"`
	Stages       app.Breakdown       `json:"stages"`
	Feedback     app.FeedbackSummary `json:"feedback"`
}

func (s *Server) programmeReport(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return s.report(r, actor, id)
}

func (s *Server) orgReport(r *http.Request, actor *tandem.User) (int, any, error) {
	return s.report(r, actor, 0)
}

func (s *Server) report(r *http.Request, actor *tandem.User, programmeID int64) (int, any, error) {
	q := r.URL.Query()
	rep, err := s.app.Report(r.Context(), actor, app.ReportInput{ProgrammeID: programmeID, From: q.Get("from"), To: q.Get("to")})
	if err != nil {
		return 0, nil, err
	}
	return 0, reportJSON{ProgrammeID: rep.ProgrammeID, Scope: rep.Scope, From: rep.Period.FromParam(), To: rep.Period.ToParam(),
		PreviousFrom: rep.Previous.FromParam(), PreviousTo: rep.Previous.ToParam(), TimeZone: rep.TimeZone,
		Sections: rep.Sections, Departments: rep.Departments, Stages: rep.Stages, Feedback: rep.Feedback}, nil
}
