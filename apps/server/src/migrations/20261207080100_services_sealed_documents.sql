-- Uploads (bytes and file names) and signed results are kept sealed as personal data. Those kept in
-- clear before are marked so, and sealed a page at a time by the services' job (sealed-documents),
-- read as they are meanwhile: a flag, so the job finds them without reading every document's bytes.
ALTER TABLE services_dossier_documents ADD COLUMN sealed boolean NOT NULL DEFAULT false;
CREATE INDEX services_dossier_documents_clear_idx ON services_dossier_documents (tenant, id) WHERE NOT sealed;
