-- What officers type on a report's timeline (an internal note, the reason of a change of level; a
-- question to the reporter, an answer, a transfer's or a rejection's reason) may name people and their
-- numbers: kept sealed as written (text_sealed), for those who handle reports. The public reads `text`:
-- the same words through the moderation's masking, or nothing for an internal note. Entries written in
-- clear before are marked so and sealed a batch at a time by the module's job (sealed-words); they are
-- read meanwhile as they are, masked for the public and for readers who may not see them.
ALTER TABLE reports_event ADD COLUMN text_sealed text;
ALTER TABLE reports_event ADD COLUMN in_clear boolean NOT NULL DEFAULT false;
UPDATE reports_event SET in_clear = true
 WHERE text IS NOT NULL AND kind IN ('asked', 'transferred', 'resolved', 'rejected', 'note', 'level')
   AND actor IS DISTINCT FROM 'system';
CREATE INDEX reports_event_in_clear_idx ON reports_event (id) WHERE in_clear;
