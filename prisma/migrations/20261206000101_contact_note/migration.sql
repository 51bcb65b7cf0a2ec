-- A service contact's note and duration (issue 15), and the organisation of
-- an NGO that recorded it: the note is readable only by the recorder (all
-- NGOs share one unit code, so the organisation tells them apart).
ALTER TABLE core.service_contact
  ADD COLUMN note TEXT CHECK (note <> '' AND char_length(note) <= 4000),
  ADD COLUMN duration_minutes INTEGER CHECK (duration_minutes BETWEEN 1 AND 1440),
  ADD COLUMN organization_id INTEGER REFERENCES core.organization (id) ON UPDATE CASCADE ON DELETE SET NULL,
  ADD CONSTRAINT service_contact_organization_check CHECK (organization_id IS NULL OR unit_code = 'NGO');
