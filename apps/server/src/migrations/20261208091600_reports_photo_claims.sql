-- Whose a photo may become: a citizen's photo goes to one report (or supplement), an officer's to one
-- answer, each once; until taken it is not served.
ALTER TABLE reports_media ADD COLUMN kind text NOT NULL DEFAULT 'citizen' CHECK (kind IN ('citizen', 'answer'));
ALTER TABLE reports_media ADD COLUMN taken_at timestamptz;

-- Photos already named by a report or one of its events were taken then; answer photos are those of a resolution.
UPDATE reports_media m SET taken_at = m.created_at
 WHERE EXISTS (SELECT 1 FROM reports_report r WHERE r.tenant = m.tenant AND m.id::text = ANY (r.media_ids))
    OR EXISTS (SELECT 1 FROM reports_event e WHERE e.tenant = m.tenant AND m.id::text = ANY (e.media_ids));
UPDATE reports_media m SET kind = 'answer'
 WHERE EXISTS (SELECT 1 FROM reports_event e
                WHERE e.tenant = m.tenant AND e.kind = 'resolved' AND m.id::text = ANY (e.media_ids));

-- The hourly job looks for photos no one took.
CREATE INDEX reports_media_untaken ON reports_media (created_at) WHERE taken_at IS NULL;
