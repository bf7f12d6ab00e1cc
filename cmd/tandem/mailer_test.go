package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/config"
	"github.com/tandemhq/tandem/internal/mail"
)

func TestNewMailer(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	m, err := newMailer(config.Config{}, log)
	if _, ok := m.(mail.LogMailer); err != nil || !ok {
		t.Fatalf("no SMTP host: want the log mailer, got %T %v", m, err)
	}
	if !strings.Contains(logged.String(), "email is written to this log, not sent: set TANDEM_SMTP_HOST") {
		t.Errorf("start-up should say email is not sent: %s", logged.String())
	}

	logged.Reset()
	cfg := config.Config{SMTP: config.SMTP{Host: "smtp.example.org", Port: 587, TLS: "starttls", Username: "tandem-user",
		Password: "hunter2-secret", From: "mentoring@example.org"}}
	m, err = newMailer(cfg, log)
	if _, ok := m.(*mail.SMTP); err != nil || !ok {
		t.Fatalf("SMTP host: want the SMTP mailer, got %T %v", m, err)
	}
	out := logged.String()
	if !strings.Contains(out, "smtp.host=smtp.example.org smtp.port=587 smtp.tls=starttls") {
		t.Errorf("start-up should name host, port and mode: %s", out)
	}
	if strings.Contains(out, "hunter2") || strings.Contains(out, "tandem-user") {
		t.Errorf("credentials in the log: %s", out)
	}
}
