-- School enrolment: one open or returned dossier per pupil, procedure and school year. The pupil's ID
-- number is sealed with the form's values; its blind index is kept here so the check never reads it.
ALTER TABLE services_dossiers ADD COLUMN pupil_index text;
CREATE INDEX services_dossiers_pupil_idx ON services_dossiers (tenant, procedure_code, pupil_index)
  WHERE pupil_index IS NOT NULL;
