package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

type apiClient struct {
	t     *testing.T
	b     *browser
	token string
}

func (c *apiClient) do(method, path, contentType string, body string) (int, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.b.srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.b.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
		}
	}
	return resp.StatusCode, out
}

func (c *apiClient) json(method, path, body string) (int, map[string]any) {
	return c.do(method, path, "application/json", body)
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func TestAPIJourney(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		setupAdmin(t, b)
		anon := &apiClient{t: t, b: newBrowser(t, b.srv)}
		if st, body := anon.json("GET", "/api/v1/programmes", ""); st != 401 || errCode(body) != "unauthorized" {
			t.Fatalf("anonymous list: %d %v", st, body)
		}
		if st, body := anon.json("GET", "/api/v1/nowhere", ""); st != 404 || errCode(body) != "not_found" {
			t.Fatalf("unknown endpoint: %d %v", st, body)
		}
		st, body := anon.json("POST", "/api/v1/signup", `{"name":"","email":"x","password":"y"}`)
		fields, _ := body["error"].(map[string]any)["fields"].(map[string]any)
		if st != 422 || errCode(body) != "invalid" || fields["email"] == nil || fields["password"] == nil {
			t.Fatalf("invalid sign-up: %d %v", st, body)
		}
		if st, body := anon.json("POST", "/api/v1/signup", `{"name":"A","emali":"typo"}`); st != 422 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "emali") {
			t.Fatalf("unknown field: %d %v", st, body)
		}

		// The admin signs in by session cookie and makes a token.
		admin := &apiClient{t: t, b: newBrowser(t, b.srv)}
		if st, _ := admin.json("POST", "/api/v1/session", `{"email":"admin@northfield.test","password":"`+testutil.Password+`"}`); st != 200 {
			t.Fatalf("sign in: %d", st)
		}
		st, body = admin.json("POST", "/api/v1/tokens", `{"name":"ci"}`)
		if st != 201 {
			t.Fatalf("token: %d %v", st, body)
		}
		script := &apiClient{t: t, b: newBrowser(t, b.srv), token: body["token"].(string)}
		st, body = script.json("PUT", "/api/v1/organisation", `{"name":"Northfield University","departments":["Physics","History"],"career_stages":["PhD student","Postdoc","Professor"],"support_links":[],"time_zone":"Europe/London"}`)
		if st != 200 {
			t.Fatalf("organisation: %d %v", st, body)
		}
		st, body = script.json("POST", "/api/v1/programmes", `{"template":"pals","name":"PaLS 2027"}`)
		if st != 201 || body["name"] != "PaLS 2027" {
			t.Fatalf("create programme: %d %v", st, body)
		}
		id := jsonID(body["id"])
		if st, body := script.json("PUT", "/api/v1/programmes/"+id, `{"term_months":0}`); st != 422 || errCode(body) != "invalid" {
			t.Fatalf("bad update: %d %v", st, body)
		}
		if st, body := script.json("PUT", "/api/v1/programmes/"+id, `{"term_months":18}`); st != 200 || body["term_months"].(float64) != 18 || body["name"] != "PaLS 2027" {
			t.Fatalf("partial update: %d %v", st, body)
		}

		// A participant signs up and joins.
		p := &apiClient{t: t, b: newBrowser(t, b.srv)}
		if st, body := p.json("POST", "/api/v1/signup", `{"name":"Pat Participant","email":"pat@northfield.test","password":"`+testutil.Password+`"}`); st != 201 {
			t.Fatalf("sign-up: %d %v", st, body)
		}
		if st, body := p.json("POST", "/api/v1/programmes/"+id+"/join", `{"roles":["mentee"],"profile":{"department":"History","career_stage":"phd","topics":["grants"]}}`); st != 201 {
			t.Fatalf("join: %d %v", st, body)
		}
		if st, body := p.json("GET", "/api/v1/programmes/"+id+"/participants", ""); st != 403 || errCode(body) != "forbidden" {
			t.Fatalf("participant listing participants: %d %v", st, body)
		}
		st, _ = script.do("POST", "/api/v1/programmes/"+id+"/participants/import", "text/csv", "email,name,role\nbad,B,mentee\n")
		if st != 422 {
			t.Fatalf("bad import: %d", st)
		}
		req, _ := http.NewRequest("GET", b.srv.URL+"/api/v1/programmes/"+id+"/participants.csv", nil)
		req.Header.Set("Authorization", "Bearer "+script.token)
		resp, err := script.b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		csv, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(csv), "pat@northfield.test,Pat Participant,mentee,History,phd") {
			t.Fatalf("export:\n%s", csv)
		}
		if st, _ := script.json("GET", "/api/v1/openapi.json", ""); st != 200 {
			t.Fatalf("openapi: %d", st)
		}
	})
}

func jsonID(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
