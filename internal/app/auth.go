package app

import (
	"context"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// SetupInput creates the organisation and its first admin on a new instance.
type SetupInput struct {
	OrgName  string
	Name     string
	Email    string
	Password string
}

// NeedsSetup reports whether the instance has no accounts yet.
func (a *App) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := a.store.CountUsers(ctx)
	return n == 0, err
}

// Setup creates the organisation and its first admin. It works once: after
// any account exists it is refused, so the first-run page cannot be replayed.
func (a *App) Setup(ctx context.Context, in SetupInput) (*tandem.User, error) {
	p := tandem.Problems{}
	in.OrgName = strings.TrimSpace(in.OrgName)
	if in.OrgName == "" {
		p.Add("org_name", "Enter your organisation's name.")
	}
	u, hash, err := a.prepareAccount(p, in.Name, in.Email, in.Password)
	if err != nil {
		return nil, err
	}
	u.Role = tandem.RoleAdmin
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		if n, err := tx.CountUsers(ctx); err != nil {
			return err
		} else if n > 0 {
			return tandem.Errorf(tandem.EConflict, "Tandem is already set up. Sign in instead.")
		}
		org, err := tx.FirstOrganisation(ctx)
		if tandem.ErrorCode(err) == tandem.ENotFound {
			org = &tandem.Organisation{Name: in.OrgName, CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC", CreatedAt: a.Now()}
			if err := tx.CreateOrganisation(ctx, org); err != nil {
				return err
			}
		} else if err != nil {
			return err
		} else {
			org.Name = in.OrgName
			if err := tx.UpdateOrganisation(ctx, org); err != nil {
				return err
			}
		}
		u.OrgID = org.ID
		return tx.CreateUser(ctx, u, hash)
	})
	if err != nil {
		return nil, err
	}
	a.log.InfoContext(ctx, "first admin created", "user_id", u.ID)
	return u, nil
}

// prepareAccount validates new-account fields (recording problems in p) and
// hashes the password.
func (a *App) prepareAccount(p tandem.Problems, name, email, password string) (*tandem.User, string, error) {
	name = strings.TrimSpace(name)
	email = tandem.NormalizeEmail(email)
	tandem.ValidateName(p, "name", name)
	tandem.ValidateEmail(p, "email", email)
	tandem.ValidatePassword(p, "password", password, email)
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	hash, err := hashPassword(a.argon2, password)
	if err != nil {
		return nil, "", err
	}
	return &tandem.User{Email: email, Name: name, Role: tandem.RoleMember, CreatedAt: a.Now()}, hash, nil
}

// SignUpInput is what a new participant gives to open an account.
type SignUpInput struct {
	Name     string
	Email    string
	Password string
}

// SignUp opens a participant account in the instance's organisation.
func (a *App) SignUp(ctx context.Context, in SignUpInput) (*tandem.User, error) {
	u, hash, err := a.prepareAccount(tandem.Problems{}, in.Name, in.Email, in.Password)
	if err != nil {
		return nil, err
	}
	org, err := a.store.FirstOrganisation(ctx)
	if tandem.ErrorCode(err) == tandem.ENotFound {
		return nil, tandem.Errorf(tandem.EConflict, "Tandem is not set up yet: the first admin must create the organisation.")
	} else if err != nil {
		return nil, err
	}
	u.OrgID = org.ID
	if err := a.store.CreateUser(ctx, u, hash); err != nil {
		return nil, err
	}
	return u, nil
}

// CreateAdmin makes an admin account from the command line; it also creates
// the organisation when none exists yet.
func (a *App) CreateAdmin(ctx context.Context, in SetupInput) (*tandem.User, error) {
	if in.OrgName == "" {
		in.OrgName = "My organisation"
	}
	need, err := a.NeedsSetup(ctx)
	if err != nil {
		return nil, err
	}
	if need {
		return a.Setup(ctx, in)
	}
	u, hash, err := a.prepareAccount(tandem.Problems{}, in.Name, in.Email, in.Password)
	if err != nil {
		return nil, err
	}
	org, err := a.store.FirstOrganisation(ctx)
	if err != nil {
		return nil, err
	}
	u.OrgID, u.Role = org.ID, tandem.RoleAdmin
	return u, a.store.CreateUser(ctx, u, hash)
}

// SignInInput is a sign-in attempt. IP is the client's address, for rate limiting.
type SignInInput struct {
	Email    string
	Password string
	IP       string
}

// SignIn checks a password. Failures say the same thing whether or not the
// account exists, and repeated failures are slowed down per address and per IP.
func (a *App) SignIn(ctx context.Context, in SignInInput) (*tandem.User, error) {
	email := tandem.NormalizeEmail(in.Email)
	now := a.Now()
	if !a.signInByEmail.allow(email, now) || !a.signInByIP.allow(in.IP, now) {
		return nil, tandem.Errorf(tandem.ERateLimited, "Too many sign-in attempts. Wait 15 minutes and try again, or reset your password.")
	}
	u, hash, err := a.store.UserByEmail(ctx, email)
	if err != nil && tandem.ErrorCode(err) != tandem.ENotFound {
		return nil, err
	}
	if u == nil || hash == "" {
		checkPassword(dummyHash, in.Password)
	}
	if u == nil || hash == "" || !checkPassword(hash, in.Password) {
		a.signInByEmail.add(email, now)
		a.signInByIP.add(in.IP, now)
		return nil, &tandem.Error{Code: tandem.EInvalid, Message: "That email and password don't match an account.",
			Fields: map[string]string{"password": "That email and password don't match an account."}}
	}
	a.signInByEmail.reset(email)
	return u, nil
}

// StartSession opens a session for u and returns its secret token. A new token
// at every sign-in prevents session fixation.
func (a *App) StartSession(ctx context.Context, u *tandem.User) (string, error) {
	token, hash := newToken()
	now := a.Now()
	if err := a.store.CreateSession(ctx, hash, u.ID, now, now.Add(SessionLifetime)); err != nil {
		return "", err
	}
	return token, nil
}

// SessionUser returns the user of a live session token.
func (a *App) SessionUser(ctx context.Context, token string) (*tandem.User, error) {
	if token == "" {
		return nil, tandem.Errorf(tandem.EUnauthorized, "Please sign in.")
	}
	return a.store.SessionUser(ctx, hashToken(token), a.Now())
}

// EndSession signs a session out.
func (a *App) EndSession(ctx context.Context, token string) error {
	return a.store.DeleteSession(ctx, hashToken(token))
}

// RequestPasswordReset emails a reset link when the address has an account.
// It answers the same either way, so it cannot be used to find out who has
// an account.
func (a *App) RequestPasswordReset(ctx context.Context, email string) error {
	email = tandem.NormalizeEmail(email)
	p := tandem.Problems{}
	tandem.ValidateEmail(p, "email", email)
	if err := p.Err(); err != nil {
		return err
	}
	now := a.Now()
	if !a.resetByEmail.allow(email, now) {
		return nil // silently: a flood of reset emails is harassment
	}
	a.resetByEmail.add(email, now)
	u, _, err := a.store.UserByEmail(ctx, email)
	if tandem.ErrorCode(err) == tandem.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	const valid = 2 * time.Hour
	token, hash := newToken()
	org, err := a.store.Organisation(ctx, u.OrgID)
	if err != nil {
		return err
	}
	c, err := mail.Render("password_reset", mail.PasswordReset{ValidFor: valid, Layout: mail.Layout{
		Org: org.Name, Name: u.Name, ActionURL: a.baseURL + "/password/reset?token=" + token, SupportLinks: org.SupportLinks}})
	if err != nil {
		return err
	}
	msg := &mail.Message{To: u.Email, ToName: u.Name, FromName: org.Name, Subject: c.Subject, Text: c.Text, HTML: c.HTML}
	// Through the job queue when there is one, in the transaction that
	// records the reset: email goes out from a job, and the request answers
	// as fast whether or not the address has an account.
	if o := a.getOutbox(); o != nil {
		return a.store.InTx(ctx, func(tx *store.Store) error {
			if err := tx.CreatePasswordReset(ctx, hash, u.ID, now, now.Add(valid)); err != nil {
				return err
			}
			return o(ctx, tx, "password_reset/"+hash, msg)
		})
	}
	if err := a.store.CreatePasswordReset(ctx, hash, u.ID, now, now.Add(valid)); err != nil {
		return err
	}
	return a.mailer.Send(ctx, *msg)
}

// PasswordResetValid reports whether a reset token can still be used.
func (a *App) PasswordResetValid(ctx context.Context, token string) bool {
	ok, err := a.store.PasswordResetValid(ctx, hashToken(token), a.Now())
	return err == nil && ok
}

// ResetPassword sets a new password with a reset token, and signs out every
// existing session of the account.
func (a *App) ResetPassword(ctx context.Context, token, password string) (*tandem.User, error) {
	var user *tandem.User
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		userID, err := tx.UsePasswordReset(ctx, hashToken(token), a.Now())
		if err != nil {
			return err
		}
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		p := tandem.Problems{}
		tandem.ValidatePassword(p, "password", password, u.Email)
		if err := p.Err(); err != nil {
			return err
		}
		hash, err := hashPassword(a.argon2, password)
		if err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, userID, hash, a.Now()); err != nil {
			return err
		}
		user = u
		return tx.DeleteUserSessions(ctx, userID)
	})
	return user, err
}

// CreateAPIToken issues a personal API token; the secret is shown once.
func (a *App) CreateAPIToken(ctx context.Context, actor *tandem.User, name string) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 80 {
		return "", &tandem.Error{Code: tandem.EInvalid, Message: "Name the token (up to 80 characters).", Fields: map[string]string{"name": "Name the token."}}
	}
	token, hash := newToken()
	t := &store.APIToken{UserID: actor.ID, Name: name, CreatedAt: a.Now()}
	if err := a.store.CreateAPIToken(ctx, t, hash); err != nil {
		return "", err
	}
	return "tdm_" + token, nil
}

// APITokenUser returns the owner of an API token.
func (a *App) APITokenUser(ctx context.Context, token string) (*tandem.User, error) {
	secret, ok := strings.CutPrefix(token, "tdm_")
	if !ok {
		return nil, tandem.Errorf(tandem.EUnauthorized, "That API token is not valid.")
	}
	u, err := a.store.APITokenUser(ctx, hashToken(secret), a.Now())
	if tandem.ErrorCode(err) == tandem.ENotFound {
		return nil, tandem.Errorf(tandem.EUnauthorized, "That API token is not valid.")
	}
	return u, err
}

// ListAPITokens lists the actor's tokens.
func (a *App) ListAPITokens(ctx context.Context, actor *tandem.User) ([]store.APIToken, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.ListAPITokens(ctx, actor.ID)
}

// RevokeAPIToken deletes one of the actor's tokens.
func (a *App) RevokeAPIToken(ctx context.Context, actor *tandem.User, id int64) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.store.DeleteAPIToken(ctx, actor.ID, id)
}
