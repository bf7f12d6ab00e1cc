package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"regexp"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"
)

// Content is a rendered email: copy it into a Message.
type Content struct {
	Subject string
	Text    string
	HTML    string
}

// Each template NAME is two embedded files sharing a layout:
//
//	NAME.txt  (text/template) defines "subject", "action" (the button's
//	          words) and "text" (the plain-text body)
//	NAME.html (html/template) defines "html" (the HTML body)
//
// Bodies are executed with the template's data; the layouts with a page.
//
//go:embed templates
var files embed.FS

type templateSet struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// page is what the layouts see: the body's data as D.
type page struct {
	Subject string
	Action  string
	D       any
}

var funcs = map[string]any{
	// date: Tuesday 12 May 2026
	"date": func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	// day: 12 May 2026, for lists
	"day": func(t time.Time) string { return t.Format("2 Jan 2006") },
	// when: Tuesday 12 May 2026 at 14:00 BST
	"when": func(t time.Time) string { return t.Format("Monday 2 January 2006 at 15:04 MST") },
	// clock: 14:00
	"clock": func(t time.Time) string { return t.Format("15:04") },
	// plural: plural 3 "meeting" "meetings" = "3 meetings"
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	// duration: "2 hours", "90 minutes"
	"duration": func(d time.Duration) string {
		if d >= time.Hour && d%time.Hour == 0 {
			if d == time.Hour {
				return "1 hour"
			}
			return fmt.Sprintf("%d hours", d/time.Hour)
		}
		return fmt.Sprintf("%d minutes", d/time.Minute)
	},
	// days: "6 weeks" when whole weeks, else "10 days"
	"days": func(n int) string {
		if n >= 14 && n%7 == 0 {
			return fmt.Sprintf("%d weeks", n/7)
		}
		if n == 1 {
			return "1 day"
		}
		return fmt.Sprintf("%d days", n)
	},
	"average": func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"add":     func(a, b int) int { return a + b },
}

var templates = mustParse()

func mustParse() map[string]templateSet {
	text := texttemplate.Must(texttemplate.New("").Funcs(funcs).ParseFS(files, "templates/layout.txt"))
	html := htmltemplate.Must(htmltemplate.New("").Funcs(funcs).ParseFS(files, "templates/layout.html"))
	sets := map[string]templateSet{}
	for name := range catalogue {
		t := texttemplate.Must(texttemplate.Must(text.Clone()).ParseFS(files, "templates/"+name+".txt"))
		h := htmltemplate.Must(htmltemplate.Must(html.Clone()).ParseFS(files, "templates/"+name+".html"))
		for _, block := range []string{"subject", "action", "text"} {
			if t.Lookup(block) == nil {
				panic(fmt.Sprintf("mail: templates/%s.txt defines no %q", name, block))
			}
		}
		if h.Lookup("html") == nil {
			panic(fmt.Sprintf("mail: templates/%s.html defines no \"html\"", name))
		}
		sets[name] = templateSet{text: t, html: h}
	}
	return sets
}

// Render renders the template name with data, which must be the type the
// catalogue gives it (a value or a pointer), e.g.
//
//	Render("meeting_tomorrow", mail.MeetingTomorrow{...})
func Render(name string, data any) (Content, error) {
	set, ok := templates[name]
	if !ok {
		return Content{}, fmt.Errorf("mail: no template %q", name)
	}
	want := reflect.TypeOf(catalogue[name])
	if v := reflect.ValueOf(data); v.Kind() == reflect.Pointer && !v.IsNil() {
		data = v.Elem().Interface()
	}
	if got := reflect.TypeOf(data); got != want {
		return Content{}, fmt.Errorf("mail: template %q takes mail.%s, not %v", name, want.Name(), got)
	}
	var c Content
	var err error
	if c.Subject, err = execText(set.text, "subject", data); err != nil {
		return c, err
	}
	c.Subject = strings.Join(strings.Fields(c.Subject), " ")
	action, err := execText(set.text, "action", data)
	if err != nil {
		return c, err
	}
	p := page{Subject: c.Subject, Action: strings.Join(strings.Fields(action), " "), D: data}
	if c.Text, err = execText(set.text, "layout", p); err != nil {
		return c, err
	}
	c.Text = tidyText(c.Text)
	var b bytes.Buffer
	if err := set.html.ExecuteTemplate(&b, "layout", p); err != nil {
		return c, fmt.Errorf("mail: %s.html: %w", name, err)
	}
	c.HTML = inlineStyles.Replace(b.String())
	return c, nil
}

func execText(t *texttemplate.Template, block string, data any) (string, error) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, block, data); err != nil {
		return "", fmt.Errorf("mail: %w", err)
	}
	return b.String(), nil
}

// inlineStyles gives the bare tags of the HTML bodies their style: email
// programs ignore style sheets, so every element carries its own. Only
// bare tags written in the templates match; text from data is escaped, so
// it cannot contain one.
var inlineStyles = strings.NewReplacer(
	"<p>", `<p style="margin:0 0 16px;">`,
	"<ul>", `<ul style="margin:0 0 16px;padding:0 0 0 22px;">`,
	"<li>", `<li style="margin:0 0 6px;">`,
	"<h2>", `<h2 style="margin:24px 0 8px;font-size:17px;line-height:1.3;color:#1d2430;">`,
	"<div>", `<div style="margin:0 0 20px;padding:14px 18px;background:#e8f1f8;border-radius:8px;">`,
	"<table>", `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 16px;border-collapse:collapse;font-size:14px;">`,
	"<th>", `<th align="left" style="padding:6px 8px 6px 0;border-bottom:2px solid #d6dbe3;font-weight:600;color:#535d6c;">`,
	"<td>", `<td style="padding:6px 8px 6px 0;border-bottom:1px solid #e6e9ee;vertical-align:top;">`,
	"<a href=", `<a style="color:#1f5f8b;" href=`,
)

var blankLines = regexp.MustCompile(`\n{3,}`)

// tidyText trims the spaces templates leave, keeps one blank line between
// paragraphs and wraps long lines at 72 characters, never inside a word or
// a link.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "-- " { // the signature separator keeps its space
			l = strings.TrimRight(l, " \t")
		}
		lines[i] = wrap(l, 72)
	}
	s = blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.TrimSpace(s) + "\n"
}

// wrap breaks line at spaces to fit width; a line starting "- " continues
// indented under its text.
func wrap(line string, width int) string {
	if utf8.RuneCountInString(line) <= width {
		return line
	}
	lead := line[:len(line)-len(strings.TrimLeft(line, " "))]
	indent := lead
	if strings.HasPrefix(line[len(lead):], "- ") {
		indent += "  "
	}
	var b strings.Builder
	b.WriteString(lead)
	n := len(lead)
	for i, w := range strings.Fields(line) {
		wl := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case n+1+wl > width:
			b.WriteString("\n" + indent)
			n = len(indent)
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += wl
	}
	return b.String()
}
