-- A one-time code's wrong tries counted per requester: those from the address that asked for the code
-- (`requester`, hashed as the rate limits keep it) in `tries`, all others together in `others_tries`,
-- so someone who knows only the dossier's code cannot lock out the applicant who holds the phone.
ALTER TABLE services_applicant_code ADD COLUMN requester text;
ALTER TABLE services_applicant_code ADD COLUMN others_tries integer NOT NULL DEFAULT 0;
