package app

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

var linkTemplate = template.Must(template.New("link").Parse(`<a href="{{.URL}}">{{.Label}}</a>`))

// FuzzParseLinks feeds any text to the support-links setting, which every
// page's footer shows as links: parsing never panics, gives one link per
// non-empty line, and a link that validation accepts is an http(s) or mailto
// address that the page template writes as it is (never javascript: or data:).
func FuzzParseLinks(f *testing.F) {
	for _, seed := range []string{
		"",
		"Wellbeing service | https://wellbeing.northfield.test",
		"Helpline | mailto:help@northfield.test\n\n  Counselling|http://c.test/a?b=c#d  \n",
		"No address",
		"Evil | javascript:alert(1)",
		"Evil | JaVaScRiPt:alert(1)",
		"Evil | data:text/html,<script>alert(1)</script>",
		"Evil | //evil.test/",
		"Evil | https:evil.test",
		"Evil | mailto:x@y.test?body=<script>",
		"a|b|c\r\nd | https://x.test\r\n",
		"<script>alert(1)</script> | https://x.test/\"onmouseover=alert(1)",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		links := ParseLinks(text)
		if len(links) != len(Lines(text)) {
			t.Fatalf("%d links from %d non-empty lines", len(links), len(Lines(text)))
		}
		for _, l := range links {
			if strings.Contains(l.Label, "\n") || strings.Contains(l.URL, "\n") || l.Label != strings.TrimSpace(l.Label) || l.URL != strings.TrimSpace(l.URL) {
				t.Fatalf("link not trimmed to one line: %+v", l)
			}
		}
		org := &tandem.Organisation{Name: "Org", CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC", SupportLinks: links}
		if err := org.Validate(); err != nil {
			if tandem.ErrorCode(err) != tandem.EInvalid {
				t.Fatalf("validation failed with %v, want a field error", err)
			}
			if fields := tandem.ErrorFields(err); len(links) > 0 && fields["support_links"] == "" {
				t.Fatalf("links refused without a message on the field: %v", fields)
			}
			return
		}
		for _, l := range links {
			u, err := url.Parse(l.URL)
			if err != nil || l.Label == "" {
				t.Fatalf("accepted link %+v", l)
			}
			switch strings.ToLower(u.Scheme) {
			case "http", "https", "mailto":
			default:
				t.Fatalf("accepted a %q link: %+v", u.Scheme, l)
			}
			var b bytes.Buffer
			if err := linkTemplate.Execute(&b, l); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "ZgotmplZ") {
				t.Fatalf("the page template refuses an accepted link: %s", b.String())
			}
		}
	})
}

// FuzzLines feeds any text to the one-entry-per-line settings (departments,
// career stages): every entry is trimmed, non-empty and on one line, and
// splitting what it gives again gives the same.
func FuzzLines(f *testing.F) {
	for _, seed := range []string{"", "\n\n", "Physics\nHistory", "  Physics  \r\n\tHistory\r\n", "a\u00a0\nb\u2028c", "\x00\n\x85"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := Lines(text)
		if len(lines) > strings.Count(text, "\n")+1 {
			t.Fatalf("%d entries from %d lines", len(lines), strings.Count(text, "\n")+1)
		}
		for _, l := range lines {
			if l == "" || l != strings.TrimSpace(l) || strings.Contains(l, "\n") || !strings.Contains(text, l) {
				t.Fatalf("entry %q is not a trimmed line of the input", l)
			}
		}
		again := Lines(strings.Join(lines, "\n"))
		if strings.Join(again, "\n") != strings.Join(lines, "\n") {
			t.Fatalf("splitting again gives %q, want %q", again, lines)
		}
	})
}
