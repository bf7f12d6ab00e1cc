package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message as the test server got it.
type received struct {
	From, To string
	User     string // who authenticated, if anyone
	TLS      bool
	Data     []byte
}

// server is a real SMTP server on 127.0.0.1 that keeps what it receives.
type server struct {
	Port int
	mu   sync.Mutex
	got  []received

	requireAuth bool
	users       map[string]string // name: password
	rcptErr     error             // refuse every recipient with this
}

type serverOptions struct {
	users       map[string]string
	requireAuth bool
	starttls    *tls.Config // offered with STARTTLS
	implicitTLS *tls.Config // spoken from the first byte
	rcptErr     error
}

func startServer(t *testing.T, o serverOptions) *server {
	t.Helper()
	s := &server{users: o.users, requireAuth: o.requireAuth, rcptErr: o.rcptErr}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, tls: isTLS}, nil
	}))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0) // a refused certificate is part of a test
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	// Authentication over plain text, which go-mail allows to 127.0.0.1 only.
	srv.AllowInsecureAuth = o.starttls == nil && o.implicitTLS == nil
	srv.TLSConfig = o.starttls
	var ln net.Listener
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicitTLS != nil {
		ln = tls.NewListener(ln, o.implicitTLS)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *server) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

type session struct {
	s    *server
	tls  bool
	user string
	msg  received
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if want, ok := x.s.users[user]; !ok || want != pass {
			return smtp.ErrAuthFailed
		}
		x.user = user
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.requireAuth && x.user == "" {
		return smtp.ErrAuthRequired
	}
	x.msg = received{From: from, User: x.user, TLS: x.tls}
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.rcptErr != nil {
		return x.s.rcptErr
	}
	x.msg.To = to
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.msg.Data = b
	x.s.mu.Lock()
	x.s.got = append(x.s.got, x.msg)
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }

// selfSigned returns a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

func newMailer(t *testing.T, o SMTPOptions) *SMTP {
	t.Helper()
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.From == "" {
		o.From = "mentoring@northfield.test"
	}
	o.Timeout = 10 * time.Second
	m, err := NewSMTP(o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const invite = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:meeting-3@northfield.test\r\n" +
	"DTSTAMP:20260501T120000Z\r\nDTSTART:20260512T130000Z\r\nDTEND:20260512T140000Z\r\nSUMMARY:Mentoring: Ana Silva and Chloé Martin\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// acceptedMessage is a meeting confirmation as the jobs will send it.
func acceptedMessage(t *testing.T) Message {
	t.Helper()
	d := samples("Chloé Martin")["meeting_accepted"]
	c, err := Render("meeting_accepted", d)
	if err != nil {
		t.Fatal(err)
	}
	l := layoutOf(d)
	return Message{
		To: "ana.silva@northfield.test", ToName: "Ana Silva", FromName: l.Org, ReplyTo: "coordinator@northfield.test",
		Subject: c.Subject, Text: c.Text, HTML: c.HTML, Unsubscribe: l.SettingsURL,
		Headers:     map[string]string{"X-Tandem-Template": "meeting_accepted"},
		Attachments: []Attachment{Invitation([]byte(invite))},
	}
}

func TestSMTPSendsWholeMessage(t *testing.T) {
	srv := startServer(t, serverOptions{})
	m := newMailer(t, SMTPOptions{Port: srv.Port, TLS: NoTLS})
	sent := acceptedMessage(t)
	if err := m.Send(context.Background(), sent); err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	r := got[0]
	if r.From != "mentoring@northfield.test" || r.To != "ana.silva@northfield.test" || r.User != "" || r.TLS {
		t.Errorf("envelope %+v", r)
	}
	for i, line := range strings.Split(string(r.Data), "\n") {
		if len(strings.TrimSuffix(line, "\r")) > 998 {
			t.Errorf("line %d is %d bytes: SMTP allows 998", i, len(line))
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	from, err := netmail.ParseAddress(h.Get("From"))
	if err != nil || from.Name != "Northfield University" || from.Address != "mentoring@northfield.test" {
		t.Errorf("From %q: want the organisation's name and the configured address (%v)", h.Get("From"), err)
	}
	to, err := netmail.ParseAddress(h.Get("To"))
	if err != nil || to.Name != "Ana Silva" || to.Address != "ana.silva@northfield.test" {
		t.Errorf("To %q (%v)", h.Get("To"), err)
	}
	if h.Get("Reply-To") != "<coordinator@northfield.test>" && h.Get("Reply-To") != "coordinator@northfield.test" {
		t.Errorf("Reply-To %q", h.Get("Reply-To"))
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != "Confirmed: meeting with Chloé Martin on 12 May 2026" {
		t.Errorf("Subject %q (%v)", subject, err)
	}
	if got := h.Get("List-Unsubscribe"); got != "<"+sent.Unsubscribe+">" {
		t.Errorf("List-Unsubscribe %q", got)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q, want the RFC 8058 one-click value", got)
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("X-Tandem-Template") != "meeting_accepted" {
		t.Errorf("Auto-Submitted %q, X-Tandem-Template %q", h.Get("Auto-Submitted"), h.Get("X-Tandem-Template"))
	}
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@northfield.test>") {
		t.Errorf("Message-ID %q should be at the sender's domain", id)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if ua := h.Get("User-Agent") + h.Get("X-Mailer"); ua != "" {
		t.Errorf("the mailer library need not be announced: %q", ua)
	}

	// multipart/mixed: multipart/alternative (text, HTML), then invite.ics.
	parts := readParts(t, h.Get("Content-Type"), msg.Body)
	if len(parts) != 2 || parts[0].mediaType != "multipart/alternative" {
		t.Fatalf("want an alternative part then the attachment, got %v", parts)
	}
	alt := readParts(t, parts[0].header.Get("Content-Type"), bytes.NewReader(parts[0].body))
	if len(alt) != 2 || alt[0].mediaType != "text/plain" || alt[1].mediaType != "text/html" {
		t.Fatalf("want text/plain then text/html, got %v", alt)
	}
	if string(alt[0].body) != sent.Text || alt[0].params["charset"] != "UTF-8" {
		t.Errorf("text part (charset %q):\n%s", alt[0].params["charset"], alt[0].body)
	}
	if string(alt[1].body) != sent.HTML {
		t.Errorf("HTML part differs from what was rendered")
	}
	ics := parts[1]
	if ics.mediaType != "text/calendar" || ics.params["method"] != "REQUEST" || !strings.EqualFold(ics.params["charset"], "utf-8") {
		t.Errorf("attachment Content-Type %q", ics.header.Get("Content-Type"))
	}
	if _, p, _ := mime.ParseMediaType(ics.header.Get("Content-Disposition")); p["filename"] != "invite.ics" {
		t.Errorf("attachment Content-Disposition %q", ics.header.Get("Content-Disposition"))
	}
	if string(ics.body) != strings.ReplaceAll(invite, "\r\n", "\n") {
		t.Errorf("invitation changed in transit:\n%q", ics.body)
	}
}

type part struct {
	mediaType string
	params    map[string]string
	header    textproto.MIMEHeader
	body      []byte // decoded, with \n line ends
}

func (p part) String() string { return p.mediaType }

// readParts splits a multipart body and decodes each part itself, to check
// the encodings on the way.
func readParts(t *testing.T, contentType string, body io.Reader) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("Content-Type %q: want multipart (%v)", contentType, err)
	}
	var out []part
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(p)
		var b []byte
		switch enc := p.Header.Get("Content-Transfer-Encoding"); enc {
		case "base64":
			b, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(raw)))
		case "quoted-printable":
			for _, line := range strings.Split(string(raw), "\n") {
				if len(strings.TrimSuffix(line, "\r")) > 76 {
					t.Errorf("quoted-printable line of %d characters", len(line))
				}
			}
			b, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		case "":
			b = raw
		default:
			t.Fatalf("unexpected encoding %q", enc)
		}
		if err != nil {
			t.Fatal(err)
		}
		pmt, pparams, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		out = append(out, part{pmt, pparams, p.Header, bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))})
	}
}

func TestSMTPAuthPlain(t *testing.T) {
	srv := startServer(t, serverOptions{users: map[string]string{"tandem": "correct horse"}, requireAuth: true})
	ctx := context.Background()
	m := newMailer(t, SMTPOptions{Port: srv.Port, TLS: NoTLS, Username: "tandem", Password: "correct horse"})
	if err := m.Send(ctx, acceptedMessage(t)); err != nil {
		t.Fatal(err)
	}
	if got := srv.Received(); len(got) != 1 || got[0].User != "tandem" {
		t.Fatalf("want one message sent as tandem, got %+v", got)
	}

	wrong := newMailer(t, SMTPOptions{Port: srv.Port, TLS: NoTLS, Username: "tandem", Password: "wrong"})
	err := wrong.Send(ctx, acceptedMessage(t))
	if err == nil || !strings.Contains(err.Error(), "SMTP AUTH failed") {
		t.Fatalf("wrong password: %v", err)
	}
	if strings.Contains(err.Error(), "wrong") || strings.Contains(err.Error(), "correct horse") {
		t.Errorf("the error shows a password: %v", err)
	}
	if IsPermanent(err) {
		t.Error("a refused login is the configuration's fault, not the message's: retry after it is fixed")
	}
	anonymous := newMailer(t, SMTPOptions{Port: srv.Port, TLS: NoTLS})
	if err := anonymous.Send(ctx, acceptedMessage(t)); err == nil || IsPermanent(err) {
		t.Fatalf("the server wants a login: %v (permanent %v: want a retry once it is configured)", err, IsPermanent(err))
	}
	if n := len(srv.Received()); n != 1 {
		t.Fatalf("server holds %d messages, want still 1", n)
	}
}

func TestSMTPOverTLS(t *testing.T) {
	serverTLS, roots := selfSigned(t)
	clientTLS := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	users := map[string]string{"tandem": "s3cret"}
	for _, tt := range []struct {
		mode string
		opts serverOptions
	}{
		{StartTLS, serverOptions{starttls: serverTLS, users: users, requireAuth: true}},
		{TLS, serverOptions{implicitTLS: serverTLS, users: users, requireAuth: true}},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			srv := startServer(t, tt.opts)
			m := newMailer(t, SMTPOptions{Port: srv.Port, TLS: tt.mode, TLSConfig: clientTLS, Username: "tandem", Password: "s3cret"})
			if err := m.Send(context.Background(), acceptedMessage(t)); err != nil {
				t.Fatal(err)
			}
			if got := srv.Received(); len(got) != 1 || !got[0].TLS || got[0].User != "tandem" {
				t.Fatalf("want one message over TLS, sent as tandem: %+v", got)
			}
			// A certificate the client does not trust stops the send.
			untrusting := newMailer(t, SMTPOptions{Port: srv.Port, TLS: tt.mode, Username: "tandem", Password: "s3cret"})
			if err := untrusting.Send(context.Background(), acceptedMessage(t)); err == nil {
				t.Fatal("sent to a server whose certificate is not trusted")
			}
		})
	}
	t.Run("starttls refused", func(t *testing.T) {
		srv := startServer(t, serverOptions{}) // offers no STARTTLS
		m := newMailer(t, SMTPOptions{Port: srv.Port, TLS: StartTLS, TLSConfig: clientTLS})
		err := m.Send(context.Background(), acceptedMessage(t))
		if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Fatalf("mode starttls must not fall back to plain text: %v", err)
		}
		if len(srv.Received()) != 0 {
			t.Fatal("message sent in plain text")
		}
	})
}

func TestSMTPRefusals(t *testing.T) {
	for _, tt := range []struct {
		code      int
		permanent bool
	}{{550, true}, {451, false}} {
		srv := startServer(t, serverOptions{rcptErr: &smtp.SMTPError{Code: tt.code, EnhancedCode: smtp.EnhancedCode{tt.code / 100, 1, 1}, Message: "no"}})
		m := newMailer(t, SMTPOptions{Port: srv.Port, TLS: NoTLS})
		err := m.Send(context.Background(), acceptedMessage(t))
		if err == nil || IsPermanent(err) != tt.permanent {
			t.Errorf("reply %d: err %v, permanent %v, want %v", tt.code, err, IsPermanent(err), tt.permanent)
		}
	}
	// Nothing listening: worth retrying later.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	err := newMailer(t, SMTPOptions{Port: port, TLS: NoTLS}).Send(context.Background(), acceptedMessage(t))
	if err == nil || IsPermanent(err) {
		t.Errorf("connection refused: %v, permanent %v", err, IsPermanent(err))
	}
}

func TestSMTPUnsubscribeOverHTTP(t *testing.T) {
	// RFC 8058 one-click needs https; on a plain-http development server
	// the link is offered without the one-click promise.
	srv := startServer(t, serverOptions{})
	m := newMailer(t, SMTPOptions{Port: srv.Port, TLS: NoTLS, From: "Tandem <tandem@localhost.test>"})
	msg := acceptedMessage(t)
	msg.FromName, msg.Unsubscribe, msg.HTML, msg.Attachments = "", "http://localhost:8080/settings/reminders", "", nil
	if err := m.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got, err := netmail.ReadMessage(bytes.NewReader(srv.Received()[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	h := got.Header
	if h.Get("List-Unsubscribe") != "<http://localhost:8080/settings/reminders>" || h.Get("List-Unsubscribe-Post") != "" {
		t.Errorf("List-Unsubscribe %q, -Post %q", h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
	}
	if from, _ := netmail.ParseAddress(h.Get("From")); from == nil || from.Name != "Tandem" || from.Address != "tandem@localhost.test" {
		t.Errorf("without a FromName the configured name is used: %q", h.Get("From"))
	}
	if mt, _, _ := mime.ParseMediaType(h.Get("Content-Type")); mt != "text/plain" {
		t.Errorf("text alone is a single text/plain part, got %q", mt)
	}
}

func TestNewSMTPRefusesBadOptions(t *testing.T) {
	for _, o := range []SMTPOptions{
		{Port: 25, TLS: NoTLS, From: "a@b.test"},
		{Host: "h", Port: 0, TLS: NoTLS, From: "a@b.test"},
		{Host: "h", Port: 25, TLS: "ssl", From: "a@b.test"},
		{Host: "h", Port: 25, TLS: NoTLS, From: "nobody"},
	} {
		if _, err := NewSMTP(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}
