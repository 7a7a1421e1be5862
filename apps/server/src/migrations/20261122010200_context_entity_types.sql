-- "Entities of type T, in id order" is the broker's commonest query. This table, kept by a trigger,
-- answers it by walking one index in order and stopping at the page's end, however many other types
-- the tenant holds.
CREATE TABLE ngsi_entity_type (
  tenant  text NOT NULL,
  type    text NOT NULL,
  id      text NOT NULL,
  PRIMARY KEY (tenant, type, id),
  FOREIGN KEY (tenant, id) REFERENCES ngsi_entity (tenant, id) ON DELETE CASCADE
);
CREATE INDEX ngsi_entity_type_entity_idx ON ngsi_entity_type (tenant, id);

CREATE FUNCTION ngsi_entity_type_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.types IS NOT DISTINCT FROM NEW.types THEN
      RETURN NULL;
    END IF;
    DELETE FROM ngsi_entity_type
      WHERE tenant = NEW.tenant AND id = NEW.id AND NOT (type = ANY (NEW.types));
  END IF;
  INSERT INTO ngsi_entity_type (tenant, type, id)
    SELECT NEW.tenant, t, NEW.id FROM unnest(NEW.types) AS t
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER ngsi_entity_type_sync AFTER INSERT OR UPDATE OF types ON ngsi_entity
  FOR EACH ROW EXECUTE FUNCTION ngsi_entity_type_sync();

INSERT INTO ngsi_entity_type (tenant, type, id)
  SELECT e.tenant, t, e.id FROM ngsi_entity e CROSS JOIN LATERAL unnest(e.types) AS t
  ON CONFLICT DO NOTHING;
