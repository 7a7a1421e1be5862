/** Fixed IRIs of the NGSI-LD core vocabulary that the broker relies on. */
export const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';
/** Terms not defined by any @context expand under this IRI (the core context's @vocab). */
export const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';

export const LOCATION = `${NGSI_LD}location`;
export const OBSERVATION_SPACE = `${NGSI_LD}observationSpace`;
export const OPERATION_SPACE = `${NGSI_LD}operationSpace`;

/** GeoProperties copied into their own geometry columns, so geo-queries on them are indexed. */
export const GEOMETRY_COLUMNS: Readonly<Record<string, string>> = {
  [LOCATION]: 'location',
  [OBSERVATION_SPACE]: 'observation_space',
  [OPERATION_SPACE]: 'operation_space',
};
