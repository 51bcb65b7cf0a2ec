-- Audit entries name the records written (issue 10) and flag break-glass
-- access; refused mutations are recorded as attempts.
ALTER TABLE audit.entry ADD COLUMN records TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE audit.entry ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE audit.entry DROP CONSTRAINT entry_kind_check;
ALTER TABLE audit.entry ADD CONSTRAINT entry_kind_check CHECK (kind IN ('READ', 'WRITE', 'REFUSED'));
