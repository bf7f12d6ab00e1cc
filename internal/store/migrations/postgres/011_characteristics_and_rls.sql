-- Consented characteristics (PRODUCT.md, Joining; 004): optional answers a
-- participant gives, with consent, for programmes that ask for them. Kept in
-- their own table, apart from the profile, so that no query of profiles,
-- participant lists or exports can reach them by accident. Withdrawing
-- consent, and erasing the account, delete the row.
CREATE TABLE characteristics (
    user_id          BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id           BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    consented_at     TIMESTAMPTZ NOT NULL,
    ethnicity        TEXT NOT NULL DEFAULT '',
    ethnicity_text   TEXT NOT NULL DEFAULT '',
    gender           TEXT NOT NULL DEFAULT '',
    gender_text      TEXT NOT NULL DEFAULT '',
    lgbtq            TEXT NOT NULL DEFAULT '',
    disability       TEXT NOT NULL DEFAULT '',
    caring           TEXT NOT NULL DEFAULT '',
    first_generation TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX characteristics_org ON characteristics(org_id);

-- Row-level security: a second wall behind the application's rules (see
-- internal/store/rls.go). Each content row shows only to a connection whose
-- tandem.org_id names the row's organisation, or is 'system' (background
-- jobs and the command line). Unset or empty: no content at all. FORCE makes
-- the tables' owner subject to the policies too; only a superuser is exempt.
CREATE FUNCTION tandem_org_visible(org BIGINT) RETURNS BOOLEAN
    LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('tandem.org_id', true), '') IN ('system', org::text) $$;

-- The partnership tables reach their organisation through the partnership
-- and its programme. The policies ask it per row as a correlated scalar
-- subquery, two primary-key lookups, so a query's cost follows the rows it
-- reads, not the organisation's number of partnerships (an EXISTS or IN
-- becomes a hash of all of them).
DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['agreement_versions', 'meetings', 'notes', 'goals', 'actions', 'reviews', 'closures', 'feedback'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY org_wall ON %I USING ((SELECT tandem_org_visible(g.org_id)
            FROM partnerships p JOIN programmes g ON g.id = p.programme_id WHERE p.id = partnership_id))', t);
    END LOOP;
END $$;

ALTER TABLE concerns ENABLE ROW LEVEL SECURITY;
ALTER TABLE concerns FORCE ROW LEVEL SECURITY;
CREATE POLICY org_wall ON concerns USING (tandem_org_visible(org_id));

ALTER TABLE concern_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE concern_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY org_wall ON concern_notes USING ((SELECT tandem_org_visible(c.org_id) FROM concerns c WHERE c.id = concern_id));

ALTER TABLE characteristics ENABLE ROW LEVEL SECURITY;
ALTER TABLE characteristics FORCE ROW LEVEL SECURITY;
CREATE POLICY org_wall ON characteristics USING (tandem_org_visible(org_id));
