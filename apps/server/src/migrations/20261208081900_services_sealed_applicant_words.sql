-- What an applicant writes on the timeline (a supplement's note, a withdrawal's reason) is personal
-- data, kept sealed. Notes written in clear before are marked so and sealed a batch at a time by the
-- services' job (sealed-words); they are read meanwhile as they are, hidden from readers who see the
-- applicant masked. The officers' and the system's notes are not the applicant's words.
ALTER TABLE services_dossier_events ADD COLUMN in_clear boolean NOT NULL DEFAULT false;
UPDATE services_dossier_events SET in_clear = true WHERE by_kind = 'applicant' AND note IS NOT NULL;
CREATE INDEX services_dossier_events_in_clear_idx ON services_dossier_events (id) WHERE in_clear;
