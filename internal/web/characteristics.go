package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// characteristicsData is what the characteristics page shows beside the
// form: the choices, the programmes that use the answers, and what is kept.
type characteristicsData struct {
	Questions []charQuestion
	Consent   string
	// Saved is what is kept now, or nil when nothing is.
	Saved *tandem.Characteristics
	// UsedBy names the organisation's programmes that use characteristics.
	UsedBy []string
	Loc    *time.Location
}

// charQuestion is one question of the form: radio choices, and an own-words
// box where the question offers one.
type charQuestion struct {
	Name, Legend, Hint string
	Options            []tandem.Option
	SelfDescribe       bool
}

var charQuestions = []charQuestion{
	{Name: "ethnicity", Legend: "Ethnicity", Hint: "The group you feel describes you, or your own words.", Options: tandem.EthnicityGroups, SelfDescribe: true},
	{Name: "gender", Legend: "Gender identity", Options: tandem.GenderOptions, SelfDescribe: true},
	{Name: "lgbtq", Legend: "Do you identify as LGBTQ+?", Options: tandem.YesNoOptions},
	{Name: "disability", Legend: "Do you have a disability or a long-term health condition?", Options: tandem.YesNoOptions},
	{Name: "caring", Legend: "Do you have caring responsibilities?", Hint: "For a child, or for an adult who needs care.", Options: tandem.YesNoOptions},
	{Name: "first_generation", Legend: "Were you the first in your family to go to university?", Options: tandem.YesNoOptions},
}

func (s *Server) characteristicsPageData(r *http.Request) characteristicsData {
	d := characteristicsData{Questions: charQuestions, Consent: tandem.CharacteristicsConsent, Loc: s.app.Location(r.Context(), currentUser(r))}
	if c, err := s.app.MyCharacteristics(r.Context(), currentUser(r)); err == nil {
		d.Saved = c
	}
	if ps, err := s.app.ListProgrammes(r.Context(), currentUser(r)); err == nil {
		for _, p := range ps {
			if p.UsesCharacteristics {
				d.UsedBy = append(d.UsedBy, p.Name)
			}
		}
	}
	return d
}

func characteristicsValues(c *tandem.Characteristics) url.Values {
	if c == nil {
		return url.Values{}
	}
	return url.Values{"ethnicity": {c.Ethnicity}, "ethnicity_text": {c.EthnicityText}, "gender": {c.Gender}, "gender_text": {c.GenderText},
		"lgbtq": {c.LGBTQ}, "disability": {c.Disability}, "caring": {c.Caring}, "first_generation": {c.FirstGeneration}}
}

func (s *Server) characteristicsForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	d := s.characteristicsPageData(r)
	// The answers are the person's alone: never kept in a shared cache.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, "characteristics", page{Title: "Characteristics for matching", Form: characteristicsValues(d.Saved), Data: d})
}

func (s *Server) saveCharacteristics(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	f := r.PostFormValue
	in := app.CharacteristicsInput{Consent: f("consent") == "yes", Characteristics: tandem.Characteristics{
		Ethnicity: f("ethnicity"), EthnicityText: f("ethnicity_text"), Gender: f("gender"), GenderText: f("gender_text"),
		LGBTQ: f("lgbtq"), Disability: f("disability"), Caring: f("caring"), FirstGeneration: f("first_generation")}}
	if _, err := s.app.SaveMyCharacteristics(r.Context(), currentUser(r), in); err != nil {
		w.Header().Set("Cache-Control", "no-store")
		s.formFail(w, r, "characteristics", page{Title: "Characteristics for matching", Data: s.characteristicsPageData(r)}, err)
		return
	}
	s.redirect(w, r, "/profile/characteristics", "Your answers are saved. Only matching uses them.")
}

func (s *Server) withdrawCharacteristics(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	if err := s.app.WithdrawMyCharacteristics(r.Context(), currentUser(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/profile/characteristics", "Your consent is withdrawn and your answers are deleted.")
}
