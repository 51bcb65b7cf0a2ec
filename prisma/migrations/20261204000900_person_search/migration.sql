-- Purpose-bound search (src/graph/types/search.ts): an address prefix within
-- a district, by index. text_pattern_ops lets LIKE 'prefix%' use it under any
-- collation. National ID (unique), name key with birth date
-- (20261204000700_identity_name_key) and household number
-- (household.registration_household_number_idx) have theirs already.
CREATE INDEX person_district_address_idx ON core.person (district_code, address text_pattern_ops);
