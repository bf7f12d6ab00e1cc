package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestSetupWorksOnce(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		_, err := e.App.Setup(context.Background(), app.SetupInput{OrgName: "Other", Name: "Eve", Email: "eve@example.test", Password: testutil.Password})
		if tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("second setup: got %v, want conflict", err)
		}
	})
}

func TestSignUpValidatesAndRefusesDuplicates(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		_, err := e.App.SignUp(ctx, app.SignUpInput{Name: "", Email: "not-an-email", Password: "short"})
		fields := tandem.ErrorFields(err)
		if tandem.ErrorCode(err) != tandem.EInvalid || fields["name"] == "" || fields["email"] == "" || fields["password"] == "" {
			t.Fatalf("want a problem for each of name, email and password, got %v", err)
		}
		if _, err := e.App.SignUp(ctx, app.SignUpInput{Name: "Dana", Email: " Dana@Example.test ", Password: testutil.Password}); err != nil {
			t.Fatal(err)
		}
		_, err = e.App.SignUp(ctx, app.SignUpInput{Name: "Dana again", Email: "dana@example.test", Password: testutil.Password})
		if tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("same address in other case: got %v, want conflict", err)
		}
	})
}

func TestSignInAndRateLimit(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		u, err := e.App.SignIn(ctx, app.SignInInput{Email: "ADMIN@northfield.test", Password: testutil.Password, IP: "10.0.0.1"})
		if err != nil || u.ID != e.Admin.ID {
			t.Fatalf("good password: %v %v", u, err)
		}
		for i := 0; i < 5; i++ {
			_, err := e.App.SignIn(ctx, app.SignInInput{Email: "admin@northfield.test", Password: "wrong password", IP: "10.0.0.1"})
			if tandem.ErrorCode(err) != tandem.EInvalid {
				t.Fatalf("attempt %d: got %v, want invalid", i, err)
			}
		}
		_, err = e.App.SignIn(ctx, app.SignInInput{Email: "admin@northfield.test", Password: testutil.Password, IP: "10.0.0.1"})
		if tandem.ErrorCode(err) != tandem.ERateLimited {
			t.Fatalf("after 5 failures even the right password must wait: got %v", err)
		}
		e.Clock.Advance(16 * time.Minute)
		if _, err := e.App.SignIn(ctx, app.SignInInput{Email: "admin@northfield.test", Password: testutil.Password, IP: "10.0.0.1"}); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		_, err = e.App.SignIn(ctx, app.SignInInput{Email: "nobody@northfield.test", Password: testutil.Password, IP: "10.0.0.2"})
		if tandem.ErrorMessage(err) != "That email and password don't match an account." {
			t.Fatalf("unknown account must get the same answer as a wrong password: %v", err)
		}
	})
}

func TestSessionsStartAndEnd(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		token, err := e.App.StartSession(ctx, e.Admin)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := e.App.StartSession(ctx, e.Admin)
		if token == other {
			t.Fatal("two sign-ins must get different tokens")
		}
		if u, err := e.App.SessionUser(ctx, token); err != nil || u.ID != e.Admin.ID {
			t.Fatalf("session user: %v %v", u, err)
		}
		e.App.EndSession(ctx, token)
		if _, err := e.App.SessionUser(ctx, token); err == nil {
			t.Fatal("ended session still works")
		}
		e.Clock.Advance(app.SessionLifetime + time.Minute)
		if _, err := e.App.SessionUser(ctx, other); err == nil {
			t.Fatal("expired session still works")
		}
	})
}

var linkRE = regexp.MustCompile(`http://tandem\.test/password/reset\?token=(\S+)`)

func TestPasswordReset(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		session, _ := e.App.StartSession(ctx, e.Admin)
		if err := e.App.RequestPasswordReset(ctx, "nobody@northfield.test"); err != nil {
			t.Fatalf("unknown address must answer like a known one: %v", err)
		}
		if err := e.App.RequestPasswordReset(ctx, "admin@northfield.test"); err != nil {
			t.Fatal(err)
		}
		sent := e.Mail.Sent()
		if len(sent) != 1 || sent[0].To != "admin@northfield.test" {
			t.Fatalf("want one email to the admin, got %+v", sent)
		}
		m := linkRE.FindStringSubmatch(sent[0].Text)
		if m == nil {
			t.Fatalf("no reset link in %q", sent[0].Text)
		}
		if _, err := e.App.ResetPassword(ctx, m[1], "short"); tandem.ErrorFields(err)["password"] == "" {
			t.Fatalf("weak password: %v", err)
		}
		// A refused password leaves the token usable (the transaction rolled back).
		if _, err := e.App.ResetPassword(ctx, m[1], "a brand new passphrase"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.ResetPassword(ctx, m[1], "another new passphrase"); tandem.ErrorCode(err) != tandem.EInvalid {
			t.Fatalf("a reset link works once: %v", err)
		}
		if _, err := e.App.SessionUser(ctx, session); err == nil {
			t.Fatal("a password reset must sign out existing sessions")
		}
		if _, err := e.App.SignIn(ctx, app.SignInInput{Email: "admin@northfield.test", Password: "a brand new passphrase", IP: "1"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		token, err := e.App.CreateAPIToken(ctx, e.Admin, "script")
		if err != nil || !strings.HasPrefix(token, "tdm_") {
			t.Fatalf("token %q %v", token, err)
		}
		if u, err := e.App.APITokenUser(ctx, token); err != nil || u.ID != e.Admin.ID {
			t.Fatalf("token user: %v %v", u, err)
		}
		list, _ := e.App.ListAPITokens(ctx, e.Admin)
		if err := e.App.RevokeAPIToken(ctx, e.Admin, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.APITokenUser(ctx, token); tandem.ErrorCode(err) != tandem.EUnauthorized {
			t.Fatalf("revoked token: %v", err)
		}
	})
}
