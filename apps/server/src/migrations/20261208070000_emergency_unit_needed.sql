-- An open incident its last unit left by its own report (a terminal saying available while en route or
-- on scene): since when it has needed a unit, until one is sent or it closes.
ALTER TABLE emergency_incident ADD COLUMN unit_needed_at timestamptz;
