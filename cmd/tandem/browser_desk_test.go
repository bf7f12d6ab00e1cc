package main

// The coordinator's desk (issue 7) in real Chromium, on the demo data: the
// dashboard's numbers agree with the JSON API over the same service, each
// number leads to the list behind it, the message to everyone unmatched is
// previewed then sent, the records find a person and show their history,
// and every page fits a phone.
//
//	TANDEM_REQUIRE_BROWSER=1 TANDEM_SCREENSHOTS=/tmp/shots go test ./cmd/tandem/ -run BrowserDesk -v

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// deskJSON is the part of GET /api/v1/programmes/{id}/dashboard the test
// holds the page to.
type deskJSON struct {
	Applicants int `json:"applicants_waiting"`
	Unmatched  []struct {
		UserID int64  `json:"user_id"`
		Name   string `json:"name"`
	} `json:"unmatched"`
	AtRisk       []any `json:"at_risk"`
	OpenConcerns int   `json:"open_concerns"`
	LivePairs    int   `json:"live_pairs"`
	Meetings     struct {
		Held int `json:"held"`
	} `json:"meetings"`
	Workload struct {
		Text string `json:"text"`
	} `json:"workload"`
	Upcoming []struct {
		ID int64 `json:"id"`
	} `json:"upcoming_events"`
	States []struct {
		Key   string `json:"key"`
		Count int    `json:"count"`
	} `json:"pairs_by_state"`
}

func TestBrowserDesk(t *testing.T) {
	chromium := browserExecPath(t)
	// Twice the usual bound: the demo loads first, and the phone pages are many.
	ctx, cancel := context.WithTimeout(t.Context(), 2*browserTimeout)
	defer cancel()
	dir := t.TempDir()
	if err := run(ctx, []string{"demo", "--data", dir}, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatalf("load the demo: %v", err)
	}
	base := browserServe(t, dir)
	b := newBrowserSession(t, ctx, chromium, base)
	h1 := cssEl("main h1")
	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	var desk string // /programmes/{id}/desk of PaLS
	var want deskJSON

	step("the coordinator opens PaLS's desk from the home page", func(t *testing.T) {
		b.open(t, "/signin")
		b.typeInto(t, "email", demoCoordinator)
		b.typeInto(t, "password", demoPassword)
		b.submit(t, textEl("button", "Sign in"))
		b.follow(t, xpathEl(`//a[contains(@href, "/desk") and contains(normalize-space(), "PaLS mentoring scheme")]`))
		desk = b.wantPathMatch(t, `^/programmes/\d+/desk$`)
		b.wantText(t, h1, "Desk PaLS mentoring scheme")
		want = b.getJSON(t, "/api/v1"+strings.TrimSuffix(desk, "/desk")+"/dashboard")
		if want.LivePairs < 5 || len(want.AtRisk) == 0 || len(want.Unmatched) == 0 {
			t.Fatalf("the demo's PaLS should have live pairs, pairs at risk and people unmatched: %+v", want)
		}
		b.screenshot(t, "desk-01-dashboard")
	})

	step("the numbers are the service's", func(t *testing.T) {
		stat := func(href string) string {
			return b.text(t, cssEl(fmt.Sprintf(`ul.stats a[href=%q] .n`, href)))
		}
		prog := strings.TrimSuffix(desk, "/desk")
		for href, n := range map[string]int{prog + "/participants?status=pending": want.Applicants, "#unmatched": len(want.Unmatched),
			prog + "/partnerships?state=live": want.LivePairs, prog + "/partnerships?risk=any": len(want.AtRisk), "/concerns": want.OpenConcerns,
			prog + "/partnerships?state=active": want.Meetings.Held} {
			if got := stat(href); got != strconv.Itoa(n) {
				t.Errorf("the number linking to %s is %s, want %d", href, got, n)
			}
		}
		b.wantText(t, cssEl("p.big"), want.Workload.Text)
		// The style sheet reaches the desk: the numbers are tiles, not a bulleted list.
		if got := b.style(t, "ul.stats", "display"); got != "grid" {
			t.Errorf("ul.stats is display:%s, want grid: is tandem.css broken above the desk's rules?", got)
		}
		if !regexp.MustCompile(`^\d+ live pairs \x{2248} \d+(\.\d)? days? a week$`).MatchString(want.Workload.Text) {
			t.Errorf("workload %q", want.Workload.Text)
		}
		for _, s := range want.States {
			b.wantTextContains(t, cssEl(fmt.Sprintf(`a.chip[href$="state=%s"] strong`, s.Key)), strconv.Itoa(s.Count))
		}
		// Each unmatched person is listed with why, and leads to their record.
		// The upcoming events, each linking to its page (the demo has some).
		if len(want.Upcoming) == 0 {
			t.Error("the demo's PaLS desk lists no upcoming events")
		}
		for _, ev := range want.Upcoming {
			if n := b.count(t, fmt.Sprintf(`section[aria-labelledby="events-h"] tbody a[href="/events/%d"]`, ev.ID)); n != 1 {
				t.Errorf("event %d is linked %d times on the desk", ev.ID, n)
			}
		}
		if n := b.count(t, `#unmatched tbody tr th a[href^="/people/"]`); n != len(want.Unmatched) {
			t.Errorf("%d unmatched rows with a link to the record, want %d", n, len(want.Unmatched))
		}
	})

	step("the at-risk number leads to those pairs", func(t *testing.T) {
		b.follow(t, cssEl(`ul.stats a[href$="risk=any"]`))
		b.wantTextContains(t, cssEl("main .notice.filtered"), fmt.Sprintf("Showing %d partnerships of", len(want.AtRisk)))
		b.screenshot(t, "desk-02-at-risk")
		b.open(t, desk)
	})

	step("message everyone not matched: preview, then send", func(t *testing.T) {
		b.follow(t, textEl("a", "Message everyone not matched…"))
		b.wantText(t, h1, "Message everyone not matched")
		b.submit(t, textEl("button", "Preview"))
		b.wantText(t, cssEl("#subject-error"), "The subject is required.")
		b.wantText(t, cssEl("#body-error"), "The message is required.")
		b.typeInto(t, "subject", "Matching again on Friday")
		b.typeInto(t, "body", "Thank you for waiting.\n\nWe run matching again on Friday; if anything has changed, update your profile before then.")
		b.submit(t, textEl("button", "Preview"))
		people := map[int64]bool{}
		for _, u := range want.Unmatched {
			people[u.UserID] = true
		}
		n := fmt.Sprintf("%d people", len(people))
		if len(people) == 1 {
			n = "1 person"
		}
		send := "Send to " + n
		b.wantText(t, cssEl("form.confirm button"), send)
		b.wantTextContains(t, cssEl(".email-text"), "We run matching again on Friday")
		b.screenshot(t, "desk-03-message-preview")
		b.submit(t, textEl("button", send))
		b.wantPath(t, desk)
		b.wantTextContains(t, cssEl("main .flash"), "Your message is on its way to "+n+".")
	})

	step("close ended terms: the demo has none yet", func(t *testing.T) {
		b.open(t, desk+"/close-terms")
		b.wantTextContains(t, cssEl("main .empty"), "Nothing to close.")
	})

	step("the records find a person and show their history", func(t *testing.T) {
		b.open(t, desk)
		b.follow(t, xpathEl(`//header//a[normalize-space()="Records"]`))
		b.wantText(t, h1, "Participant records")
		b.typeInto(t, "f-q", "Robin")
		b.submit(t, textEl("button", "Filter"))
		b.wantText(t, cssEl("main table caption"), "1 person")
		b.screenshot(t, "desk-04-records")
		b.follow(t, textEl("a", "Robin Mentee"))
		b.wantText(t, h1, "Robin Mentee")
		cells := b.rowCells(t, `//h2[normalize-space()="Partnerships"]/following::table[1]//tbody/tr[1]`)
		if len(cells) != 5 || !strings.Contains(cells[0], "Morgan Mentor") || !strings.Contains(cells[2], "Active") {
			t.Errorf("Robin's partnership row %q", cells)
		}
		body := b.text(t, cssEl("main"))
		for _, secret := range []string{"fellowship", "Fellowship", "Spring round", "teaching portfolio"} {
			if strings.Contains(body, secret) {
				t.Errorf("the record shows the pair's words %q", secret)
			}
		}
		b.screenshot(t, "desk-05-history")
	})

	step("on a phone", func(t *testing.T) {
		b.phone(t)
		for i, path := range []string{desk, "/people", strings.TrimSuffix(desk, "/desk") + "/partnerships?risk=any"} {
			b.open(t, path)
			b.noHorizontalOverflow(t)
			b.screenshot(t, fmt.Sprintf("desk-%02d-phone", 6+i))
		}
	})
}

// getJSON reads a JSON API address in the signed-in tab and decodes it.
func (b *browserSession) getJSON(t *testing.T, path string) deskJSON {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[deskJSON](fmt.Sprintf(`(() => {
		const x = new XMLHttpRequest();
		x.open("GET", %q, false);
		x.send();
		if (x.status !== 200) throw new Error("status " + x.status);
		return JSON.parse(x.responseText);
	})()`, path)))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return v
}

// count is how many elements match css on the loaded page.
func (b *browserSession) count(t *testing.T, css string) int {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
	if err != nil {
		t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// style is the computed value of a CSS property of the first element matching css.
func (b *browserSession) style(t *testing.T, css, property string) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).getPropertyValue(%q)`, css, property)))
	if err != nil {
		t.Fatalf("style %s of %s: %v", property, css, err)
	}
	return v
}
