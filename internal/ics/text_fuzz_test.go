package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// cleanText is what a TEXT value should read back as: valid UTF-8, one
// newline for CRLF or a lone CR, and no control characters but tab and
// newline. It is written apart from escapeText so a shared mistake cannot hide.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f) {
			return -1
		}
		return r
	}, s)
}

// FuzzTextRoundTrip writes any text as a folded, escaped content line: the
// physical lines stay within 75 octets of whole characters, and unfolding and
// unescaping the output gives back the input less its control characters.
func FuzzTextRoundTrip(f *testing.F) {
	for _, seed := range []string{
		"",
		"Weekly check-in",
		`a,b;c\d`,
		`\n is not a newline`,
		"one\r\ntwo\rthree\nfour",
		"a\x00b\x07c\td\x7f",
		"Café 🎉 日本語",
		"a\xffb\xc3",
		strings.Repeat("é€😀 naïve 日本 ", 20),
		"END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
		strings.Repeat(",", 80),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		line(&b, "DESCRIPTION:"+escapeText(s))
		out := b.String()
		checkPhysicalLines(t, b.Bytes())
		physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, p := range physical[1:] {
			if !strings.HasPrefix(p, " ") {
				t.Fatalf("continuation line %d does not start with a space: %q", i+1, p)
			}
		}
		logical := strings.TrimSuffix(unfold(out), "\r\n")
		value, ok := strings.CutPrefix(logical, "DESCRIPTION:")
		if !ok || strings.ContainsAny(value, "\r\n") {
			t.Fatalf("unfolded output is not one DESCRIPTION line: %q", logical)
		}
		if got, want := unescape(t, value), cleanText(s); got != want {
			t.Fatalf("round trip of %q gives %q, want %q", s, got, want)
		}
	})
}

// FuzzEventText puts any text in every field a person can write and has an
// independent parser read the calendar back: one event, the same texts, and
// no property or component that the input smuggled in.
func FuzzEventText(f *testing.F) {
	f.Add("Mentoring: Ada, Grace; week 3", "Talk about\nthe thesis", `Café "Le Zinc"; back room \ upstairs`, "Ada Lovelace")
	f.Add("x\r\nEND:VEVENT\r\nBEGIN:VEVENT", "y\r\nATTENDEE:mailto:evil@x", "z\rLOCATION:elsewhere", "Evil\r\nATTENDEE:mailto:x@y")
	f.Add("", "", "", `"`)
	f.Add(strings.Repeat("日本", 60), strings.Repeat("\\,;", 40), "\x00\x01\x1f\x7f", "Grace \"Amazing\" Hopper, PhD; USN: ret.")
	stamp := time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, summary, description, location, name string) {
		e := Event{UID: "meeting-1@tandem.test", Start: stamp.Add(time.Hour), End: stamp.Add(2 * time.Hour), Stamp: stamp,
			Summary: summary, Description: description, Location: location,
			Organizer: &Person{Name: name, Email: "noreply@tandem.test"}, Attendees: []Person{{Name: name, Email: "ada@tandem.test"}}}
		out := Calendar{Name: summary, Method: "REQUEST", Events: []Event{e}}.Bytes()
		checkPhysicalLines(t, out)
		cal, err := ical.NewDecoder(bytes.NewReader(out)).Decode()
		if err != nil {
			t.Fatalf("go-ical cannot parse the output: %v\n%q", err, out)
		}
		events := cal.Events()
		if len(events) != 1 || len(cal.Children) != 1 {
			t.Fatalf("%d events and %d components, want 1\n%q", len(events), len(cal.Children), out)
		}
		props := events[0].Props
		for prop, in := range map[string]string{"SUMMARY": summary, "DESCRIPTION": description, "LOCATION": location} {
			want := cleanText(in)
			if in == "" {
				if props.Get(prop) != nil {
					t.Errorf("%s written for an empty value", prop)
				}
				continue
			}
			if got := mustText(t, props, prop); got != want {
				t.Errorf("%s = %q, want %q", prop, got, want)
			}
		}
		if got := len(props.Values(ical.PropAttendee)); got != 1 {
			t.Errorf("%d attendees, want 1\n%q", got, out)
		}
		for prop := range props {
			switch prop {
			case "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "DESCRIPTION", "LOCATION", "ORGANIZER", "ATTENDEE":
			default:
				t.Errorf("unexpected property %s\n%q", prop, out)
			}
		}
		wantName := strings.ReplaceAll(stripControls(name), `"`, "")
		for _, p := range people(props.Values(ical.PropAttendee)) {
			if p.Name != wantName || p.Email != "ada@tandem.test" {
				t.Errorf("attendee %+v, want %q <ada@tandem.test>", p, wantName)
			}
		}
	})
}
