package ics

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// unescape reads a TEXT value back, written apart from escapeText so that a
// shared mistake cannot hide.
func unescape(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			t.Fatalf("dangling backslash in %q", s)
		}
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		case '\\', ';', ',':
			b.WriteByte(s[i])
		default:
			t.Fatalf("bad escape \\%c in %q", s[i], s)
		}
	}
	return b.String()
}

func TestEscapeText(t *testing.T) {
	tests := []struct {
		name, in, escaped, back string
	}{
		{"plain", "Weekly check-in", "Weekly check-in", "Weekly check-in"},
		{"separators", "a,b;c", `a\,b\;c`, "a,b;c"},
		{"backslash", `C:\dir`, `C:\\dir`, `C:\dir`},
		{"backslash n is not a newline", `\n`, `\\n`, `\n`},
		{"newline", "one\ntwo", `one\ntwo`, "one\ntwo"},
		{"crlf is one newline", "one\r\ntwo", `one\ntwo`, "one\ntwo"},
		{"lone cr is a newline", "one\rtwo", `one\ntwo`, "one\ntwo"},
		{"controls dropped, tab kept", "a\x00b\x07c\td\x7f", "abc\td", "abc\td"},
		{"utf-8 kept", "Café 🎉 日本語", "Café 🎉 日本語", "Café 🎉 日本語"},
		{"invalid utf-8 replaced", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := escapeText(tt.in)
			if got != tt.escaped {
				t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.escaped)
			}
			if back := unescape(t, got); back != tt.back {
				t.Errorf("unescape(escapeText(%q)) = %q, want %q", tt.in, back, tt.back)
			}
		})
	}
}

func TestLineFolding(t *testing.T) {
	// Shifting the text by 0-4 bytes puts every byte of 2-, 3- and 4-byte
	// sequences on a fold boundary at least once.
	for shift := range 5 {
		value := "DESCRIPTION:" + strings.Repeat("x", shift) + strings.Repeat("é€😀 naïve 日本 ", 20)
		var b bytes.Buffer
		line(&b, value)
		out := b.String()

		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("shift %d: line does not end in CRLF: %q", shift, out)
		}
		physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		if len(physical) < 2 {
			t.Fatalf("shift %d: long line was not folded", shift)
		}
		for i, p := range physical {
			if len(p) > maxLine {
				t.Errorf("shift %d: line %d is %d octets: %q", shift, i, len(p), p)
			}
			if !utf8.ValidString(p) {
				t.Errorf("shift %d: line %d splits a UTF-8 sequence: %q", shift, i, p)
			}
			if i > 0 && !strings.HasPrefix(p, " ") {
				t.Errorf("shift %d: continuation line %d does not start with a space: %q", shift, i, p)
			}
		}
		if got := unfold(out); got != value+"\r\n" {
			t.Errorf("shift %d: unfolding gives\n%q\nwant\n%q", shift, got, value)
		}
	}
}

func TestLineFoldsOnlyPastLimit(t *testing.T) {
	for _, tt := range []struct {
		n     int
		lines int
	}{{maxLine, 1}, {maxLine + 1, 2}, {maxLine + maxLine - 1, 2}, {maxLine + maxLine, 3}} {
		var b bytes.Buffer
		line(&b, strings.Repeat("a", tt.n))
		if got := strings.Count(b.String(), "\r\n"); got != tt.lines {
			t.Errorf("%d octets: %d physical lines, want %d", tt.n, got, tt.lines)
		}
	}
}

// unfold joins folded lines (RFC 5545 3.1).
func unfold(s string) string {
	return strings.ReplaceAll(s, "\r\n ", "")
}

func TestCN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{`"`, ""},
		{"Ada Lovelace", `;CN="Ada Lovelace"`},
		{`Grace "Amazing" Hopper, PhD; USN: ret.`, `;CN="Grace Amazing Hopper, PhD; USN: ret."`},
		{"Evil\r\nATTENDEE:mailto:x@y", `;CN="EvilATTENDEE:mailto:x@y"`},
	}
	for _, tt := range tests {
		if got := cn(tt.in); got != tt.want {
			t.Errorf("cn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
