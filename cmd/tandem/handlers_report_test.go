package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// demoWorld is the demo's data behind the real handler.
type demoWorld struct {
	app   *app.App
	srv   *httptest.Server
	progs map[string]*tandem.Programme // by template
}

func newDemoWorld(t *testing.T, db *store.DB) *demoWorld {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := tandem.NewFixedClock(testutil.Epoch)
	a := app.New(app.Options{Store: store.New(db), Log: log, Clock: clock, BaseURL: "http://tandem.test", Argon2: testutil.CheapArgon2})
	if err := loadDemo(ctx, a, clock); err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(a, log, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	w := &demoWorld{app: a, srv: srv, progs: map[string]*tandem.Programme{}}
	coord, err := a.SignIn(ctx, app.SignInInput{Email: demoCoordinator, Password: demoPassword})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := a.ListProgrammes(ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		w.progs[ps[i].Template] = &ps[i]
	}
	return w
}

func (w *demoWorld) as(t *testing.T, email, password string) *browser {
	t.Helper()
	b := newBrowser(t, w.srv)
	if resp, _ := b.post("/signin", url.Values{"email": {email}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, resp.StatusCode)
	}
	return b
}

var (
	figureCell = regexp.MustCompile(`<td class="num" data-figure="([a-z_]+)">(.*?)</td>`)
	tableRow   = regexp.MustCompile(`<tr><th scope="row">(.*?)</th>(.*?)</tr>`)
	numCell    = regexp.MustCompile(`<td class="num">(.*?)</td>`)
	tags       = regexp.MustCompile(`<[^>]+>`)
)

// csvText is how a page's figure is written in CSV: "<5" for withheld,
// numbers without the per cent sign.
func csvText(cell string) string {
	s := strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(cell, "")))
	if s == app.Withheld {
		return "<5"
	}
	return strings.TrimSuffix(s, "%")
}

func readCSV(t *testing.T, b *browser, path string) [][]string {
	t.Helper()
	resp, body := b.get(path)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s does not parse: %v", path, err)
	}
	return rows
}

// pageTable reads the rows of the page's table with id.
func pageTable(t *testing.T, body, id string) [][]string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `id="`+id+`"`)
	if !ok {
		t.Fatalf("the page has no table %s", id)
	}
	rest, _, _ = strings.Cut(rest, "</table>")
	var out [][]string
	for _, m := range tableRow.FindAllStringSubmatch(rest, -1) {
		row := []string{html.UnescapeString(m[1])}
		for _, c := range numCell.FindAllStringSubmatch(m[2], -1) {
			row = append(row, csvText(c[1]))
		}
		out = append(out, row)
	}
	return out
}

// TestReportPageAndCSV opens PaLS's report on the demo data and checks
// that every CSV table says what the page says, withheld cells included.
func TestReportPageAndCSV(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newDemoWorld(t, db)
		coord := w.as(t, demoCoordinator, demoPassword)
		base := fmt.Sprintf("/programmes/%d/report", w.progs["pals"].ID)
		body := wantPage(t, coord, base, http.StatusOK)
		wantAll(t, "the report", body, "PaLS mentoring scheme: report", `<svg class="chart"`, `role="img"`,
			`<title id="chart-departments-t">Applicants by department</title>`, `<table class="report" id="table-departments">`,
			"Last 12 months", "This term so far", `href="/programmes/`, "summary.csv?from=")
		page := map[string]string{}
		for _, m := range figureCell.FindAllStringSubmatch(body, -1) {
			page[m[1]] = csvText(m[2])
		}
		if len(page) != 16 || page["applicants"] == "<5" || page["applicants"] == "0" || page["withdrawn"] != "<5" {
			t.Fatalf("figures on the page: %v", page)
		}
		q := "?" + strings.SplitN(strings.SplitN(body, `summary.csv?`, 2)[1], `"`, 2)[0]
		q = html.UnescapeString(q)

		// The summary: each measure's figure this period is the page's.
		rows := readCSV(t, coord, base+"/summary.csv"+q)
		if len(rows) != 17 || rows[0][1] != "measure" || !strings.HasPrefix(rows[0][2], "this period (") {
			t.Fatalf("summary.csv: %q", rows)
		}
		labels := map[string]string{}
		for _, m := range regexp.MustCompile(`<tr id="m-([a-z_]+)"><th scope="row">(.*?)<span`).FindAllStringSubmatch(body, -1) {
			labels[html.UnescapeString(m[2])] = m[1]
		}
		for _, row := range rows[1:] {
			key := labels[row[1]]
			if key == "" || page[key] != row[2] {
				t.Errorf("summary.csv %s: %q, the page shows %q", row[1], row[2], page[key])
			}
		}
		// The breakdowns and the ratings: the same rows, the same cells.
		for _, table := range []string{"departments", "stages", "ratings"} {
			got := readCSV(t, coord, base+"/"+table+".csv"+q)[1:]
			want := pageTable(t, body, "table-"+table)
			if len(want) < 3 || !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%s.csv:\n%q\nthe page:\n%q", table, got, want)
			}
		}
		if resp, _ := coord.get(base + "/notes.csv" + q); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a table that does not exist: %d", resp.StatusCode)
		}

		// The API gives the same figures.
		resp, apiBody := coord.get(fmt.Sprintf("/api/v1/programmes/%d/report%s", w.progs["pals"].ID, q))
		var rep struct {
			From     string `json:"from"`
			Sections []struct {
				Measures []struct {
					Key string `json:"key"`
					Now struct {
						Text     string `json:"text"`
						Withheld bool   `json:"withheld"`
						Value    *float64
					} `json:"now"`
				} `json:"measures"`
			} `json:"sections"`
		}
		if resp.StatusCode != 200 || json.Unmarshal([]byte(apiBody), &rep) != nil || len(rep.Sections) != 3 {
			t.Fatalf("API report: %d %s", resp.StatusCode, apiBody)
		}
		for _, s := range rep.Sections {
			for _, m := range s.Measures {
				if csvText(m.Now.Text) != page[m.Key] || (m.Now.Withheld && m.Now.Value != nil) {
					t.Errorf("API %s: %q, the page %q", m.Key, m.Now.Text, page[m.Key])
				}
			}
		}

		// The evaluation shows shared words; the page and the export are audited.
		ev := wantPage(t, coord, fmt.Sprintf("/programmes/%d/evaluation", w.progs["pals"].ID), http.StatusOK)
		wantAll(t, "the evaluation", ev, "In their words", `<ul class="comments">`, `<table class="report" id="table-roles">`,
			"Pulse check-ins", `<table class="report" id="table-pulse">`, `<title id="chart-pulse-t">Pulse check-ins by answer</title>`)
		admin, err := w.app.SignIn(context.Background(), app.SignInInput{Email: demoAdmin, Password: demoPassword})
		if err != nil {
			t.Fatal(err)
		}
		log, err := w.app.AuditLog(context.Background(), admin)
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, l := range log {
			seen = append(seen, l.Action+" "+l.Detail)
		}
		for _, want := range []string{tandem.AuditViewReport + " ", tandem.AuditExportReport + " departments.csv, ", tandem.AuditViewEvaluation + " "} {
			if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, want) }) {
				t.Errorf("audit log lacks %q", want)
			}
		}
		if slices.ContainsFunc(seen, func(s string) bool { return strings.Contains(s, "notes.csv") }) {
			t.Errorf("a refused download was logged as an export")
		}

		// A period that makes no sense keeps what was typed and says what is wrong.
		resp, bad := coord.get(base + "?from=2026-09-01&to=2026-06-01")
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("backwards period: %d", resp.StatusCode)
		}
		wantAll(t, "the refused period", bad, `value="2026-09-01"`, `value="2026-06-01"`, "The period must end after it starts.", `aria-invalid="true"`)
	})
}

// TestReportPermissions: a programme's report is for its coordinators and
// the organisation's admins; the organisation's report for admins. Anyone
// else is told there is no such page.
func TestReportPermissions(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newDemoWorld(t, db)
		ctx := context.Background()
		admin, err := w.app.SignIn(ctx, app.SignInInput{Email: demoAdmin, Password: demoPassword})
		if err != nil {
			t.Fatal(err)
		}
		other, err := w.app.SignUp(ctx, app.SignUpInput{Name: "Oakley Coordinator", Email: "oakley@northfield.example", Password: demoPassword})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.SetUserRole(ctx, admin, other.ID, tandem.RoleCoordinator); err != nil {
			t.Fatal(err)
		}
		other.Role = tandem.RoleCoordinator
		if _, err := w.app.CreateProgramme(ctx, other, app.CreateProgrammeInput{Template: "pals", Name: "Oakley's PaLS"}); err != nil {
			t.Fatal(err)
		}
		pals := fmt.Sprintf("/programmes/%d", w.progs["pals"].ID)
		paths := []string{pals + "/report", pals + "/report/summary.csv", pals + "/evaluation", fmt.Sprintf("/api/v1/programmes/%d/report", w.progs["pals"].ID)}
		for name, b := range map[string]*browser{
			"a participant":                   w.as(t, demoMentee, demoPassword),
			"a mentor":                        w.as(t, demoMentor, demoPassword),
			"another programme's coordinator": w.as(t, "oakley@northfield.example", demoPassword),
		} {
			for _, p := range append(paths, "/report", "/report/summary.csv", "/evaluation", "/api/v1/report") {
				if resp, body := b.get(p); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "Applicants") {
					t.Errorf("%s GET %s: %d, want 404", name, p, resp.StatusCode)
				}
			}
		}
		coord, adminB := w.as(t, demoCoordinator, demoPassword), w.as(t, demoAdmin, demoPassword)
		for _, p := range paths {
			for who, b := range map[string]*browser{"the coordinator": coord, "the admin": adminB} {
				if resp, _ := b.get(p); resp.StatusCode != http.StatusOK {
					t.Errorf("%s GET %s: %d, want 200", who, p, resp.StatusCode)
				}
			}
		}
		if resp, _ := coord.get("/report"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a coordinator opening the organisation's report: %d, want 404", resp.StatusCode)
		}
		body := wantPage(t, adminB, "/report", http.StatusOK)
		wantAll(t, "the organisation's report", body, "Northfield University: report", "Mentees who became mentors")
		if resp, _ := newBrowser(t, w.srv).get(pals + "/report"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("signed out: %d, want a redirect to sign in", resp.StatusCode)
		}
	})
}
