-- Concerns, change requests, safeguarding and complaints (PRODUCT.md, Trust):
-- confidential to the person who raised them and the people who handle them.
CREATE TABLE concerns (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    programme_id      INTEGER REFERENCES programmes(id) ON DELETE SET NULL,
    partnership_id    INTEGER REFERENCES partnerships(id) ON DELETE SET NULL,
    raised_by         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('match','change_mentor','welfare','complaint')),
    about_mentee      BOOLEAN NOT NULL DEFAULT FALSE,
    about_coordinator BOOLEAN NOT NULL DEFAULT FALSE,
    body              TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('open','resolved')),
    outcome           TEXT NOT NULL DEFAULT '',
    resolution        TEXT NOT NULL DEFAULT '',
    resolved_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    resolved_at       TIMESTAMP,
    created_at        TIMESTAMP NOT NULL
);
CREATE INDEX concerns_org ON concerns(org_id, status);
CREATE INDEX concerns_raiser ON concerns(raised_by);

CREATE TABLE concern_notes (
    id         INTEGER PRIMARY KEY,
    concern_id INTEGER NOT NULL REFERENCES concerns(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX concern_notes_concern ON concern_notes(concern_id);
