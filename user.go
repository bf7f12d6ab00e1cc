package tandem

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Organisation-level roles. Programme roles (mentor, mentee, coordinator of a
// programme) are separate: see Membership and Programme.Coordinators.
const (
	RoleMember      = "member"      // a participant: joins programmes as mentor or mentee
	RoleCoordinator = "coordinator" // may create programmes and runs the ones they coordinate
	RoleAdmin       = "admin"       // sets up the organisation and appoints coordinators
)

// ValidOrgRole reports whether r is an organisation role.
func ValidOrgRole(r string) bool {
	return r == RoleMember || r == RoleCoordinator || r == RoleAdmin
}

// User is one person's account. One account per person (PRODUCT.md, People and roles).
type User struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	// HasPassword is false for people imported by a coordinator until they set one
	// through the password-reset link.
	HasPassword bool `json:"has_password"`
}

// IsAdmin reports whether u administers the organisation.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// CanCreateProgrammes reports whether u may create programmes.
func (u *User) CanCreateProgrammes() bool {
	return u != nil && (u.Role == RoleAdmin || u.Role == RoleCoordinator)
}

// NormalizeEmail trims and lower-cases an address so one person has one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail records a problem with an email address, if any.
func ValidateEmail(p Problems, field, email string) {
	if email == "" {
		p.Add(field, "Enter an email address.")
		return
	}
	if len(email) > 254 {
		p.Add(field, "That email address is too long.")
		return
	}
	a, err := mail.ParseAddress(email)
	_, domain, _ := strings.Cut(email, "@")
	// .invalid never routes (RFC 2606); erased accounts keep such an address,
	// so nobody may take one.
	invalid := strings.EqualFold(domain, "invalid") || strings.HasSuffix(strings.ToLower(domain), ".invalid")
	if err != nil || a.Address != email || !strings.Contains(email, "@") || invalid {
		p.Add(field, "Enter an email address like name@example.org.")
	}
}

// ValidateName records a problem with a person's display name, if any.
func ValidateName(p Problems, field, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		p.Add(field, "Enter your name.")
	case n > 120:
		p.Add(field, "Keep the name under 120 characters.")
	}
}

// MinPasswordLength follows NIST SP 800-63B: length matters, composition rules do not.
const MinPasswordLength = 10

// ValidatePassword records a problem with a new password, if any.
func ValidatePassword(p Problems, field, password, email string) {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		p.Add(field, "Use at least 10 characters.")
	case n > 256:
		p.Add(field, "Use at most 256 characters.")
	case strings.EqualFold(password, email):
		p.Add(field, "Don't use your email address as your password.")
	case commonPasswords[strings.ToLower(password)]:
		p.Add(field, "That password is too common; choose another.")
	}
}

var commonPasswords = map[string]bool{
	"1234567890": true, "password12": true, "password123": true, "qwertyuiop": true,
	"123456789a": true, "iloveyou12": true, "passw0rd12": true, "abcdefghij": true,
	"mentoring1": true, "mentoring123": true, "0987654321": true, "1111111111": true,
}
