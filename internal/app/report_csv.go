package app

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"

	"github.com/tandemhq/tandem"
)

// WriteTable writes one of the report's tables (ReportTables) as CSV, with
// the same figures as the page: a withheld cell is written "<5", a figure
// with nothing to count is empty. Text cells are defused against
// spreadsheet formulas.
func (r *Report) WriteTable(w io.Writer, table string) error {
	if !slices.Contains(ReportTables, table) {
		return tandem.Errorf(tandem.ENotFound, "The report has no table %q.", table)
	}
	cw := csv.NewWriter(w)
	var rows [][]string
	switch table {
	case "summary":
		rows = append(rows, []string{"section", "measure", "this period (" + r.Period.Label() + ")", "previous period (" + r.Previous.Label() + ")", "change", "what counts"})
		for _, s := range r.Sections {
			for _, m := range s.Measures {
				rows = append(rows, []string{s.Title, m.Label, m.Now.CSV(), m.Before.CSV(), changeCSV(m), m.Definition})
			}
		}
	case "departments", "stages":
		b := r.Departments
		if table == "stages" {
			b = r.Stages
		}
		head := []string{"department"}
		if table == "stages" {
			head = []string{"career stage"}
		}
		for _, c := range b.Columns {
			head = append(head, c)
		}
		rows = append(rows, head)
		for _, row := range b.Rows {
			line := safeCells(row.Label)
			for _, f := range row.Cells {
				line = append(line, f.CSV())
			}
			rows = append(rows, line)
		}
		total := []string{"Total"}
		for _, f := range b.Total {
			total = append(total, f.CSV())
		}
		rows = append(rows, total)
	case "ratings":
		rows = append(rows, []string{"rating", "feedback forms"})
		for _, d := range r.Feedback.Distribution {
			rows = append(rows, []string{d.Label, d.Forms.CSV()})
		}
		rows = append(rows, []string{"Total", r.Feedback.Forms.CSV()})
	}
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// changeCSV is a measure's change as a plain signed number, empty when
// either figure is not shown.
func changeCSV(m Measure) string {
	if m.Change.Direction == "" {
		return ""
	}
	d := m.Now.V() - m.Before.V()
	if m.Now.Kind == KindAverage {
		return fmt.Sprintf("%.1f", d)
	}
	return fmt.Sprintf("%.0f", d)
}
