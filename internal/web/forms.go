package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// Pages such as a partnership's workspace hold many small forms. Each form
// posts a hidden "form" value naming it, so that when one is refused the
// page comes back with what was typed and the messages in that form alone.

// formFailed reports whether form is the refused form this page shows again.
func formFailed(p page, form string) bool {
	return p.Form.Get("form") == form && (p.Error != "" || len(p.Errors) > 0)
}

// scopedField is field for one of several forms on a page: its id carries
// the form's name so ids stay unique, and it shows what was typed and what is
// wrong only when that form is the refused one. Otherwise it shows def.
func scopedField(p page, form, name, label, hint string, def ...any) formField {
	f := formField{Page: p, ID: form + "-" + name, Name: name, Label: label, Hint: hint}
	if formFailed(p, form) {
		f.Value, f.Error = p.Form.Get(name), p.Errors[name]
		return f
	}
	if len(def) > 0 && def[0] != nil {
		switch v := def[0].(type) {
		case time.Time:
			f.Value = v.Format("2006-01-02T15:04")
		default:
			f.Value = fmt.Sprint(v)
		}
	}
	return f
}

// when writes a meeting's local start the way people read it.
func when(t time.Time) string {
	return t.Format("Mon 2 Jan 2006, 15:04")
}

// dateIn writes the day of t in loc (the organisation's time zone), so that
// a late-evening event is not dated the next day in UTC.
func dateIn(t any, loc *time.Location) string {
	var v time.Time
	switch x := t.(type) {
	case time.Time:
		v = x
	case *time.Time:
		if x == nil {
			return ""
		}
		v = *x
	default:
		return ""
	}
	if loc != nil {
		v = v.In(loc)
	}
	return v.Format("2 Jan 2006")
}

// formInt reads a whole number from a form; empty is 0, and anything else
// that is not a number is -1 so that validation names the field.
func formInt(r *http.Request, name string) int {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// formID reads an optional id from a form: 0 when absent or not a number.
func formID(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// pageItem hands a nested template the page (for its CSRF token and form
// state) together with one item to render.
type pageItem struct {
	Page page
	V    any
}

func item(p page, v any) pageItem { return pageItem{Page: p, V: v} }

// day writes a YYYY-MM-DD date (an action's due date) for reading.
func day(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("Mon 2 Jan 2006")
}

var (
	horizonLabels      = map[string]string{tandem.HorizonShort: "Short term", tandem.HorizonLong: "Long term"}
	goalStatusLabels   = map[string]string{tandem.GoalOpen: "In progress", tandem.GoalAchieved: "Achieved", tandem.GoalDropped: "Dropped"}
	actionStatusLabels = map[string]string{tandem.ActionOpen: "Open", tandem.ActionDone: "Done", tandem.ActionDropped: "Dropped"}
)
