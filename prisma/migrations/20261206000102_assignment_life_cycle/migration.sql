-- The NGO assignment life cycle (issue 15): the owning unit offers, the
-- organisation accepts, the owning unit ends or the organisation hands back.
-- Assignments made before were running ones: they count as accepted.
CREATE TYPE core."AssignmentStatus" AS ENUM ('OFFERED', 'ACCEPTED', 'ENDED', 'HANDED_BACK');
ALTER TABLE core.assignment
  ADD COLUMN status core."AssignmentStatus" NOT NULL DEFAULT 'ACCEPTED',
  ADD COLUMN offered_by TEXT,
  ADD COLUMN accepted_at TIMESTAMPTZ(3),
  ADD COLUMN accepted_by TEXT,
  ADD COLUMN ended_at TIMESTAMPTZ(3),
  ADD COLUMN ended_by TEXT,
  ADD COLUMN end_reason TEXT;
ALTER TABLE core.assignment ALTER COLUMN status SET DEFAULT 'OFFERED';
ALTER TABLE core.assignment ADD CONSTRAINT assignment_end_check
  CHECK ((status IN ('ENDED', 'HANDED_BACK')) = (ended_at IS NOT NULL AND ended_by IS NOT NULL AND end_reason IS NOT NULL AND end_reason <> ''));
