-- Found by `npm run bench:services`: the national portal's delivery (every 5 s) looks for the events not
-- yet delivered in the order they were queued; with no index on those alone it walked the whole outbox by
-- id, every event ever sent (1.7 million with a million dossiers: seconds each time, holding an embedded
-- database's only connection). The pending ones are few: an index of them alone.
CREATE INDEX services_portal_outbox_due_idx ON services_portal_outbox (id) WHERE delivered_at IS NULL;

-- Also found by it: the Decision 766 index counted each dossier's portal events by joining the whole outbox
-- (two thirds of the index's time over a million dossiers, on either database). Each dossier keeps its
-- counts, kept by the store in the transaction that queues or delivers an event.
ALTER TABLE services_dossiers
  ADD COLUMN portal_events    integer NOT NULL DEFAULT 0,
  ADD COLUMN portal_delivered integer NOT NULL DEFAULT 0;
UPDATE services_dossiers d
   SET portal_events = o.events, portal_delivered = o.delivered
  FROM (SELECT tenant, dossier, count(*)::int AS events, count(delivered_at)::int AS delivered
          FROM services_portal_outbox GROUP BY tenant, dossier) AS o
 WHERE o.tenant = d.tenant AND o.dossier = d.code;
