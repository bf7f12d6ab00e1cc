// Package mail sends email. The Mailer interface lets the app send without
// knowing how: SMTP sends through a server, LogMailer writes to the log for
// development, Recorder keeps messages for tests. Render turns one of the
// embedded templates into a subject, a plain-text body and an HTML body.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"sync"
)

// Message is one email. Background jobs store it as JSON until it is sent,
// so the JSON names are part of the job table's format: keep them.
type Message struct {
	To     string `json:"to"`                // address
	ToName string `json:"to_name,omitempty"` // display name; optional
	// FromName is the sender's display name: the organisation's name. The
	// address is the server's (TANDEM_MAIL_FROM).
	FromName string `json:"from_name,omitempty"`
	ReplyTo  string `json:"reply_to,omitempty"` // address; optional
	Subject  string `json:"subject"`
	Text     string `json:"text"`           // plain-text body; required
	HTML     string `json:"html,omitempty"` // HTML body; optional, sent as the alternative to Text
	// Unsubscribe is the address of the one-click way to change which
	// reminders one gets. It becomes the List-Unsubscribe header and, when it
	// is https, List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058):
	// a POST to it with that body must take effect without a further click.
	// Leave it empty on emails that are not optional (safeguarding, password).
	Unsubscribe string `json:"unsubscribe,omitempty"`
	// Headers are further header fields, such as X-Tandem-Template. They
	// cannot replace the fields above or the MIME structure.
	Headers     map[string]string `json:"headers,omitempty"`
	Attachments []Attachment      `json:"attachments,omitempty"`
}

// Attachment is a file sent with a message.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"` // e.g. text/calendar; charset=utf-8; method=REQUEST
	Data        []byte `json:"data"`
}

// Invitation attaches a meeting invitation or update (an iCalendar object
// with METHOD:REQUEST), so mail programs offer to add it to the calendar.
func Invitation(ics []byte) Attachment {
	return Attachment{Filename: "invite.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST", Data: ics}
}

// Cancellation attaches the iCalendar object (METHOD:CANCEL) that removes a
// cancelled meeting from the calendar it was added to.
func Cancellation(ics []byte) Attachment {
	return Attachment{Filename: "invite.ics", ContentType: "text/calendar; charset=utf-8; method=CANCEL", Data: ics}
}

// reserved header fields are set from Message's own fields or by MIME.
var reserved = []string{"From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-Id", "Sender",
	"Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
	"List-Unsubscribe", "List-Unsubscribe-Post", "Return-Path"}

// Validate reports what would stop m from being sent.
func (m Message) Validate() error {
	if _, err := mail.ParseAddress(m.To); err != nil || strings.ContainsAny(m.To, "<>") {
		return fmt.Errorf("mail: recipient %q is not an address", m.To)
	}
	if m.ReplyTo != "" {
		if _, err := mail.ParseAddress(m.ReplyTo); err != nil || strings.ContainsAny(m.ReplyTo, "<>") {
			return fmt.Errorf("mail: reply-to %q is not an address", m.ReplyTo)
		}
	}
	if strings.TrimSpace(m.Subject) == "" || strings.TrimSpace(m.Text) == "" {
		return errors.New("mail: a message needs a subject and a plain-text body")
	}
	for _, s := range []string{m.ToName, m.FromName, m.Subject, m.Unsubscribe} {
		if strings.ContainsAny(s, "\r\n") {
			return fmt.Errorf("mail: line break in a header: %q", s)
		}
	}
	for k, v := range m.Headers {
		if !validFieldName(k) || strings.ContainsAny(v, "\r\n") {
			return fmt.Errorf("mail: header %q: not a field name, or a line break in its value", k)
		}
		if slices.Contains(reserved, textproto.CanonicalMIMEHeaderKey(k)) {
			return fmt.Errorf("mail: header %q is set from the message's own fields", k)
		}
	}
	for _, a := range m.Attachments {
		if a.Filename == "" || a.ContentType == "" || strings.ContainsAny(a.Filename, "\"/\\") || strings.ContainsAny(a.Filename+a.ContentType, "\r\n") {
			return fmt.Errorf("mail: attachment %q needs a plain file name and a content type", a.Filename)
		}
	}
	return nil
}

// validFieldName reports whether s is a header field name (RFC 5322 ftext).
func validFieldName(s string) bool {
	for _, r := range s {
		if r < 33 || r > 126 || r == ':' {
			return false
		}
	}
	return s != ""
}

// Mailer sends messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// LogMailer writes each message to the log instead of sending it: for
// development, until an SMTP server is configured.
type LogMailer struct {
	Log *slog.Logger
}

// Send logs the message: its plain-text body, which holds every link, and
// the names of its attachments.
func (l LogMailer) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	attrs := []any{"to", m.To, "subject", m.Subject, "body", m.Text}
	if m.Unsubscribe != "" {
		attrs = append(attrs, "unsubscribe", m.Unsubscribe)
	}
	for _, a := range m.Attachments {
		attrs = append(attrs, "attachment", a.Filename)
	}
	l.Log.InfoContext(ctx, "email (development mailer: not sent)", attrs...)
	return nil
}

// Recorder keeps messages in memory, for tests of code that sends mail. It
// refuses a message that SMTP would refuse.
type Recorder struct {
	mu   sync.Mutex
	sent []Message
}

// Send records a copy of the message.
func (r *Recorder) Send(_ context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.Headers = maps.Clone(m.Headers)
	m.Attachments = slices.Clone(m.Attachments)
	for i, a := range m.Attachments {
		m.Attachments[i].Data = slices.Clone(a.Data)
	}
	r.mu.Lock()
	r.sent = append(r.sent, m)
	r.mu.Unlock()
	return nil
}

// Sent returns a copy of the messages recorded so far.
func (r *Recorder) Sent() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.sent...)
}

// Take returns the messages recorded since the last Take and forgets them,
// so a test stepping through time can assert on each step's email alone.
func (r *Recorder) Take() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	sent := r.sent
	r.sent = nil
	return sent
}
