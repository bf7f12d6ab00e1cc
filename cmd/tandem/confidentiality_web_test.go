package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// The confidentiality matrix through the web UI and the JSON API: every
// role requests every page and endpoint that shows or changes a pair's
// content, a concern, a profile or consented characteristics, including
// guessed and neighbouring ids, and gets exactly what the table below says.
// internal/app's TestConfidentialityMatrix proves the rules in the services;
// this proves the handlers keep them (status codes, redirects, nothing
// rendered that the service refused).

// Roles, in the order of each row of the table.
var webRoles = []string{"mentee", "mentor", "other pair", "coordinator", "other coordinator", "admin", "line manager", "other organisation", "anonymous"}

// Outcomes.
const (
	wOK     = "ok"     // 2xx (303 to a page for a form), with the probe's marker when it has one
	wHidden = "hidden" // 2xx, without the marker: the page is the person's own, the content is not theirs
	w404    = "404"    // does not exist for them: never 403 for something outside their reach
	w403    = "403"    // they may see it but not do this (the raiser of a concern handling it)
	wSignIn = "signin" // web, signed out: sent to sign in
	w401    = "401"    // API, signed out
)

// webMarkers are planted in the pair's content and the mentee's records.
var webMarkers = map[string]string{
	"agreement":        "WEB-AGREEMENT-MARK",
	"shared note":      "WEB-SHARED-NOTE-MARK",
	"private note":     "WEB-PRIVATE-NOTE-MARK",
	"goal":             "WEB-GOAL-MARK",
	"review":           "WEB-REVIEW-MARK",
	"agenda":           "WEB-AGENDA-MARK",
	"profile":          "WEB-PROFILE-MARK",
	"characteristics":  "WEB-CHARACTERISTICS-MARK",
	"change of mentor": "WEB-CHANGE-MARK",
	"welfare concern":  "WEB-WELFARE-MARK",
	"complaint":        "WEB-COMPLAINT-MARK",
}

// webReaders says which roles may ever receive each marker, in webRoles
// order; every response of the walk is checked against it, whatever the probe.
var webReaders = map[string]string{
	//                     me mr op co oc ad lm oo an
	"agreement":        "x  x  .  .  .  .  .  .  .",
	"shared note":      "x  x  .  .  .  .  .  .  .",
	"private note":     ".  x  .  .  .  .  .  .  .",
	"goal":             "x  x  .  .  .  .  .  .  .",
	"review":           "x  x  .  .  .  .  .  .  .",
	"agenda":           "x  x  .  .  .  .  .  .  .",
	"profile":          "x  .  .  x  .  x  .  .  .",
	"characteristics":  "x  .  .  .  .  .  .  .  .",
	"change of mentor": "x  .  .  x  .  x  .  .  .",
	"welfare concern":  ".  x  .  x  .  x  .  .  .",
	"complaint":        "x  .  .  .  .  x  .  .  .",
}

// probe is one request and what each role gets from it.
type probe struct {
	name   string
	api    bool
	method string
	path   string     // with {A} (the pair's partnership), {B} (the next pair's), {m} (A's meeting), {pn} (the mentor's private note), {change} {welfare} {complaint} (concerns), {prog}
	form   url.Values // web POST
	body   string     // API body
	marker string     // kind of webMarkers an ok answer must show
	want   string     // outcomes in webRoles order, separated by spaces
}

var webProbes = []probe{
	// The partnership's pages: the pair, and nobody else, not even by a guessed id.
	{name: "workspace (shared notes, goals, reviews)", method: "GET", path: "/partnerships/{A}", marker: "shared note",
		want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "workspace goals", method: "GET", path: "/partnerships/{A}", marker: "goal", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "workspace reviews", method: "GET", path: "/partnerships/{A}", marker: "review", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "workspace private note", method: "GET", path: "/partnerships/{A}", marker: "private note", want: "hidden ok 404 404 404 404 404 404 signin"},
	{name: "agreement", method: "GET", path: "/partnerships/{A}/agreement", marker: "agreement", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "agreement version 1", method: "GET", path: "/partnerships/{A}/agreement/versions/1", marker: "agreement", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "agreement, printable", method: "GET", path: "/partnerships/{A}/agreement/print", marker: "agreement", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "meeting preparation", method: "GET", path: "/partnerships/{A}/meetings/{m}", marker: "agenda", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "meeting invitation", method: "GET", path: "/partnerships/{A}/meetings/{m}/ics", want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "the next partnership id (another pair's)", method: "GET", path: "/partnerships/{B}", want: "404 404 ok 404 404 404 404 404 signin"},
	{name: "a guessed partnership id", method: "GET", path: "/partnerships/{A+1000}", want: "404 404 404 404 404 404 404 404 signin"},
	{name: "a partnership id that is not a number", method: "GET", path: "/partnerships/abc", want: "404 404 404 404 404 404 404 404 signin"},
	{name: "A's meeting under B's id", method: "GET", path: "/partnerships/{B}/meetings/{m}", want: "404 404 404 404 404 404 404 404 signin"},
	{name: "the next meeting id", method: "GET", path: "/partnerships/{A}/meetings/{m+1}", want: "404 404 404 404 404 404 404 404 signin"},
	// Writing into the partnership.
	{name: "add a note", method: "POST", path: "/partnerships/{A}/notes", form: url.Values{"body": {"a new note"}, "return": {"workspace"}},
		want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "edit the mentor's private note", method: "POST", path: "/partnerships/{A}/notes/{pn}", form: url.Values{"body": {"WEB-PRIVATE-NOTE-MARK again"}, "return": {"workspace"}},
		want: "404 ok 404 404 404 404 404 404 signin"},
	{name: "add a goal", method: "POST", path: "/partnerships/{A}/goals", form: url.Values{"horizon": {"short"}, "title": {"a goal"}, "return": {"workspace"}},
		want: "ok ok 404 404 404 404 404 404 signin"},
	{name: "submit a review", method: "POST", path: "/partnerships/{A}/reviews", form: url.Values{"meets_needs": {"partly"}, "return": {"workspace"}},
		want: "ok ok 404 404 404 404 404 404 signin"},
	// Concerns: the raiser and the handlers.
	{name: "change-of-mentor request", method: "GET", path: "/concerns/{change}", marker: "change of mentor", want: "ok 404 404 ok 404 ok 404 404 signin"},
	{name: "welfare concern", method: "GET", path: "/concerns/{welfare}", marker: "welfare concern", want: "404 ok 404 ok 404 ok 404 404 signin"},
	{name: "complaint about the coordinator", method: "GET", path: "/concerns/{complaint}", marker: "complaint", want: "ok 404 404 404 404 ok 404 404 signin"},
	{name: "a guessed concern id", method: "GET", path: "/concerns/{complaint+1000}", want: "404 404 404 404 404 404 404 404 signin"},
	{name: "handling note on the welfare concern", method: "POST", path: "/concerns/{welfare}/notes", form: url.Values{"body": {"Called the wellbeing service."}},
		want: "404 403 404 ok 404 ok 404 404 signin"},
	// Profiles and consented characteristics.
	{name: "own profile", method: "GET", path: "/profile", marker: "profile", want: "ok hidden hidden hidden hidden hidden hidden hidden signin"},
	{name: "own characteristics", method: "GET", path: "/profile/characteristics", marker: "characteristics", want: "ok hidden hidden hidden hidden hidden hidden hidden signin"},
	{name: "own data", method: "GET", path: "/profile/data", marker: "characteristics", want: "ok hidden hidden hidden hidden hidden hidden hidden signin"},
	{name: "own data file", method: "GET", path: "/profile/data.json", marker: "characteristics", want: "ok hidden hidden hidden hidden hidden hidden hidden signin"},
	{name: "participants (profiles, consent yes/no)", method: "GET", path: "/programmes/{prog}/participants", marker: "profile", want: "403 403 403 ok 403 ok 403 404 signin"},
	{name: "participants CSV", method: "GET", path: "/programmes/{prog}/participants.csv", marker: "profile", want: "403 403 403 ok 403 ok 403 404 signin"},
	{name: "matching proposal", method: "GET", path: "/programmes/{prog}/matching", want: "403 403 403 ok 403 ok 403 404 signin"},
	{name: "partnerships of the programme (dates, never content)", method: "GET", path: "/programmes/{prog}/partnerships", want: "403 403 403 ok 403 ok 403 404 signin"},

	// The same through the JSON API.
	{api: true, name: "API partnership", method: "GET", path: "/api/v1/partnerships/{A}", marker: "shared note", want: "ok ok 404 404 404 404 404 404 401"},
	{api: true, name: "API partnership private note", method: "GET", path: "/api/v1/partnerships/{A}", marker: "private note", want: "hidden ok 404 404 404 404 404 404 401"},
	{api: true, name: "API agreement", method: "GET", path: "/api/v1/partnerships/{A}/agreement", marker: "agreement", want: "ok ok 404 404 404 404 404 404 401"},
	{api: true, name: "API meeting preparation", method: "GET", path: "/api/v1/partnerships/{A}/meetings/{m}/prep", marker: "agenda", want: "ok ok 404 404 404 404 404 404 401"},
	{api: true, name: "API next partnership id", method: "GET", path: "/api/v1/partnerships/{B}", want: "404 404 ok 404 404 404 404 404 401"},
	{api: true, name: "API guessed partnership id", method: "GET", path: "/api/v1/partnerships/{A+1000}", want: "404 404 404 404 404 404 404 404 401"},
	{api: true, name: "API add a note", method: "POST", path: "/api/v1/partnerships/{A}/notes", body: `{"body":"from the API"}`, want: "ok ok 404 404 404 404 404 404 401"},
	{api: true, name: "API delete the mentor's private note (as the wrong person)", method: "DELETE", path: "/api/v1/partnerships/{A}/notes/{pn}",
		want: "404 skip 404 404 404 404 404 404 401"},
	{api: true, name: "API add a goal", method: "POST", path: "/api/v1/partnerships/{A}/goals", body: `{"horizon":"long","title":"from the API"}`, want: "ok ok 404 404 404 404 404 404 401"},
	{api: true, name: "API change-of-mentor request", method: "GET", path: "/api/v1/concerns/{change}", marker: "change of mentor", want: "ok 404 404 ok 404 ok 404 404 401"},
	{api: true, name: "API welfare concern", method: "GET", path: "/api/v1/concerns/{welfare}", marker: "welfare concern", want: "404 ok 404 ok 404 ok 404 404 401"},
	{api: true, name: "API complaint", method: "GET", path: "/api/v1/concerns/{complaint}", marker: "complaint", want: "ok 404 404 404 404 ok 404 404 401"},
	{api: true, name: "API resolve the complaint (as the wrong person)", method: "POST", path: "/api/v1/concerns/{complaint}/resolve", body: `{"outcome":"no_action","resolution":"x"}`,
		want: "403 404 404 404 404 skip 404 404 401"},
	{api: true, name: "API own characteristics", method: "GET", path: "/api/v1/me/characteristics", marker: "characteristics", want: "ok hidden 404 404 404 404 404 404 401"},
	{api: true, name: "API own data", method: "GET", path: "/api/v1/me/data", marker: "characteristics", want: "ok hidden hidden hidden hidden hidden hidden hidden 401"},
	{api: true, name: "API participants", method: "GET", path: "/api/v1/programmes/{prog}/participants", marker: "profile", want: "403 403 403 ok 403 ok 403 404 401"},
	{api: true, name: "API matching", method: "GET", path: "/api/v1/programmes/{prog}/matching", want: "403 403 403 ok 403 ok 403 404 401"},
	{api: true, name: "API partnerships of the programme", method: "GET", path: "/api/v1/programmes/{prog}/partnerships", want: "403 403 403 ok 403 ok 403 404 401"},
}

// webActor is one role's way in: a browser signed in, and an API token.
type webActor struct {
	b     *browser
	token string
}

func TestConfidentialityThroughWebAndAPI(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		a := env.App
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}

		// The world: a pair A with content, a pair B next to it, coordinators,
		// the mentee's line manager, and someone of another organisation.
		coord := env.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		prog := env.MustProgramme(t, coord, "pals")
		prog.UsesCharacteristics = true
		_, err := a.UpdateProgramme(ctx, coord, *prog)
		must(err)
		pairA := env.MustPairIn(t, coord, prog, "Morgan Mentor", "Mina Mentee")
		pairB := env.MustPairIn(t, coord, prog, "Nico Mentor", "Noor Mentee")
		otherCoord := env.MustUser(t, "Oakley Coordinator", tandem.RoleCoordinator)
		env.MustProgramme(t, otherCoord, "activate")
		lineMgr := env.MustUser(t, "Lee Manager", tandem.RoleMember)
		env.MustJoin(t, lineMgr, prog, tandem.Mentor, "Chemistry", "professor")
		must(a.RecordRelation(ctx, coord, prog.ID, lineMgr.Email, pairA.Mentee.Email, tandem.RelationLineManager))
		otherOrg := &tandem.Organisation{Name: "Southgate College", CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC", CreatedAt: testutil.Epoch}
		must(env.Store.CreateOrganisation(ctx, otherOrg))
		stranger := &tandem.User{OrgID: otherOrg.ID, Email: "admin@southgate.test", Name: "Sam Stranger", Role: tandem.RoleAdmin, CreatedAt: testutil.Epoch}
		must(env.Store.CreateUser(ctx, stranger, ""))

		id := pairA.Partnership.ID
		for _, u := range []*tandem.User{pairA.Mentor, pairA.Mentee, pairB.Mentor, pairB.Mentee} {
			pid := id
			if u == pairB.Mentor || u == pairB.Mentee {
				pid = pairB.Partnership.ID
			}
			_, err := a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: pid, Event: tandem.EventConfirm})
			must(err)
		}
		_, err = a.SaveAgreement(ctx, pairA.Mentee, id, map[string]string{"topics": webMarkers["agreement"]})
		must(err)
		meeting, err := a.ProposeMeeting(ctx, pairA.Mentee, id, app.MeetingInput{Starts: "2026-11-01T10:00", Venue: "Room 1", Agenda: webMarkers["agenda"]})
		must(err)
		_, err = a.AddNote(ctx, pairA.Mentee, id, app.NoteInput{Body: webMarkers["shared note"]})
		must(err)
		private, err := a.AddNote(ctx, pairA.Mentor, id, app.NoteInput{Private: true, Body: webMarkers["private note"]})
		must(err)
		_, err = a.AddGoal(ctx, pairA.Mentee, id, app.GoalInput{Horizon: tandem.HorizonShort, Title: webMarkers["goal"]})
		must(err)
		_, err = a.SubmitReview(ctx, pairA.Mentee, id, app.ReviewInput{MeetsNeeds: tandem.NeedsMet, GoingWell: webMarkers["review"]})
		must(err)
		prof := testutil.Profile("History", "phd")
		prof.Topics = []string{webMarkers["profile"]}
		_, err = a.UpdateProfile(ctx, pairA.Mentee, app.ProfileInput{Name: pairA.Mentee.Name, Profile: prof})
		must(err)
		_, err = a.SaveMyCharacteristics(ctx, pairA.Mentee, app.CharacteristicsInput{Consent: true,
			Characteristics: tandem.Characteristics{Ethnicity: tandem.CharSelfDescribe, EthnicityText: webMarkers["characteristics"], Caring: tandem.CharYes}})
		must(err)
		// The mentor differs from the mentee: matching may say so, never how.
		_, err = a.SaveMyCharacteristics(ctx, pairA.Mentor, app.CharacteristicsInput{Consent: true, Characteristics: tandem.Characteristics{Caring: tandem.CharNo}})
		must(err)
		change, err := a.RaiseConcern(ctx, pairA.Mentee, app.ConcernInput{Kind: tandem.ConcernChangeMentor, PartnershipID: id, Body: webMarkers["change of mentor"]})
		must(err)
		welfare, err := a.RaiseConcern(ctx, pairA.Mentor, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: id, AboutMentee: true, Body: webMarkers["welfare concern"]})
		must(err)
		complaint, err := a.RaiseConcern(ctx, pairA.Mentee, app.ConcernInput{Kind: tandem.ConcernComplaint, ProgrammeID: prog.ID, AboutCoordinator: true, Body: webMarkers["complaint"]})
		must(err)

		people := map[string]*tandem.User{"mentee": pairA.Mentee, "mentor": pairA.Mentor, "other pair": pairB.Mentee, "coordinator": coord,
			"other coordinator": otherCoord, "admin": env.Admin, "line manager": lineMgr, "other organisation": stranger}
		actors := map[string]*webActor{}
		srvURL, _ := url.Parse(srv.URL)
		for _, role := range webRoles {
			act := &webActor{b: newBrowser(t, srv)}
			if u := people[role]; u != nil {
				// A session and a token made by the app, so that the person
				// of another organisation (who has no password) gets in too.
				session, err := a.StartSession(ctx, u)
				must(err)
				act.b.c.Jar.SetCookies(srvURL, []*http.Cookie{{Name: app.SessionCookie, Value: session, Path: "/"}})
				act.token, err = a.CreateAPIToken(ctx, u, "matrix")
				must(err)
			}
			actors[role] = act
		}

		vars := strings.NewReplacer(
			"{A}", fmt.Sprint(id), "{B}", fmt.Sprint(pairB.Partnership.ID), "{A+1000}", fmt.Sprint(id+1000),
			"{m}", fmt.Sprint(meeting.ID), "{m+1}", fmt.Sprint(meeting.ID+1), "{pn}", fmt.Sprint(private.ID),
			"{change}", fmt.Sprint(change.ID), "{welfare}", fmt.Sprint(welfare.ID), "{complaint}", fmt.Sprint(complaint.ID),
			"{complaint+1000}", fmt.Sprint(complaint.ID+1000), "{prog}", fmt.Sprint(prog.ID))

		var failures []string
		cells := 0
		for _, p := range webProbes {
			want := strings.Fields(p.want)
			if len(want) != len(webRoles) {
				t.Fatalf("probe %q has %d outcomes for %d roles", p.name, len(want), len(webRoles))
			}
			for i, role := range webRoles {
				if want[i] == "skip" {
					continue // would change what the other cells read
				}
				act := actors[role]
				path := vars.Replace(p.path)
				var status int
				var loc, body string
				if p.api {
					status, body = act.call(t, srv.URL, p.method, path, p.body)
				} else if p.method == "GET" {
					resp, b := act.b.get(path)
					status, loc, body = resp.StatusCode, resp.Header.Get("Location"), b
				} else {
					form := url.Values{}
					for k, v := range p.form {
						form[k] = v
					}
					resp, b := act.b.post(path, form)
					status, loc, body = resp.StatusCode, resp.Header.Get("Location"), b
				}
				got := fmt.Sprint(status)
				switch {
				case status == http.StatusSeeOther && strings.HasPrefix(loc, "/signin"):
					got = wSignIn
				case status >= 200 && status < 300 || status == http.StatusSeeOther:
					got = wOK
					if p.marker != "" && !strings.Contains(body, webMarkers[p.marker]) {
						got = wHidden
					}
				}
				cells++
				if got != want[i] {
					failures = append(failures, fmt.Sprintf("%s (%s %s) as %s: got %s (%d %s), want %s", p.name, p.method, path, role, got, status, loc, want[i]))
				}
				// Whatever the probe, no answer carries what the role may not read.
				for kind, marker := range webMarkers {
					if strings.Contains(body, marker) && strings.Fields(webReaders[kind])[i] != "x" {
						failures = append(failures, fmt.Sprintf("%s (%s %s) as %s shows the %s", p.name, p.method, path, role, kind))
					}
				}
			}
		}
		if len(failures) > 0 {
			sort.Strings(failures)
			t.Fatalf("%d of %d cells differ:\n%s", len(failures), cells, strings.Join(failures, "\n"))
		}

		// The coordinator of a programme that uses characteristics sees who
		// gave consent, and the matching says only that people differ.
		_, body := actors["coordinator"].b.get(vars.Replace("/programmes/{prog}/participants"))
		wantAll(t, "participants page", body, "Consent to characteristics: Yes", "Consent to characteristics: No")
		t.Logf("web and API matrix: %d roles x %d probes = %d cells", len(webRoles), len(webProbes), cells)
	})
}

// call makes one API request with the actor's token (none when signed out)
// and returns the status and the body.
func (w *webActor) call(t *testing.T, base, method, path, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, base+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if w.token != "" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}
