-- What an import did to the feed's shapes: built along the city's roads, kept, legs left straight
-- (null for versions imported before, and for failed ones).
ALTER TABLE transit_feed_version ADD COLUMN road_shapes jsonb;
