package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
)

// One-click unsubscribe (RFC 8058). Every reminder email carries a link that
// turns that kind of reminder off for its recipient without signing in: mail
// programs POST to it on the person's behalf. The link names the person and
// the kind, signed with a key kept in the database, so it cannot be guessed
// or altered to turn off someone else's reminders, and it survives restarts
// and works on every server sharing the database.

// unsubscribeSecret names the signing key in server_secrets.
const unsubscribeSecret = "unsubscribe"

func (a *App) unsubscribeKey(ctx context.Context) ([]byte, error) {
	if k := a.unsubKey.Load(); k != nil {
		return *k, nil
	}
	k, err := a.store.ServerSecret(ctx, unsubscribeSecret)
	if err != nil {
		return nil, err
	}
	a.unsubKey.Store(&k)
	return k, nil
}

func unsubscribeMAC(key []byte, userID int64, kind string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "unsubscribe\x00%d\x00%s", userID, kind)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// UnsubscribeURL returns the one-click link that turns kind off for userID.
func (a *App) UnsubscribeURL(ctx context.Context, userID int64, kind string) (string, error) {
	key, err := a.unsubscribeKey(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s/unsubscribe/%d.%s.%s", a.baseURL, userID, kind, unsubscribeMAC(key, userID, kind)), nil
}

// Unsubscription is what a valid link turns off.
type Unsubscription struct {
	UserID int64
	Kind   string
	Label  string // the reminder's words, as the settings page shows them
}

var errBadUnsubscribe = tandem.Errorf(tandem.EInvalid,
	"This unsubscribe link is not valid: it may have been changed or cut short when it was copied. Sign in and choose your reminders on your reminder settings page instead.")

// CheckUnsubscribe reads a link's token and says what it would turn off,
// changing nothing (a GET, which link scanners follow, must not act).
func (a *App) CheckUnsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errBadUnsubscribe
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 || !slices.Contains(tandem.NudgeKinds, parts[1]) {
		return nil, errBadUnsubscribe
	}
	key, err := a.unsubscribeKey(ctx)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal([]byte(parts[2]), []byte(unsubscribeMAC(key, id, parts[1]))) {
		return nil, errBadUnsubscribe
	}
	if _, err := a.store.User(ctx, id); err != nil {
		return nil, errBadUnsubscribe // the account is gone
	}
	return &Unsubscription{UserID: id, Kind: parts[1], Label: tandem.NudgeLabel(parts[1])}, nil
}

// Unsubscribe turns off the reminder a valid link names, for the person it
// names. Doing it twice is harmless.
func (a *App) Unsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	u, err := a.CheckUnsubscribe(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := a.store.AddReminderOptOut(ctx, u.UserID, u.Kind); err != nil {
		return nil, err
	}
	a.log.InfoContext(ctx, "reminder turned off by one-click unsubscribe", "user_id", u.UserID, "kind", u.Kind)
	return u, nil
}
