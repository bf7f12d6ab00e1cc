package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// reportData is what the report and evaluation pages render. The figures
// come from the service already withheld where the small-group rule says so.
type reportData struct {
	Report     *app.Report
	Evaluation *app.Evaluation
	Presets    []app.PeriodPreset
	Base       string       // "/programmes/3" or "" for the organisation
	Query      template.URL // the period as a query string, for links: two dates we formatted
	Tables     []string
	Headline   []app.Measure
	Charts     map[string]template.HTML
}

// reportInput reads the programme (0 for the organisation's report) and
// the period of a signed-in request, or answers it and returns false.
func (s *Server) reportInput(w http.ResponseWriter, r *http.Request, programme bool) (app.ReportInput, bool) {
	in := app.ReportInput{From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	if s.requireSignIn(w, r) {
		return in, false
	}
	if programme {
		id, err := pathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return in, false
		}
		in.ProgrammeID = id
	}
	return in, true
}

func reportBase(id int64) string {
	if id == 0 {
		return ""
	}
	return "/programmes/" + strconv.FormatInt(id, 10)
}

// periodFailed re-renders a page's period form with what was typed and
// what is wrong, or fails as usual for any other error.
func (s *Server) periodFailed(w http.ResponseWriter, r *http.Request, name, title string, in app.ReportInput, err error) {
	if tandem.ErrorCode(err) != tandem.EInvalid {
		s.fail(w, r, err)
		return
	}
	p := page{Title: title, Form: r.URL.Query(), Errors: tandem.ErrorFields(err), Error: tandem.ErrorMessage(err),
		Data: reportData{Base: reportBase(in.ProgrammeID), Presets: s.app.ReportPresets(r.Context(), currentUser(r))}}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, name, p)
}

func (s *Server) programmeReport(w http.ResponseWriter, r *http.Request) { s.showReport(w, r, true) }
func (s *Server) orgReport(w http.ResponseWriter, r *http.Request)       { s.showReport(w, r, false) }

func (s *Server) showReport(w http.ResponseWriter, r *http.Request, programme bool) {
	in, ok := s.reportInput(w, r, programme)
	if !ok {
		return
	}
	rep, err := s.app.Report(r.Context(), currentUser(r), in)
	if err != nil {
		s.periodFailed(w, r, "report", "Report", in, err)
		return
	}
	d := reportData{Report: rep, Presets: rep.Presets, Base: reportBase(rep.ProgrammeID), Tables: app.ReportTables,
		Query: periodQuery(rep.Period), Charts: map[string]template.HTML{}}
	now, before := "This period", "Previous period"
	var compared []bar
	for _, sec := range rep.Sections {
		for _, m := range sec.Measures {
			switch m.Key {
			case "applicants", "approved", "matched", "active", "meetings", "closed":
				compared = append(compared, bar{Label: m.Label, Value: m.Now, Before: &m.Before})
			}
			switch m.Key {
			case "applicants", "active", "meetings_per_pair", "satisfaction":
				d.Headline = append(d.Headline, m)
			}
		}
	}
	d.Charts["compare"] = barChart("chart-compare", "This period against the previous one", compared, now, before)
	d.Charts["departments"] = barChart("chart-departments", "Applicants by department", breakdownBars(rep.Departments), "", "")
	d.Charts["stages"] = barChart("chart-stages", "Applicants by career stage", breakdownBars(rep.Stages), "", "")
	d.Charts["ratings"] = barChart("chart-ratings", "Closing feedback forms by rating", ratingBars(rep.Feedback), "", "")
	form := url.Values{"from": {rep.Period.FromParam()}, "to": {rep.Period.ToParam()}}
	s.render(w, r, "report", page{Title: "Report · " + rep.Scope, Form: form, Data: d})
}

func breakdownBars(b app.Breakdown) []bar {
	var out []bar
	for _, row := range b.Rows {
		out = append(out, bar{Label: row.Label, Value: row.Cells[0]})
	}
	return out
}

func ratingBars(f app.FeedbackSummary) []bar {
	var out []bar
	for _, d := range f.Distribution {
		out = append(out, bar{Label: d.Label, Value: d.Forms})
	}
	return out
}

func periodQuery(p app.Period) template.URL {
	return template.URL(url.Values{"from": {p.FromParam()}, "to": {p.ToParam()}}.Encode())
}

var tableFile = regexp.MustCompile(`^([a-z]+)\.csv$`)

func (s *Server) programmeReportCSV(w http.ResponseWriter, r *http.Request) { s.reportCSV(w, r, true) }
func (s *Server) orgReportCSV(w http.ResponseWriter, r *http.Request)       { s.reportCSV(w, r, false) }

// reportCSV downloads one table of the report for the same period.
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request, programme bool) {
	in, ok := s.reportInput(w, r, programme)
	if !ok {
		return
	}
	m := tableFile.FindStringSubmatch(r.PathValue("file"))
	if m == nil {
		s.fail(w, r, tandem.Errorf(tandem.ENotFound, "Page not found."))
		return
	}
	in.Export = m[1]
	rep, err := s.app.Report(r.Context(), currentUser(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := rep.WriteTable(&buf, m[1]); err != nil {
		s.fail(w, r, err)
		return
	}
	name := "report-" + slug(rep.Scope) + "-" + rep.Period.FromParam() + "-" + rep.Period.ToParam() + "-" + m[1] + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	buf.WriteTo(w)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a file-name-safe word of a name.
func slug(s string) string {
	out := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if out == "" {
		return "report"
	}
	return out
}

func (s *Server) programmeEvaluation(w http.ResponseWriter, r *http.Request) {
	s.showEvaluation(w, r, true)
}
func (s *Server) orgEvaluation(w http.ResponseWriter, r *http.Request) { s.showEvaluation(w, r, false) }

func (s *Server) showEvaluation(w http.ResponseWriter, r *http.Request, programme bool) {
	in, ok := s.reportInput(w, r, programme)
	if !ok {
		return
	}
	ev, err := s.app.Evaluation(r.Context(), currentUser(r), in)
	if err != nil {
		s.periodFailed(w, r, "evaluation", "Evaluation", in, err)
		return
	}
	d := reportData{Evaluation: ev, Presets: ev.Presets, Base: reportBase(ev.ProgrammeID), Query: periodQuery(ev.Period),
		Charts: map[string]template.HTML{
			"ratings": barChart("chart-ratings", "Closing feedback forms by rating", ratingBars(ev.Feedback), "", ""),
			"pulse":   barChart("chart-pulse", "Pulse check-ins by answer", ratingBars(ev.Pulse), "", ""),
		}}
	form := url.Values{"from": {ev.Period.FromParam()}, "to": {ev.Period.ToParam()}}
	s.render(w, r, "evaluation", page{Title: "Evaluation · " + ev.Scope, Form: form, Data: d})
}
