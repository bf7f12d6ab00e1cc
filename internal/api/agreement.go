package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
)

// agreementVersionJSON is one version of a pair's mentoring agreement.
type agreementVersionJSON struct {
	Version        int                  `json:"version"`
	Sections       []agreementEntryJSON `json:"sections"`
	CreatedAt      time.Time            `json:"created_at"`
	UpdatedAt      time.Time            `json:"updated_at"`
	MentorSignedAt *time.Time           `json:"mentor_signed_at"`
	MenteeSignedAt *time.Time           `json:"mentee_signed_at"`
	Signed         bool                 `json:"signed"`
	SignedAt       *time.Time           `json:"signed_at"`
}

// agreementEntryJSON is one section: its key (what PUT takes), title,
// the programme's prompt and what the pair wrote.
type agreementEntryJSON struct {
	Key    string `json:"key"`
	Title  string `json:"title"`
	Prompt string `json:"prompt"`
	Text   string `json:"text"`
}

func entriesJSON(es []tandem.AgreementEntry) []agreementEntryJSON {
	out := make([]agreementEntryJSON, 0, len(es))
	for _, e := range es {
		out = append(out, agreementEntryJSON{Key: e.Key, Title: e.Title, Prompt: e.Prompt, Text: e.Text})
	}
	return out
}

func toVersionJSON(v *tandem.AgreementVersion) *agreementVersionJSON {
	if v == nil {
		return nil
	}
	return &agreementVersionJSON{Version: v.Version, Sections: entriesJSON(v.Sections), CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		MentorSignedAt: v.MentorSignedAt, MenteeSignedAt: v.MenteeSignedAt, Signed: v.Signed(), SignedAt: v.SignedAt()}
}

// agreementJSON is the pair's agreement: the current version, every earlier
// one, and the draft an edit starts from (the template before a first save).
type agreementJSON struct {
	agreementStateJSON
	Editable   bool                   `json:"editable"`
	Draft      []agreementEntryJSON   `json:"draft"`
	Versions   []agreementVersionJSON `json:"versions"`
	MentorName string                 `json:"mentor_name"`
	MenteeName string                 `json:"mentee_name"`
}

func (s *Server) agreement(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	a, err := s.app.AgreementOf(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	out := agreementJSON{agreementStateJSON: agreementStateJSON{Current: toVersionJSON(a.Current), Signed: a.Current.Signed(), ISigned: a.ISigned, OtherSigned: a.OtherSigned},
		Editable: a.Editable, Draft: entriesJSON(a.Draft), Versions: []agreementVersionJSON{}, MentorName: a.MentorName, MenteeName: a.MenteeName}
	for i := range a.Versions {
		out.Versions = append(out.Versions, *toVersionJSON(&a.Versions[i]))
	}
	return 0, out, nil
}

// saveAgreement stores the sections given, keyed by section key. Sections
// left out keep their text.
func (s *Server) saveAgreement(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Sections map[string]string `json:"sections"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	v, err := s.app.SaveAgreement(r.Context(), actor, id, in.Sections)
	if err != nil {
		return 0, nil, err
	}
	return 0, toVersionJSON(v), nil
}

func (s *Server) signAgreement(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Version int `json:"version"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if in.Version < 1 {
		return 0, nil, fieldError("version", "Say which version you sign, as shown by GET /partnerships/{id}/agreement.")
	}
	v, err := s.app.SignAgreement(r.Context(), actor, id, in.Version)
	if err != nil {
		return 0, nil, err
	}
	return 0, toVersionJSON(v), nil
}

// fieldError is an invalid-input error about one field of the request body.
func fieldError(field, msg string) error {
	return &tandem.Error{Code: tandem.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}
