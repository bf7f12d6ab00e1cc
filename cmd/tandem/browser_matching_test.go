package main

// The coordinator's matching journey (issue 3) in real Chromium: import
// participants from a CSV file, read the proposal and why each pair is made,
// rule a pair out, pin a pair by hand, and publish the introductions. It
// reuses browser_test.go's server, browser and selector helpers, and skips or
// fails without Chromium just as that suite does.
//
//	TANDEM_REQUIRE_BROWSER=1 TANDEM_SCREENSHOTS=/tmp/shots go test ./cmd/tandem/ -run BrowserMatching -v
//
// TANDEM_WRITE_README_SCREENSHOT=1 also writes docs/screenshot.png, the
// README's picture of the matching page; ordinary runs leave the repository alone.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// matchingCSV is the programme's participants. Under PaLS's rules (mentor
// more senior, from another department) the proposal follows from it:
//   - Nadia (PhD, History) can only have Priya: Marco is in History too.
//   - Omar (postdoc) and Hana (PhD), both in Chemistry, may have either, and
//     Marco scores higher for both: he teaches, their topic, and is two career
//     stages above Omar (the ideal gap) where Priya is four or six.
//   - Lena (lecturer, Physics) can have nobody: Marco is not more senior than
//     her, and Priya, the one who is, is in Physics too.
const matchingCSV = `email,name,role,department,career_stage,topics,capacity
priya@example.org,Priya Patel,mentor,Physics,professor,grant writing;leadership,3
marco@example.org,Marco Rossi,mentor,History,lecturer,teaching;work-life balance,2
nadia@example.org,Nadia Novak,mentee,History,phd,grant writing,
omar@example.org,Omar Osei,mentee,Chemistry,postdoc,teaching,
hana@example.org,Hana Hall,mentee,Chemistry,phd,teaching;grant writing,
lena@example.org,Lena Lopez,mentee,Physics,lecturer,leadership,
`

func TestBrowserMatching(t *testing.T) {
	chromium := browserExecPath(t)
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	base := browserStartServer(t)
	b := newBrowserSession(t, ctx, chromium, base)

	const (
		priya = "Priya Patel"
		marco = "Marco Rossi"
		nadia = "Nadia Novak"
		omar  = "Omar Osei"
		hana  = "Hana Hall"
		lena  = "Lena Lopez"
	)
	var (
		h1          = cssEl("main h1")
		flash       = cssEl("main .flash")
		proposed    = xpathEl(`//main//dl[contains(@class,"facts")]/dt[normalize-space()="Proposed"]/following-sibling::dd[1]`)
		waiting     = xpathEl(`//main//dl[contains(@class,"facts")]/dt[normalize-space()="Mentees waiting"]/following-sibling::dd[1]`)
		matchingURL string // /programmes/{id}/matching, once the programme exists
	)

	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("admin sets up the organisation with three departments", func(t *testing.T) {
		b.open(t, "/setup")
		b.typeInto(t, "org_name", "Institute of Examples")
		b.typeInto(t, "name", "Ada Admin")
		b.typeInto(t, "email", "ada@example.org")
		b.typeInto(t, "password", "correct horse battery")
		b.submit(t, textEl("button", "Create organisation and admin"))
		b.wantPath(t, "/admin/organisation")
		b.typeInto(t, "departments", "Physics\nHistory\nChemistry")
		b.submit(t, textEl("button", "Save settings"))
		b.wantText(t, flash, "The organisation's settings are saved.")
	})

	step("admin creates a PaLS programme", func(t *testing.T) {
		b.open(t, "/programmes/new")
		b.submit(t, cssEl(`form:has(input[name="template"][value="pals"]) button[type="submit"]`))
		path := b.wantPathMatch(t, `^/programmes/[0-9]+/edit$`)
		matchingURL = strings.TrimSuffix(path, "/edit") + "/matching"
	})

	step("admin imports participants from a CSV file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "participants.csv")
		if err := os.WriteFile(file, []byte(matchingCSV), 0o644); err != nil {
			t.Fatal(err)
		}
		b.open(t, strings.TrimSuffix(matchingURL, "/matching")+"/participants")
		b.wantText(t, h1, "Participants")
		b.upload(t, "file", file)
		if status := b.submit(t, textEl("button", "Import")); status != http.StatusOK {
			t.Errorf("import answered %d, want 200", status)
		}
		b.wantTextContains(t, flash, "Imported 6 rows: 6 new accounts, 6 new participant roles.")
		b.wantText(t, cssEl("main table caption"), "6 participants")
	})

	step("the proposal pairs everyone the rules allow, and says why", func(t *testing.T) {
		b.open(t, matchingURL)
		b.wantText(t, h1, "Matching")
		b.wantText(t, waiting, "4")
		b.wantTextContains(t, proposed, "3 pairs, total score ")
		b.wantTextContains(t, cssEl("main .badge.approved"), "verified optimal")
		b.wantPairs(t, map[string]string{nadia: priya, omar: marco, hana: marco})
		rows := b.sectionRows(t, "Left unmatched")
		if len(rows) != 1 || !strings.HasPrefix(rows[0][0], lena+"\n") {
			t.Fatalf("left unmatched: %q, want one row, %s", rows, lena)
		}
		const why = "No eligible mentor more senior than them in another department."
		if rows[0][1] != why {
			t.Errorf("%s is unmatched because %q, want %q", lena, rows[0][1], why)
		}
		if rows[0][2] != "No allowed mentor" {
			t.Errorf("%s's pin-by-hand cell shows %q, want \"No allowed mentor\"", lena, rows[0][2])
		}
		b.wantText(t, textEl("button", "Publish 3 introductions"), "Publish 3 introductions")
		b.wantText(t, xpathEl(`//main//h2[normalize-space()="Introductions and partnerships"]/following-sibling::div[1]`),
			"No introductions yet. Publish the proposal above to introduce each pair.")
		b.screenshot(t, "matching-01-proposal")
		b.readmeScreenshot(t)
	})

	step("never pair takes a pair out of the proposal", func(t *testing.T) {
		b.submit(t, cssEl(`button[aria-label="Never pair `+hana+` with `+marco+`"]`))
		b.wantPath(t, matchingURL)
		b.wantText(t, flash, "Ruled out. The proposal below never makes this pair.")
		// Hana's other allowed mentor is Priya, who has room.
		b.wantPairs(t, map[string]string{nadia: priya, omar: marco, hana: priya})
		b.wantText(t, xpathEl(`//main//h2[normalize-space()="Pairs you ruled out"]/following-sibling::ul[1]/li`),
			hana+" and "+marco+" Allow again")
		for _, o := range b.pinOptions(t, hana) {
			if strings.HasPrefix(o, marco) {
				t.Errorf("%s's pin choices still offer %q, a pair ruled out", hana, o)
			}
		}
	})

	step("a pin overrides the proposal", func(t *testing.T) {
		b.pinTo(t, omar, priya)
		b.wantPath(t, matchingURL)
		b.wantText(t, flash, "Pinned. The proposal below keeps this pair.")
		b.wantPairs(t, map[string]string{nadia: priya, omar: priya, hana: priya})
		for _, r := range b.sectionRows(t, "Proposed pairs") {
			if pinned := strings.HasSuffix(r[2], "\npinned"); pinned != strings.HasPrefix(r[0], omar+"\n") {
				t.Errorf("row %q: score cell %q; want the pinned badge on %s's row only", r[0], r[2], omar)
			}
		}
		b.wantText(t, xpathEl(`//main//form[contains(@action,"/matching/clear")]/button[normalize-space()="Unpin"]`), "Unpin")
	})

	step("publishing introduces every proposed pair", func(t *testing.T) {
		b.submit(t, textEl("button", "Publish 3 introductions"))
		b.wantPath(t, matchingURL)
		b.wantText(t, flash, "Published: 3 introductions made. Each pair now meets to align expectations.")
		rows := b.sectionRows(t, "Introductions and partnerships")
		got := map[string]string{}
		for _, r := range rows {
			if len(r) < 3 || r[2] != "Introduced" {
				t.Errorf("partnership row %q, want the state \"Introduced\"", r)
				continue
			}
			got[r[0]] = r[1]
		}
		want := map[string]string{nadia: priya, omar: priya, hana: priya}
		if fmt.Sprint(got) != fmt.Sprint(want) || len(rows) != len(want) {
			t.Errorf("introductions (mentee: mentor) = %v in %d rows, want %v", got, len(rows), want)
		}
	})

	step("nothing waits for the introduced mentees", func(t *testing.T) {
		b.wantText(t, waiting, "1")
		b.wantTextContains(t, proposed, "0 pairs")
		if rows := b.sectionRows(t, "Proposed pairs"); rows != nil {
			t.Errorf("proposed pairs after publishing: %q, want none", rows)
		}
		b.wantText(t, xpathEl(`//main//h2[normalize-space()="Proposed pairs"]/following-sibling::div[1]`),
			"No pair can be made under the programme's rules. The reasons are below.")
		if b.present(t, `form[action$="/matching/publish"]`) {
			t.Error("the publish button is still there with nothing to publish")
		}
		rows := b.sectionRows(t, "Left unmatched")
		if len(rows) != 1 || !strings.HasPrefix(rows[0][0], lena+"\n") {
			t.Errorf("left unmatched after publishing: %q, want %s alone", rows, lena)
		}
		b.screenshot(t, "matching-02-published")
	})
}

// upload sets the file of the file input with this id.
func (b *browserSession) upload(t *testing.T, id, file string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID(id), []string{file})); err != nil {
		t.Fatalf("choose %s in #%s: %v", file, id, err)
	}
}

// sectionRows waits for the h2 with this text and returns the text of each
// cell of each body row of the table right after it: its lines, each with
// white space collapsed, joined by "\n"; nil when no table follows the heading
// (an empty state instead).
func (b *browserSession) sectionRows(t *testing.T, heading string) [][]string {
	t.Helper()
	h2 := fmt.Sprintf(`//main//h2[normalize-space()=%q]`, heading)
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.Search(h2))); err != nil {
		t.Fatalf("wait for the heading %q: %v", heading, err)
	}
	expr := fmt.Sprintf(`(() => {
		const h = document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
		const next = h.nextElementSibling;
		const table = next && (next.tagName === "TABLE" ? next : next.querySelector(":scope > table"));
		if (!table) return null;
		return Array.from(table.tBodies[0].rows, r => Array.from(r.cells, c => c.innerText.split("\n").map(l => l.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n")));
	})()`, h2)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](expr))
	if err != nil {
		t.Fatalf("rows under %q: %v", heading, err)
	}
	return rows
}

// wantPairs checks the proposed pairs, mentee to mentor, and that each row
// gives a score and an explanation that names PaLS's department rule.
func (b *browserSession) wantPairs(t *testing.T, want map[string]string) {
	t.Helper()
	rows := b.sectionRows(t, "Proposed pairs")
	got := map[string]string{}
	for _, r := range rows {
		if len(r) < 4 {
			t.Errorf("proposed pair row %q has %d cells, want 5", r, len(r))
			continue
		}
		// A person's cell is their name, then a line with their department and stage.
		mentee, _, _ := strings.Cut(r[0], "\n")
		mentor, _, _ := strings.Cut(r[1], "\n")
		got[mentee] = mentor
		score, _, _ := strings.Cut(r[2], "\n")
		if f, err := strconv.ParseFloat(score, 64); err != nil || f < 0 || f > 1 {
			t.Errorf("the pair %s and %s shows the score %q, want a number from 0 to 1", mentee, mentor, r[2])
		}
		if !strings.HasPrefix(r[3], "Different department") {
			t.Errorf("the pair %s and %s is explained as %q, want it to start with \"Different department\"", mentee, mentor, r[3])
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(rows) != len(want) {
		t.Errorf("proposed pairs (mentee: mentor) = %v in %d rows, want %v", got, len(rows), want)
	}
}

// pinOptions lists the mentors offered in the mentee's "pin by hand"
// select, as shown: "Name (score)".
func (b *browserSession) pinOptions(t *testing.T, mentee string) []string {
	t.Helper()
	id := b.pinSelectID(t, mentee)
	ctx, cancel := b.step()
	defer cancel()
	opts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`Array.from(document.getElementById(%q).options, o => o.text)`, id)))
	if err != nil {
		t.Fatalf("pin choices for %s: %v", mentee, err)
	}
	return opts
}

// pinTo chooses the mentor in the mentee's "pin by hand" select and presses
// the Pin button beside it.
func (b *browserSession) pinTo(t *testing.T, mentee, mentor string) {
	t.Helper()
	id := b.pinSelectID(t, mentee)
	ctx, cancel := b.step()
	defer cancel()
	// On a proposed pair's row the choice sits behind "Another mentor": open it, as a person would.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const d = document.getElementById(%q).closest("details"); if (d) d.open = true; return true })()`, id))); err != nil {
		t.Fatalf("open %s's other mentors: %v", mentee, err)
	}
	expr := fmt.Sprintf(`Array.from(document.getElementById(%q).options).find(o => o.text.startsWith(%q + " ("))?.value ?? ""`, id, mentor)
	value, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("find %s among %s's pin choices: %v", mentor, mentee, err)
	}
	if value == "" {
		t.Fatalf("%s's pin choices %q do not offer %s", mentee, b.pinOptions(t, mentee), mentor)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID(id), value)); err != nil {
		t.Fatalf("choose %s for %s: %v", mentor, mentee, err)
	}
	b.submit(t, cssEl("#"+id+` ~ button[type="submit"]`))
}

// pinSelectID finds the mentee's "pin by hand" select by its label, the
// words a screen reader announces, and returns its id.
func (b *browserSession) pinSelectID(t *testing.T, mentee string) string {
	t.Helper()
	label := "Mentor to pin for " + mentee
	ctx, cancel := b.step()
	defer cancel()
	expr := fmt.Sprintf(`Array.from(document.querySelectorAll("main label"), l => l.textContent.trim() === %q && document.getElementById(l.htmlFor)?.tagName === "SELECT" ? l.htmlFor : "").find(Boolean) ?? ""`, label)
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("find the select labelled %q: %v", label, err)
	}
	if id == "" {
		t.Fatalf("no select labelled %q on %s", label, b.path(t))
	}
	return id
}

// readmeScreenshot writes docs/screenshot.png, the README's picture, when
// TANDEM_WRITE_README_SCREENSHOT=1: the page 1280 pixels wide, from the top
// to just below the "Left unmatched" table, so it shows the proposal, why
// each pair is made and why a mentee is not, and nothing further down.
func (b *browserSession) readmeScreenshot(t *testing.T) {
	t.Helper()
	if os.Getenv("TANDEM_WRITE_README_SCREENSHOT") != "1" {
		return
	}
	ctx, cancel := b.step()
	defer cancel()
	const end = `//main//h2[normalize-space()="Left unmatched"]/following-sibling::div[1]`
	bottom, err := chromedp.Run(ctx, chromedp.Evaluate[int64](fmt.Sprintf(
		`Math.ceil(document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.getBoundingClientRect().bottom + window.scrollY + 32)`, end)))
	if err != nil {
		t.Fatalf("README screenshot: measure the page: %v", err)
	}
	// A viewport as tall as the picture, then back to the window's own size.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, bottom)); err != nil {
		t.Fatalf("README screenshot: size the viewport: %v", err)
	}
	img, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err := errors.Join(err, chromedp.Do(ctx, chromedp.EmulateReset())); err != nil {
		t.Fatalf("README screenshot: %v", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("README screenshot is not a PNG: %v", err)
	}
	file := filepath.Join("..", "..", "docs", "screenshot.png") // go test runs in cmd/tandem
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, img, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("README screenshot: %s (%d×%d, %d KB)", file, cfg.Width, cfg.Height, len(img)/1024)
}
