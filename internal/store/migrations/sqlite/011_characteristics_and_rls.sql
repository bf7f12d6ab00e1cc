-- Consented characteristics (PRODUCT.md, Joining; 004): optional answers a
-- participant gives, with consent, for programmes that ask for them. Kept in
-- their own table, apart from the profile, so that no query of profiles,
-- participant lists or exports can reach them by accident. Withdrawing
-- consent, and erasing the account, delete the row.
CREATE TABLE characteristics (
    user_id          INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id           INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    consented_at     TIMESTAMP NOT NULL,
    ethnicity        TEXT NOT NULL DEFAULT '',
    ethnicity_text   TEXT NOT NULL DEFAULT '',
    gender           TEXT NOT NULL DEFAULT '',
    gender_text      TEXT NOT NULL DEFAULT '',
    lgbtq            TEXT NOT NULL DEFAULT '',
    disability       TEXT NOT NULL DEFAULT '',
    caring           TEXT NOT NULL DEFAULT '',
    first_generation TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX characteristics_org ON characteristics(org_id);

-- On PostgreSQL this migration also puts row-level security on the content
-- tables (internal/store/rls.go). SQLite has none: there the application's
-- rules are the only wall.
