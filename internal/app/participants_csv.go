package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// CSVColumns are the participant file's columns, in export order. An import
// needs email, name and role; the rest are optional.
var CSVColumns = []string{"email", "name", "role", "department", "career_stage", "expertise", "topics",
	"goals", "background", "availability", "meeting_mode", "languages", "capacity", "status"}

// Import limits keep one upload from tying up the server.
const (
	MaxImportRows  = 10000
	MaxImportBytes = 5 << 20
)

// RowError is one bad line of an import.
type RowError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportResult reports an import. When Errors is not empty nothing was saved.
type ImportResult struct {
	Rows         int        `json:"rows"`
	NewAccounts  int        `json:"new_accounts"`
	NewRoles     int        `json:"new_roles"`
	AlreadyThere int        `json:"already_there"`
	Errors       []RowError `json:"errors"`
}

type importRow struct {
	line    int
	email   string
	name    string
	roles   []string
	profile tandem.Profile
	hasProf bool
	cap     int
}

// ImportParticipants adds the people in a CSV file to a programme as approved
// participants; coordinators only. Every bad row is reported with its line and
// reason, and then nothing is saved: the import is all or nothing. People new to
// the organisation get an account without a password; "Forgot your password"
// lets them set one.
func (a *App) ImportParticipants(ctx context.Context, actor *tandem.User, programmeID int64, r io.Reader) (*ImportResult, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	org, err := a.store.Organisation(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	rows, res := parseParticipantsCSV(io.LimitReader(r, MaxImportBytes+1), org, p)
	if len(res.Errors) > 0 {
		return res, importFailed(res)
	}
	now := a.Now()
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		for _, row := range rows {
			u, _, err := tx.UserByEmail(ctx, row.email)
			switch {
			case tandem.ErrorCode(err) == tandem.ENotFound:
				u = &tandem.User{OrgID: org.ID, Email: row.email, Name: row.name, Role: tandem.RoleMember, CreatedAt: now}
				if err := tx.CreateUser(ctx, u, ""); err != nil {
					return err
				}
				res.NewAccounts++
			case err != nil:
				return err
			case u.OrgID != org.ID:
				res.Errors = append(res.Errors, RowError{row.line, "this email address belongs to another organisation's account"})
				continue
			}
			if row.hasProf {
				if _, err := tx.Profile(ctx, u.ID); tandem.ErrorCode(err) == tandem.ENotFound {
					prof := row.profile
					prof.UserID, prof.UpdatedAt = u.ID, now
					if err := tx.UpsertProfile(ctx, &prof); err != nil {
						return err
					}
				} else if err != nil {
					return err
				}
			}
			for _, role := range row.roles {
				m := tandem.Membership{ProgrammeID: p.ID, UserID: u.ID, Role: role, Status: tandem.MemberApproved, DecidedAt: &now, CreatedAt: now}
				if role == tandem.Mentor {
					m.Capacity = row.cap
				}
				err := tx.CreateMembership(ctx, &m)
				if tandem.ErrorCode(err) == tandem.EConflict {
					res.AlreadyThere++
					continue
				}
				if err != nil {
					return err
				}
				res.NewRoles++
			}
		}
		if len(res.Errors) > 0 {
			return importFailed(res)
		}
		return nil
	})
	if err != nil {
		if len(res.Errors) > 0 {
			res.NewAccounts, res.NewRoles, res.AlreadyThere = 0, 0, 0
			return res, err
		}
		return nil, err
	}
	return res, a.logged(ctx, a.store, actor, tandem.AuditImportParticipants, 0, p.ID, fmt.Sprintf("%d new accounts, %d new roles", res.NewAccounts, res.NewRoles))
}

func importFailed(res *ImportResult) error {
	return tandem.Errorf(tandem.EInvalid, "Nothing was imported: %d %s to correct.", len(res.Errors), plural(len(res.Errors), "line", "lines"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseParticipantsCSV reads and checks every row without touching the
// database, so all problems are reported at once.
func parseParticipantsCSV(r io.Reader, org *tandem.Organisation, p *tandem.Programme) ([]importRow, *ImportResult) {
	res := &ImportResult{}
	fail := func(line int, format string, args ...any) {
		if len(res.Errors) < 200 {
			res.Errors = append(res.Errors, RowError{line, fmt.Sprintf(format, args...)})
		}
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		fail(1, "the file is empty; the first line must name the columns, e.g. email,name,role")
		return nil, res
	}
	if err != nil {
		fail(1, "%s", csvProblem(err))
		return nil, res
	}
	col := map[string]int{}
	known := map[string]bool{}
	for _, c := range CSVColumns {
		known[c] = true
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		h = strings.ReplaceAll(h, " ", "_")
		if !known[h] {
			fail(1, "unknown column %q; the columns are %s", h, strings.Join(CSVColumns, ", "))
			continue
		}
		if _, dup := col[h]; dup {
			fail(1, "column %q appears twice", h)
		}
		col[h] = i
	}
	for _, need := range []string{"email", "name", "role"} {
		if _, ok := col[need]; !ok {
			fail(1, "the column %q is missing; the first line must name at least email, name and role", need)
		}
	}
	if len(res.Errors) > 0 {
		return nil, res
	}
	seen := map[string]int{}
	var rows []importRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A broken quote can swallow the rest of the file, so stop at the
			// first unreadable line rather than report the same fault many times.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			fail(line, "%s", csvProblem(err))
			break
		}
		line, _ := cr.FieldPos(0)
		res.Rows++
		if res.Rows > MaxImportRows {
			fail(line, "too many rows: import at most %d at a time", MaxImportRows)
			break
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			res.Rows--
			continue // blank line
		}
		row := importRow{line: line, email: tandem.NormalizeEmail(get("email")), name: get("name")}
		pr := tandem.Problems{}
		tandem.ValidateEmail(pr, "email", row.email)
		tandem.ValidateName(pr, "name", row.name)
		if first, ok := seen[row.email]; ok && row.email != "" {
			pr.Add("email", fmt.Sprintf("%s is already on line %d", row.email, first))
		}
		seen[row.email] = line
		switch strings.ToLower(get("role")) {
		case "mentor":
			row.roles = []string{tandem.Mentor}
		case "mentee":
			row.roles = []string{tandem.Mentee}
		case "both", "mentor+mentee", "mentee+mentor":
			row.roles = []string{tandem.Mentee, tandem.Mentor}
		default:
			pr.Add("role", fmt.Sprintf("role must be mentor, mentee or both, not %q", get("role")))
		}
		row.cap = p.MentorCapacity
		if c := get("capacity"); c != "" {
			n, err := strconv.Atoi(c)
			if err != nil || n < 1 || n > 20 {
				pr.Add("capacity", fmt.Sprintf("capacity must be a whole number from 1 to 20, not %q", c))
			}
			row.cap = n
		}
		prof := tandem.Profile{
			Department: get("department"), CareerStage: stageKey(org, get("career_stage")),
			Expertise: tandem.SplitList(get("expertise")), Topics: tandem.SplitList(get("topics")),
			Goals: get("goals"), Background: get("background"), Availability: get("availability"),
			MeetingMode: meetingModeKey(get("meeting_mode")), Languages: tandem.SplitList(get("languages")),
		}
		if prof.Department != "" || prof.CareerStage != "" || get("career_stage") != "" {
			row.hasProf = true
			pp := tandem.Problems{}
			if get("career_stage") != "" && prof.CareerStage == "" {
				pp.Add("career_stage", fmt.Sprintf("career stage %q is not on the organisation's scale", get("career_stage")))
			}
			if prof.MeetingMode == "?" {
				pp.Add("meeting_mode", fmt.Sprintf("meeting mode must be in person, online or either, not %q", get("meeting_mode")))
			}
			prof.ValidateInto(pp, org)
			for _, k := range []string{"department", "career_stage", "meeting_mode", "topics", "goals", "background", "availability"} {
				if msg, ok := pp[k]; ok {
					pr.Add(k, strings.TrimSuffix(lowerFirst(msg), "."))
				}
			}
			if pr["career_stage"] == "" {
				set := map[string]bool{}
				for _, r := range row.roles {
					set[r] = true
				}
				el := tandem.Problems{}
				checkEligibility(el, org, p, set, prof.CareerStage)
				if msg, ok := el["roles"]; ok {
					pr.Add("role", strings.TrimSuffix(lowerFirst(msg), "."))
				}
			}
			row.profile = prof
		}
		if len(pr) > 0 {
			fail(line, "%s", joinProblems(pr, []string{"email", "name", "role", "department", "career_stage", "meeting_mode", "capacity", "topics", "goals", "background", "availability"}))
			continue
		}
		rows = append(rows, row)
	}
	if res.Rows == 0 && len(res.Errors) == 0 {
		fail(2, "the file has a header but no participants")
	}
	return rows, res
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return "a quotation mark is out of place; wrap a value containing quotes in double quotes and double the inner ones"
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return "wrong number of values on this line"
		}
		return pe.Err.Error()
	}
	if strings.Contains(err.Error(), "invalid UTF-8") {
		return "the file is not UTF-8 text; save it as \"CSV UTF-8\""
	}
	return "the file could not be read as CSV"
}

func joinProblems(pr tandem.Problems, order []string) string {
	var parts []string
	for _, k := range order {
		if msg, ok := pr[k]; ok {
			parts = append(parts, strings.TrimSuffix(msg, "."))
		}
	}
	return strings.Join(parts, "; ")
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// stageKey finds a stage by key or label, case-insensitively; "" when unknown.
func stageKey(org *tandem.Organisation, v string) string {
	v = strings.TrimSpace(v)
	for _, s := range org.CareerStages {
		if strings.EqualFold(s.Key, v) || strings.EqualFold(s.Label, v) {
			return s.Key
		}
	}
	return ""
}

func meetingModeKey(v string) string {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(v), " ", "_")) {
	case "", "either", "any", "both":
		return tandem.ModeEither
	case "in_person", "inperson", "in-person", "face_to_face":
		return tandem.ModeInPerson
	case "online", "remote", "video":
		return tandem.ModeOnline
	}
	return "?"
}

// ExportParticipants writes a programme's participants as CSV in the import
// format (plus status), so an export can be edited and imported elsewhere;
// coordinators only.
func (a *App) ExportParticipants(ctx context.Context, actor *tandem.User, programmeID int64, w io.Writer) error {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return err
	}
	ms, err := a.store.ListMemberships(ctx, p.ID, tandem.MembershipFilter{})
	if err != nil {
		return err
	}
	if err := a.logged(ctx, a.store, actor, tandem.AuditExportParticipants, 0, p.ID, ""); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(CSVColumns)
	for _, m := range ms {
		pr := m.Profile
		capacity := ""
		if m.Role == tandem.Mentor {
			capacity = strconv.Itoa(m.Capacity)
		}
		cw.Write(safeCells(m.UserEmail, m.UserName, m.Role, pr.Department, pr.CareerStage, strings.Join(pr.Expertise, ", "),
			strings.Join(pr.Topics, ", "), pr.Goals, pr.Background, pr.Availability, pr.MeetingMode,
			strings.Join(pr.Languages, ", "), capacity, m.Status))
	}
	cw.Flush()
	return cw.Error()
}

// safeCells defuses spreadsheet formulas: a cell starting with = + - @ would
// run as a formula when a coordinator opens the export (CSV injection).
func safeCells(cells ...string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
