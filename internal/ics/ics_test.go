package ics

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

var (
	paris = time.FixedZone("CET", 3600)
	stamp = time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)
)

func TestGolden(t *testing.T) {
	cal := Calendar{
		Method: "REQUEST",
		Events: []Event{{
			UID:          "meeting-42@tandem.example",
			Sequence:     1,
			Start:        time.Date(2026, 1, 2, 16, 4, 5, 0, paris),
			End:          time.Date(2026, 1, 2, 17, 4, 5, 0, paris),
			Summary:      "Mentoring: Ada & Grace",
			Description:  "Agenda:\ngoals; next steps, notes",
			Location:     "Room 1",
			URL:          "https://tandem.example/meetings/42",
			Status:       "CONFIRMED",
			Organizer:    &Person{Name: "Tandem", Email: "noreply@tandem.example"},
			Attendees:    []Person{{Name: "Ada Lovelace", Email: "ada@example.org"}},
			Created:      time.Date(2025, 12, 1, 8, 0, 0, 0, time.UTC),
			LastModified: time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC),
			Stamp:        stamp,
		}},
	}
	want := strings.Join([]string{
		"BEGIN:VCALENDAR",
		"PRODID:-//Tandem//Tandem mentoring//EN",
		"VERSION:2.0",
		"CALSCALE:GREGORIAN",
		"METHOD:REQUEST",
		"BEGIN:VEVENT",
		"UID:meeting-42@tandem.example",
		"DTSTAMP:20260102T090000Z",
		"DTSTART:20260102T150405Z",
		"DTEND:20260102T160405Z",
		"SEQUENCE:1",
		"STATUS:CONFIRMED",
		"SUMMARY:Mentoring: Ada & Grace",
		`DESCRIPTION:Agenda:\ngoals\; next steps\, notes`,
		"LOCATION:Room 1",
		"URL:https://tandem.example/meetings/42",
		`ORGANIZER;CN="Tandem":mailto:noreply@tandem.example`,
		`ATTENDEE;CN="Ada Lovelace";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailt`,
		" o:ada@example.org", // folded at 75 octets
		"CREATED:20251201T080000Z",
		"LAST-MODIFIED:20260101T080000Z",
		"END:VEVENT",
		"END:VCALENDAR",
	}, "\r\n") + "\r\n"

	if got := string(cal.Bytes()); got != want {
		t.Errorf("Bytes() =\n%s\nwant\n%s", got, want)
	}
	var b bytes.Buffer
	n, err := cal.WriteTo(&b)
	if err != nil || n != int64(len(want)) || b.String() != want {
		t.Errorf("WriteTo = %d, %v; want %d, nil and the bytes of Bytes()", n, err, len(want))
	}
}

// The tricky text a description may hold: every TEXT escape, newlines, emoji
// and enough length to be folded across multi-byte characters.
const trickyDescription = "Line one\nLine two, with a comma; a semicolon\\ a backslash and \\n that is not a newline.\n" +
	"Emoji 🎉👩🏽‍💻, accents naïve café, CJK 日本語の文章 — repeated: " +
	"🎉日本語é🎉日本語é🎉日本語é🎉日本語é🎉日本語é🎉日本語é🎉日本語é🎉日本語é🎉日本語é"

func TestParsedByIndependentParser(t *testing.T) {
	meeting := Event{
		UID:         "meeting-42@tandem.example",
		Sequence:    3,
		Start:       time.Date(2026, 3, 4, 18, 30, 0, 0, paris),
		End:         time.Date(2026, 3, 4, 19, 15, 0, 0, paris),
		Summary:     "Mentoring: Ada, Grace; week 3",
		Description: trickyDescription,
		Location:    `Café "Le Zinc", 3 rue X; back room \ upstairs`,
		URL:         "https://tandem.example/meetings/42",
		Status:      "CONFIRMED",
		Organizer:   &Person{Name: "Tandem (Programme: Spring, 2026)", Email: "noreply@tandem.example"},
		Attendees: []Person{
			{Name: "Ada Lovelace", Email: "ada@example.org"},
			{Name: "Grace Hopper, PhD; USN: ret.", Email: "grace@example.org"},
			{Name: "Zoë 日本", Email: "zoe@example.org"},
		},
		Created:      stamp.Add(-48 * time.Hour),
		LastModified: stamp.Add(-time.Hour),
		Stamp:        stamp,
	}
	cancelled := meeting
	cancelled.Sequence = 4
	cancelled.Status = "CANCELLED"
	other := Event{
		UID:      "meeting-43@tandem.example",
		Start:    time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC),
		End:      time.Date(2026, 3, 11, 10, 0, 0, 0, time.UTC),
		Summary:  "Mentoring: Linus & Margaret",
		Location: "Video call",
		Status:   "TENTATIVE",
		Stamp:    stamp,
	}

	tests := []struct {
		name string
		cal  Calendar
	}{
		{"request", Calendar{Method: "REQUEST", Events: []Event{meeting}}},
		{"cancel", Calendar{Method: "CANCEL", Events: []Event{cancelled}}},
		{"feed", Calendar{Name: "Tandem: my meetings, Spring; 2026", Method: "PUBLISH", Events: []Event{meeting, other}}},
		{"empty feed", Calendar{Name: "Tandem: nothing yet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.cal.Bytes()
			checkPhysicalLines(t, out)
			parsed, err := ical.NewDecoder(bytes.NewReader(out)).Decode()
			if err != nil {
				t.Fatalf("go-ical cannot parse the output: %v\n%s", err, out)
			}

			for prop, want := range map[string]string{
				"PRODID":       prodID,
				"VERSION":      "2.0",
				"CALSCALE":     "GREGORIAN",
				"METHOD":       tt.cal.Method,
				"X-WR-CALNAME": tt.cal.Name,
			} {
				if got := mustText(t, parsed.Props, prop); got != want {
					t.Errorf("%s = %q, want %q", prop, got, want)
				}
			}

			events := parsed.Events()
			if len(events) != len(tt.cal.Events) {
				t.Fatalf("got %d events, want %d", len(events), len(tt.cal.Events))
			}
			for i, want := range tt.cal.Events {
				checkEvent(t, events[i], want)
			}

			// go-ical's encoder checks the structure (exactly one UID and
			// DTSTAMP, at most one of each single property); it refuses a
			// calendar with no component, which feeds need, so skip those.
			if len(events) > 0 {
				if err := ical.NewEncoder(io.Discard).Encode(parsed); err != nil {
					t.Errorf("go-ical finds the structure invalid: %v", err)
				}
			}
		})
	}
}

func checkEvent(t *testing.T, got ical.Event, want Event) {
	t.Helper()
	for prop, w := range map[string]string{
		"UID":         want.UID,
		"SUMMARY":     want.Summary,
		"DESCRIPTION": want.Description,
		"LOCATION":    want.Location,
	} {
		if g := mustText(t, got.Props, prop); g != w {
			t.Errorf("%s %s =\n%q\nwant\n%q", want.UID, prop, g, w)
		}
	}

	seq, err := got.Props.Get(ical.PropSequence).Int()
	if err != nil || seq != want.Sequence {
		t.Errorf("%s SEQUENCE = %d, %v; want %d", want.UID, seq, err, want.Sequence)
	}
	status, err := got.Status()
	if err != nil || string(status) != want.Status {
		t.Errorf("%s STATUS = %q, %v; want %q", want.UID, status, err, want.Status)
	}

	for _, tc := range []struct {
		prop string
		want time.Time
	}{
		{ical.PropDateTimeStart, want.Start},
		{ical.PropDateTimeEnd, want.End},
		{ical.PropDateTimeStamp, want.Stamp},
		{ical.PropCreated, want.Created},
		{ical.PropLastModified, want.LastModified},
	} {
		if want.Created.IsZero() && tc.prop == ical.PropCreated || want.LastModified.IsZero() && tc.prop == ical.PropLastModified {
			if got.Props.Get(tc.prop) != nil {
				t.Errorf("%s %s written for a zero time", want.UID, tc.prop)
			}
			continue
		}
		// A nil location would let a floating time pass as UTC; Kiribati
		// makes one come out 14 hours wrong.
		g, err := got.Props.DateTime(tc.prop, time.FixedZone("LINT", 14*3600))
		if err != nil || !g.Equal(tc.want) {
			t.Errorf("%s %s = %v, %v; want %v", want.UID, tc.prop, g, err, tc.want)
		}
	}

	if want.Organizer == nil {
		if got.Props.Get(ical.PropOrganizer) != nil {
			t.Errorf("%s ORGANIZER written without an organizer", want.UID)
		}
	} else if g := people(got.Props.Values(ical.PropOrganizer)); !slices.Equal(g, []Person{*want.Organizer}) {
		t.Errorf("%s ORGANIZER = %v, want %v", want.UID, g, *want.Organizer)
	}
	if g := people(got.Props.Values(ical.PropAttendee)); !slices.Equal(g, want.Attendees) {
		t.Errorf("%s ATTENDEE = %v, want %v", want.UID, g, want.Attendees)
	}
}

// checkPhysicalLines checks what go-ical forgives: CRLF endings and lines of
// at most 75 octets that each hold whole UTF-8 characters.
func checkPhysicalLines(t *testing.T, out []byte) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Errorf("output does not end in CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if len(l) > maxLine || strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
			t.Errorf("physical line %d is too long, holds a bare CR or LF, or splits a character: %q", i, l)
		}
	}
}

func mustText(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	s, err := props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func people(props []ical.Prop) []Person {
	var ps []Person
	for _, p := range props {
		ps = append(ps, Person{Name: p.Params.Get(ical.ParamCommonName), Email: strings.TrimPrefix(p.Value, "mailto:")})
	}
	return ps
}
