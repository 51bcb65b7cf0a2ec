-- Worklists (issue 15): the rows each list starts from, indexed so a list
-- reads only its own rows at whole-city scale.
-- A lead worker's open cases (myCases).
CREATE INDEX case_lead_worker_open_idx ON core."case" (lead_worker_id) WHERE status = 'OPEN';
-- Reports not triaged yet, by receipt (intakeQueue, central intake).
CREATE INDEX intake_untriaged_received_at_idx ON core.intake (received_at) WHERE triaged_at IS NULL;
-- Reports dispatched to a unit that no case has taken yet (intakeQueue, other units).
CREATE INDEX intake_dispatched_waiting_idx ON core.intake (dispatched_to_unit_code, received_at) WHERE case_id IS NULL;
-- Releases in a window (upcomingReleases).
CREATE INDEX transition_release_on_idx ON probation.transition (release_on) WHERE kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE');
