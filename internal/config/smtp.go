package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
)

// SMTP says how to send email. With no Host, nothing is sent: serve writes
// each email to the log instead (the development mailer).
type SMTP struct {
	Host string
	// Port defaults by TLS mode: 587 (starttls), 465 (tls), 25 (none).
	Port int
	// TLS is "starttls" (upgrade a plain connection, and refuse a server that
	// cannot), "tls" (implicit TLS from the first byte, usually port 465) or
	// "none" (plain text, for a relay on this machine).
	TLS      string
	Username string
	Password string
	// PasswordFile is read by Validate into Password, trimmed; it wins over
	// Password, as TANDEM_SMTP_PASSWORD_FILE wins over TANDEM_SMTP_PASSWORD.
	PasswordFile string
	// From is the sender's address (TANDEM_MAIL_FROM), e.g.
	// mentoring@example.org. Each email's display name is the organisation's.
	From string
}

// TLS modes.
const (
	TLSStartTLS = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

func (s *SMTP) fromEnv(getenvFn func(string) string) error {
	for _, v := range []struct {
		name string
		dst  *string
	}{
		{"TANDEM_SMTP_HOST", &s.Host}, {"TANDEM_SMTP_TLS", &s.TLS},
		{"TANDEM_SMTP_USERNAME", &s.Username}, {"TANDEM_SMTP_PASSWORD", &s.Password},
		{"TANDEM_MAIL_FROM", &s.From},
	} {
		val, err := getenv(getenvFn, v.name)
		if err != nil {
			return err
		}
		if val != "" {
			*v.dst = val
		}
	}
	if p := getenvFn("TANDEM_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return fmt.Errorf("TANDEM_SMTP_PORT %q: not a number", p)
		}
		s.Port = n
	}
	return nil
}

// flags registers the SMTP flags. There is no flag for the password itself:
// a command line is visible to every user of the machine.
func (s *SMTP) flags(fs *flag.FlagSet) {
	fs.StringVar(&s.Host, "smtp-host", s.Host, "SMTP server `host` for sending email; email is only logged when empty (env TANDEM_SMTP_HOST)")
	fs.IntVar(&s.Port, "smtp-port", s.Port, "SMTP `port`; 587 by default, 465 with --smtp-tls tls, 25 with none (env TANDEM_SMTP_PORT)")
	fs.StringVar(&s.TLS, "smtp-tls", s.TLS, "`mode`: starttls (default), tls (implicit, port 465) or none (a relay on this machine only) (env TANDEM_SMTP_TLS)")
	fs.StringVar(&s.Username, "smtp-username", s.Username, "SMTP `user` name, when the server wants one (env TANDEM_SMTP_USERNAME)")
	fs.StringVar(&s.PasswordFile, "smtp-password-file", s.PasswordFile, "`file` holding the SMTP password (env TANDEM_SMTP_PASSWORD or TANDEM_SMTP_PASSWORD_FILE)")
	fs.StringVar(&s.From, "mail-from", s.From, "sender `address` of email, e.g. mentoring@example.org (env TANDEM_MAIL_FROM)")
}

// validate checks the SMTP settings and fills in the defaults.
func (s *SMTP) validate() error {
	if s.PasswordFile != "" {
		b, err := os.ReadFile(s.PasswordFile)
		if err != nil {
			return fmt.Errorf("--smtp-password-file: %w", err)
		}
		s.Password = strings.TrimSpace(string(b))
		s.PasswordFile = ""
	}
	s.Host = strings.TrimSpace(s.Host)
	if s.Host == "" {
		if s.Username != "" || s.Password != "" {
			return errors.New("SMTP credentials are set but --smtp-host (TANDEM_SMTP_HOST) is empty")
		}
		return nil
	}
	if _, _, err := net.SplitHostPort(s.Host); err == nil {
		return fmt.Errorf("--smtp-host %q: give the host alone and the port in --smtp-port", s.Host)
	}
	s.TLS = strings.ToLower(strings.TrimSpace(s.TLS))
	switch s.TLS {
	case "":
		s.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("--smtp-tls %q: use starttls, tls or none", s.TLS)
	}
	if s.Port == 0 {
		s.Port = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[s.TLS]
	}
	if s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("--smtp-port %d: use a port from 1 to 65535", s.Port)
	}
	if (s.Username == "") != (s.Password == "") {
		return errors.New("SMTP needs both a user name and a password, or neither")
	}
	// A password sent in plain text can be read by anyone on the path; over
	// the loopback interface there is no path.
	if s.TLS == TLSNone && s.Username != "" && !isLoopback(s.Host) {
		return fmt.Errorf("--smtp-tls none would send the SMTP password to %s unencrypted: use starttls or tls, or a relay on localhost", s.Host)
	}
	if s.From == "" {
		return errors.New("--mail-from (TANDEM_MAIL_FROM) is needed with an SMTP host: the address email comes from")
	}
	a, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("--mail-from %q: not an email address", s.From)
	}
	s.From = a.Address
	return nil
}

// isLoopback matches the names go-mail accepts for authentication without
// TLS, so what Validate lets through the mailer does not refuse later.
func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// String describes the settings without the password.
func (s SMTP) String() string {
	if s.Host == "" {
		return "none (email is logged, not sent)"
	}
	return fmt.Sprintf("%s (%s)", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), s.TLS)
}

// LogValue keeps the password and user name out of logs: host, port and TLS
// mode only.
func (s SMTP) LogValue() slog.Value {
	return slog.GroupValue(slog.String("host", s.Host), slog.Int("port", s.Port), slog.String("tls", s.TLS))
}
