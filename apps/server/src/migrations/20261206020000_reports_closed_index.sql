-- The operations centre's on-time rate reads the reports closed in the last 30 days every few
-- seconds: found by when they closed, not by reading every report the city ever had.
CREATE INDEX reports_report_closed_idx ON reports_report (tenant, closed_at) WHERE closed_at IS NOT NULL;
