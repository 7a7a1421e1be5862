-- The audit trail: who did what, where, when, with what outcome. Append-only and hash-chained: each
-- record carries the SHA-256 of the record before it plus its own canonical content (computed by the
-- application, platform/audit/chain.ts), so a changed or missing record breaks the chain.
CREATE TABLE audit_record (
  id           bigint PRIMARY KEY,           -- consecutive, assigned under the chain head's lock
  at           timestamptz NOT NULL,
  actor_kind   text NOT NULL,                -- user, api-key, anonymous, system
  actor_id     text,
  actor_name   text,
  actor_roles  text[] NOT NULL DEFAULT '{}',
  tenant       text NOT NULL,
  action       text NOT NULL,                -- e.g. 'POST /ngsi-ld/v1/entities', 'personal-data.read'
  target       text,
  request_id   text,
  outcome      integer,                      -- HTTP status code
  detail       jsonb,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_record_at_idx ON audit_record (at);
CREATE INDEX audit_record_actor_idx ON audit_record (actor_name, id);
CREATE INDEX audit_record_target_idx ON audit_record (target, id);

-- The head of the chain, one row: appends lock it (SELECT … FOR UPDATE) and move it in the same
-- transaction, so writers on several instances take turns and never fork the chain. The anchor is
-- the last record removed by retention: the first record kept must follow it.
CREATE TABLE audit_chain (
  id           smallint PRIMARY KEY CHECK (id = 1),
  last_id      bigint NOT NULL,
  last_hash    text NOT NULL,
  anchor_id    bigint NOT NULL,
  anchor_hash  text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_chain (id, last_id, last_hash, anchor_id, anchor_hash)
VALUES (1, 0, repeat('0', 64), 0, repeat('0', 64));

-- Records are never changed, and removed only by the retention job, which says so for its own
-- transaction (thanglong.audit_retention = on). The database runs as its owner (PGlite as a
-- superuser), so privileges cannot enforce this; a trigger can, and the chain shows what it cannot.
CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('thanglong.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit records are append-only (% refused)', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only();

CREATE FUNCTION audit_chain_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.last_id >= OLD.last_id AND NEW.anchor_id >= OLD.anchor_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit chain head only moves forward (% refused)', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_chain_keep BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_chain_keep();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_keep();
