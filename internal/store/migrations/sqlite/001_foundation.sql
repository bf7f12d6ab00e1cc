-- Foundation: organisations, people, sessions, programmes and memberships.
-- Lists are JSON text so the same code reads them on both engines.
CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    departments   TEXT NOT NULL DEFAULT '[]',
    career_stages TEXT NOT NULL DEFAULT '[]',
    support_links TEXT NOT NULL DEFAULT '[]',
    time_zone     TEXT NOT NULL DEFAULT 'UTC',
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member','coordinator','admin')),
    password_hash TEXT,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE profiles (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    department    TEXT NOT NULL DEFAULT '',
    career_stage  TEXT NOT NULL DEFAULT '',
    expertise     TEXT NOT NULL DEFAULT '[]',
    topics        TEXT NOT NULL DEFAULT '[]',
    goals         TEXT NOT NULL DEFAULT '',
    background    TEXT NOT NULL DEFAULT '',
    availability  TEXT NOT NULL DEFAULT '',
    meeting_mode  TEXT NOT NULL DEFAULT 'either',
    languages     TEXT NOT NULL DEFAULT '[]',
    about         TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);

CREATE TABLE programmes (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES organisations(id),
    template             TEXT NOT NULL DEFAULT '',
    name                 TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    contact_email        TEXT NOT NULL DEFAULT '',
    rolling_intake       BOOLEAN NOT NULL DEFAULT TRUE,
    starts_on            TIMESTAMP,
    ends_on              TIMESTAMP,
    term_months          INTEGER NOT NULL,
    renewable            BOOLEAN NOT NULL DEFAULT FALSE,
    cadence              TEXT NOT NULL DEFAULT '{}',
    meeting_minutes      INTEGER NOT NULL,
    review_every_weeks   INTEGER NOT NULL DEFAULT 0,
    mentor_min_stage     TEXT NOT NULL DEFAULT '',
    mentor_max_stage     TEXT NOT NULL DEFAULT '',
    mentee_min_stage     TEXT NOT NULL DEFAULT '',
    mentee_max_stage     TEXT NOT NULL DEFAULT '',
    mentor_eligibility   TEXT NOT NULL DEFAULT '',
    mentee_eligibility   TEXT NOT NULL DEFAULT '',
    prerequisites        TEXT NOT NULL DEFAULT '[]',
    seniority            TEXT NOT NULL,
    different_department BOOLEAN NOT NULL DEFAULT FALSE,
    mentor_capacity      INTEGER NOT NULL DEFAULT 1,
    matching_mode        TEXT NOT NULL,
    uses_characteristics BOOLEAN NOT NULL DEFAULT FALSE,
    requires_approval    BOOLEAN NOT NULL DEFAULT FALSE,
    agreement_template   TEXT NOT NULL DEFAULT '[]',
    archived             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX programmes_org ON programmes(org_id);

CREATE TABLE programme_coordinators (
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (programme_id, user_id)
);

CREATE TABLE memberships (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('mentor','mentee')),
    status       TEXT NOT NULL CHECK (status IN ('pending','approved','declined','withdrawn')),
    capacity     INTEGER NOT NULL DEFAULT 0,
    application  TEXT NOT NULL DEFAULT '',
    decided_at   TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (programme_id, user_id, role)
);
CREATE INDEX memberships_user ON memberships(user_id);
