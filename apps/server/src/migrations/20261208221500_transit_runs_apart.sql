-- Runs of a trip by frequencies (frequencies.txt: one trip id run many times a day) kept apart: each
-- run's arrivals and predictions under its start (`HH:MM:SS`, as transit_vehicle.start_time holds it),
-- so that one run's arrival neither overwrites another's nor scores another's predictions. A scheduled
-- trip runs once a day: '' there. Rows kept before this stay under '' (runs of a trip by frequencies
-- were mixed in them already).

ALTER TABLE transit_stop_arrival ADD COLUMN start_time text NOT NULL DEFAULT '';
ALTER TABLE transit_stop_arrival DROP CONSTRAINT transit_stop_arrival_pkey;
ALTER TABLE transit_stop_arrival ADD PRIMARY KEY (tenant, trip_id, service_date, start_time, stop_sequence);

ALTER TABLE transit_prediction ADD COLUMN start_time text NOT NULL DEFAULT '';
ALTER TABLE transit_prediction DROP CONSTRAINT transit_prediction_pkey;
ALTER TABLE transit_prediction ADD PRIMARY KEY (tenant, trip_id, service_date, start_time, stop_sequence, horizon);
