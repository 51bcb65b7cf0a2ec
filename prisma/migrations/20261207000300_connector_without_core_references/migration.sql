-- A connector subgraph may run on a database of its own (issue 16): what it
-- reads of core comes through the `published` schema, and none of its tables
-- points into core. Here, in the hub's shared database, `published` is a set
-- of live views on core; on a connector's own database the same names are
-- tables that core publishes into (src/db/publish-person-index.ts). Either
-- way the connector's code reads the same relations.

-- No foreign keys into core from the probation-transitions connector's table
-- or from the identity decisions it applies: on its own database there is no
-- core.person to point at. Person ids there come from the published index.
ALTER TABLE probation.transition DROP CONSTRAINT transition_person_id_fkey;
ALTER TABLE sync.identity_decision DROP CONSTRAINT identity_decision_person_id_fkey;

CREATE SCHEMA published;

-- The person index identity linking matches agency records against: only
-- what linking compares. A confidential address (victim protection) is not
-- published: it would otherwise leave core for every agency's database.
CREATE VIEW published.person AS
  SELECT p.id, p.national_id, p.name, core.name_key(p.name) AS name_key, p.sex::text AS sex, p.birth_date,
         CASE WHEN p.address_confidential THEN NULL ELSE p.address END AS address, r.household_number
  FROM core.person p LEFT JOIN household.registration r ON r.person_id = p.id;

-- The active entries of the token deny-list, which every subgraph checks.
CREATE VIEW published.revocation AS
  SELECT kind, value FROM core.revocation WHERE lifted_at IS NULL;
