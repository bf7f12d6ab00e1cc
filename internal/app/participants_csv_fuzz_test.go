package app

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// FuzzParseParticipantsCSV feeds arbitrary bytes to the import parser: it must
// never panic, and every row it accepts must be valid.
func FuzzParseParticipantsCSV(f *testing.F) {
	for _, seed := range []string{
		"email,name,role\na@b.test,A,mentee\n",
		"email,name,role,department,career_stage,capacity\na@b.test,A,both,Physics,phd,2\n",
		"email,name,role\n\"a@b.test,A,mentee\n",
		"\ufeffEmail,Name,Role\nA@B.test , A ,Mentor\n\n",
		"email,name,role,topics\na@b.test,A,mentee,\"x, y; z\"\n",
		"",
	} {
		f.Add(seed)
	}
	org := &tandem.Organisation{Name: "Org", Departments: []string{"Physics"}, CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC"}
	tpl, _ := tandem.TemplateByKey("pals")
	p := tpl.New()
	f.Fuzz(func(t *testing.T, data string) {
		rows, res := parseParticipantsCSV(strings.NewReader(data), org, &p)
		if len(rows) > 0 && len(res.Errors) > 0 && len(rows) > res.Rows {
			t.Fatalf("more accepted rows (%d) than rows read (%d)", len(rows), res.Rows)
		}
		for _, r := range rows {
			pr := tandem.Problems{}
			tandem.ValidateEmail(pr, "email", r.email)
			if len(pr) > 0 || len(r.roles) == 0 {
				t.Fatalf("accepted an invalid row: %+v", r)
			}
		}
	})
}
