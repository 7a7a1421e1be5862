-- @context documents belong to a tenant: the one that hosted a context, or whose request made the
-- broker download (and cache) a remote one. '*' marks platform-wide documents — those kept before
-- tenants owned them — which every tenant reads and only a platform administrator may delete.
ALTER TABLE ngsi_jsonld_context ADD COLUMN tenant text NOT NULL DEFAULT '*';
ALTER TABLE ngsi_jsonld_context ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE ngsi_jsonld_context DROP CONSTRAINT ngsi_jsonld_context_url_key;
ALTER TABLE ngsi_jsonld_context ADD CONSTRAINT ngsi_jsonld_context_tenant_url_key UNIQUE (tenant, url);
-- A cached copy is only ever a JSON-LD context document; anything else was cached by mistake.
DELETE FROM ngsi_jsonld_context
WHERE kind = 'cached' AND NOT (jsonb_typeof(body) = 'object' AND body ? '@context');
