-- A report's outcome is told to the reporters of the reports merged into it, looked up at each
-- resolution, rejection and reopening: by an index of the few merged reports, not a scan of all.
CREATE INDEX reports_report_merged_into ON reports_report (tenant, merged_into) WHERE merged_into IS NOT NULL;
