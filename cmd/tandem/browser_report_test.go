package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserReport opens PaLS's report for stakeholders on the demo data as
// its coordinator: figures, a chart, the comparison, the print rendering
// (menus and forms gone) and the phone layout; then the organisation's
// report as the admin.
func TestBrowserReport(t *testing.T) {
	chromium := browserExecPath(t)
	dir := t.TempDir()
	var out browserLog
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), []string{"demo", "--data", dir}, noEnv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("tandem demo: %v\n%s", err, out.String())
	}
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	base := browserServe(t, dir)
	b := newBrowserSession(t, ctx, chromium, base)
	h1 := cssEl("main h1")
	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	signIn := func(t *testing.T, email string) {
		b.open(t, "/signin")
		b.typeInto(t, "email", email)
		b.typeInto(t, "password", demoPassword)
		b.submit(t, textEl("button", "Sign in"))
	}

	step("the coordinator opens PaLS's report from the dashboard", func(t *testing.T) {
		signIn(t, demoCoordinator)
		b.follow(t, xpathEl(`//div[h3/a[normalize-space()="PaLS mentoring scheme"]]//a[normalize-space()="Report"]`))
		b.wantPathMatch(t, `^/programmes/[0-9]+/report$`)
		b.wantText(t, h1, "PaLS mentoring scheme: report")
		b.wantTextContains(t, cssEl("main p.lead"), "days before")
	})

	step("the report shows figures and charts", func(t *testing.T) {
		for _, key := range []string{"applicants", "matched", "active", "meetings", "satisfaction", "became_mentors"} {
			got := b.text(t, cssEl(`td[data-figure="`+key+`"]`))
			if !regexp.MustCompile(`^[0-9]+(\.[0-9])?%?$`).MatchString(got) || got == "0" {
				t.Errorf("%s reads %q, want a figure", key, got)
			}
		}
		if got := b.text(t, cssEl(`td[data-figure="withdrawn"]`)); got != "fewer than 5" {
			t.Errorf("withdrawn reads %q, want it withheld", got)
		}
		ctx, cancel := b.step()
		defer cancel()
		charts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("svg.chart[role=img] > title"), t => t.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(charts, "|") != "This period against the previous one|Applicants by department|Applicants by career stage|Closing feedback forms by rating" {
			t.Errorf("charts: %q", charts)
		}
		bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#chart-departments-t ~ g rect.bar-now").length`))
		if err != nil || bars < 3 {
			t.Errorf("department bars drawn: %d %v", bars, err)
		}
		b.screenshot(t, "report-01-pals")
	})

	step("it prints without menus, forms or links to download", func(t *testing.T) {
		ctx, cancel := b.step()
		defer cancel()
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		hidden, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`["header.site", "footer.site", "form.period", "#dl-h"].filter(s => {
			const el = document.querySelector(s); return el && el.offsetParent !== null })`))
		if err != nil || len(hidden) != 0 {
			t.Errorf("still shown in print: %q %v", hidden, err)
		}
		b.screenshot(t, "report-02-pals-print")
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
	})

	step("the evaluation shows shared words", func(t *testing.T) {
		b.follow(t, textEl("a", "The evaluation: ratings by role and the comments people chose to share"))
		b.wantText(t, h1, "PaLS mentoring scheme: evaluation")
		b.wantTextContains(t, cssEl("ul.comments li"), " ")
		b.screenshot(t, "report-03-pals-evaluation")
	})

	step("the admin opens the organisation's report, on a phone too", func(t *testing.T) {
		b.signOut(t)
		signIn(t, demoAdmin)
		b.follow(t, textEl("a", "The organisation's report for stakeholders"))
		b.wantText(t, h1, "Northfield University: report")
		b.screenshot(t, "report-04-organisation")
		b.phone(t)
		b.open(t, "/report")
		b.noHorizontalOverflow(t)
		b.screenshot(t, "report-05-organisation-phone")
	})
}
