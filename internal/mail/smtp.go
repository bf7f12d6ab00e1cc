package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base32"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of an SMTP connection.
const (
	StartTLS = "starttls" // plain connection upgraded with STARTTLS; a server without it is refused
	TLS      = "tls"      // implicit TLS from the first byte (usually port 465)
	NoTLS    = "none"     // plain text: for a relay on this machine
)

// SMTPOptions configure an SMTP mailer.
type SMTPOptions struct {
	Host string
	Port int
	TLS  string // StartTLS, TLS or NoTLS
	// Username and Password, when set, authenticate with PLAIN or LOGIN (or
	// what else the server offers). go-mail refuses to send them without TLS
	// unless the host is localhost, 127.0.0.1 or ::1.
	Username string
	Password string
	// From is the sender: an address, or "Name <address>" whose name is used
	// when a message gives no FromName.
	From string
	// TLSConfig replaces the default (system roots, TLS 1.2 or later), e.g.
	// for a test's own certificate authority.
	TLSConfig *tls.Config
	// Timeout bounds each connection, from dial to QUIT; 30 seconds when 0.
	Timeout time.Duration
}

// SMTP sends each message over its own SMTP connection: email goes out from
// background jobs a few at a time, and a fresh connection never finds one
// the server has dropped. It is safe for concurrent use.
type SMTP struct {
	o        SMTPOptions
	from     string // address
	fromName string
	domain   string // of the sender, for Message-IDs
}

// NewSMTP returns an SMTP mailer, or an error when the options cannot work.
func NewSMTP(o SMTPOptions) (*SMTP, error) {
	if o.Host == "" {
		return nil, errors.New("mail: SMTP needs a host")
	}
	if o.Port < 1 || o.Port > 65535 {
		return nil, fmt.Errorf("mail: SMTP port %d is not from 1 to 65535", o.Port)
	}
	switch o.TLS {
	case StartTLS, TLS, NoTLS:
	default:
		return nil, fmt.Errorf("mail: SMTP TLS mode %q: use %q, %q or %q", o.TLS, StartTLS, TLS, NoTLS)
	}
	from, err := mail.ParseAddress(o.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender %q is not an address", o.From)
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	return &SMTP{o: o, from: from.Address, fromName: from.Name, domain: domain}, nil
}

// Send sends m. The context bounds the dial; Timeout bounds the rest.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.message(m)
	if err != nil {
		return err
	}
	client, err := s.client()
	if err != nil {
		return err
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: SMTP %s:%d: %w", s.o.Host, s.o.Port, err)
	}
	return nil
}

// client returns a go-mail client for one Send: its authentication state
// changes as it negotiates, so clients are not shared.
func (s *SMTP) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.o.Port), gomail.WithTimeout(s.o.Timeout)}
	switch s.o.TLS {
	case StartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLS:
		opts = append(opts, gomail.WithSSL())
	case NoTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.o.TLSConfig != nil {
		tc := s.o.TLSConfig.Clone()
		if tc.ServerName == "" {
			tc.ServerName = s.o.Host
		}
		opts = append(opts, gomail.WithTLSConfig(tc))
	}
	if s.o.Username != "" {
		opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.o.Username), gomail.WithPassword(s.o.Password))
	}
	c, err := gomail.NewClient(s.o.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	return c, nil
}

// message builds the MIME message: multipart/alternative for Text and HTML,
// inside multipart/mixed when there are attachments.
func (s *SMTP) message(m Message) (*gomail.Msg, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	name := m.FromName
	if name == "" {
		name = s.fromName
	}
	if err := msg.FromFormat(name, s.from); err != nil {
		return nil, fmt.Errorf("mail: sender: %w", err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient: %w", err)
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("mail: reply-to: %w", err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(randomID() + "@" + s.domain)
	// Automatic email must not draw out-of-office replies (RFC 3834).
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		// One-click needs https (RFC 8058 section 3.1); over plain http the
		// link is still offered, without the promise of a one-click POST.
		if err := msg.SetListUnsubscribeOneClick(m.Unsubscribe); err != nil {
			msg.SetListUnsubscribe(m.Unsubscribe)
		}
	}
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Filename, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("mail: attachment %s: %w", a.Filename, err)
		}
	}
	return msg, nil
}

// randomID returns 130 random bits for a Message-ID's left-hand side.
func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// IsPermanent reports whether err is the server refusing this message for
// good: a 5xx reply to its recipient or to its content (no such mailbox,
// message rejected), so a job can stop retrying. Network failures, 4xx
// replies and refusals of the sender or the login (the configuration's
// fault, fixed by an admin) are worth another try.
func IsPermanent(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.IsTemp() || se.ErrorCode() < 500 || se.ErrorCode() > 599 {
		return false
	}
	return se.Reason == gomail.ErrSMTPRcptTo || se.Reason == gomail.ErrSMTPDataClose
}
