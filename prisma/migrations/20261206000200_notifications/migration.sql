-- Notifications (issue 15): events recorded in the transaction of the change
-- that causes them, addressed to units and contracted organisations, with a
-- read mark per recipient, and webhook subscriptions with their deliveries.
-- Events carry ids and kinds only, never personal data.

CREATE TYPE core."NotificationKind" AS ENUM (
  'CASE_OPENED', 'REFERRAL_RECEIVED', 'REFERRAL_SENT', 'INTAKE_RECEIVED', 'RE_REPORT',
  'ASSIGNMENT_OFFERED', 'MEETING_INVITATION', 'ACTION_ITEM_DUE', 'RELEASE_COMING'
);

CREATE TYPE core."WebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

CREATE TABLE core.notification_event (
  id           BIGSERIAL PRIMARY KEY,
  kind         core."NotificationKind" NOT NULL,
  family_id    INTEGER REFERENCES core.family(id),
  record_type  TEXT NOT NULL,
  record_id    INTEGER NOT NULL,
  actor_unit   TEXT NOT NULL,
  actor_worker TEXT NOT NULL,
  occurred_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  -- The writing transaction (xid8 as a number): the change feed pages by
  -- (xact_id, id) and shows only transactions older than every running one,
  -- so an event that commits late is never skipped by a cursor.
  xact_id      BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  -- Scheduled events happen once per occasion (a release): the key says which.
  dedupe_key   TEXT UNIQUE
);
CREATE INDEX notification_event_feed_idx ON core.notification_event (xact_id, id);

-- One row per addressee: a unit (never 'NGO' as such) or one organisation.
CREATE TABLE core.notification_recipient (
  id              BIGSERIAL PRIMARY KEY,
  event_id        BIGINT NOT NULL REFERENCES core.notification_event(id),
  unit_code       TEXT REFERENCES core.network_unit(code),
  organization_id INTEGER REFERENCES core.organization(id),
  read_at         TIMESTAMPTZ(3),
  read_by         TEXT,
  CONSTRAINT notification_recipient_one_addressee CHECK ((unit_code IS NULL) <> (organization_id IS NULL)),
  CONSTRAINT notification_recipient_not_ngo_unit CHECK (unit_code IS DISTINCT FROM 'NGO')
);
CREATE UNIQUE INDEX notification_recipient_unit_key ON core.notification_recipient (unit_code, event_id) WHERE unit_code IS NOT NULL;
CREATE UNIQUE INDEX notification_recipient_org_key ON core.notification_recipient (organization_id, event_id) WHERE organization_id IS NOT NULL;
CREATE INDEX notification_recipient_event_idx ON core.notification_recipient (event_id);

-- A subscriber's endpoint: a unit or one organisation. The secret is stored
-- encrypted (AES-256-GCM under HUB_WEBHOOK_KEY, kept outside the database).
CREATE TABLE core.webhook (
  id               SERIAL PRIMARY KEY,
  unit_code        TEXT REFERENCES core.network_unit(code),
  organization_id  INTEGER REFERENCES core.organization(id),
  url              TEXT NOT NULL,
  secret_encrypted TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  created_at       TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  removed_at       TIMESTAMPTZ(3),
  removed_by       TEXT,
  CONSTRAINT webhook_one_subscriber CHECK ((unit_code IS NULL) <> (organization_id IS NULL)),
  CONSTRAINT webhook_not_ngo_unit CHECK (unit_code IS DISTINCT FROM 'NGO')
);
CREATE INDEX webhook_unit_idx ON core.webhook (unit_code) WHERE removed_at IS NULL;
CREATE INDEX webhook_org_idx ON core.webhook (organization_id) WHERE removed_at IS NULL;

-- One event to one webhook: attempts so far, the last failure, and DEAD
-- (the dead letter) once the last attempt failed.
CREATE TABLE core.webhook_delivery (
  id              BIGSERIAL PRIMARY KEY,
  event_id        BIGINT NOT NULL REFERENCES core.notification_event(id),
  webhook_id      INTEGER NOT NULL REFERENCES core.webhook(id),
  status          core."WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  last_status     INTEGER,
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  last_attempt_at TIMESTAMPTZ(3),
  delivered_at    TIMESTAMPTZ(3),
  dead_at         TIMESTAMPTZ(3),
  CONSTRAINT webhook_delivery_once UNIQUE (event_id, webhook_id)
);
CREATE INDEX webhook_delivery_webhook_idx ON core.webhook_delivery (webhook_id, id);
