-- A filing's follow-up: its fee's payment intent and the message telling the applicant, made just after
-- the filing commits (so the day's dossier counter stays locked only for the filing's own statement).
-- The row is written by the filing's statement and deleted once both are made; one left behind (the
-- process stopped between the two) is taken up by the services' worker once `next_at` has passed.
CREATE TABLE services_filing_followup (
  tenant   text NOT NULL,
  dossier  text NOT NULL,
  next_at  timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, dossier)
);
