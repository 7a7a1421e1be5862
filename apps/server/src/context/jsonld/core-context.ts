/**
 * The NGSI-LD core @context (ETSI GS CIM 009, core context v1.9), built in so that the broker works
 * air-gapped and never fetches it. Every published core-context URL means this document.
 */

export const CORE_CONTEXT_URL = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';

/** Every URL clients use for the core context (unversioned and v1.3 to v1.9). */
export const CORE_CONTEXT_URLS: ReadonlySet<string> = new Set([
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
  ...['1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9'].map(
    (v) => `https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v${v}.jsonld`,
  ),
]);

/** Terms whose IRI is simply `ngsi-ld:<term>`. */
const PLAIN_TERMS = [
  'Attribute', 'AttributeList', 'ContextSourceIdentity', 'ContextSourceNotification', 'ContextSourceRegistration',
  'Date', 'DateTime', 'EntityMap', 'EntityType', 'EntityTypeInfo', 'EntityTypeList', 'ExecutionResultDetails',
  'GeoProperty', 'JsonProperty', 'LanguageProperty', 'ListProperty', 'ListRelationship', 'Notification', 'Property',
  'Relationship', 'Snapshot', 'SnapshotNotification', 'Subscription', 'TemporalProperty', 'Time', 'VocabProperty',
  'accept', 'aggrParams', 'aggrMethods', 'aggrPeriodDuration', 'attributeCount', 'attributeDetails', 'attrs',
  'cacheDuration', 'collation', 'contextSourceAlias', 'contextSourceInfo', 'contextSourceUptime', 'cooldown', 'csf',
  'data', 'detail', 'endpoint', 'entities', 'entity', 'entityCount', 'error', 'errors', 'expandValues', 'format',
  'geoQ', 'geoproperty', 'georel', 'idPattern', 'information', 'isActive', 'join', 'jsonKeys', 'jsonldContext',
  'lang', 'lastN', 'linkedMaps', 'localOnly', 'location', 'management', 'managementInterval', 'mode',
  'ngsildConformance', 'notification', 'notificationTrigger', 'notifierInfo', 'notUpdated', 'observationInterval',
  'observationSpace', 'omit', 'operations', 'operationSpace', 'ordering', 'pick', 'q', 'reason', 'receiverInfo',
  'refreshRate', 'registrationId', 'registrationName', 'resultStatus', 'scope', 'scopeQ', 'showChanges', 'snapshotId',
  'snapshotLifetime', 'snapshotPriority', 'snapshotStatus', 'status', 'subscriptionName', 'sysAttrs', 'temporalQ',
  'throttling', 'timeInterval', 'timeout', 'timeproperty', 'timerel', 'timesFailed', 'timesSent', 'triggerReason',
  'unchanged', 'unitCode', 'updated', 'uri',
] as const;

/** GeoJSON vocabulary terms. */
const GEOJSON_TERMS = [
  'Feature', 'FeatureCollection', 'GeometryCollection', 'LineString', 'MultiLineString', 'MultiPoint',
  'MultiPolygon', 'Point', 'Polygon',
] as const;

type Definition = string | Record<string, unknown>;

const dateTime = (term: string): Definition => ({ '@id': `ngsi-ld:${term}`, '@type': 'DateTime' });
const vocab = (iri: string): Definition => ({ '@id': iri, '@type': '@vocab' });
const list = (iri: string): Definition => ({ '@id': iri, '@container': '@list' });
const id = (iri: string): Definition => ({ '@id': iri, '@type': '@id' });
const json = (iri: string): Definition => ({ '@id': iri, '@type': '@json' });

/** Terms with a different IRI, a type coercion or a container. */
const SPECIAL_TERMS: Record<string, Definition> = {
  attributeList: vocab('ngsi-ld:attributeList'),
  attributeName: vocab('ngsi-ld:attributeName'),
  attributeNames: vocab('ngsi-ld:attributeNames'),
  attributeTypes: vocab('ngsi-ld:attributeTypes'),
  attributes: vocab('ngsi-ld:attributes'),
  avg: list('ngsi-ld:avg'),
  bbox: list('geojson:bbox'),
  containedBy: 'ngsi-ld:isContainedBy',
  contextSourceExtras: json('ngsi-ld:contextSourceExtras'),
  contextSourceTimeAt: dateTime('contextSourceTimeAt'),
  coordinates: list('geojson:coordinates'),
  createdAt: dateTime('createdAt'),
  dataset: { '@id': 'ngsi-ld:hasDataset', '@container': '@index' },
  datasetId: id('ngsi-ld:datasetId'),
  deletedAt: dateTime('deletedAt'),
  description: 'http://purl.org/dc/terms/description',
  distinctCount: list('ngsi-ld:distinctCount'),
  endAt: dateTime('endAt'),
  endTimeAt: dateTime('endTimeAt'),
  entityId: id('ngsi-ld:entityId'),
  entityList: list('ngsi-ld:entityList'),
  entityMap: { '@id': 'ngsi-ld:hasEntityMap', '@container': '@index' },
  entityMapLifetime: 'ngsi-ld:hasEntityMapLifetime',
  expiresAt: dateTime('expiresAt'),
  features: { '@id': 'geojson:features', '@container': '@set' },
  geometry: 'geojson:geometry',
  instanceId: id('ngsi-ld:instanceId'),
  joinLevel: 'ngsi-ld:hasJoinLevel',
  json: json('ngsi-ld:hasJSON'),
  jsons: list('ngsi-ld:jsons'),
  key: 'ngsi-ld:hasKey',
  languageMap: { '@id': 'ngsi-ld:hasLanguageMap', '@container': '@language' },
  languageMaps: list('ngsi-ld:hasLanguageMaps'),
  langString: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString',
  lastFailure: dateTime('lastFailure'),
  lastNotification: dateTime('lastNotification'),
  lastSuccess: dateTime('lastSuccess'),
  lastUsedAt: dateTime('lastUsedAt'),
  max: list('ngsi-ld:max'),
  min: list('ngsi-ld:min'),
  modifiedAt: dateTime('modifiedAt'),
  // The proof's scoped context names a remote security vocabulary; only the term is kept so the
  // core context never needs the network.
  ngsildproof: 'ngsi-ld:ngsildproof',
  notifiedAt: dateTime('notifiedAt'),
  object: id('ngsi-ld:hasObject'),
  objectList: list('ngsi-ld:hasObjectList'),
  objectLists: list('ngsi-ld:hasObjectLists'),
  objects: list('ngsi-ld:hasObjects'),
  objectType: vocab('ngsi-ld:hasObjectType'),
  observedAt: dateTime('observedAt'),
  orderBy: list('ngsi-ld:orderBy'),
  previousJson: json('ngsi-ld:hasPreviousJson'),
  previousLanguageMap: { '@id': 'ngsi-ld:hasPreviousLanguageMap', '@container': '@language' },
  previousObject: id('ngsi-ld:hasPreviousObject'),
  previousObjectList: list('ngsi-ld:hasPreviousObjectList'),
  previousValue: 'ngsi-ld:hasPreviousValue',
  previousValueList: list('ngsi-ld:hasPreviousValueList'),
  previousVocab: vocab('ngsi-ld:hasPreviousVocab'),
  problemDetails: json('ngsi-ld:problemDetails'),
  properties: 'geojson:properties',
  propertyNames: vocab('ngsi-ld:propertyNames'),
  relationshipNames: vocab('ngsi-ld:relationshipNames'),
  snapshotQueries: list('ngsi-ld:snapshotQueries'),
  snapshotQueriesDetails: list('ngsi-ld:snapshotQueriesDetails'),
  snapshotTemporalQueries: list('ngsi-ld:snapshotTemporalQueries'),
  snapshotTemporalQueriesDetails: list('ngsi-ld:snapshotTemporalQueriesDetails'),
  splitEntities: 'ngsi-ld:hasSplitEntities',
  startAt: dateTime('startAt'),
  stddev: list('ngsi-ld:stddev'),
  subscriptionId: id('ngsi-ld:subscriptionId'),
  success: id('ngsi-ld:success'),
  sum: list('ngsi-ld:sum'),
  sumsq: list('ngsi-ld:sumsq'),
  tenant: id('ngsi-ld:tenant'),
  timeAt: dateTime('timeAt'),
  title: 'http://purl.org/dc/terms/title',
  totalCount: list('ngsi-ld:totalCount'),
  typeList: vocab('ngsi-ld:typeList'),
  typeName: vocab('ngsi-ld:typeName'),
  typeNames: vocab('ngsi-ld:typeNames'),
  value: 'ngsi-ld:hasValue',
  valueList: list('ngsi-ld:hasValueList'),
  valueLists: list('ngsi-ld:hasValueLists'),
  values: list('ngsi-ld:hasValues'),
  valueType: vocab('ngsi-ld:hasValueType'),
  vocab: vocab('ngsi-ld:hasVocab'),
  vocabs: list('ngsi-ld:hasVocabs'),
  watchedAttributes: vocab('ngsi-ld:watchedAttributes'),
};

function build(): Record<string, unknown> {
  const context: Record<string, unknown> = {
    '@version': 1.1,
    '@protected': true,
    'ngsi-ld': 'https://uri.etsi.org/ngsi-ld/',
    geojson: 'https://purl.org/geojson/vocab#',
    id: '@id',
    type: '@type',
  };
  for (const term of PLAIN_TERMS) context[term] = `ngsi-ld:${term}`;
  for (const term of GEOJSON_TERMS) context[term] = `geojson:${term}`;
  Object.assign(context, SPECIAL_TERMS);
  context['@vocab'] = 'https://uri.etsi.org/ngsi-ld/default-context/';
  return context;
}

/** The core context document, as served at its URL. */
export const CORE_CONTEXT: Readonly<{ '@context': Record<string, unknown> }> = Object.freeze({ '@context': build() });
