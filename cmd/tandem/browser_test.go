package main

// The browser suite: real Chromium, driven by chromedp, against the real
// server started through run(). It walks the journey a new organisation takes
// (set up, configure, open a programme, someone joins, the admin sees them)
// and asserts what a person sees at each step.
//
// It needs Chromium: $TANDEM_CHROMIUM, /usr/bin/chromium, or chromium,
// chromium-browser or google-chrome on PATH. Without one it skips, unless
// TANDEM_REQUIRE_BROWSER=1, when it fails. TANDEM_SCREENSHOTS names a folder
// for full-page PNG screenshots; unset, none are taken.
//
//	TANDEM_REQUIRE_BROWSER=1 TANDEM_SCREENSHOTS=/tmp/shots go test ./cmd/tandem/ -run Browser -v

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserTimeout bounds a whole browser test, so a stall fails instead of
// hanging; browserStepTimeout bounds one action (a wait for an element that
// never comes fails in seconds, naming the element).
const (
	browserTimeout     = 60 * time.Second
	browserStepTimeout = 10 * time.Second
)

func TestBrowserJourney(t *testing.T) {
	chromium := browserExecPath(t)
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	base := browserStartServer(t)
	b := newBrowserSession(t, ctx, chromium, base)

	const (
		orgName    = "Institute of Examples"
		adminName  = "Ada Admin"
		adminEmail = "ada@example.org"
		adminPass  = "correct horse battery"
		menteeName = "Mina Mentee"
		menteeMail = "mina@example.org"
		menteePass = "staple paper clip river"
		programme  = "PaLS mentoring scheme"
		topics     = "thesis writing, academic careers"
	)
	var (
		h1           = cssEl("main h1")
		flash        = cssEl("main .flash")
		programmeURL string // /programmes/{id}, once created
	)

	// Each step needs the one before it, so the journey stops at the first failure.
	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("fresh server sends a visitor to setup", func(t *testing.T) {
		b.open(t, "/")
		b.wantPath(t, "/setup")
		b.wantText(t, h1, "Set up Tandem")
		b.screenshot(t, "01-setup")
	})

	step("setup creates the organisation and its admin", func(t *testing.T) {
		b.typeInto(t, "org_name", orgName)
		b.typeInto(t, "name", adminName)
		b.typeInto(t, "email", adminEmail)
		b.typeInto(t, "password", adminPass)
		b.submit(t, textEl("button", "Create organisation and admin"))
		b.wantPath(t, "/admin/organisation")
		b.wantText(t, h1, "Organisation settings")
		b.wantTextContains(t, flash, "You are the organisation's admin.")
		b.wantText(t, cssEl("header.site .logo"), "Tandem · "+orgName)
		if got := b.value(t, "name"); got != orgName {
			t.Errorf("organisation name field = %q, want %q", got, orgName)
		}
	})

	step("admin saves departments", func(t *testing.T) {
		if got := b.value(t, "departments"); got != "" {
			t.Fatalf("a new organisation's departments = %q, want none yet", got)
		}
		b.typeInto(t, "departments", "Physics\nHistory")
		b.submit(t, textEl("button", "Save settings"))
		b.wantPath(t, "/admin/organisation")
		b.wantText(t, flash, "The organisation's settings are saved.")
		if got := b.value(t, "departments"); got != "Physics\nHistory" {
			t.Errorf("departments after saving = %q, want %q", got, "Physics\nHistory")
		}
	})

	step("admin creates a programme from the PaLS template", func(t *testing.T) {
		b.open(t, "/programmes/new")
		b.wantText(t, h1, "New programme")
		create := cssEl(`form:has(input[name="template"][value="pals"]) button[type="submit"]`)
		b.wantText(t, create, "Create from this template")
		b.submit(t, create)
		path := b.wantPathMatch(t, `^/programmes/[0-9]+/edit$`)
		programmeURL = strings.TrimSuffix(path, "/edit")
		b.wantText(t, h1, "Programme settings")
		if got := b.value(t, "name"); got != programme {
			t.Errorf("programme name field = %q, want %q", got, programme)
		}
		b.screenshot(t, "02-programme-settings")
	})

	step("admin saves the programme's settings", func(t *testing.T) {
		b.submit(t, textEl("button", "Save settings"))
		b.wantPath(t, programmeURL)
		b.wantText(t, flash, "The programme's settings are saved.")
		b.wantText(t, h1, programme)
	})

	step("admin signs out", func(t *testing.T) {
		b.signOut(t)
	})

	step("a second person signs up", func(t *testing.T) {
		b.open(t, "/signup")
		b.wantText(t, h1, "Create your account")
		b.typeInto(t, "name", menteeName)
		b.typeInto(t, "email", menteeMail)
		b.typeInto(t, "password", menteePass)
		b.submit(t, textEl("button", "Create account"))
		b.wantPath(t, "/programmes")
		b.wantText(t, flash, "Welcome to Tandem, "+menteeName+". Choose a programme to join.")
		if b.present(t, `header.site a[href="/admin/organisation"]`) {
			t.Error("a participant's header shows the admin's Organisation link")
		}
	})

	step("the new person opens the programme and its join form", func(t *testing.T) {
		b.open(t, "/programmes")
		b.follow(t, textEl("a", programme))
		b.wantPath(t, programmeURL)
		b.wantText(t, h1, programme)
		b.follow(t, textEl("a", "Join this programme"))
		b.wantPath(t, programmeURL+"/join")
		b.wantText(t, h1, "Join "+programme)
	})

	step("a refused join keeps what was typed", func(t *testing.T) {
		b.click(t, cssEl(`input[name="roles"][value="mentee"]`))
		b.choose(t, "career_stage", "phd")
		b.typeInto(t, "topics", topics)
		// No department chosen.
		if status := b.submit(t, textEl("button", "Join")); status < 400 || status >= 500 {
			t.Errorf("refused join answered %d, want a 4xx", status)
		}
		b.wantPath(t, programmeURL+"/join")
		b.wantText(t, cssEl(`main [role="alert"]`), "Please correct the highlighted field.")
		b.wantText(t, cssEl("#department-error"), "Choose your department.")
		if got := b.attr(t, "department", "aria-invalid"); got != "true" {
			t.Errorf("department aria-invalid = %q, want \"true\"", got)
		}
		if got := b.value(t, "topics"); got != topics {
			t.Errorf("topics after the refusal = %q, want what was typed, %q", got, topics)
		}
		if got := b.value(t, "career_stage"); got != "phd" {
			t.Errorf("career stage after the refusal = %q, want \"phd\"", got)
		}
		if !b.checked(t, `input[name="roles"][value="mentee"]`) {
			t.Error("the mentee box is no longer ticked after the refusal")
		}
		b.screenshot(t, "03-join-error")
	})

	step("the new person joins as a mentee", func(t *testing.T) {
		b.choose(t, "department", "History")
		b.submit(t, textEl("button", "Join"))
		b.wantPath(t, programmeURL)
		b.wantText(t, flash, "You have joined "+programme+".")
		b.wantText(t, cssEl("main table tbody tr td"), "Mentee")
	})

	step("the new person signs out and the admin signs in", func(t *testing.T) {
		b.signOut(t)
		b.typeInto(t, "email", adminEmail)
		b.typeInto(t, "password", adminPass)
		b.submit(t, textEl("button", "Sign in"))
		b.wantPath(t, "/")
		b.wantText(t, h1, "Hello, "+adminName)
	})

	step("the admin sees the mentee among the participants", func(t *testing.T) {
		b.open(t, programmeURL)
		b.follow(t, textEl("a", "Participants"))
		b.wantPath(t, programmeURL+"/participants")
		b.wantText(t, h1, "Participants")
		want := []string{menteeName + "\n" + menteeMail, "Mentee", "History", "PhD student", topics, "Approved"}
		cells := b.rowCells(t, fmt.Sprintf(`//main//table/tbody/tr[td[1][contains(., %q)]]`, menteeName))
		if len(cells) < len(want) {
			t.Fatalf("participant row has cells %q, want at least %q", cells, want)
		}
		for i, w := range want {
			if cells[i] != w {
				t.Errorf("participant row cell %d = %q, want %q", i, cells[i], w)
			}
		}
		b.screenshot(t, "04-participants")
	})

	step("participants and dashboard fit a phone", func(t *testing.T) {
		b.phone(t)
		b.open(t, programmeURL+"/participants")
		b.wantText(t, h1, "Participants")
		b.noHorizontalOverflow(t)
		b.screenshot(t, "05-participants-phone")
		b.open(t, "/")
		b.wantText(t, h1, "Hello, "+adminName)
		b.noHorizontalOverflow(t)
		b.screenshot(t, "06-dashboard-phone")
	})
}

// browserExecPath finds Chromium, or skips the test (fails it when
// TANDEM_REQUIRE_BROWSER=1).
func browserExecPath(t *testing.T) string {
	t.Helper()
	required := os.Getenv("TANDEM_REQUIRE_BROWSER") == "1"
	if testing.Short() && !required {
		t.Skip("browser suite skipped in -short mode")
	}
	if p := os.Getenv("TANDEM_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("TANDEM_CHROMIUM=%s is not an executable: %v", p, err)
		}
		return p
	}
	candidates := []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	msg := "no Chromium found (looked for $TANDEM_CHROMIUM, " + strings.Join(candidates, ", ") + "); set TANDEM_CHROMIUM to run the browser suite"
	if required {
		t.Fatal(msg + "; TANDEM_REQUIRE_BROWSER=1 requires it")
	}
	t.Skip(msg)
	return ""
}

// browserLog collects the output of the server or the browser, which write
// from their own goroutines, to show it when a test fails.
type browserLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *browserLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *browserLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// browserStartServer runs `tandem serve` in-process on a free port with a
// fresh SQLite folder, waits until /healthz answers 200, and returns the base
// URL. At cleanup it stops the server and waits for run to return.
func browserStartServer(t *testing.T) string {
	t.Helper()
	return browserServe(t, t.TempDir())
}

// browserServe is browserStartServer over an existing data folder (the demo's, say).
func browserServe(t *testing.T, dataDir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var out browserLog
	args := []string{"serve", "--addr", addr, "--data", dataDir}
	noEnv := func(string) string { return "" } // the developer's TANDEM_* settings must not leak in
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, noEnv, strings.NewReader(""), &out, &out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("tandem serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("tandem serve did not stop within 10s of cancellation")
		}
		if t.Failed() {
			t.Logf("server output:\n%s", out.String())
		}
	})

	base := "http://" + addr
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(15 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("tandem serve stopped before answering: %v\n%s", err, out.String())
		default:
		}
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /healthz did not answer 200 within 15s (last: %v)\n%s", err, out.String())
		}
		time.Sleep(wait) // back off between polls of a condition
	}
}

// element is something on the page a person can read or press, found by a
// selector of any kind (chromedp's selector types are generic, its actions
// are not).
type element struct {
	desc  string
	click chromedp.Action[chromedp.Void]
	text  chromedp.Action[string]
}

// cssEl is the first element matching a CSS selector.
func cssEl(sel string) element {
	return element{desc: sel, click: chromedp.Click(chromedp.CSS(sel)), text: chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)}
}

// textEl is the first <tag> whose visible text, trimmed, is text: what a
// person reads on the button or link they press.
func textEl(tag, text string) element {
	return xpathEl(fmt.Sprintf(`//%s[normalize-space()=%q]`, tag, text))
}

// xpathEl is the first element matching an XPath expression.
func xpathEl(xpath string) element {
	return element{desc: xpath, click: chromedp.Click(chromedp.Search(xpath)), text: chromedp.Text(chromedp.Search(xpath), chromedp.NodeVisible)}
}

// browserSession is one headless Chromium tab pointed at the server.
type browserSession struct {
	ctx   context.Context
	base  string
	shots string // folder for screenshots; "" takes none
}

// step is the context for one action: the tab's, bounded by browserStepTimeout.
func (b *browserSession) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, browserStepTimeout)
}

func newBrowserSession(t *testing.T, ctx context.Context, chromium, base string) *browserSession {
	t.Helper()
	var out browserLog
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox, // the test machine runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// No network here: nothing may try to reach it.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for Chromium to exit, before its user-data-dir is removed
		if t.Failed() {
			var kept []string // less the D-Bus complaints of a machine without a desktop
			for line := range strings.Lines(out.String()) {
				if !strings.Contains(line, "dbus") {
					kept = append(kept, line)
				}
			}
			t.Logf("chromium output:\n%s", strings.Join(kept, ""))
		}
	})
	// Start the browser now, so a start-up failure reads as one.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return &browserSession{ctx: tabCtx, base: base, shots: os.Getenv("TANDEM_SCREENSHOTS")}
}

// open loads path and fails unless the final response (after redirects) is 200.
func (b *browserSession) open(t *testing.T, path string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("open %s: status %d (%s)", path, resp.Status, resp.URL)
	}
}

// submit presses a form's button, waits for the next page to load, and
// returns its status. A 5xx fails the test; a refusal (4xx) is the caller's to judge.
func (b *browserSession) submit(t *testing.T, button element) int64 {
	t.Helper()
	status := b.clickAndLoad(t, button)
	if status >= 500 {
		t.Fatalf("pressing %s: status %d", button.desc, status)
	}
	return status
}

// follow clicks a link and fails unless the next page answers 200.
func (b *browserSession) follow(t *testing.T, link element) {
	t.Helper()
	if status := b.clickAndLoad(t, link); status != http.StatusOK {
		t.Fatalf("following %s: status %d", link.desc, status)
	}
}

func (b *browserSession) clickAndLoad(t *testing.T, el element) int64 {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, el.click)
	if err != nil {
		t.Fatalf("click %s: %v", el.desc, err)
	}
	if resp == nil {
		t.Fatalf("click %s: no page loaded", el.desc)
	}
	return resp.Status
}

// click clicks something that does not load a page, such as a checkbox.
func (b *browserSession) click(t *testing.T, el element) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, el.click); err != nil {
		t.Fatalf("click %s: %v", el.desc, err)
	}
}

// typeInto types text into the field with this id, as keystrokes.
func (b *browserSession) typeInto(t *testing.T, id, text string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID(id), text)); err != nil {
		t.Fatalf("type into #%s: %v", id, err)
	}
}

// choose picks the option with this value in the <select> with this id.
func (b *browserSession) choose(t *testing.T, id, value string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID(id), value)); err != nil {
		t.Fatalf("choose %q in #%s: %v", value, id, err)
	}
}

// value is the current value of the field with this id.
func (b *browserSession) value(t *testing.T, id string) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("value of #%s: %v", id, err)
	}
	return v
}

func (b *browserSession) attr(t *testing.T, id, name string) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID(id), name))
	if err != nil {
		t.Fatalf("attribute %s of #%s: %v", name, id, err)
	}
	return r.Value
}

func (b *browserSession) checked(t *testing.T, css string) bool {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).checked`, css)))
	if err != nil {
		t.Fatalf("is %s checked: %v", css, err)
	}
	return v
}

// present reports whether the loaded page has an element matching css; it does not wait.
func (b *browserSession) present(t *testing.T, css string) bool {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q) !== null`, css)))
	if err != nil {
		t.Fatalf("look for %s: %v", css, err)
	}
	return v
}

// text waits for the element to be visible and returns its visible text,
// with runs of white space (line breaks, non-breaking spaces) as one space:
// the words a person reads, not where the layout breaks them.
func (b *browserSession) text(t *testing.T, el element) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	got, err := chromedp.Run(ctx, el.text)
	if err != nil {
		t.Fatalf("text of %s: %v", el.desc, err)
	}
	return strings.Join(strings.Fields(got), " ")
}

func (b *browserSession) wantText(t *testing.T, el element, want string) {
	t.Helper()
	if got := b.text(t, el); got != want {
		t.Errorf("%s shows %q, want %q", el.desc, got, want)
	}
}

func (b *browserSession) wantTextContains(t *testing.T, el element, want string) {
	t.Helper()
	if got := b.text(t, el); !strings.Contains(got, want) {
		t.Errorf("%s shows %q, want it to contain %q", el.desc, got, want)
	}
}

// rowCells waits for the table row at xpath and returns each cell's visible text.
func (b *browserSession) rowCells(t *testing.T, xpath string) []string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.Search(xpath))); err != nil {
		t.Fatalf("wait for row %s: %v", xpath, err)
	}
	expr := fmt.Sprintf(`Array.from(document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.cells, c => c.innerText.trim())`, xpath)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr))
	if err != nil {
		t.Fatalf("cells of %s: %v", xpath, err)
	}
	return got
}

func (b *browserSession) wantPath(t *testing.T, want string) {
	t.Helper()
	if got := b.path(t); got != want {
		t.Fatalf("the browser is at %s, want %s", got, want)
	}
}

func (b *browserSession) wantPathMatch(t *testing.T, pattern string) string {
	t.Helper()
	got := b.path(t)
	if !regexp.MustCompile(pattern).MatchString(got) {
		t.Fatalf("the browser is at %s, want a path matching %s", got, pattern)
	}
	return got
}

// path is the current location without the scheme and host.
func (b *browserSession) path(t *testing.T) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	if !strings.HasPrefix(loc, b.base+"/") {
		t.Fatalf("the browser left the server: %s", loc)
	}
	return strings.TrimPrefix(loc, b.base)
}

// signOut presses the header's Sign out button and checks the person is signed out.
func (b *browserSession) signOut(t *testing.T) {
	t.Helper()
	b.submit(t, xpathEl(`//header//button[normalize-space()="Sign out"]`))
	b.wantPath(t, "/signin")
	b.wantText(t, cssEl("main .flash"), "You are signed out.")
	b.wantText(t, cssEl("main h1"), "Sign in")
}

// phone switches the tab to a 390×844 phone viewport for the rest of the test.
func (b *browserSession) phone(t *testing.T) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)); err != nil {
		t.Fatalf("emulate a phone: %v", err)
	}
}

// noHorizontalOverflow fails when the page is wider than the viewport, so a
// phone user would have to scroll the whole page sideways. A wide table may
// scroll inside its own .table-wrap box; the page must not.
func (b *browserSession) noHorizontalOverflow(t *testing.T) {
	t.Helper()
	type measure struct {
		Page     int      `json:"page"`
		Viewport int      `json:"viewport"`
		Wide     []string `json:"wide"`
	}
	ctx, cancel := b.step()
	defer cancel()
	m, err := chromedp.Run(ctx, chromedp.Evaluate[measure](`(() => {
		const vw = document.documentElement.clientWidth;
		const wide = [];
		for (const el of document.querySelectorAll("body *")) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && (r.right > vw + 1 || r.left < -1) && !el.closest(".table-wrap")) {
				const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
				wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " right=" + Math.round(r.right));
			}
		}
		return {page: document.documentElement.scrollWidth, viewport: vw, wide: wide.slice(0, 8)};
	})()`))
	if err != nil {
		t.Fatalf("measure the page: %v", err)
	}
	if m.Page > m.Viewport {
		t.Errorf("%s is %dpx wide in a %dpx viewport; elements past the edge: %q", b.path(t), m.Page, m.Viewport, m.Wide)
	}
}

// screenshot saves a full-page PNG as $TANDEM_SCREENSHOTS/name.png, if that is set.
func (b *browserSession) screenshot(t *testing.T, name string) {
	t.Helper()
	if b.shots == "" {
		return
	}
	ctx, cancel := b.step()
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(img)); err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", name, err)
	}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(file, img, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}
