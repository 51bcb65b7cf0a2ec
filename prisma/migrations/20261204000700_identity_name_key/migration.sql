-- The name key identity linking finds candidates by (connectors/kit/name-normalisation.ts):
-- Unicode NFKC, separators and spaces removed, ASCII letters lower-cased,
-- commonly interchanged variant characters folded. The TypeScript nameKey()
-- and this function must agree; connectors/kit/name-normalisation.test.ts
-- holds them to the same answers. Characters in the first list of translate()
-- with no counterpart in the second are removed.
CREATE FUNCTION core.name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(normalize(name, NFKC),
  '黄台峯徳吴眞温衆啓恒姫淸靑郞裏羣髙曺冨﨑凉濶敎産卽緖鄕姸ABCDEFGHIJKLMNOPQRSTUVWXYZ' || E' \t\n\r‧・·•.-',
  '黃臺峰德吳真溫眾啟恆姬清青郎裡群高曹富崎涼闊教產即緒鄉妍abcdefghijklmnopqrstuvwxyz');

-- Candidates by name key and birth date (the birth date narrows homonyms).
CREATE INDEX person_name_key_idx ON core.person (core.name_key(name), birth_date);
