-- The audit log: every read or change of a person's data by someone else, and
-- every coordinator's and admin's action. Append-only: the store has no way to
-- change or remove an entry. Ids are kept without foreign keys, and the
-- actor's name is copied, so an entry outlives the accounts it names.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL,
    actor_id        INTEGER NOT NULL,
    actor_name      TEXT NOT NULL,
    action          TEXT NOT NULL,
    subject_user_id INTEGER,
    programme_id    INTEGER,
    detail          TEXT NOT NULL DEFAULT '',
    at              TIMESTAMP NOT NULL
);
CREATE INDEX audit_subject ON audit_log(subject_user_id, at);
CREATE INDEX audit_programme ON audit_log(programme_id, at);
CREATE INDEX audit_org ON audit_log(org_id, at);
