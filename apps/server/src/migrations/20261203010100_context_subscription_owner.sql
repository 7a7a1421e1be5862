-- Who created a subscription (`user:<id>` or `api-key:<id>`; NULL for anonymous ones and those made
-- before owners were recorded): only they and administrators read its receiver's secrets. And why the
-- broker paused it, when it did (a subscription feeding its own changes).
ALTER TABLE ngsi_subscription ADD COLUMN owner text;
ALTER TABLE ngsi_subscription ADD COLUMN paused_reason text;
