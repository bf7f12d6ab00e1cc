package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const userColumns = `id, org_id, email, name, role, password_hash IS NOT NULL, created_at`

func scanUser(row interface{ Scan(...any) error }) (*tandem.User, error) {
	var u tandem.User
	if err := row.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &u.Role, &u.HasPassword, &u.CreatedAt); err != nil {
		return nil, notFound(err, "Person")
	}
	return &u, nil
}

// CreateUser inserts u with an optional password hash ("" for none) and sets its ID.
// An address already in use gives a conflict error.
func (s *Store) CreateUser(ctx context.Context, u *tandem.User, passwordHash string) error {
	var hash any
	if passwordHash != "" {
		hash = passwordHash
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO users (org_id, email, name, role, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		u.OrgID, u.Email, u.Name, u.Role, hash, utc(u.CreatedAt)).Scan(&u.ID)
	if isUniqueViolation(err) {
		return &tandem.Error{Code: tandem.EConflict, Message: "An account with that email address already exists.",
			Fields: map[string]string{"email": "An account with that email address already exists. Sign in, or reset your password."}}
	}
	u.HasPassword = passwordHash != ""
	return err
}

// User returns one user by ID.
func (s *Store) User(ctx context.Context, id int64) (*tandem.User, error) {
	return scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// UserByEmail returns a user and their password hash ("" when none is set).
// An erased account is not found: nobody signs in to it or resets it.
func (s *Store) UserByEmail(ctx context.Context, email string) (*tandem.User, string, error) {
	var u tandem.User
	var hash sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT id, org_id, email, name, role, password_hash, created_at FROM users WHERE email = $1 AND erased_at IS NULL`, email).
		Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &u.Role, &hash, &u.CreatedAt)
	if err != nil {
		return nil, "", notFound(err, "Person")
	}
	u.HasPassword = hash.Valid
	return &u, hash.String, nil
}

// SetPassword stores a new password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, utc(now), userID)
	return err
}

// SetUserRole changes a user's organisation role.
func (s *Store) SetUserRole(ctx context.Context, userID int64, role string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE users SET role = $1, updated_at = $2 WHERE id = $3`, role, utc(now), userID)
	return err
}

// UpdateUserName changes a user's display name.
func (s *Store) UpdateUserName(ctx context.Context, userID int64, name string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE users SET name = $1, updated_at = $2 WHERE id = $3`, name, utc(now), userID)
	return err
}

// CountUsers counts every account; zero means the instance is not set up yet.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// CountAdmins counts the organisation's admins; an erased account is none.
func (s *Store) CountAdmins(ctx context.Context, orgID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = 'admin' AND erased_at IS NULL`, orgID).Scan(&n)
	return n, err
}

// ListUsers lists an organisation's accounts, optionally matching q in name
// or email; erased accounts are gone from the list.
func (s *Store) ListUsers(ctx context.Context, orgID int64, q string, limit int) ([]tandem.User, error) {
	return collect(scanUser)(s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users
		WHERE org_id = $1 AND erased_at IS NULL AND ($2 = '' OR lower(name) LIKE $3 ESCAPE '\' OR lower(email) LIKE $3 ESCAPE '\')
		ORDER BY lower(name), id LIMIT $4`, orgID, q, likePattern(q), limit))
}
