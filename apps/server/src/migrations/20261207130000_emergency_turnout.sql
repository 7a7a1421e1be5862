-- A unit that has not turned out (neither en route nor on scene) within the configured limit raises an
-- alarm once per response; the watch marks when it raised it and when it cleared it, so a restart or a
-- second instance neither raises it twice nor forgets to clear it.
ALTER TABLE emergency_response ADD COLUMN turnout_alarm_at timestamptz;
ALTER TABLE emergency_response ADD COLUMN turnout_cleared_at timestamptz;
CREATE INDEX emergency_response_turnout_idx ON emergency_response (dispatched_at)
  WHERE en_route_at IS NULL AND on_scene_at IS NULL AND cleared_at IS NULL AND turnout_alarm_at IS NULL;
CREATE INDEX emergency_response_turnout_open_idx ON emergency_response (id)
  WHERE turnout_alarm_at IS NOT NULL AND turnout_cleared_at IS NULL;
