-- What dispatchers type on the timeline (a note, the reason of a transfer or an escalation, the closing
-- note, who took a transfer) is personal data, kept sealed. Entries written in clear before are marked
-- so and sealed a batch at a time by the centre's job (sealed-notes); they are read meanwhile as they
-- are, masked for readers who may not see them. The centre's own escalations are not a person's words.
ALTER TABLE emergency_timeline ADD COLUMN in_clear boolean NOT NULL DEFAULT false;
UPDATE emergency_timeline SET in_clear = true
 WHERE (kind = 'note' AND detail ? 'text')
    OR (kind IN ('transfer', 'escalation') AND detail ? 'reason' AND NOT detail @> '{"automatic": true}')
    OR (kind = 'closed' AND detail ? 'note');
CREATE INDEX emergency_timeline_in_clear_idx ON emergency_timeline (id) WHERE in_clear;
