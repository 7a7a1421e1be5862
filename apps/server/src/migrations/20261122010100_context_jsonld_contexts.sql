-- @context documents the broker holds: hosted ones (POSTed to /jsonldContexts) and cached copies of
-- remote ones, so every instance shares one download and an air-gapped restart needs none.
CREATE TABLE ngsi_jsonld_context (
  id            text PRIMARY KEY,
  url           text NOT NULL UNIQUE,
  kind          text NOT NULL CHECK (kind IN ('hosted', 'cached')),
  body          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  hits          integer NOT NULL DEFAULT 0
);
