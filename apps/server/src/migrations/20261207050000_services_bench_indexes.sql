-- Found by `npm run bench:services`: the national portal's delivery (every 5 s) looks for the events not
-- yet delivered in the order they were queued; with no index on those alone it walked the whole outbox by
-- id, every event ever sent (1.7 million with a million dossiers: seconds each time, holding an embedded
-- database's only connection). The pending ones are few: an index of them alone.
CREATE INDEX services_portal_outbox_due_idx ON services_portal_outbox (id) WHERE delivered_at IS NULL;
