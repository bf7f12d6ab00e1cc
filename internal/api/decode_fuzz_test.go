package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/api"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/testutil"
	"github.com/tandemhq/tandem/internal/web"
)

// fuzzRoute is one API endpoint that reads a body, and whose token calls it.
type fuzzRoute struct {
	method, path string
	as           string // "", "admin", "coord", "mentee" or "mentor"
}

// FuzzAPIDecode sends any body to the API's endpoints that read one, through
// the real router over a real database: the answer is never a 500, always
// JSON, and every refusal has the one error shape with a known code whose
// status matches it.
func FuzzAPIDecode(f *testing.F) {
	seeds := []string{
		``,
		`{}`,
		`null`,
		`[]`,
		`"text"`,
		`{"name":"Ada","email":"ada@northfield.test","password":"correct horse battery"}`,
		`{"email":"admin@northfield.test","password":"wrong password"}`,
		`{"unknown":1}`,
		`{"name":1}`,
		`{"name":"a"} {"name":"b"}`,
		`{"starts":"2026-10-12T14:00","venue":"Room 4","agenda":"<script>alert(1)</script>"}`,
		`{"starts":"2026-10-12T14:00:00+01:00","minutes":1e400,"video_url":"javascript:alert(1)"}`,
		`{"body":"A note","private":true}`,
		`{"title":"A goal","horizon":"short","progress":-5}`,
		`{"event":"withdraw","reason":"` + strings.Repeat("x", 2001) + `"}`,
		`{"sections":{"topics":"Careers"}}`,
		`{"rating":6,"comments":"x"}`,
		`{"capacity":2,"paused":"away"}`,
		`{"name":"\ud800","email":"\u0041@x.test"}`,
		`{"name":"Nia\u0000New","email":"nia@northfield.test","password":"correct horse battery"}`,
		`{"departments":["Physics","Physics"],"career_stages":["a"],"support_links":[{"label":"x","url":"javascript:alert(1)"}],"time_zone":"../../etc/passwd"}`,
		"email,name,role\na@b.test,<script>,mentee\n",
		`{"roles":["mentor","mentor"],"profile":{"department":"Physics"}}`,
		`{"mentee":-1,"mentor":9223372036854775807}`,
		`{"version":"1"}`,
		`{"token":"x","password":"short"}`,
		`{"name":"` + strings.Repeat(`\"`, 300) + `"}`,
		`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	}

	// On PostgreSQL when it is configured: it refuses text that SQLite takes.
	db := testutil.OpenSQLite(f)
	if os.Getenv("TANDEM_TEST_POSTGRES_URL") != "" {
		db = testutil.OpenPostgres(f)
	}
	env := testutil.NewEnv(f, db)
	pair := env.MustPair(f, nil, "pals", "Morgan Mentor", "Mina Mentee")
	other := env.MustPairIn(f, pair.Coordinator, pair.Programme, "Olly Mentor", "Pat Mentee")
	ctx := context.Background()
	tokens := map[string]string{}
	for who, u := range map[string]*tandem.User{"admin": env.Admin, "coord": pair.Coordinator, "mentee": pair.Mentee, "mentor": pair.Mentor} {
		tok, err := env.App.CreateAPIToken(ctx, u, "fuzz")
		if err != nil {
			f.Fatal(err)
		}
		tokens[who] = tok
	}
	meeting, err := env.App.ProposeMeeting(ctx, pair.Mentee, pair.Partnership.ID, app.MeetingInput{Starts: "2026-10-12T14:00", Venue: "Room 4"})
	if err != nil {
		f.Fatal(err)
	}
	prog, ps, ms := pair.Programme.ID, pair.Partnership.ID, meeting.ID
	routes := []fuzzRoute{
		{"POST", "/api/v1/signup", ""},
		{"POST", "/api/v1/session", ""},
		{"POST", "/api/v1/password/forgot", ""},
		{"POST", "/api/v1/password/reset", ""},
		{"POST", "/api/v1/tokens", "mentee"},
		{"PUT", "/api/v1/me/profile", "mentee"},
		{"PUT", "/api/v1/organisation", "admin"},
		{"POST", "/api/v1/programmes", "coord"},
		{"PUT", fmt.Sprintf("/api/v1/programmes/%d", prog), "coord"},
		{"POST", fmt.Sprintf("/api/v1/programmes/%d/join", prog), "admin"},
		{"POST", fmt.Sprintf("/api/v1/programmes/%d/participants/import", prog), "coord"},
		{"POST", fmt.Sprintf("/api/v1/programmes/%d/matching/pins", prog), "coord"},
		{"POST", fmt.Sprintf("/api/v1/programmes/%d/matching/forbids", prog), "coord"},
		{"POST", fmt.Sprintf("/api/v1/programmes/%d/matching/clear", prog), "coord"},
		{"PUT", fmt.Sprintf("/api/v1/programmes/%d/memberships/%d/availability", prog, pair.Partnership.MentorMembershipID), "mentor"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/respond", other.Partnership.ID), "mentor"},
		{"PUT", fmt.Sprintf("/api/v1/partnerships/%d/agreement", ps), "mentee"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/agreement/sign", ps), "mentor"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/meetings", ps), "mentee"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/meetings/%d/move", ps, ms), "mentor"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/meetings/%d/cancel", ps, ms), "mentee"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/notes", ps), "mentee"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/goals", ps), "mentee"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/actions", ps), "mentor"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/reviews", ps), "mentor"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/closure", ps), "mentee"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/feedback", ps), "mentor"},
		{"POST", fmt.Sprintf("/api/v1/partnerships/%d/pulse", ps), "mentee"}, // appended: seeds name routes by index
	}
	// Every seed body goes to every endpoint.
	for r := range routes {
		for _, s := range seeds {
			f.Add(uint8(r), s)
		}
	}
	mux := http.NewServeMux()
	api.New(env.App, slog.New(slog.NewTextHandler(io.Discard, nil)), false).Routes(mux)
	codes := map[string]bool{tandem.EInvalid: true, tandem.ENotFound: true, tandem.EUnauthorized: true, tandem.EForbidden: true, tandem.EConflict: true, tandem.ERateLimited: true}

	f.Fuzz(func(t *testing.T, which uint8, body string) {
		rt := routes[int(which)%len(routes)]
		req := httptest.NewRequest(rt.method, rt.path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if rt.as != "" {
			req.Header.Set("Authorization", "Bearer "+tokens[rt.as])
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", rt.method, rt.path, body, rec.Code, rec.Body)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s %s: Content-Type %q", rt.method, rt.path, rec.Header().Get("Content-Type"))
		}
		if rec.Code < 400 {
			if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s %s: %d with a body that is not JSON: %s", rt.method, rt.path, rec.Code, rec.Body)
			}
			return
		}
		var out struct {
			Error *struct {
				Code    string            `json:"code"`
				Message string            `json:"message"`
				Fields  map[string]string `json:"fields"`
			} `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Error == nil {
			t.Fatalf("%s %s: %d without the error shape: %s", rt.method, rt.path, rec.Code, rec.Body)
		}
		if !codes[out.Error.Code] || out.Error.Message == "" || web.StatusOf(out.Error.Code) != rec.Code {
			t.Fatalf("%s %s: %d with error %+v", rt.method, rt.path, rec.Code, *out.Error)
		}
	})
}
