package mail

import (
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a time in the organisation's zone, as senders pass them.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, london)
	if err != nil {
		panic(err)
	}
	return t
}

const base = "https://mentoring.northfield.test"

// layout is a recipient's shared part; name is the part most likely to hold
// something hostile, so samples can swap it.
func layout(name, action string) Layout {
	return Layout{
		Org: "Northfield University", Name: name, ActionURL: base + action,
		SettingsURL:    base + "/settings/reminders?t=abc123",
		UnsubscribeURL: base + "/unsubscribe/7.meeting_tomorrow.c2lnbmVkLXRva2VuLWhlcmU",
		SupportLinks:   []tandem.Link{{Label: "Wellbeing service", URL: "https://wellbeing.northfield.test"}, {Label: "Mentoring coordinator", URL: "mailto:mentoring@northfield.test"}},
	}
}

func meeting(partner string) Meeting {
	return Meeting{Partner: partner, Start: at("2026-05-12 14:00"), Minutes: 60, Where: "Library café, level 2"}
}

// samples returns data for every template, with partner standing for any
// name a person chose (the other member, a mentee in a digest...).
func samples(partner string) map[string]any {
	l := func(action string) Layout { return layout("Ana Silva", action) }
	noSettings := func(action string) Layout { x := l(action); x.SettingsURL, x.UnsubscribeURL = "", ""; return x }
	return map[string]any{
		"password_reset":    PasswordReset{Layout: noSettings("/password/reset?token=tok_123"), ValidFor: 2 * time.Hour},
		"introduction_made": IntroductionMade{Layout: l("/partnerships/7"), Programme: "PaLS 2026", Partner: partner, Mentee: true},
		"meeting_proposed":  MeetingProposed{Layout: l("/partnerships/7/meetings/3"), Meeting: meeting(partner)},
		"meeting_accepted":  MeetingAccepted{Layout: l("/partnerships/7/meetings/3"), Meeting: meeting(partner)},
		"meeting_moved":     MeetingMoved{Layout: l("/partnerships/7/meetings/3"), Meeting: meeting(partner), Was: at("2026-05-11 10:30")},
		"meeting_cancelled": MeetingCancelled{Layout: l("/partnerships/7/meetings/new"), Meeting: meeting(partner)},
		"meeting_tomorrow":  MeetingTomorrow{Layout: l("/partnerships/7/meetings/3"), Meeting: meeting(partner)},
		"agreement_unsigned": AgreementUnsigned{Layout: l("/partnerships/7/agreement"), Partner: partner,
			Since: at("2026-03-02 09:00"), PartnerSigned: true},
		"review_due":        ReviewDue{Layout: l("/partnerships/7/reviews/new"), Partner: partner, Due: at("2026-06-01 00:00")},
		"term_ending":       TermEnding{Layout: l("/partnerships/7/term"), Partner: partner, Ends: at("2026-09-30 00:00")},
		"no_contact_mentee": NoContact{Layout: l("/partnerships/7/meetings/new"), Partner: partner, Programme: "PaLS 2026", LastMet: at("2026-03-03 11:00"), GapDays: 42, Cadence: "every 6-8 weeks"},
		"no_contact_mentor": NoContact{Layout: l("/partnerships/7/meetings/new"), Partner: partner, Programme: "PaLS 2026", GapDays: 30},
		"intro_unanswered": IntroUnanswered{Layout: l("/partnerships/7"), Partner: partner,
			Since: at("2026-02-02 09:00")},
		"proposal_unanswered": ProposalUnanswered{Layout: l("/partnerships/7/meetings/3"), Meeting: meeting(partner),
			ProposedOn: at("2026-05-01 17:20")},
		"intro_escalated": Escalation{Layout: l("/coordinator/partnerships/7"), Programme: "PaLS 2026",
			Mentee: partner, Mentor: "Dev Patel", Waiting: "Dev Patel", Since: at("2026-02-02 09:00")},
		"proposal_escalated": Escalation{Layout: l("/coordinator/partnerships/7"), Programme: "PaLS 2026",
			Mentee: partner, Mentor: "Dev Patel", Waiting: partner, Since: at("2026-05-01 17:20")},
		"welfare_concern": WelfareConcern{Layout: noSettings("/coordinator/concerns/12"), Programme: "PaLS 2026",
			RaisedAt: at("2026-05-07 16:45")},
		"weekly_digest": WeeklyDigest{Layout: l("/coordinator"), WeekOf: at("2026-05-11 00:00"), Programmes: []DigestProgramme{
			{Name: "PaLS 2026", URL: base + "/coordinator/programmes/1", Pairs: 24, OpenConcerns: 1,
				MeetingsHeld: 34, MeetingsExpected: 40, PulseAverage: 4.25, PulseAnswers: 18,
				AtRisk: []AtRisk{
					{Mentee: partner, Mentor: "Ben Okafor", Risk: RiskNoContact, Since: at("2026-03-03 11:00")},
					{Mentee: "Chloé Martin", Mentor: "Dev Patel", Risk: RiskAgreementUnsigned, Since: at("2026-04-20 09:00")},
					{Mentee: "Erin Walsh", Mentor: "Femi Adeyemi", Risk: RiskIntroductionUnconfirmed, Since: at("2026-05-01 09:00")},
				}},
			{Name: "Reverse mentoring", Pairs: 6},
		}},
		"coordinator_message": CoordinatorMessage{Layout: l("/programmes/1"), Programme: "PaLS 2026", From: "Carol Coordinator",
			Subject: "Still looking for your match", Paragraphs: [][]string{{"Dear " + partner + ",", "thank you for waiting."}, {"We run matching again on Friday."}}},
		"pulse_checkin": PulseCheckIn{Layout: l("/partnerships/7/pulse"), Partner: partner, Programme: "PaLS 2026",
			ScoreURLs: []string{base + "/partnerships/7/pulse?score=1", base + "/partnerships/7/pulse?score=2",
				base + "/partnerships/7/pulse?score=3", base + "/partnerships/7/pulse?score=4", base + "/partnerships/7/pulse?score=5"}},
		// Events and bookings; applications.
		"event_place": EventPlace{Layout: l("/events/4"), Event: Event{Title: "Support session with " + partner, Start: at("2026-05-12 14:00"), Minutes: 120, Where: "Senate Room"}},
		"event_cancelled": EventCancelled{Layout: l("/events"), Event: Event{Title: "Being a Mentor", Start: at("2026-05-12 14:00"), Minutes: 120},
			Message: "The trainer is unwell; " + partner + " will arrange another date."},
		"event_changed": EventChanged{Layout: l("/events/4"), Event: Event{Title: "Being a Mentor with " + partner, Start: at("2026-05-12 14:00"), Minutes: 120,
			Where: "Great Hall"}, Was: at("2026-05-11 10:00")},
		"application_conversation": ApplicationConversation{Layout: l("/programmes/5"), Programme: "Reverse mentoring", Coordinator: partner,
			Contact: "mentoring@northfield.test", Message: "Could we talk about your availability next week?"},
	}
}

func TestRenderEveryTemplate(t *testing.T) {
	all := samples("Ben Okafor")
	for name := range catalogue {
		if _, ok := all[name]; !ok {
			t.Errorf("no sample for template %q", name)
		}
	}
	href := regexp.MustCompile(`href="([^"]*)"`)
	twice := regexp.MustCompile(`<[^>]* style="[^>]* style="[^>]*>`)
	for name, data := range all {
		t.Run(name, func(t *testing.T) {
			c, err := Render(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if c.Subject == "" || strings.ContainsAny(c.Subject, "\r\n") || len(c.Subject) > 90 {
				t.Errorf("subject %q: want one line of a sensible length", c.Subject)
			}
			l := layoutOf(data)
			for _, part := range []string{c.Text, c.HTML} {
				for _, want := range []string{"Hello Ana Silva,", "Northfield University", l.ActionURL, "Wellbeing service", "https://wellbeing.northfield.test"} {
					if !strings.Contains(part, want) {
						t.Errorf("%q missing from\n%s", want, part)
					}
				}
				settings := strings.Contains(part, "Change which reminders you get")
				if settings != (l.SettingsURL != "") || (settings && !strings.Contains(part, l.SettingsURL)) {
					t.Errorf("settings link shown %v, want %v", settings, l.SettingsURL != "")
				}
			}
			if !strings.HasPrefix(c.HTML, "<!DOCTYPE html>") || !strings.Contains(c.HTML, "<title>"+htmlEscape(c.Subject)+"</title>") {
				t.Errorf("HTML should be a whole document titled with the subject:\n%.300s", c.HTML)
			}
			// The button and the fallback link both lead to the action.
			var links []string
			for _, m := range href.FindAllStringSubmatch(c.HTML, -1) {
				links = append(links, strings.ReplaceAll(m[1], "&amp;", "&"))
			}
			if n := countOf(links, l.ActionURL); n != 2 {
				t.Errorf("want the action URL behind the button and the fallback link, found %d in %q", n, links)
			}
			// Style sheets are dropped by email programs: inline styles only.
			if strings.Contains(c.HTML, "<style") || strings.Contains(c.HTML, "class=") || strings.Contains(c.HTML, "<link") {
				t.Error("HTML must use inline styles only")
			}
			if twice.MatchString(c.HTML) {
				t.Errorf("an element with two style attributes: %s", twice.FindString(c.HTML))
			}
			for _, bare := range []string{"<p>", "<div>", "<table>", "<td>", "<th>", "<ul>", "<li>", "<h2>"} {
				if strings.Contains(c.HTML, bare) {
					t.Errorf("%s left without its inline style", bare)
				}
			}
			for _, line := range strings.Split(c.Text, "\n") {
				if len([]rune(line)) > 72 && strings.Contains(strings.TrimSpace(line), " ") {
					t.Errorf("text line not wrapped: %q", line)
				}
				if line != "-- " && strings.TrimRight(line, " ") != line {
					t.Errorf("trailing space: %q", line)
				}
			}
			if strings.Contains(c.Text, "\n\n\n") || strings.Contains(c.Text, "<no value>") || strings.Contains(c.HTML, "<no value>") {
				t.Errorf("text has holes or gaps:\n%s", c.Text)
			}
			if !strings.Contains(c.Text, "\n-- \nSent by Tandem for Northfield University.\n") {
				t.Errorf("text should end with the signature:\n%s", c.Text)
			}
		})
	}
}

// layoutOf returns the Layout every template's data embeds.
func layoutOf(data any) Layout {
	return reflect.ValueOf(data).FieldByName("Layout").Interface().(Layout)
}

func countOf(s []string, v string) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestRenderEscapesHTML(t *testing.T) {
	const hostile = `<script>alert("x")</script> & Co`
	for name, data := range samples(hostile) {
		t.Run(name, func(t *testing.T) {
			c, err := Render(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(c.HTML, "<script") {
				t.Fatalf("unescaped name in HTML:\n%s", c.HTML)
			}
			// The name appears, escaped, wherever the template uses it.
			if name != "password_reset" && name != "welfare_concern" && !strings.Contains(c.HTML, "&lt;script&gt;") {
				t.Errorf("the escaped name is missing from the HTML")
			}
			// Plain text is not HTML: the name is shown as written.
			if name != "password_reset" && name != "welfare_concern" && !strings.Contains(c.Text, hostile) && !strings.Contains(strings.Join(strings.Fields(c.Text), " "), hostile) {
				t.Errorf("text should show the name as written:\n%s", c.Text)
			}
		})
	}
	// A hostile link cannot become script either.
	c, err := Render("review_due", ReviewDue{Layout: Layout{Org: "O", ActionURL: "javascript:alert(1)"}, Partner: "P"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.HTML, `href="javascript:`) {
		t.Fatalf("javascript: URL kept in the HTML")
	}
}

func TestRenderRefusesWrongData(t *testing.T) {
	if _, err := Render("meeting_tomorrow", MeetingAccepted{}); err == nil || !strings.Contains(err.Error(), "takes mail.MeetingTomorrow") {
		t.Errorf("wrong data type: %v", err)
	}
	if _, err := Render("meeting_tomorrow", nil); err == nil {
		t.Error("nil data accepted")
	}
	if _, err := Render("no_such_email", PasswordReset{}); err == nil {
		t.Error("unknown template accepted")
	}
	d := samples("Ben Okafor")["meeting_tomorrow"].(MeetingTomorrow)
	byValue, err1 := Render("meeting_tomorrow", d)
	byPointer, err2 := Render("meeting_tomorrow", &d)
	if err1 != nil || err2 != nil || byValue != byPointer {
		t.Errorf("a pointer renders like its value: %v %v", err1, err2)
	}
}

// TestRenderGolden pins one email whole, so a change to the layout shows up
// in review as a change to what people read.
func TestRenderGolden(t *testing.T) {
	c, err := Render("meeting_tomorrow", samples("Ben Okafor")["meeting_tomorrow"])
	if err != nil {
		t.Fatal(err)
	}
	if want := "Tomorrow: meeting with Ben Okafor at 14:00"; c.Subject != want {
		t.Errorf("subject %q, want %q", c.Subject, want)
	}
	want := `Hello Ana Silva,

A reminder that you meet Ben Okafor tomorrow:

When:  Tuesday 12 May 2026 at 14:00 BST (60 minutes)
Where: Library café, level 2
With:  Ben Okafor

If you need to move it, do it now, so that Ben Okafor knows in good
time.

Open the meeting:
https://mentoring.northfield.test/partnerships/7/meetings/3

-- 
Sent by Tandem for Northfield University.
Change which reminders you get:
https://mentoring.northfield.test/settings/reminders?t=abc123
Stop this kind of email:
https://mentoring.northfield.test/unsubscribe/7.meeting_tomorrow.c2lnbmVkLXRva2VuLWhlcmU
Wellbeing service: https://wellbeing.northfield.test
Mentoring coordinator: mailto:mentoring@northfield.test
`
	if c.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", c.Text, want)
	}
	for _, want := range []string{
		`<a style="display:inline-block;`,
		`href="https://mentoring.northfield.test/partnerships/7/meetings/3">Open the meeting</a>`,
		`<strong>Tuesday 12 May 2026 at 14:00 BST</strong> &middot; 60 minutes<br>Library café, level 2<br>`,
		`Change which reminders you get: <a style="color:#1f5f8b;" href="https://mentoring.northfield.test/settings/reminders?t=abc123">`,
		`<a style="color:#1f5f8b;" href="mailto:mentoring@northfield.test">Mentoring coordinator</a>`,
	} {
		if !strings.Contains(c.HTML, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
}

func TestRenderDigestHasNoContentFields(t *testing.T) {
	// The digest's types hold names, dates, counts and fixed labels only:
	// there is no field a sender could fill with what a pair discussed.
	c, err := Render("weekly_digest", samples("Ana Silva")["weekly_digest"])
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "Your mentoring week: 3 pairs at risk, 1 open concern" {
		t.Errorf("subject %q", c.Subject)
	}
	for _, want := range []string{"- Ana Silva (mentee) and Ben Okafor: No meeting since 3 Mar 2026", "Meetings held: 34 of 40 expected by now",
		"Pulse: 4.2 out of 5, from 18 answers", "Reverse mentoring: 6 active pairs, 0 open welfare concerns\nNo pairs at risk."} {
		if !strings.Contains(c.Text, want) {
			t.Errorf("digest text lacks %q:\n%s", want, c.Text)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"short line", "short line"},
		{"- " + strings.Repeat("word ", 20), "- word word word word word word word word word word word word word word\n  word word word word word word"},
		{"Open: https://example.org/" + strings.Repeat("x", 80), "Open:\nhttps://example.org/" + strings.Repeat("x", 80)},
	} {
		if got := wrap(strings.TrimSpace(tt.in), 72); got != tt.want {
			t.Errorf("wrap(%q):\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

var writeSamples = flag.String("write-samples", "", "write every rendered email to this folder, to look at")

// TestWriteSamples writes the catalogue for a person to read: go test
// ./internal/mail -run WriteSamples -write-samples /tmp/emails
func TestWriteSamples(t *testing.T) {
	if *writeSamples == "" {
		t.Skip("no -write-samples folder")
	}
	for _, name := range slices.Sorted(maps.Keys(catalogue)) {
		c, err := Render(name, samples("Ben Okafor")[name])
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(*writeSamples, name+".html"), []byte(c.HTML), 0o644)
		os.WriteFile(filepath.Join(*writeSamples, name+".txt"), []byte("Subject: "+c.Subject+"\n\n"+c.Text), 0o644)
	}
}

func TestRenderWithoutOrganisationOrName(t *testing.T) {
	c, err := Render("password_reset", PasswordReset{Layout: Layout{ActionURL: base + "/password/reset?token=x"}, ValidFor: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{c.Text, c.HTML} {
		if strings.Contains(part, "for .") || strings.Contains(part, "Hello ,") || strings.Contains(part, " at .") || !strings.Contains(part, "within 1 hour") {
			t.Errorf("gaps where the organisation or the name would be:\n%s", part)
		}
	}
	if !strings.Contains(c.Text, "Hello,\n") || !strings.Contains(c.Text, "Sent by Tandem.\n") {
		t.Errorf("text:\n%s", c.Text)
	}
}

func TestNoOrphanTemplates(t *testing.T) {
	entries, err := files.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".txt"), ".html")
		if _, ok := catalogue[name]; !ok && name != "layout" {
			t.Errorf("templates/%s belongs to no entry of the catalogue", e.Name())
		}
	}
}
