package main

import (
	"log/slog"

	"github.com/tandemhq/tandem/internal/config"
	"github.com/tandemhq/tandem/internal/mail"
)

// newMailer returns the SMTP mailer the settings describe, or, with no SMTP
// host, the development mailer that writes each email to the log. Either way
// it says which at start-up: host, port and TLS mode, never the credentials.
func newMailer(cfg config.Config, log *slog.Logger) (mail.Mailer, error) {
	s := cfg.SMTP
	if s.Host == "" {
		log.Warn("email is written to this log, not sent: set TANDEM_SMTP_HOST (and TANDEM_MAIL_FROM) to send it")
		return mail.LogMailer{Log: log}, nil
	}
	m, err := mail.NewSMTP(mail.SMTPOptions{Host: s.Host, Port: s.Port, TLS: s.TLS, Username: s.Username, Password: s.Password, From: s.From})
	if err != nil {
		return nil, err
	}
	log.Info("email is sent by SMTP", "smtp", s, "from", s.From)
	return m, nil
}
