package web

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem/internal/app"
)

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	in := app.NoteInput{MeetingID: formID(r, "meeting_id"), Private: r.PostFormValue("private") == "on", Body: r.PostFormValue("body")}
	n, err := s.app.AddNote(r.Context(), currentUser(r), id, in)
	if err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	msg := "Your note is saved. You both can read it."
	if n.Private {
		msg = "Your private note is saved. Only you can read it."
	}
	s.partnershipDone(w, r, id, "note-"+strconv.FormatInt(n.ID, 10), msg)
}

// notePath reads the partnership and note ids of a request.
func (s *Server) notePath(w http.ResponseWriter, r *http.Request) (int64, int64, bool) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return 0, 0, false
	}
	nid, err := pathID(r, "nid")
	if err != nil {
		s.fail(w, r, err)
		return 0, 0, false
	}
	return id, nid, true
}

func (s *Server) editNote(w http.ResponseWriter, r *http.Request) {
	id, nid, ok := s.notePath(w, r)
	if !ok {
		return
	}
	if _, err := s.app.EditNote(r.Context(), currentUser(r), id, nid, r.PostFormValue("body")); err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "note-"+strconv.FormatInt(nid, 10), "Your note is saved.")
}

func (s *Server) deleteNote(w http.ResponseWriter, r *http.Request) {
	id, nid, ok := s.notePath(w, r)
	if !ok {
		return
	}
	if err := s.app.DeleteNote(r.Context(), currentUser(r), id, nid); err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, "notes", "The note is deleted.")
}
