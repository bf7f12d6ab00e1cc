-- The partnership's life (PRODUCT.md, The partnership): the term and its
-- renewal, the agreement and its versions, meetings, notes, goals and
-- actions, reviews, the closing record and feedback, calendar feeds, and a
-- mentor's availability. Everything here but the partnership's dates belongs
-- to the pair alone; internal/app is the door.
ALTER TABLE partnerships ADD COLUMN started_at TIMESTAMP;
ALTER TABLE partnerships ADD COLUMN term_ends_at TIMESTAMP;
ALTER TABLE partnerships ADD COLUMN term INTEGER NOT NULL DEFAULT 1;
ALTER TABLE partnerships ADD COLUMN mentor_choice TEXT NOT NULL DEFAULT '';
ALTER TABLE partnerships ADD COLUMN mentee_choice TEXT NOT NULL DEFAULT '';
ALTER TABLE partnerships ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE partnerships ADD COLUMN last_contact_at TIMESTAMP;

ALTER TABLE memberships ADD COLUMN paused TEXT NOT NULL DEFAULT '';

CREATE TABLE agreement_versions (
    id               INTEGER PRIMARY KEY,
    partnership_id   INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    version          INTEGER NOT NULL,
    sections         TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    mentor_signed_at TIMESTAMP,
    mentee_signed_at TIMESTAMP,
    UNIQUE (partnership_id, version)
);

CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    uid            TEXT NOT NULL UNIQUE,
    sequence       INTEGER NOT NULL DEFAULT 0,
    starts_at      TIMESTAMP NOT NULL,
    minutes        INTEGER NOT NULL,
    venue          TEXT NOT NULL DEFAULT '',
    video_url      TEXT NOT NULL DEFAULT '',
    agenda         TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL CHECK (state IN ('proposed','accepted','cancelled')),
    proposed_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    message        TEXT NOT NULL DEFAULT '',
    held_at        TIMESTAMP,
    held_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX meetings_partnership ON meetings(partnership_id, starts_at);

CREATE TABLE notes (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    meeting_id     INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    private        BOOLEAN NOT NULL,
    body           TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX notes_partnership ON notes(partnership_id, created_at);

CREATE TABLE goals (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    horizon        TEXT NOT NULL CHECK (horizon IN ('short','long')),
    title          TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    status         TEXT NOT NULL CHECK (status IN ('open','achieved','dropped')),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX goals_partnership ON goals(partnership_id);

CREATE TABLE actions (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    meeting_id     INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    goal_id        INTEGER REFERENCES goals(id) ON DELETE SET NULL,
    owner          TEXT NOT NULL CHECK (owner IN ('mentor','mentee')),
    title          TEXT NOT NULL,
    due_on         TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('open','done','dropped')),
    done_at        TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX actions_partnership ON actions(partnership_id, status);

CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    meets_needs    TEXT NOT NULL CHECK (meets_needs IN ('yes','partly','no')),
    going_well     TEXT NOT NULL DEFAULT '',
    to_change      TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX reviews_partnership ON reviews(partnership_id, created_at);

CREATE TABLE closures (
    partnership_id INTEGER PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
    goals_achieved TEXT NOT NULL DEFAULT '',
    to_develop     TEXT NOT NULL DEFAULT '',
    keep_in_touch  TEXT NOT NULL DEFAULT '',
    recorded_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at    TIMESTAMP NOT NULL
);

CREATE TABLE feedback (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comments       TEXT NOT NULL DEFAULT '',
    share          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (partnership_id, author_id)
);

-- A private, revocable calendar feed per person: only the token's hash is kept.
CREATE TABLE calendar_feeds (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
