package testutil

import (
	"bytes"
	"io"
	"log"
	"net"
	netmail "net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP server on 127.0.0.1 (emersion/go-smtp) that
// keeps every message it receives, for tests that send mail through a real
// SMTP conversation. Plain text, no authentication.
type SMTPServer struct {
	Port int
	mu   sync.Mutex
	got  []Received
}

// Received is one message as the server got it.
type Received struct {
	From string
	To   []string
	Msg  *netmail.Message // headers parsed; Body unread
	Data []byte
}

// StartSMTP starts an SMTP server, stopped when the test ends.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	s := &SMTPServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Take returns the messages received since the last Take, in arrival order.
func (s *SMTPServer) Take() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	got := s.got
	s.got = nil
	return got
}

type smtpSession struct {
	s   *SMTPServer
	msg Received
}

func (x *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	x.msg = Received{From: from}
	return nil
}

func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.msg.To = append(x.msg.To, to)
	return nil
}

func (x *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := netmail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return err
	}
	x.msg.Data, x.msg.Msg = b, m
	x.s.mu.Lock()
	x.s.got = append(x.s.got, x.msg)
	x.s.mu.Unlock()
	x.msg = Received{}
	return nil
}

func (x *smtpSession) Reset()        { x.msg = Received{} }
func (x *smtpSession) Logout() error { return nil }
