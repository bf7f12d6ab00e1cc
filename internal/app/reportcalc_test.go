package app

import (
	"strings"
	"testing"
)

// TestSmallGroupRule checks the rule on single figures and on cells that
// add up to a total (complementary suppression).
func TestSmallGroupRule(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Figure
		want string
	}{
		{"nobody", count(0, 0), "0"},
		{"four people", count(4, 4), Withheld},
		{"five people", count(5, 5), "5"},
		{"three pairs of six people", count(3, 6), "3"},
		{"two pairs of four people", count(2, 4), Withheld},
		{"no meetings among four people", count(0, 4), Withheld},
		{"no meetings among six people", count(0, 6), "0"},
		{"average of four", average(16, 4, 4), Withheld},
		{"average of five", average(21, 5, 5), "4.2"},
		{"average of nobody", average(0, 0, 0), "none"},
		{"share of four", percent(1, 2, 4), Withheld},
		{"share of six people", percent(2, 3, 6), "67%"},
	} {
		if c.f.Text != c.want || (c.f.Withheld != (c.want == Withheld)) || (c.f.Withheld && c.f.Value != nil) {
			t.Errorf("%s: %q withheld=%v, want %q", c.name, c.f.Text, c.f.Withheld, c.want)
		}
	}
	if got := count(4, 4).CSV(); got != "<5" {
		t.Errorf("a withheld CSV cell reads %q, want <5", got)
	}

	for _, c := range []struct {
		name  string
		total int
		cells []int
		want  string
	}{
		{"nothing small", 20, []int{10, 5, 5}, "10 5 5"},
		{"one small cell takes the smallest other with it", 20, []int{9, 3, 8}, "9 < <"},
		{"zeros are not complements", 12, []int{0, 2, 10}, "0 < <"},
		{"two small cells protect each other", 20, []int{2, 3, 15}, "< < 15"},
		{"a withheld total needs no complement", 4, []int{1, 3, 0}, "< < 0"},
	} {
		cells := make([]Figure, len(c.cells))
		ptrs := make([]*Figure, len(c.cells))
		for i, n := range c.cells {
			cells[i] = count(n, n)
			ptrs[i] = &cells[i]
		}
		protect(count(c.total, c.total), ptrs)
		var got []string
		for _, f := range cells {
			if f.Withheld {
				got = append(got, "<")
			} else {
				got = append(got, f.Text)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: %s, want %s", c.name, strings.Join(got, " "), c.want)
		}
	}
}
