-- The times a departures board needs, worked out once at import instead of per call at each first read
-- of a stop: a trip's first departure (frequency runs count from it) and last stop_sequence (where it
-- ends), and the time of an untimed stop, linear by stop_sequence between the timed stops around it.
ALTER TABLE transit_trip ADD COLUMN first_secs integer, ADD COLUMN last_sequence integer;
ALTER TABLE transit_stop_time ADD COLUMN interpolated_secs integer;

-- The versions imported before.
UPDATE transit_trip t SET
  first_secs = (SELECT COALESCE(f.departure_secs, f.arrival_secs) FROM transit_stop_time f
                 WHERE f.version_id = t.version_id AND f.trip_id = t.trip_id ORDER BY f.stop_sequence LIMIT 1),
  last_sequence = (SELECT l.stop_sequence FROM transit_stop_time l
                    WHERE l.version_id = t.version_id AND l.trip_id = t.trip_id ORDER BY l.stop_sequence DESC LIMIT 1);

UPDATE transit_stop_time st SET interpolated_secs = (
  SELECT CASE WHEN n.seq = p.seq THEN p.secs
              ELSE round(p.secs + (n.secs - p.secs)::numeric * (st.stop_sequence - p.seq) / (n.seq - p.seq))::integer END
    FROM (SELECT x.stop_sequence AS seq, COALESCE(x.departure_secs, x.arrival_secs) AS secs FROM transit_stop_time x
           WHERE x.version_id = st.version_id AND x.trip_id = st.trip_id AND x.stop_sequence < st.stop_sequence
             AND COALESCE(x.departure_secs, x.arrival_secs) IS NOT NULL
           ORDER BY x.stop_sequence DESC LIMIT 1) p,
         (SELECT x.stop_sequence AS seq, COALESCE(x.arrival_secs, x.departure_secs) AS secs FROM transit_stop_time x
           WHERE x.version_id = st.version_id AND x.trip_id = st.trip_id AND x.stop_sequence > st.stop_sequence
             AND COALESCE(x.arrival_secs, x.departure_secs) IS NOT NULL
           ORDER BY x.stop_sequence LIMIT 1) n)
 WHERE st.departure_secs IS NULL AND st.arrival_secs IS NULL;

-- The services of a day, and a version's first and last days, found by date rather than by reading every
-- date of every service (a feed may list hundreds of thousands).
CREATE INDEX transit_calendar_date_day_idx ON transit_calendar_date (version_id, date);
