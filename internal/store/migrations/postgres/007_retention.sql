-- Data rights (PRODUCT.md, Trust): an organisation's retention period for
-- the content of ended partnerships (0 keeps it), when a partnership's
-- content was deleted under it, and when a person erased their account (the
-- row stays, anonymised, so the other party's records keep "a former
-- participant").
ALTER TABLE organisations ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partnerships ADD COLUMN purged_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN erased_at TIMESTAMPTZ;
