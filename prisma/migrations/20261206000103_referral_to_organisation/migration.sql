-- A referral addressed to a particular organisation (issue 15): only
-- referrals to NGO name one; only that organisation sees and answers it.
ALTER TABLE core.referral
  ADD COLUMN to_organization_id INTEGER REFERENCES core.organization (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  ADD CONSTRAINT referral_to_organization_check CHECK (to_organization_id IS NULL OR to_unit_code = 'NGO');
CREATE INDEX referral_to_organization_id_idx ON core.referral (to_organization_id) WHERE to_organization_id IS NOT NULL;
