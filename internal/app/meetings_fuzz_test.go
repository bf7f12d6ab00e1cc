package app

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// FuzzMeetingTime feeds any start, length and place to the meeting checks
// that ProposeMeeting and MoveMeeting run: they never panic, and they either
// accept a start in the coming year (with a length in bounds and a web video
// link) or refuse with field errors, one on "starts" whenever the start is
// not in the coming year.
func FuzzMeetingTime(f *testing.F) {
	for _, seed := range []struct {
		starts       string
		minutes      int
		venue, video string
		zone         uint8
	}{
		{"2026-10-12T14:00", 0, "Room 4", "", 0},
		{"2026-10-01T10:00", 45, "Library", "", 1},
		{"2026-10-12T14:00:00+02:00", 60, "", "https://meet.test/abc", 0},
		{"2026-03-29T01:30", 60, "Room 4", "", 1}, // a spring-forward gap in London
		{"2027-10-05T09:00", 60, "Room 4", "", 0},
		{"2027-10-05T09:01", 60, "Room 4", "", 0},
		{"", 0, "", "", 0},
		{"tomorrow", 14, "x", "javascript:alert(1)", 2},
		{"9999-12-31T23:59:59+14:00", 481, "x", "http://", 3},
		{"2026-13-40T25:61", -1, "x", "https://x.test", 2},
		{" 2026-10-12T14:00 ", 480, "<script>alert(1)</script>", "HTTPS://x.test", 3},
	} {
		f.Add(seed.starts, seed.minutes, seed.venue, seed.video, seed.zone)
	}
	var zones []*time.Location
	for _, name := range []string{"UTC", "Europe/London", "Pacific/Kiritimati", "America/St_Johns"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			f.Fatal(err)
		}
		zones = append(zones, loc)
	}
	now := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	prog := &tandem.Programme{MeetingMinutes: 60}
	allowed := map[string]bool{"starts": true, "minutes": true, "venue": true, "video_url": true, "agenda": true, "message": true}
	f.Fuzz(func(t *testing.T, starts string, minutes int, venue, video string, zone uint8) {
		in := MeetingInput{Starts: starts, Minutes: minutes, Venue: venue, VideoURL: video, Agenda: "Agenda", Message: "Why"}
		start, mins, err := (&App{}).checkMeeting(in, prog, zones[int(zone)%len(zones)], now)
		inYear := start.After(now) && !start.After(now.AddDate(1, 0, 0))
		if err == nil {
			if !inYear || start.Location() != time.UTC {
				t.Fatalf("accepted start %v for %q, want a UTC time in the coming year", start, starts)
			}
			if mins < 15 || mins > 480 {
				t.Fatalf("accepted a meeting of %d minutes", mins)
			}
			if video != "" {
				if u, err := url.Parse(strings.TrimSpace(video)); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					t.Fatalf("accepted video link %q", video)
				}
			}
			return
		}
		fields := tandem.ErrorFields(err)
		if tandem.ErrorCode(err) != tandem.EInvalid || len(fields) == 0 {
			t.Fatalf("refused with %v, want field errors", err)
		}
		for k := range fields {
			if !allowed[k] {
				t.Fatalf("error on unknown field %q", k)
			}
		}
		if !inYear && fields["starts"] == "" {
			t.Fatalf("start %v from %q is outside the coming year but the start field has no error: %v", start, starts, fields)
		}
	})
}
