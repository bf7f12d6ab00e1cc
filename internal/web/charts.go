package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/tandemhq/tandem/internal/app"
)

// Charts are drawn on the server as inline SVG: no script (the CSP forbids
// inline script; inline SVG is fine), crisp in print, and readable by
// assistive technology through a title, a description and a title per bar.
// Every chart sits beside a table with the same numbers.

// bar is one bar of a chart, with an optional second bar for the previous
// period.
type bar struct {
	Label  string
	Value  app.Figure
	Before *app.Figure
}

const (
	chartWidth  = 640
	labelWidth  = 220
	valueWidth  = 110
	rowHeight   = 34
	singleBar   = 18
	pairedBar   = 12
	chartLegend = 26
)

// barChart draws horizontal bars, one row per bar; withheld figures draw no
// bar and say "fewer than 5". id must be unique on the page.
func barChart(id, title string, bars []bar, nowLabel, beforeLabel string) template.HTML {
	paired := false
	max := 0.0
	for _, b := range bars {
		max = maxf(max, b.Value.V())
		if b.Before != nil {
			paired = true
			max = maxf(max, b.Before.V())
		}
	}
	if max == 0 {
		max = 1
	}
	top := 0
	if paired {
		top = chartLegend
	}
	height := top + len(bars)*rowHeight + 6
	span := float64(chartWidth - labelWidth - valueWidth)
	var sb strings.Builder
	esc := html.EscapeString
	var desc []string
	for _, b := range bars {
		d := b.Label + ": " + b.Value.Text
		if b.Before != nil {
			d += " (previous period: " + b.Before.Text + ")"
		}
		desc = append(desc, d)
	}
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, chartWidth, height, id, id)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(strings.Join(desc, "; ")))
	if paired {
		fmt.Fprintf(&sb, `<rect x="%d" y="4" width="14" height="14" class="bar-now"/><text x="%d" y="16" class="legend">%s</text>`, labelWidth, labelWidth+20, esc(nowLabel))
		fmt.Fprintf(&sb, `<rect x="%d" y="4" width="14" height="14" class="bar-before"/><text x="%d" y="16" class="legend">%s</text>`, labelWidth+200, labelWidth+220, esc(beforeLabel))
	}
	for i, b := range bars {
		y := top + i*rowHeight
		fmt.Fprintf(&sb, `<g><title>%s</title>`, esc(desc[i]))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" class="label" text-anchor="end">%s</text>`, labelWidth-10, y+rowHeight/2+4, esc(shorten(b.Label, 30)))
		if b.Before == nil {
			drawBar(&sb, b.Value, "bar-now", y+(rowHeight-singleBar)/2, singleBar, span, max)
		} else {
			drawBar(&sb, b.Value, "bar-now", y+4, pairedBar, span, max)
			drawBar(&sb, *b.Before, "bar-before", y+4+pairedBar+2, pairedBar, span, max)
		}
		sb.WriteString(`</g>`)
	}
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, labelWidth, top, labelWidth, height-4)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func drawBar(sb *strings.Builder, f app.Figure, class string, y, h int, span, max float64) {
	w := 0.0
	if f.Shown() {
		w = f.V() / max * span
		if f.Kind == app.KindPercent {
			w = f.V() / 100 * span
		}
	}
	if w > 0 && w < 2 {
		w = 2
	}
	text, textClass := f.Text, "value"
	if f.Withheld {
		textClass = "value withheld"
	}
	if w > 0 {
		fmt.Fprintf(sb, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="2" class="%s"/>`, labelWidth, y, w, h, class)
	}
	fmt.Fprintf(sb, `<text x="%.1f" y="%d" class="%s">%s</text>`, float64(labelWidth)+w+6, y+h-2, textClass, html.EscapeString(text))
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "\u2026"
}

func maxf(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}
