package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// likePattern builds a case-insensitive LIKE pattern that matches q literally
// anywhere; use with ESCAPE '\'.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}

// CreateSession records a session by the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, now, expires time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, utc(now), utc(expires))
	return err
}

// SessionUser returns the user of a live session.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*tandem.User, error) {
	return scanUser(s.r.QueryRowContext(ctx, `SELECT u.id, u.org_id, u.email, u.name, u.role, u.password_hash IS NOT NULL, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, utc(now)))
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteUserSessions ends every session of a user (after a password change).
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, utc(now))
	return err
}

// CreatePasswordReset records a reset token by its hash.
func (s *Store) CreatePasswordReset(ctx context.Context, tokenHash string, userID int64, now, expires time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, utc(now), utc(expires))
	return err
}

// UsePasswordReset marks a live, unused token used and returns its user; a
// token works once.
func (s *Store) UsePasswordReset(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var userID int64
	err := s.w.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`, utc(now), tokenHash).Scan(&userID)
	if err == sql.ErrNoRows {
		return 0, tandem.Errorf(tandem.EInvalid, "This reset link has expired or was already used. Ask for a new one.")
	}
	return userID, err
}

// PasswordResetValid reports whether a token can still be used, without using it.
func (s *Store) PasswordResetValid(ctx context.Context, tokenHash string, now time.Time) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, tokenHash, utc(now)).Scan(&n)
	return n > 0, err
}

// APIToken is a personal token for the JSON API.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// CreateAPIToken stores a token by its hash.
func (s *Store) CreateAPIToken(ctx context.Context, t *APIToken, tokenHash string) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.UserID, t.Name, tokenHash, utc(t.CreatedAt)).Scan(&t.ID)
}

// APITokenUser returns the owner of a token and notes its use.
func (s *Store) APITokenUser(ctx context.Context, tokenHash string, now time.Time) (*tandem.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT u.id, u.org_id, u.email, u.name, u.role, u.password_hash IS NOT NULL, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, tokenHash))
	if err != nil {
		return nil, err
	}
	_, err = s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2`, utc(now), tokenHash)
	return u, err
}

// ListAPITokens lists a user's tokens.
func (s *Store) ListAPITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &last); err != nil {
			return nil, err
		}
		t.LastUsedAt = timePtr(last)
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteAPIToken revokes a user's token.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tandem.Errorf(tandem.ENotFound, "Token not found.")
	}
	return nil
}
