-- Pulse check-ins (010) hold a person's own words: they stand behind the
-- same row-level security wall as the other content tables (011), reaching
-- their organisation through the programme.
ALTER TABLE pulses ENABLE ROW LEVEL SECURITY;
ALTER TABLE pulses FORCE ROW LEVEL SECURITY;
CREATE POLICY org_wall ON pulses USING ((SELECT tandem_org_visible(g.org_id) FROM programmes g WHERE g.id = programme_id));
