-- The NGSI-LD context broker: current state of every entity.
--
-- attrs is the entity's attributes keyed by their expanded IRI. Each value is an array of instances
-- (the default instance has no datasetId; others carry one). An instance is a JSON object:
--   type        "Property" | "Relationship" | "GeoProperty" | "LanguageProperty" | "VocabProperty"
--               | "JsonProperty" | "ListProperty" | "ListRelationship"
--   value       Property, GeoProperty (a GeoJSON geometry)      object      Relationship (URI or URIs)
--   languageMap LanguageProperty ({lang: text})                 vocab       VocabProperty (expanded IRI or IRIs)
--   json        JsonProperty                                    valueList   ListProperty
--   objectList  ListRelationship (URIs)                         objectType  Relationship (expanded type IRI)
--   datasetId, observedAt, unitCode, createdAt, modifiedAt (ISO 8601 UTC strings)
--   sub-attributes: keyed by expanded IRI, each one instance object of the same shape
-- The geometry columns copy the default instance of location, observationSpace and operationSpace,
-- so geo-queries on them use GiST indexes.
CREATE TABLE ngsi_tenant (
  name        text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ngsi_tenant (name) VALUES ('');

CREATE TABLE ngsi_entity (
  tenant             text NOT NULL REFERENCES ngsi_tenant (name),
  id                 text NOT NULL,
  types              text[] NOT NULL,
  scopes             text[],
  attrs              jsonb NOT NULL DEFAULT '{}',
  location           geometry(Geometry, 4326),
  observation_space  geometry(Geometry, 4326),
  operation_space    geometry(Geometry, 4326),
  created_at         timestamptz NOT NULL,
  modified_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX ngsi_entity_types_idx ON ngsi_entity USING gin (types);
-- jsonb_ops (not jsonb_path_ops) so that attribute existence (attrs ? iri) is indexed too.
CREATE INDEX ngsi_entity_attrs_idx ON ngsi_entity USING gin (attrs);
CREATE INDEX ngsi_entity_location_idx ON ngsi_entity USING gist (location);
CREATE INDEX ngsi_entity_observation_space_idx ON ngsi_entity USING gist (observation_space);
CREATE INDEX ngsi_entity_operation_space_idx ON ngsi_entity USING gist (operation_space);
