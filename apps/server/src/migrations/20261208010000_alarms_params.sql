-- An alarm's parameters (an incident's number, a bus, a report): the values its condition's words take in
-- each reader's language, so a page need not read them back out of the English title.
ALTER TABLE alarm ADD COLUMN params jsonb;
