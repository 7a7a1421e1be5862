-- The Decision 766 index (modules/services, service-index.ts) over a million dossiers in under a second.
--
-- The agency the index credits a dossier to: the one that decides its procedure (the applicant's ward's
-- committee for a birth, as the result is issued in its name), not the office holding the dossier (the
-- one-stop centre receives and returns nearly all of them). Set when filed; a supplement cannot change it.
ALTER TABLE services_dossiers ADD COLUMN decided_by text;
UPDATE services_dossiers d
   SET decided_by = CASE
         WHEN p.body ? 'agencyByWard' AND coalesce(d.values_plain ->> (p.body ->> 'agencyByWard'), '') <> ''
           THEN 'ward-' || (d.values_plain ->> (p.body ->> 'agencyByWard'))
         ELSE coalesce(p.body ->> 'agency', d.agency) END
  FROM services_procedures p
 WHERE p.tenant = d.tenant AND p.code = d.procedure_code AND p.version = d.procedure_version;
UPDATE services_dossiers SET decided_by = agency WHERE decided_by IS NULL;
ALTER TABLE services_dossiers ALTER COLUMN decided_by SET NOT NULL;

-- The index's counts per Hanoi day of submission and deciding agency (the columns of store.indexCounts,
-- and the working minutes from receipt to return, counted with the city's calendar). A period's whole
-- days are summed from here; its partial first and last days are counted from the dossiers.
CREATE TABLE services_index_days (
  tenant             text NOT NULL,
  day                date NOT NULL,
  agency             text NOT NULL,
  dossiers           integer NOT NULL,
  returned           integer NOT NULL,
  on_time            integer NOT NULL,
  electronic         integer NOT NULL,
  online             integer NOT NULL,
  with_fees          integer NOT NULL,
  paid_online        integer NOT NULL,
  rated              integer NOT NULL,
  rating_sum         float8 NOT NULL,
  timed              integer NOT NULL,
  events             integer NOT NULL,
  delivered          integer NOT NULL,
  handling_minutes   float8 NOT NULL,
  PRIMARY KEY (tenant, day, agency)
);

-- The calendar the working minutes were counted with (a fingerprint of its working days): another
-- calendar (REPORTS_EXTRA_HOLIDAYS, REPORTS_MAKEUP_DAYS changed) makes every day with handling time dirty.
CREATE TABLE services_index_calendar (
  tenant   text PRIMARY KEY,
  calendar text NOT NULL
);

-- The days whose dossiers changed since they were counted, marked in the change's own transaction by the
-- triggers below, whichever code makes it (filing, a step, a rating, a payment, a portal delivery). Marks
-- are only appended (no key to wait on while the change's transaction runs); the index takes them.
CREATE TABLE services_index_dirty (
  id     bigserial PRIMARY KEY,
  tenant text NOT NULL,
  day    date NOT NULL
);
CREATE INDEX services_index_dirty_tenant_idx ON services_index_dirty (tenant);
INSERT INTO services_index_dirty (tenant, day)
SELECT DISTINCT tenant, ((submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date FROM services_dossiers;

-- A load of many dossiers marks each day once (a statement's rows, as a table).
CREATE FUNCTION services_index_mark_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO services_index_dirty (tenant, day)
  SELECT DISTINCT tenant, ((submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date FROM inserted;
  RETURN NULL;
END $$;
CREATE TRIGGER services_index_mark_inserted AFTER INSERT ON services_dossiers
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION services_index_mark_inserted();

CREATE FUNCTION services_index_mark_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO services_index_dirty (tenant, day)
  SELECT DISTINCT tenant, ((submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date FROM deleted;
  RETURN NULL;
END $$;
CREATE TRIGGER services_index_mark_deleted AFTER DELETE ON services_dossiers
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION services_index_mark_deleted();

-- A change marks its day (and the old one, were the submission moved) when it touches what the index counts.
CREATE FUNCTION services_index_mark_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO services_index_dirty (tenant, day)
  VALUES (NEW.tenant, ((NEW.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date);
  IF OLD.tenant <> NEW.tenant OR OLD.submitted_at <> NEW.submitted_at THEN
    INSERT INTO services_index_dirty (tenant, day)
    VALUES (OLD.tenant, ((OLD.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER services_index_mark_updated AFTER UPDATE ON services_dossiers FOR EACH ROW
  WHEN ((OLD.tenant, OLD.submitted_at, OLD.decided_by, OLD.state, OLD.timeliness, OLD.electronic_result,
         OLD.channel, OLD.fee_total_vnd, OLD.fee_state, OLD.payment_reference, OLD.rating, OLD.received_at,
         OLD.returned_at, OLD.portal_events, OLD.portal_delivered)
        IS DISTINCT FROM
        (NEW.tenant, NEW.submitted_at, NEW.decided_by, NEW.state, NEW.timeliness, NEW.electronic_result,
         NEW.channel, NEW.fee_total_vnd, NEW.fee_state, NEW.payment_reference, NEW.rating, NEW.received_at,
         NEW.returned_at, NEW.portal_events, NEW.portal_delivered))
  EXECUTE FUNCTION services_index_mark_updated();
