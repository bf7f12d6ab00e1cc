package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestTextThatPostgreSQLRefuses sends a NUL character and bytes that are not
// UTF-8 (which PostgreSQL cannot store) in a form, a search, a sign-in and the
// API: each is an ordinary answer, never an internal error, on both engines.
func TestTextThatPostgreSQLRefuses(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		for _, v := range []string{"Mina\x00Mentee", "Mina\xffMentee", "\x00"} {
			if resp, body := w.b["mentee"].post("/profile", url.Values{"name": {v}, "department": {"History"}, "career_stage": {"phd"}}); resp.StatusCode >= 500 {
				t.Errorf("profile name %q: %d %s", v, resp.StatusCode, alertOf(body))
			}
			if resp, _ := w.b["admin"].get("/admin/people?q=" + url.QueryEscape(v)); resp.StatusCode != 200 {
				t.Errorf("people search %q: %d", v, resp.StatusCode)
			}
			if resp, _ := newBrowser(t, w.srv).post("/signin", url.Values{"email": {w.mentor.Email + v}, "password": {testutil.Password}}); resp.StatusCode >= 500 {
				t.Errorf("sign-in as %q: %d", w.mentor.Email+v, resp.StatusCode)
			}
			api := &apiClient{t: t, b: newBrowser(t, w.srv)}
			if status, out := api.json("POST", "/api/v1/signup", `{"name":"Nia\u0000New","email":"nia`+fmt.Sprint(len(v))+`@northfield.test","password":"correct horse battery"}`); status >= 500 {
				t.Errorf("API sign-up with a NUL in the name: %d %v", status, out)
			}
		}
		if u, _, err := w.env.Store.UserByEmail(context.Background(), w.mentee.Email); err != nil || strings.ContainsRune(u.Name, 0) {
			t.Errorf("the saved name %q (%v) holds a NUL", u.Name, err)
		}
	})
}
