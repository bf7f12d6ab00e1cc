-- Pulse check-ins (issue 6): one question to each party of an active
-- partnership, 30 days after the start and every 60 days after. One answer
-- per person per round. The word is the author's; the coordinator reads it
-- only where share is set, and the other party never reads the answer.
CREATE TABLE pulses (
    id             BIGSERIAL PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    programme_id   BIGINT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    author_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('mentor','mentee')),
    round          INTEGER NOT NULL CHECK (round >= 1),
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    not_good_fit   BOOLEAN NOT NULL DEFAULT FALSE,
    word           TEXT NOT NULL DEFAULT '',
    share          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (partnership_id, author_id, round)
);
CREATE INDEX pulses_programme ON pulses(programme_id, created_at);

-- Secrets the server keeps in its database, generated once on first use:
-- e.g. the key that signs one-click unsubscribe links, so every process
-- serving one database signs alike and a restart breaks no link.
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
