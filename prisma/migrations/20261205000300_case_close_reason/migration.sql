-- Closing a case with a reason (issue 15): who closed it and why. Cases
-- closed before the hub kept reasons have none; an open case has neither.
ALTER TABLE core."case" ADD COLUMN close_reason TEXT, ADD COLUMN closed_by TEXT;
ALTER TABLE core."case" ADD CONSTRAINT case_close_reason_check CHECK (status = 'CLOSED' OR (close_reason IS NULL AND closed_by IS NULL));
