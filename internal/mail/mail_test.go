package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

func TestMessageValidate(t *testing.T) {
	ok := Message{To: "ana@northfield.test", Subject: "Hello", Text: "Hi."}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*Message){
		"no recipient":          func(m *Message) { m.To = "" },
		"recipient with a name": func(m *Message) { m.To = "Ana <ana@northfield.test>" },
		"two recipients":        func(m *Message) { m.To = "ana@northfield.test, ben@northfield.test" },
		"bad reply-to":          func(m *Message) { m.ReplyTo = "coordinator" },
		"no subject":            func(m *Message) { m.Subject = " " },
		"no text":               func(m *Message) { m.Text = "" },
		"header in the subject": func(m *Message) { m.Subject = "Hi\r\nBcc: all@northfield.test" },
		"header in a name":      func(m *Message) { m.FromName = "Org\nBcc: x@y.test" },
		"header in a header":    func(m *Message) { m.Headers = map[string]string{"X-Kind": "a\r\nBcc: x@y.test"} },
		"bad header name":       func(m *Message) { m.Headers = map[string]string{"X Kind": "a"} },
		"reserved header":       func(m *Message) { m.Headers = map[string]string{"bcc": "x@y.test"} },
		"unsubscribe header":    func(m *Message) { m.Headers = map[string]string{"List-Unsubscribe": "<https://x.test>"} },
		"attachment path": func(m *Message) {
			m.Attachments = []Attachment{{Filename: "../x.ics", ContentType: "text/calendar", Data: []byte("x")}}
		},
		"attachment type": func(m *Message) { m.Attachments = []Attachment{{Filename: "x.ics"}} },
	} {
		m := ok
		change(&m)
		if err := m.Validate(); err == nil {
			t.Errorf("%s: accepted %+v", name, m)
		}
	}
}

func TestRecorderKeepsEverything(t *testing.T) {
	var r Recorder
	ics := []byte("BEGIN:VCALENDAR")
	m := Message{To: "ana@northfield.test", FromName: "Northfield University", ReplyTo: "c@northfield.test", Subject: "S", Text: "T", HTML: "<p>H</p>",
		Unsubscribe: "https://x.test/settings", Headers: map[string]string{"X-Tandem-Template": "meeting_accepted"}, Attachments: []Attachment{Invitation(ics)}}
	if err := r.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	// The sender's buffers may be reused; the record must not change.
	ics[0] = 'X'
	m.Headers["X-Tandem-Template"] = "changed"
	got := r.Sent()
	if len(got) != 1 {
		t.Fatalf("recorded %d", len(got))
	}
	g := got[0]
	if g.FromName != "Northfield University" || g.HTML != "<p>H</p>" || g.Unsubscribe != "https://x.test/settings" || g.ReplyTo != "c@northfield.test" ||
		g.Headers["X-Tandem-Template"] != "meeting_accepted" || string(g.Attachments[0].Data) != "BEGIN:VCALENDAR" ||
		g.Attachments[0].Filename != "invite.ics" || g.Attachments[0].ContentType != "text/calendar; charset=utf-8; method=REQUEST" {
		t.Errorf("recorded %+v", g)
	}
	if err := r.Send(context.Background(), Message{To: "nobody"}); err == nil {
		t.Error("the recorder accepted a message SMTP would refuse")
	}
	if taken := r.Take(); len(taken) != 1 || len(r.Sent()) != 0 || len(r.Take()) != 0 {
		t.Errorf("Take returns what was sent since the last Take, once")
	}
}

func TestLogMailer(t *testing.T) {
	var b bytes.Buffer
	l := LogMailer{Log: slog.New(slog.NewTextHandler(&b, nil))}
	m := Message{To: "ana@northfield.test", Subject: "Set your Tandem password", Text: "Open https://x.test/reset?token=abc",
		HTML: "<p>secret layout</p>", Unsubscribe: "https://x.test/settings", Attachments: []Attachment{Cancellation([]byte("x"))}}
	if err := l.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"not sent", "ana@northfield.test", "Set your Tandem password", "token=abc", "attachment=invite.ics", "unsubscribe=https://x.test/settings"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
	if strings.Contains(out, "secret layout") {
		t.Error("the HTML twin of the text need not fill the log")
	}
}

func TestMessageJSONRoundTrip(t *testing.T) {
	// Jobs keep messages as JSON in the database until they are sent.
	m := Message{To: "ana@northfield.test", ToName: "Ana", FromName: "Northfield", ReplyTo: "c@northfield.test", Subject: "S", Text: "T", HTML: "<p>H</p>",
		Unsubscribe: "https://x.test/s", Headers: map[string]string{"X-Tandem-Template": "t"}, Attachments: []Attachment{Invitation([]byte("BEGIN:VCALENDAR\r\n"))}}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var got Message
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
	}
	if !strings.Contains(string(b), `"unsubscribe":"https://x.test/s"`) || !strings.Contains(string(b), `"content_type":"text/calendar; charset=utf-8; method=REQUEST"`) {
		t.Errorf("JSON names changed: %s", b)
	}
}
