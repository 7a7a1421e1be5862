-- PostGIS carries every geometry in the city: entities' locations, wards, routes, geo-queries.
-- On PostgreSQL the role running this needs the right to create the extension once
-- (or a superuser runs `CREATE EXTENSION postgis` in the database beforehand).
CREATE EXTENSION IF NOT EXISTS postgis;
