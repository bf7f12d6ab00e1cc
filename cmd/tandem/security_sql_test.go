package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// sqlPayloads try to break out of a quoted value, widen a LIKE pattern or
// read another table.
var sqlPayloads = []string{
	`' OR 1=1 --`,
	`' OR '1'='1`,
	`') OR ('a'='a`,
	`" OR ""="`,
	`%' UNION SELECT password_hash FROM users --`,
	`' UNION SELECT token_hash, token_hash, token_hash FROM sessions --`,
	`'; DROP TABLE users; --`,
	`\`,
	`\'`,
	`_%`,
	`%`,
	`_`,
	`%%`,
	`\%`,
	`1; SELECT pg_sleep(5) --`,
}

// sqlErrorText is what a database error that reached the page would show.
var sqlErrorText = []string{"$argon2", "syntax error", "sqlite", "sqlstate", "pq:", "pgx", "unrecognized token", "near \"", "something went wrong"}

// csrfValue matches a form's CSRF token field, left out of the search.
var csrfValue = regexp.MustCompile(`name="csrf_token" value="[^"]*"`)

// TestSQLInjection tries the payloads on every search and filter: the
// participants' search, role and status filters (web and API) and the admin's
// people search. Each answers 200 and shows nobody, alone or after a name
// that matches nobody, and nothing of a database error or a password hash.
func TestSQLInjection(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		ctx := context.Background()
		p := w.env.MustProgramme(t, w.coord, "pals")
		w.env.MustJoin(t, w.mentor, p, tandem.Mentor, "Physics", "professor")
		w.env.MustJoin(t, w.mentee, p, tandem.Mentee, "History", "phd")
		users, err := w.env.Store.CountUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		prog := fmt.Sprintf("/programmes/%d", p.ID)
		tok, err := w.env.App.CreateAPIToken(ctx, w.coord, "test")
		if err != nil {
			t.Fatal(err)
		}
		api := &apiClient{t: t, b: w.b["anon"], token: tok}

		// The filters find people, so that "nobody" below means something.
		if body := wantPage(t, w.b["coord"], prog+"/participants?q=morgan", 200); !strings.Contains(body, "Morgan Mentor") || strings.Contains(body, "Mina Mentee") {
			t.Fatal("the participants' search does not find by name")
		}
		if body := wantPage(t, w.b["coord"], prog+"/participants?role=mentee&status=approved", 200); strings.Contains(body, "Morgan Mentor") || !strings.Contains(body, "Mina Mentee") {
			t.Fatal("the participants' filters do not filter")
		}
		if body := wantPage(t, w.b["admin"], "/admin/people?q=mina", 200); !strings.Contains(body, "Mina Mentee") || strings.Contains(body, "Morgan Mentor") {
			t.Fatal("the people search does not find by name")
		}

		names := []string{"Morgan Mentor", "Mina Mentee", w.mentor.Email, w.mentee.Email}
		checks := 0
		for _, payload := range sqlPayloads {
			for _, value := range []string{payload, "nobody" + payload} {
				q := url.QueryEscape(value)
				for _, path := range []string{
					prog + "/participants?q=" + q,
					prog + "/participants?role=" + q,
					prog + "/participants?status=" + q,
					prog + "/participants?role=mentee&status=" + q,
				} {
					checks++
					body := wantPage(t, w.b["coord"], path, 200)
					if !strings.Contains(body, "Nobody matches this filter") {
						t.Errorf("GET %s lists participants", path)
					}
					noLeak(t, "GET "+path, body, names[:2])
				}
				checks++
				path := "/admin/people?q=" + q
				body := wantPage(t, w.b["admin"], path, 200)
				if !strings.Contains(body, "Nobody matches") {
					t.Errorf("GET %s lists people", path)
				}
				noLeak(t, "GET "+path, body, names)
				for _, param := range []string{"q", "role", "status"} {
					checks++
					path := fmt.Sprintf("/api/v1/programmes/%d/participants?%s=%s", p.ID, param, q)
					status, raw := api.raw("GET", path, "")
					if status != 200 || strings.TrimSpace(raw) != "[]" {
						t.Errorf("GET %s: %d %s", path, status, raw)
					}
				}
			}
		}
		if n, err := w.env.Store.CountUsers(ctx); err != nil || n != users {
			t.Fatalf("users after the payloads: %d (%v), want %d", n, err, users)
		}
		t.Logf("%d payloads, %d requests", len(sqlPayloads), checks)
	})
}

func noLeak(t *testing.T, what, body string, names []string) {
	t.Helper()
	// The random CSRF token can spell "pgx" in any case: it is not an error.
	lower := strings.ToLower(csrfValue.ReplaceAllString(body, ""))
	for _, bad := range sqlErrorText {
		if strings.Contains(lower, bad) {
			t.Errorf("%s shows %q", what, bad)
		}
	}
	for _, n := range names {
		if strings.Contains(body, n) {
			t.Errorf("%s shows %s", what, n)
		}
	}
}

// raw calls the API and returns the status and the body as text.
func (c *apiClient) raw(method, path, body string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.b.srv.URL+path, strings.NewReader(body))
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.b.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}
