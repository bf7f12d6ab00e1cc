// Package config gathers Tandem's settings in one struct: defaults, then
// environment variables (and *_FILE variables for secrets), then flags.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// Config is everything `tandem serve` needs.
type Config struct {
	Addr        string // HOST:PORT to listen on
	DataDir     string // folder for the SQLite file
	DatabaseURL string // postgres://... ; empty = SQLite in DataDir
	BaseURL     string // public address, for links in email
	NoMigrate   bool   // skip applying migrations at start
	// InsecureCookies drops the Secure flag from cookies, for plain-HTTP use on
	// a laptop. Set automatically when BaseURL is http://localhost or unset.
	InsecureCookies bool
	SMTP            SMTP // how to send email; logged, not sent, when SMTP.Host is empty
}

// Default returns the settings used when nothing is said.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "data"}
}

// getenv reads NAME, or the contents of the file named by NAME_FILE, so
// secrets (a database URL with a password) need not sit in the environment.
func getenv(getenvFn func(string) string, name string) (string, error) {
	if path := getenvFn(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return getenvFn(name), nil
}

// FromEnv applies TANDEM_* environment variables to c.
func (c *Config) FromEnv(getenvFn func(string) string) error {
	for _, v := range []struct {
		name string
		dst  *string
	}{
		{"TANDEM_ADDR", &c.Addr}, {"TANDEM_DATA", &c.DataDir},
		{"TANDEM_DATABASE_URL", &c.DatabaseURL}, {"TANDEM_BASE_URL", &c.BaseURL},
	} {
		val, err := getenv(getenvFn, v.name)
		if err != nil {
			return err
		}
		if val != "" {
			*v.dst = val
		}
	}
	return c.SMTP.fromEnv(getenvFn)
}

// Flags registers the serve flags on fs, defaulting to c's current values.
func (c *Config) Flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "`HOST:PORT` to listen on (env TANDEM_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "`folder` for the SQLite database (env TANDEM_DATA)")
	fs.StringVar(&c.DatabaseURL, "database", c.DatabaseURL, "PostgreSQL `URL`; SQLite in the data folder when empty (env TANDEM_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public `URL` of this server, for links in email (env TANDEM_BASE_URL)")
	fs.BoolVar(&c.NoMigrate, "no-migrate", c.NoMigrate, "do not apply database migrations at start")
	c.SMTP.flags(fs)
}

// Validate checks the settings and fills in derived ones.
func (c *Config) Validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || port == "" {
		return fmt.Errorf("--addr %q: use HOST:PORT, e.g. 127.0.0.1:8080", c.Addr)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return errors.New("--database must be a postgres:// URL; leave it empty for SQLite in the data folder")
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		return errors.New("--data must name a folder")
	}
	if c.BaseURL == "" {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if strings.HasPrefix(c.BaseURL, "http://") {
		// Browsers drop Secure cookies on plain HTTP; over HTTPS they stay Secure.
		c.InsecureCookies = true
	}
	return c.SMTP.validate()
}

// DSN returns what store.Open takes: the PostgreSQL URL or the SQLite file path.
func (c *Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "tandem.db")
}
