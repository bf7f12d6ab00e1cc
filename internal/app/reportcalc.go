package app

import (
	"fmt"
	"math"
	"sort"
)

// The small-group rule (PRODUCT.md, Confidentiality; issue 5): reports and
// evaluation aggregates never show a figure built from fewer than MinGroup
// people. It is applied here, in the service layer, so the web page, the CSV
// files and the JSON API all receive figures that are already withheld; a
// template cannot show what it never gets.
//
// The rule, precisely:
//   - Every figure knows the people it is built from: the people counted, the
//     people whose answers are averaged, or both members of every pair a pair
//     figure is about. With 1 to 4 people it is withheld ("fewer than 5").
//   - A count of nobody (0) is shown: it describes no one. A count built
//     from 1 to 4 people is withheld even when it is 0 (no meetings held
//     by two pairs says something about four people).
//   - An average or a share of nobody has no value and reads "none".
//   - Differencing: where cells add up to a total that is shown (a breakdown
//     by department or career stage, a rating distribution, mentors and
//     mentees within everyone), one withheld cell could be recovered as the
//     total minus the others. So when exactly one cell of such a group is
//     withheld, the smallest other non-zero cell is withheld too
//     (complementary suppression). When the total itself is withheld, every
//     non-zero cell is already below five and withheld.
//   - Shared feedback words are shown only when at least five people gave
//     feedback in the period, without name, role, rating or date.
//
// What the rule does not cover, knowingly: a rounded average next to a
// distribution with withheld cells narrows what those cells can hold; and
// an admin can set the organisation's report against every programme's
// report, whose figures are protected one report at a time.

// MinGroup is the smallest group of people a shown figure may describe.
const MinGroup = 5

// Withheld is how a withheld figure reads on a page; CSV files write "<5".
const Withheld = "fewer than 5"

// Figure kinds decide how a value reads.
const (
	KindCount   = "count"
	KindAverage = "average" // one decimal
	KindPercent = "percent" // whole per cent
)

// Figure is one number of a report or an evaluation, as it may be shown.
type Figure struct {
	// Value is nil when the figure is withheld or there is nothing to average.
	Value    *float64 `json:"value,omitempty"`
	Withheld bool     `json:"withheld,omitempty"`
	// Text is the figure as a person reads it: "12", "3.4", "67%", "none" or "fewer than 5".
	Text string `json:"text"`
	Kind string `json:"kind"`

	people int // how many people it is built from; never leaves the service
}

// V is the value, 0 when there is none (for chart widths).
func (f Figure) V() float64 {
	if f.Value == nil {
		return 0
	}
	return *f.Value
}

// Shown reports whether the figure has a value to show.
func (f Figure) Shown() bool { return f.Value != nil }

// CSV is the figure as a CSV cell: the number, "<5" when withheld, empty when none.
func (f Figure) CSV() string {
	switch {
	case f.Withheld:
		return "<5"
	case f.Value == nil:
		return ""
	case f.Kind == KindAverage:
		return fmt.Sprintf("%.1f", *f.Value)
	}
	return fmt.Sprintf("%.0f", *f.Value)
}

// count makes a count figure of people, or of things (pairs, meetings,
// forms) that people are behind. A count of nothing from 1 to 4 people
// (no meetings among two pairs) is about them too, and withheld.
func count(value, people int) Figure {
	f := Figure{Kind: KindCount, people: people}
	if people > 0 && people < MinGroup {
		return f.withhold()
	}
	v := float64(value)
	f.Value, f.Text = &v, fmt.Sprintf("%d", value)
	return f
}

// average makes a mean figure of sum/n, built from people.
func average(sum float64, n, people int) Figure {
	f := Figure{Kind: KindAverage, people: people}
	if n == 0 || people == 0 {
		f.Text = "none"
		return f
	}
	if people < MinGroup {
		return f.withhold()
	}
	v := math.Round(sum/float64(n)*10) / 10
	f.Value, f.Text = &v, fmt.Sprintf("%.1f", v)
	return f
}

// percent makes a share figure part/whole, built from people.
func percent(part, whole, people int) Figure {
	f := Figure{Kind: KindPercent, people: people}
	if whole == 0 || people == 0 {
		f.Text = "none"
		return f
	}
	if people < MinGroup {
		return f.withhold()
	}
	v := math.Round(float64(part) / float64(whole) * 100)
	f.Value, f.Text = &v, fmt.Sprintf("%.0f%%", v)
	return f
}

func (f Figure) withhold() Figure {
	f.Value, f.Withheld, f.Text = nil, true, Withheld
	return f
}

// protect applies complementary suppression to cells that add up to total:
// when the total is shown and exactly one cell is withheld, the smallest
// other non-zero cell is withheld too, so the withheld cell cannot be
// worked out as the total minus the rest.
func protect(total Figure, cells []*Figure) {
	if !total.Shown() {
		return
	}
	withheld, pick := 0, -1
	for i, c := range cells {
		if c.Withheld {
			withheld++
			continue
		}
		if c.V() > 0 && (pick < 0 || c.V() < cells[pick].V()) {
			pick = i
		}
	}
	if withheld == 1 && pick >= 0 {
		*cells[pick] = cells[pick].withhold()
	}
}

// Change compares a figure with the previous period's.
type Change struct {
	// Direction is "up", "down" or "same"; empty when either figure is not shown.
	Direction string `json:"direction,omitempty"`
	// Text is the difference as read: "+3", "−0.4", "+5 points", "no change".
	Text string `json:"text,omitempty"`
}

func compare(now, before Figure) Change {
	if !now.Shown() || !before.Shown() {
		return Change{}
	}
	d := now.V() - before.V()
	if math.Abs(d) < 1e-9 {
		return Change{Direction: "same", Text: "no change"}
	}
	c := Change{Direction: "up", Text: "+"}
	if d < 0 {
		c.Direction, c.Text, d = "down", "\u2212", -d
	}
	switch now.Kind {
	case KindAverage:
		c.Text += fmt.Sprintf("%.1f", d)
	case KindPercent:
		c.Text += fmt.Sprintf("%.0f points", d)
	default:
		c.Text += fmt.Sprintf("%.0f", d)
	}
	return c
}

// peopleSet collects distinct people.
type peopleSet map[int64]bool

func (s peopleSet) add(ids ...int64) {
	for _, id := range ids {
		s[id] = true
	}
}

// categoryCounts counts people per category in several columns at once
// (applicants, approved, matched), for a breakdown table.
type categoryCounts struct {
	columns int
	cells   map[string][]peopleSet
}

func newCategoryCounts(columns int) *categoryCounts {
	return &categoryCounts{columns: columns, cells: map[string][]peopleSet{}}
}

func (c *categoryCounts) add(category string, column int, person int64) {
	row := c.cells[category]
	if row == nil {
		row = make([]peopleSet, c.columns)
		for i := range row {
			row[i] = peopleSet{}
		}
		c.cells[category] = row
	}
	row[column].add(person)
}

// BreakdownRow is one category of a breakdown with a figure per column.
type BreakdownRow struct {
	Label string   `json:"label"`
	Cells []Figure `json:"cells"`
}

// Breakdown is a table of people by category (department, career stage).
type Breakdown struct {
	Key     string         `json:"key"`
	Title   string         `json:"title"`
	Columns []string       `json:"columns"`
	Rows    []BreakdownRow `json:"rows"`
	Total   []Figure       `json:"total"`
}

// breakdown builds a protected table: rows in order (categories with nobody
// in any column are left out), labelled by label, with each column's total
// taken from totals (the same people, counted once each).
func (c *categoryCounts) breakdown(key, title string, columns []string, order []string, label func(string) string, totals []int) Breakdown {
	b := Breakdown{Key: key, Title: title, Columns: columns}
	seen := map[string]bool{}
	var cats []string
	for _, k := range order {
		if c.cells[k] != nil && !seen[k] {
			cats, seen[k] = append(cats, k), true
		}
	}
	var rest []string
	for k := range c.cells {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	cats = append(cats, rest...)
	for _, k := range cats {
		row := BreakdownRow{Label: label(k)}
		for col := 0; col < c.columns; col++ {
			n := len(c.cells[k][col])
			row.Cells = append(row.Cells, count(n, n))
		}
		b.Rows = append(b.Rows, row)
	}
	for col := 0; col < c.columns; col++ {
		b.Total = append(b.Total, count(totals[col], totals[col]))
		cells := make([]*Figure, len(b.Rows))
		for i := range b.Rows {
			cells[i] = &b.Rows[i].Cells[col]
		}
		protect(b.Total[col], cells)
	}
	return b
}
