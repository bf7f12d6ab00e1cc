// Package mail sends email. The Mailer interface lets the app send without
// knowing how; the development mailer writes messages to the log.
package mail

import (
	"context"
	"log/slog"
	"sync"
)

// Message is one email.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
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

// Send logs the message.
func (l LogMailer) Send(ctx context.Context, m Message) error {
	l.Log.InfoContext(ctx, "email (development mailer: not sent)", "to", m.To, "subject", m.Subject, "body", m.Text)
	return nil
}

// Recorder keeps messages in memory, for tests of code that sends mail.
type Recorder struct {
	mu   sync.Mutex
	sent []Message
}

// Send records the message.
func (r *Recorder) Send(_ context.Context, m Message) error {
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
