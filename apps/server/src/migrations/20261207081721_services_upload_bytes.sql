-- The bytes each source address (hashed) sent to be checked as uploads, for the per-address budget an
-- hour (SERVICES_UPLOAD_MB_PER_HOUR): one address must not keep the PDF checks busy for everyone.
CREATE TABLE services_upload_bytes (
  source  text NOT NULL,
  at      timestamptz NOT NULL,
  bytes   integer NOT NULL
);
CREATE INDEX services_upload_bytes_source_idx ON services_upload_bytes (source, at);
CREATE INDEX services_upload_bytes_at_idx ON services_upload_bytes (at);
