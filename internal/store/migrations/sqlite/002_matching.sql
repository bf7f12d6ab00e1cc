-- Matching: partnerships (published pairs start as introductions), the
-- coordinator's pins and forbids, and person-to-person relations that rule a
-- pair out (line management, declared conflicts of interest).
CREATE TABLE partnerships (
    id                   INTEGER PRIMARY KEY,
    programme_id         INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    mentor_membership_id INTEGER NOT NULL REFERENCES memberships(id),
    mentee_membership_id INTEGER NOT NULL REFERENCES memberships(id),
    mentor_id            INTEGER NOT NULL REFERENCES users(id),
    mentee_id            INTEGER NOT NULL REFERENCES users(id),
    state                TEXT NOT NULL,
    score_millis         INTEGER NOT NULL DEFAULT 0,
    explanation          TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    ended_at             TIMESTAMP
);
CREATE INDEX partnerships_programme ON partnerships(programme_id, state);
CREATE INDEX partnerships_mentor ON partnerships(mentor_id);
CREATE INDEX partnerships_mentee ON partnerships(mentee_id);

CREATE TABLE match_constraints (
    programme_id         INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    mentee_membership_id INTEGER NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    mentor_membership_id INTEGER NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('pin','forbid')),
    created_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, mentee_membership_id, mentor_membership_id)
);

CREATE TABLE relations (
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    user_a     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_b     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('line_manager','conflict')),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_a, user_b, kind)
);

ALTER TABLE programmes ADD COLUMN match_weights TEXT NOT NULL DEFAULT '{}';
