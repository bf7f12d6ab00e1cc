-- Introductions: each side confirms the match after the Aligning Expectations
-- meeting (000), or declines it with a reason only the coordinator reads.
ALTER TABLE partnerships ADD COLUMN mentor_confirmed_at TIMESTAMP;
ALTER TABLE partnerships ADD COLUMN mentee_confirmed_at TIMESTAMP;
ALTER TABLE partnerships ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
ALTER TABLE partnerships ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
