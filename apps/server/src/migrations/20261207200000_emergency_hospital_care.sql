-- A hospital's capabilities set by an administrator stay when the roster is told again (the demo tells
-- it at every start): when they were set, null while they are the roster's.
ALTER TABLE emergency_hospital ADD COLUMN capabilities_set_at timestamptz;
