package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// The coordinator's desk: a programme at a glance, and its two bulk
// actions, each shown first as a preview.

type deskData struct {
	*app.Dashboard
	Loc *time.Location
}

func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	d, err := s.app.ProgrammeDashboard(r.Context(), currentUser(r), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "desk", page{Title: "Desk · " + p.Name, Data: deskData{Dashboard: d, Loc: s.app.Location(r.Context(), currentUser(r))}})
}

// messageData is the "message all unmatched" page: the form, and once
// previewed, the email as its first recipient reads it and everyone it goes to.
type messageData struct {
	Programme *tandem.Programme
	Preview   *app.MessagePreview
	Waiting   int // how many the message would go to, before a preview
}

func (s *Server) messageForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	n, err := s.app.MessageAudience(r.Context(), currentUser(r), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "desk_message", page{Title: "Message everyone unmatched · " + p.Name, Form: url.Values{},
		Data: messageData{Programme: p, Waiting: n}})
}

func messageInput(r *http.Request) app.MessageInput {
	in := app.MessageInput{Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body")}
	for _, v := range r.PostForm["to"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.To = append(in.To, id)
		}
	}
	return in
}

func (s *Server) previewMessage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	prev, err := s.app.PreviewMessageUnmatched(r.Context(), currentUser(r), p.ID, messageInput(r))
	pg := page{Title: "Message everyone unmatched · " + p.Name, Data: messageData{Programme: p, Preview: prev}}
	if err != nil {
		s.formFail(w, r, "desk_message", pg, err)
		return
	}
	pg.Form = r.PostForm
	s.render(w, r, "desk_message", pg)
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	res, err := s.app.MessageUnmatched(r.Context(), currentUser(r), p.ID, messageInput(r))
	if err != nil {
		s.formFail(w, r, "desk_message", page{Title: "Message everyone unmatched · " + p.Name, Data: messageData{Programme: p}}, err)
		return
	}
	msg := "Your message is on its way to " + plural(len(res.Sent), "person", "people") + "."
	if res.Skipped > 0 {
		msg += " " + plural(res.Skipped, "person was", "people were") + " left out: matched or gone since the preview."
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/desk", msg)
}

// closeData is the "close all ended terms" page: the preview, then each result.
type closeData struct {
	Programme *tandem.Programme
	Ended     []app.EndedTerm
	Results   []app.CloseResult
	Closed    int
	Loc       *time.Location
}

func (s *Server) closeTermsForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	ended, err := s.app.EndedTerms(r.Context(), currentUser(r), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "desk_close", page{Title: "Close ended terms · " + p.Name,
		Data: closeData{Programme: p, Ended: ended, Loc: s.app.Location(r.Context(), currentUser(r))}})
}

func (s *Server) closeTerms(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	var ids []int64
	r.ParseForm() // the CSRF check has parsed it already; this keeps the handler honest
	for _, v := range r.PostForm["partnership"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	res, err := s.app.CloseEndedTerms(r.Context(), currentUser(r), p.ID, ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := closeData{Programme: p, Results: res, Loc: s.app.Location(r.Context(), currentUser(r))}
	for _, x := range res {
		if x.Closed {
			d.Closed++
		}
	}
	s.render(w, r, "desk_close", page{Title: "Close ended terms · " + p.Name, Data: d})
}
