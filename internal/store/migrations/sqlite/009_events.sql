-- Events and bookings (PRODUCT.md; 004): training such as "Being a Mentor",
-- group briefings, group evaluation activities and 1-to-1 support slots,
-- with places, a waiting list and attendance.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    programme_id   INTEGER REFERENCES programmes(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('training','briefing','evaluation','support')),
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    starts_at      TIMESTAMP NOT NULL,
    minutes        INTEGER NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    capacity       INTEGER NOT NULL CHECK (capacity > 0),
    audience       TEXT NOT NULL CHECK (audience IN ('everyone','mentors','mentees','members')),
    host_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    series_id      INTEGER,
    uid            TEXT NOT NULL UNIQUE,
    sequence       INTEGER NOT NULL DEFAULT 0,
    cancelled_at   TIMESTAMP,
    cancel_message TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX events_org_start ON events(org_id, starts_at);
CREATE INDEX events_programme ON events(programme_id);

-- One row per person and event: booked, waiting (in created order) or cancelled.
CREATE TABLE event_bookings (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('booked','waiting','cancelled')),
    queued_at   TIMESTAMP NOT NULL,
    attended_at TIMESTAMP,
    checked_in  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX event_bookings_user ON event_bookings(user_id);

-- Decisions on applications (pending memberships): approve, decline, or a
-- request for a conversation first, which keeps the application pending.
CREATE TABLE application_decisions (
    id            INTEGER PRIMARY KEY,
    membership_id INTEGER NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    decision      TEXT NOT NULL CHECK (decision IN ('approve','decline','conversation')),
    message       TEXT NOT NULL DEFAULT '',
    decided_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at    TIMESTAMP NOT NULL
);
CREATE INDEX application_decisions_membership ON application_decisions(membership_id);
