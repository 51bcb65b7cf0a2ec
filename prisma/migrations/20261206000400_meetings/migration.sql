-- Meetings and case conferences (issue 15). An invitation gives the invited
-- unit or organisation a view of the agenda's families from the invitation
-- until access_until (need-to-know.ts reads these tables).
CREATE TYPE core."MeetingKind" AS ENUM ('RE_REPORT_NETWORK', 'DISTRICT_CROSS_DEPARTMENT', 'CASE_CONFERENCE', 'RELEASE_TRANSITION', 'BUREAU', 'CITY_COORDINATION');
CREATE TYPE core."MeetingLevel" AS ENUM ('CITY', 'BUREAU', 'DISTRICT', 'CENTRE');
CREATE TYPE core."MeetingStatus" AS ENUM ('SCHEDULED', 'HELD', 'CANCELLED');
CREATE TYPE core."ActionItemStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED');

CREATE TABLE core.meeting (
  id                 SERIAL PRIMARY KEY,
  kind               core."MeetingKind" NOT NULL,
  level              core."MeetingLevel" NOT NULL,
  title              TEXT NOT NULL CHECK (title <> ''),
  convenor_unit_code TEXT NOT NULL REFERENCES core.network_unit (code),
  convened_by        TEXT NOT NULL,
  starts_at          TIMESTAMPTZ(3) NOT NULL,
  place              TEXT NOT NULL CHECK (place <> ''),
  district_code      TEXT REFERENCES core.district (code),
  access_until       TIMESTAMPTZ(3) NOT NULL,
  status             core."MeetingStatus" NOT NULL DEFAULT 'SCHEDULED',
  chair              TEXT,
  minutes            TEXT,
  recorded_by        TEXT,
  recorded_at        TIMESTAMPTZ(3),
  cancelled_at       TIMESTAMPTZ(3),
  cancel_reason      TEXT,
  created_at         TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  -- The view ends after the meeting, never before it starts.
  CHECK (access_until > starts_at),
  -- A cancelled meeting says when and why; a held one who recorded it.
  CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
  CHECK (status <> 'HELD' OR recorded_by IS NOT NULL)
);
CREATE INDEX meeting_starts_at_idx ON core.meeting (starts_at);
CREATE INDEX meeting_convenor_unit_code_idx ON core.meeting (convenor_unit_code);

CREATE TABLE core.meeting_agenda_item (
  id         SERIAL PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES core.meeting (id) ON DELETE RESTRICT,
  family_id  INTEGER NOT NULL REFERENCES core.family (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  case_id    INTEGER REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE RESTRICT
);
CREATE INDEX meeting_agenda_item_meeting_id_idx ON core.meeting_agenda_item (meeting_id);
CREATE INDEX meeting_agenda_item_family_id_idx ON core.meeting_agenda_item (family_id);
CREATE UNIQUE INDEX meeting_agenda_item_once ON core.meeting_agenda_item (meeting_id, family_id, coalesce(case_id, 0));

CREATE TABLE core.meeting_invitation (
  id              SERIAL PRIMARY KEY,
  meeting_id      INTEGER NOT NULL REFERENCES core.meeting (id) ON DELETE RESTRICT,
  unit_code       TEXT NOT NULL REFERENCES core.network_unit (code),
  organization_id INTEGER REFERENCES core.organization (id),
  invited_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  invited_by      TEXT NOT NULL,
  attended        BOOLEAN,
  -- An organisation is invited as an NGO; a unit other than NGO is invited as a whole.
  CHECK ((unit_code = 'NGO') = (organization_id IS NOT NULL))
);
CREATE INDEX meeting_invitation_meeting_id_idx ON core.meeting_invitation (meeting_id);
CREATE INDEX meeting_invitation_unit_code_organization_id_idx ON core.meeting_invitation (unit_code, organization_id);
CREATE UNIQUE INDEX meeting_invitation_once ON core.meeting_invitation (meeting_id, unit_code, coalesce(organization_id, 0));

CREATE TABLE core.meeting_decision (
  id         SERIAL PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES core.meeting (id) ON DELETE RESTRICT,
  position   INTEGER NOT NULL,
  text       TEXT NOT NULL CHECK (text <> ''),
  UNIQUE (meeting_id, position)
);
CREATE INDEX meeting_decision_meeting_id_idx ON core.meeting_decision (meeting_id);

CREATE TABLE core.action_item (
  id                    SERIAL PRIMARY KEY,
  meeting_id            INTEGER NOT NULL REFERENCES core.meeting (id) ON DELETE RESTRICT,
  decision_id           INTEGER REFERENCES core.meeting_decision (id),
  family_id             INTEGER REFERENCES core.family (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  owner_unit_code       TEXT NOT NULL REFERENCES core.network_unit (code),
  owner_organization_id INTEGER REFERENCES core.organization (id),
  description           TEXT NOT NULL CHECK (description <> ''),
  due_on                DATE NOT NULL,
  status                core."ActionItemStatus" NOT NULL DEFAULT 'OPEN',
  status_note           TEXT,
  updated_at            TIMESTAMPTZ(3),
  updated_by            TEXT,
  CHECK ((owner_unit_code = 'NGO') = (owner_organization_id IS NOT NULL))
);
CREATE INDEX action_item_meeting_id_idx ON core.action_item (meeting_id);
CREATE INDEX action_item_owner_unit_code_status_due_on_idx ON core.action_item (owner_unit_code, status, due_on);
