package config

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// load runs env then flags then Validate, as `tandem serve` does.
func load(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	c := Default()
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		return c, err
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Flags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func TestSMTPDefaults(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Host != "" || c.SMTP.String() != "none (email is logged, not sent)" {
		t.Fatalf("no host means no SMTP: %+v", c.SMTP)
	}
	for _, tt := range []struct {
		tls  string
		port int
	}{{"", 587}, {"starttls", 587}, {"TLS", 465}, {"none", 25}} {
		c, err := load(t, map[string]string{"TANDEM_SMTP_HOST": "smtp.example.org", "TANDEM_SMTP_TLS": tt.tls, "TANDEM_MAIL_FROM": "Mentoring <mentoring@example.org>"})
		if err != nil {
			t.Fatalf("%q: %v", tt.tls, err)
		}
		if c.SMTP.Port != tt.port || c.SMTP.TLS == "" {
			t.Errorf("TLS %q: port %d mode %q, want port %d", tt.tls, c.SMTP.Port, c.SMTP.TLS, tt.port)
		}
		if c.SMTP.From != "mentoring@example.org" {
			t.Errorf("From %q: want the bare address", c.SMTP.From)
		}
	}
}

func TestSMTPEnvAndFlags(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env-secret")
	flagFile := filepath.Join(dir, "flag-secret")
	os.WriteFile(envFile, []byte("  from the env file\n"), 0o600)
	os.WriteFile(flagFile, []byte("from the flag file\n"), 0o600)
	env := map[string]string{
		"TANDEM_SMTP_HOST": "smtp.example.org", "TANDEM_SMTP_PORT": "2525", "TANDEM_SMTP_TLS": "tls",
		"TANDEM_SMTP_USERNAME": "tandem", "TANDEM_SMTP_PASSWORD": "in the environment",
		"TANDEM_SMTP_PASSWORD_FILE": envFile, "TANDEM_MAIL_FROM": "mentoring@example.org",
	}
	c, err := load(t, env)
	if err != nil {
		t.Fatal(err)
	}
	want := SMTP{Host: "smtp.example.org", Port: 2525, TLS: "tls", Username: "tandem", Password: "from the env file", From: "mentoring@example.org"}
	if c.SMTP != want {
		t.Fatalf("*_FILE wins, trimmed:\n got %+v\nwant %+v", c.SMTP, want)
	}
	c, err = load(t, env, "--smtp-host", "relay.example.org", "--smtp-port", "587", "--smtp-tls", "starttls", "--smtp-password-file", flagFile, "--mail-from", "tandem@example.org")
	if err != nil {
		t.Fatal(err)
	}
	want = SMTP{Host: "relay.example.org", Port: 587, TLS: "starttls", Username: "tandem", Password: "from the flag file", From: "tandem@example.org"}
	if c.SMTP != want {
		t.Fatalf("flags win over env:\n got %+v\nwant %+v", c.SMTP, want)
	}
}

func TestSMTPValidate(t *testing.T) {
	base := map[string]string{"TANDEM_SMTP_HOST": "smtp.example.org", "TANDEM_MAIL_FROM": "mentoring@example.org"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string // part of the error; "" = valid
	}{
		{"unknown TLS mode", with("TANDEM_SMTP_TLS", "ssl"), `--smtp-tls "ssl": use starttls, tls or none`},
		{"port too high", with("TANDEM_SMTP_PORT", "70000"), "--smtp-port 70000: use a port from 1 to 65535"},
		{"port negative", with("TANDEM_SMTP_PORT", "-1"), "--smtp-port -1"},
		{"port not a number", with("TANDEM_SMTP_PORT", "smtp"), `TANDEM_SMTP_PORT "smtp": not a number`},
		{"no from", with("TANDEM_MAIL_FROM", ""), "--mail-from (TANDEM_MAIL_FROM) is needed"},
		{"bad from", with("TANDEM_MAIL_FROM", "mentoring at example"), "not an email address"},
		{"port in host", with("TANDEM_SMTP_HOST", "smtp.example.org:587"), "give the host alone"},
		{"user without password", with("TANDEM_SMTP_USERNAME", "tandem"), "both a user name and a password"},
		{"password without host", map[string]string{"TANDEM_SMTP_PASSWORD": "x"}, "--smtp-host (TANDEM_SMTP_HOST) is empty"},
		{"missing password file", with("TANDEM_SMTP_PASSWORD_FILE", "/nonexistent/secret"), "TANDEM_SMTP_PASSWORD_FILE"},
		{"plain text password to a remote host", with("TANDEM_SMTP_TLS", "none", "TANDEM_SMTP_USERNAME", "u", "TANDEM_SMTP_PASSWORD", "p"), "unencrypted"},
		{"plain text without a password", with("TANDEM_SMTP_TLS", "none"), ""},
		{"plain text password to localhost", with("TANDEM_SMTP_HOST", "localhost", "TANDEM_SMTP_TLS", "none", "TANDEM_SMTP_USERNAME", "u", "TANDEM_SMTP_PASSWORD", "p"), ""},
		{"plain text password to ::1", with("TANDEM_SMTP_HOST", "::1", "TANDEM_SMTP_TLS", "none", "TANDEM_SMTP_USERNAME", "u", "TANDEM_SMTP_PASSWORD", "p"), ""},
		{"no host, from only", map[string]string{"TANDEM_MAIL_FROM": "x"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.env)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("want valid, got %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("want an error with %q, got %v", tt.want, err)
			}
		})
	}
}

func TestSMTPNeverShowsSecrets(t *testing.T) {
	c, err := load(t, map[string]string{"TANDEM_SMTP_HOST": "smtp.example.org", "TANDEM_SMTP_USERNAME": "the-user",
		"TANDEM_SMTP_PASSWORD": "hunter2-secret", "TANDEM_MAIL_FROM": "m@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("email", "smtp", c.SMTP)
	for _, out := range []string{logged.String(), fmt.Sprint(c), fmt.Sprintf("%v", c.SMTP)} {
		if strings.Contains(out, "hunter2") || strings.Contains(out, "the-user") {
			t.Errorf("secret shown: %s", out)
		}
		if !strings.Contains(out, "smtp.example.org") || !strings.Contains(out, "587") {
			t.Errorf("host and port should be shown: %s", out)
		}
	}
}
