package app

import (
	"fmt"
	"math"
	"strings"

	"github.com/tandemhq/tandem"
)

// pairContext is what the hard rules need beyond the two memberships.
type pairContext struct {
	org       *tandem.Organisation
	prog      *tandem.Programme
	relations map[[2]int64]string // user pair -> relation kind
	endedBad  map[[2]int64]bool   // user pairs whose partnership was declined or withdrawn
	forbids   map[[2]int64]bool   // membership pairs (mentee, mentor) the coordinator forbade
	// chars holds the consented characteristics of the programme's members
	// by user id, only when the programme uses them; scorePair asks of them
	// one thing, tandem.DifferOnAShared.
	chars map[int64]*tandem.Characteristics
}

// differenceWeight weighs "brings a different experience of the
// organisation" in a programme that uses consented characteristics, against
// the programme's own weights (Topics 4, Goals 3 by default).
const differenceWeight = 2

// differentExperience is the only words matching ever says about consented
// characteristics: never which dimension, nor either person's answer.
const differentExperience = "brings a different experience of the organisation"

// forThePair is an explanation as the pair (or a mentee choosing) reads it:
// without differentExperience, which the coordinator's proposal shows but
// which would tell one person something of the other's characteristics
// (they promised "not your mentor or mentee").
func forThePair(explanation string) string {
	var keep []string
	for _, r := range strings.Split(strings.TrimSuffix(explanation, "."), "; ") {
		if r != "" && !strings.EqualFold(r, differentExperience) {
			keep = append(keep, r)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return capitalise(strings.Join(keep, "; ")) + "."
}

// Rule names, in the order unmatched reasons are built from them.
const (
	ruleSelf       = "self"
	ruleEligible   = "eligible"
	ruleSeniority  = "seniority"
	ruleDepartment = "department"
	ruleRelation   = "relation"
	ruleEndedBadly = "ended_badly"
	ruleForbidden  = "forbidden"
	ruleCapacity   = "capacity"
)

// hardRuleBroken returns the first hard rule a pair breaks, or "" when the
// pair is allowed. These rules are never traded against the score.
func hardRuleBroken(c *pairContext, mentee, mentor *tandem.Membership) string {
	if mentee.UserID == mentor.UserID {
		return ruleSelf
	}
	p, o := c.prog, c.org
	if !tandem.StageAllowed(o, mentor.Profile.CareerStage, p.MentorMinStage, p.MentorMaxStage) ||
		!tandem.StageAllowed(o, mentee.Profile.CareerStage, p.MenteeMinStage, p.MenteeMaxStage) {
		return ruleEligible
	}
	gap := o.StageRank(mentor.Profile.CareerStage) - o.StageRank(mentee.Profile.CareerStage)
	if (p.Seniority == tandem.SeniorityMentorAbove && gap <= 0) || (p.Seniority == tandem.SeniorityMentorBelow && gap >= 0) {
		return ruleSeniority
	}
	if p.DifferentDepartment && strings.EqualFold(mentee.Profile.Department, mentor.Profile.Department) {
		return ruleDepartment
	}
	if c.relations[[2]int64{mentee.UserID, mentor.UserID}] != "" {
		return ruleRelation
	}
	if c.endedBad[[2]int64{mentee.UserID, mentor.UserID}] {
		return ruleEndedBadly
	}
	if c.forbids[[2]int64{mentee.ID, mentor.ID}] {
		return ruleForbidden
	}
	return ""
}

// ruleOrder is the order hardRuleBroken checks rules in, then capacity.
var ruleOrder = []string{ruleEligible, ruleSeniority, ruleDepartment, ruleRelation, ruleEndedBadly, ruleForbidden, ruleCapacity}

func ruleRank(rule string) int {
	for i, r := range ruleOrder {
		if r == rule {
			return i
		}
	}
	return -1
}

// ruleWords describe the mentors left once a rule is applied, so that the
// words of successive rules read as one phrase.
func ruleWords(p *tandem.Programme, rule string) string {
	switch rule {
	case ruleSeniority:
		if p.Seniority == tandem.SeniorityMentorBelow {
			return "more junior than them"
		}
		return "more senior than them"
	case ruleDepartment:
		return "in another department"
	case ruleRelation:
		return "outside their line management and declared conflicts"
	case ruleEndedBadly:
		return "who has not parted ways with them before"
	case ruleForbidden:
		return "not ruled out by you"
	case ruleCapacity:
		return "with free capacity"
	}
	return ""
}

// unmatchedReason explains why no allowed mentor with room exists for a
// mentee, naming the rules in the order they emptied the field: "No eligible
// mentor more senior than them in another department with free capacity."
func unmatchedReason(c *pairContext, mentee *tandem.Membership, mentors []tandem.Membership, free map[int64]int) string {
	if len(mentors) == 0 {
		return "No mentors have joined this programme yet."
	}
	broken := make([]string, len(mentors))
	for i := range mentors {
		broken[i] = hardRuleBroken(c, mentee, &mentors[i])
	}
	var words []string
	left := 0
	for _, rule := range ruleOrder {
		if (rule == ruleDepartment && !c.prog.DifferentDepartment) || (rule == ruleSeniority && c.prog.Seniority == tandem.SeniorityAny) {
			continue
		}
		left = 0
		for i, m := range mentors {
			b := broken[i]
			switch {
			case b == ruleSelf:
			case b == "":
				if rule != ruleCapacity || free[m.ID] > 0 {
					left++
				}
			case ruleRank(b) > ruleRank(rule):
				left++
			}
		}
		if w := ruleWords(c.prog, rule); w != "" {
			words = append(words, w)
		}
		if left == 0 {
			return strings.TrimSpace("No eligible mentor "+strings.Join(words, " ")) + "."
		}
	}
	return fmt.Sprintf("Each of the %d mentors allowed for them is better used by other mentees: the optimum matches more people overall.", left)
}

// scorePair computes the soft score of an allowed pair in thousandths (0 to
// 1000) and the plain-language reasons behind it.
func scorePair(c *pairContext, mentee, mentor *tandem.Membership) (int64, []string) {
	w := c.prog.Weights
	me, mr := mentee.Profile, mentor.Profile
	var reasons []string
	if c.prog.DifferentDepartment || !strings.EqualFold(me.Department, mr.Department) {
		reasons = append(reasons, "different department")
	} else {
		reasons = append(reasons, "same department")
	}

	offer := map[string]bool{}
	for _, t := range append(append([]string{}, mr.Topics...), mr.Expertise...) {
		offer[strings.ToLower(t)] = true
	}
	var shared []string
	for _, t := range me.Topics {
		if offer[strings.ToLower(t)] {
			shared = append(shared, t)
		}
	}
	topics := 0.0
	if len(me.Topics) > 0 {
		topics = float64(len(shared)) / float64(len(me.Topics))
	}
	switch len(shared) {
	case 0:
	case 1:
		reasons = append(reasons, "1 shared topic ("+shared[0]+")")
	default:
		reasons = append(reasons, fmt.Sprintf("%d shared topics (%s)", len(shared), strings.Join(shared, ", ")))
	}

	goalWords := keywords(me.Goals)
	offerWords := keywords(strings.Join(mr.Expertise, " ") + " " + mr.Background + " " + strings.Join(mr.Topics, " "))
	hits := 0
	for k := range goalWords {
		if offerWords[k] {
			hits++
		}
	}
	goals := 0.0
	if len(goalWords) > 0 {
		goals = math.Min(1, float64(hits)/math.Min(3, float64(len(goalWords))))
	}
	if hits > 0 {
		reasons = append(reasons, "mentor's experience speaks to the mentee's goals")
	}

	gap := c.org.StageRank(mr.CareerStage) - c.org.StageRank(me.CareerStage)
	stage := math.Max(0, 1-math.Abs(math.Abs(float64(gap))-2)/4)
	reasons = append(reasons, stageWords(gap))

	mode := 0.0
	if me.MeetingMode == tandem.ModeEither || mr.MeetingMode == tandem.ModeEither || me.MeetingMode == mr.MeetingMode {
		mode = 1
		if me.MeetingMode == mr.MeetingMode && me.MeetingMode != tandem.ModeEither {
			reasons = append(reasons, "both prefer to meet "+strings.ToLower(tandem.MeetingModeLabel(me.MeetingMode)))
		}
	} else {
		reasons = append(reasons, "different preferred ways to meet")
	}

	avail := 0.5
	a, b := keywords(me.Availability), keywords(mr.Availability)
	if len(a) > 0 && len(b) > 0 {
		avail = 0
		for k := range a {
			if b[k] {
				avail = 1
				reasons = append(reasons, "overlapping availability")
				break
			}
		}
	}

	lang := 0.5
	if len(me.Languages) > 0 && len(mr.Languages) > 0 {
		lang = 0
		for _, x := range me.Languages {
			for _, y := range mr.Languages {
				if strings.EqualFold(x, y) {
					lang = 1
				}
			}
		}
		if lang == 0 {
			reasons = append(reasons, "no shared language listed")
		}
	}

	total := float64(w.Topics)*topics + float64(w.Goals)*goals + float64(w.Stage)*stage +
		float64(w.Mode)*mode + float64(w.Availability)*avail + float64(w.Language)*lang
	weights := float64(w.Total())
	if c.prog.UsesCharacteristics {
		weights += differenceWeight
		if tandem.DifferOnAShared(c.chars[mentee.UserID], c.chars[mentor.UserID]) {
			total += differenceWeight
			reasons = append(reasons, differentExperience)
		}
	}
	return int64(math.Round(1000 * total / weights)), reasons
}

func stageWords(gap int) string {
	n := map[int]string{1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
	abs := gap
	if abs < 0 {
		abs = -abs
	}
	count, ok := n[abs]
	if !ok {
		count = fmt.Sprint(abs)
	}
	step := "stages"
	if abs == 1 {
		step = "stage"
	}
	switch {
	case gap > 0:
		return fmt.Sprintf("mentor is %s career %s above", count, step)
	case gap < 0:
		return fmt.Sprintf("mentor is %s career %s below (reverse mentoring)", count, step)
	}
	return "same career stage"
}

var stopWords = map[string]bool{"with": true, "that": true, "this": true, "from": true, "into": true, "about": true, "have": true,
	"want": true, "would": true, "like": true, "more": true, "next": true, "years": true, "year": true, "work": true, "plan": true, "grow": true}

// keywords returns the distinct lower-case words of four letters or more,
// without common filler words.
func keywords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		if len([]rune(w)) >= 4 && !stopWords[w] {
			out[w] = true
		}
	}
	return out
}
