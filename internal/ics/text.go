package ics

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// maxLine is the longest a physical line may be, in octets without the CRLF
// (RFC 5545 3.1); some clients truncate or reject longer ones.
const maxLine = 75

// line writes one content line, folded so that no physical line exceeds
// maxLine octets. A fold never splits a UTF-8 sequence, because clients that
// decode each physical line on its own would garble the character.
func line(b *bytes.Buffer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ") // the leading space counts towards the next line
		s = s[cut:]
		limit = maxLine - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11) so that commas and
// semicolons are not read as separators and newlines do not end the line.
// Other control characters are not allowed in TEXT and are dropped.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteString(`\n`)
		default:
			if !isControl(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// stripControls cleans a value that is not TEXT (a URI, a token): it has no
// escapes, so a newline could only end the line and inject a property.
func stripControls(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

// cn returns the ;CN= parameter for a name, or nothing for no name. The value
// is quoted so that commas, colons and semicolons in names are safe; a quoted
// parameter value cannot contain DQUOTE, so double quotes are removed.
func cn(name string) string {
	name = strings.ReplaceAll(stripControls(name), `"`, "")
	if name == "" {
		return ""
	}
	return `;CN="` + name + `"`
}

// isControl reports the CONTROL characters of RFC 5545 3.1, which are all the
// ASCII controls except horizontal tab.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t') || r == 0x7f
}
