package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// The participant records: search people across the programmes the reader
// runs, and read one person's history. Never what a pair wrote.

type recordsData struct {
	Filter     app.RecordFilter
	People     []app.PersonRecord
	Programmes []tandem.Programme
}

func (s *Server) records(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	q := r.URL.Query()
	f := app.RecordFilter{Query: q.Get("q"), Department: q.Get("department"), Stage: q.Get("stage"), Role: q.Get("role"), Status: q.Get("status")}
	f.ProgrammeID, _ = strconv.ParseInt(q.Get("programme"), 10, 64)
	u := currentUser(r)
	progs, err := s.app.RecordProgrammes(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	people, err := s.app.SearchRecords(r.Context(), u, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "records", page{Title: "Participant records", Data: recordsData{Filter: f, People: people, Programmes: progs}})
}

type historyData struct {
	*app.PersonHistory
	Loc *time.Location
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	h, err := s.app.History(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "record", page{Title: h.Person.Name + " · Participant record", Data: historyData{PersonHistory: h, Loc: s.app.Location(r.Context(), currentUser(r))}})
}
