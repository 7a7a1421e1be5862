-- Who created a context source registration (`user:<id>` or `api-key:<id>`; NULL for anonymous ones and
-- those made before owners were recorded): only they and administrators read its endpoint's credentials
-- and its contextSourceInfo values.
ALTER TABLE ngsi_csource_registration ADD COLUMN owner text;
