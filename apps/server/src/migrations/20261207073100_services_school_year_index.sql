-- School enrolment counts a school's places per school year (the dossiers filed in one year's window):
-- the school's index goes on to the filing time, so the count reads that year's dossiers only, not
-- every admission the school ever had.
CREATE INDEX services_dossiers_school_year_idx ON services_dossiers (tenant, procedure_code, school, submitted_at)
  WHERE school IS NOT NULL;
DROP INDEX services_dossiers_school_idx;
