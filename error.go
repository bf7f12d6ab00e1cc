// Package tandem holds Tandem's domain: the entities every layer shares, their
// validation, and the error type whose messages are safe to show a person.
// It imports nothing internal, so every other package can depend on it.
package tandem

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Each maps to one HTTP status in the web and API layers.
const (
	EInvalid      = "invalid"      // the input breaks a rule; Message says which
	ENotFound     = "not_found"    // absent, or not visible to the caller (we never reveal which)
	EUnauthorized = "unauthorized" // sign-in needed
	EForbidden    = "forbidden"    // signed in, but the action is not theirs to take
	EConflict     = "conflict"     // the action clashes with the current state
	ERateLimited  = "rate_limited" // too many attempts; try later
	EInternal     = "internal"     // our fault; details go to the log, never to the user
)

// Error is an application error with a message written for the person using Tandem.
// Fields names the form fields at fault, with a message each, so forms can show
// every problem next to its input at once.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or EInternal for errors that are not ours.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err. Errors that are not *Error
// never leak their text: the caller gets a generic sentence instead.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side."
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems map[string]string

// Add records msg for field unless the field already has a message.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns an EInvalid *Error listing the problems, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	msg := "Please correct the highlighted field."
	if len(p) > 1 {
		msg = fmt.Sprintf("Please correct the %d highlighted fields.", len(p))
	}
	return &Error{Code: EInvalid, Message: msg, Fields: p}
}
