// Package app holds Tandem's services: every business rule and every
// authorization check lives here, so the web UI, the JSON API, background jobs
// and the command line all get the same behaviour. Methods take the acting
// user (nil when signed out) and decide what that person may see and do.
package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// Options configure an App.
type Options struct {
	Store   *store.Store
	Clock   tandem.Clock
	Mailer  mail.Mailer
	Log     *slog.Logger
	BaseURL string // e.g. https://mentoring.example.org, for links in email
	Argon2  Argon2Params
}

// App is the service layer.
type App struct {
	store   *store.Store
	clock   tandem.Clock
	mailer  mail.Mailer
	log     *slog.Logger
	baseURL string
	argon2  Argon2Params
	outbox  Outbox
	// unsubKey caches the key that signs one-click unsubscribe links.
	unsubKey atomic.Pointer[[]byte]

	signInByEmail *limiter
	signInByIP    *limiter
	resetByEmail  *limiter
}

// Session lifetime: long enough not to annoy, short enough to expire a lost laptop.
const SessionLifetime = 14 * 24 * time.Hour

// New returns an App.
func New(o Options) *App {
	if o.Clock == nil {
		o.Clock = tandem.SystemClock{}
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Mailer == nil {
		o.Mailer = mail.LogMailer{Log: o.Log}
	}
	if o.Argon2.MemoryKiB == 0 {
		o.Argon2 = DefaultArgon2
	}
	return &App{
		store: o.Store, clock: o.Clock, mailer: o.Mailer, log: o.Log, baseURL: o.BaseURL, argon2: o.Argon2,
		signInByEmail: newLimiter(5, 15*time.Minute),
		signInByIP:    newLimiter(50, 15*time.Minute),
		resetByEmail:  newLimiter(3, time.Hour),
	}
}

// Now returns the app's current time.
func (a *App) Now() time.Time { return a.clock.Now() }

// Engine names the database engine in use.
func (a *App) Engine() string { return a.store.DB().Engine }

// SchemaVersion returns the applied schema version.
func (a *App) SchemaVersion(ctx context.Context) (int, error) { return a.store.DB().SchemaVersion(ctx) }

// Ping checks the database.
func (a *App) Ping(ctx context.Context) error { return a.store.DB().Ping(ctx) }

// newToken returns a random URL-safe secret and the hash under which it is stored.
// Only hashes reach the database, so a leaked backup holds no live tokens.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// requireUser returns an unauthorized error when nobody is signed in.
func requireUser(actor *tandem.User) error {
	if actor == nil {
		return tandem.Errorf(tandem.EUnauthorized, "Please sign in first.")
	}
	return nil
}

func forbidden(msg string) error { return tandem.Errorf(tandem.EForbidden, "%s", msg) }

// SessionCookie names the cookie that carries a session token, for the web UI
// and the JSON API alike.
const SessionCookie = "tandem_session"
