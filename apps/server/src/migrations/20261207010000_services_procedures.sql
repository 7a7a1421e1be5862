-- Online public services (modules/services): the catalogue of administrative procedures and the
-- agencies that receive and handle their dossiers. A procedure is kept in versions: an admin's change
-- makes a new version, and a dossier keeps the version it was filed under. `body` is the whole
-- procedure (name, steps, fees, documents, e-form…) as JSON; `published` is whether applicants are
-- offered it (an unpublished procedure is kept for its dossiers only). Ward committees are not rows:
-- they are made from the city's wards (modules/city).

CREATE TABLE services_agencies (
  tenant     text NOT NULL,
  code       text NOT NULL,
  name_vi    text NOT NULL,
  name_en    text NOT NULL,
  level      text NOT NULL CHECK (level IN ('city', 'commune')),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, code)
);

CREATE TABLE services_procedures (
  tenant     text NOT NULL,
  code       text NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  body       jsonb NOT NULL,
  published  boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Who saved this version (the audit trail's actor: kind, id, name, roles).
  saved_by   jsonb NOT NULL,
  PRIMARY KEY (tenant, code, version)
);
