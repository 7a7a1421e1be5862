/**
 * Request and response schemas of the NGSI-LD API, for /openapi.json and for the allow-list of query
 * parameters (a parameter a route does not declare is refused). Values stay strings: each route parses
 * its parameters itself, so a bad value gets NGSI-LD's own error. Payloads are open objects, as the
 * specification leaves them open: a response schema must never drop a member.
 */

type Schema = Record<string, unknown>;

const text = (description: string): Schema => ({ type: 'string', description });

/** Every query parameter the API takes, with what it means (GS CIM 009 §6.3, §6.4–6.32). */
const PARAMETERS = {
  id: text('Entity ids, comma-separated'),
  type: text('Entity type selection: names, "," (or) "|" (or) ";" (and), parentheses'),
  idPattern: text('Regular expression the entity id matches'),
  attrs: text('Attribute names, comma-separated: only entities having them, only them shown'),
  pick: text('Entity members to show, comma-separated'),
  omit: text('Entity members to leave out, comma-separated'),
  q: text('NGSI-LD query language expression'),
  scopeQ: text('Scope query'),
  csf: text("Context source filter: a query on a registration's own properties"),
  georel: text('Geo-relationship: near;maxDistance==…, within, contains, intersects, equals, disjoint, overlaps'),
  geometry: text('Geometry of the geo-query: Point, LineString, Polygon, …'),
  coordinates: text('Coordinates of the geo-query, as a JSON array'),
  geoproperty: text('GeoProperty the geo-query is on (default location)'),
  geometryProperty: text('GeoProperty given as the geometry of GeoJSON answers (default location)'),
  lang: text('Language of LanguageProperty values shown'),
  datasetId: text('datasetIds of the attribute instances meant, comma-separated'),
  options: text('keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated)'),
  format: text('Representation: normalized, concise, keyValues (simplified)'),
  limit: text('Most results in one page'),
  offset: text('Results skipped before the page'),
  count: text('true: the total number of results in NGSILD-Results-Count'),
  local: text('true: only what this broker holds (it holds everything it answers with)'),
  details: text('true: the detailed representation'),
  deleteAll: text('true: every instance of the attribute'),
  kind: text('Hosted, Cached or ImplicitlyCreated'),
  reload: text('true: download a cached @context again instead of forgetting it'),
  timerel: text('Temporal relationship: before, after, between'),
  timeAt: text('Instant of the temporal query (ISO 8601)'),
  endTimeAt: text('End instant of timerel=between (ISO 8601)'),
  time: text('Older name of timeAt'),
  endTime: text('Older name of endTimeAt'),
  timeproperty: text('Time property: observedAt, createdAt, modifiedAt, deletedAt'),
  lastN: text('Only the last N instances of each attribute'),
  aggrMethods: text('Aggregation methods, comma-separated (aggregatedValues)'),
  aggrPeriodDuration: text('Aggregation period (ISO 8601 duration)'),
  orderBy: text('Sort keys, comma-separated, each with ;asc or ;desc (id, type, createdAt, modifiedAt, attributes)'),
  join: text('Linked entities: inline (within the relationship) or flat (beside the entity), @none'),
  joinLevel: text('How many relationships deep join follows (default 1)'),
  keep: text('Purge: only these attributes are kept, comma-separated'),
  drop: text('Purge: these attributes are removed, comma-separated'),
} as const;

export type ParameterName = keyof typeof PARAMETERS;

/** A query string taking exactly the parameters named. */
export function queryParameters(...names: ParameterName[]): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(names.map((n) => [n, PARAMETERS[n]])),
  };
}

const RENDER: ParameterName[] = ['attrs', 'pick', 'omit', 'options', 'format', 'lang', 'datasetId', 'local'];
const GEO: ParameterName[] = ['georel', 'geometry', 'coordinates', 'geoproperty'];
const PAGE: ParameterName[] = ['limit', 'offset', 'count'];
const TEMPORAL: ParameterName[] = [
  'timerel',
  'timeAt',
  'endTimeAt',
  'time',
  'endTime',
  'timeproperty',
  'lastN',
  'aggrMethods',
  'aggrPeriodDuration',
  'options',
  'format',
  'lang',
  'local',
  'datasetId',
  'pick',
  'omit',
];

/** The query parameters of each route; a route not listed takes none. */
export const QUERIES = {
  queryEntities: queryParameters(
    'id',
    'type',
    'idPattern',
    'q',
    'scopeQ',
    'geometryProperty',
    'orderBy',
    'join',
    'joinLevel',
    ...GEO,
    ...PAGE,
    ...RENDER,
  ),
  retrieveEntity: queryParameters('geometryProperty', 'join', 'joinLevel', ...RENDER),
  queryDocument: queryParameters('geometryProperty', ...PAGE, ...RENDER),
  purgeEntities: queryParameters('id', 'type', 'idPattern', 'q', 'scopeQ', 'local', 'keep', 'drop'),
  appendAttributes: queryParameters('options'),
  deleteAttribute: queryParameters('datasetId', 'deleteAll'),
  batchWithOptions: queryParameters('options'),
  discovery: queryParameters('details', 'local'),
  discoveryOne: queryParameters('local'),
  listContexts: queryParameters('kind', 'details'),
  serveContext: queryParameters('details'),
  deleteContext: queryParameters('reload'),
  queryTemporal: queryParameters(
    'id',
    'type',
    'idPattern',
    'q',
    'scopeQ',
    'attrs',
    'orderBy',
    ...GEO,
    ...PAGE,
    ...TEMPORAL,
  ),
  retrieveTemporal: queryParameters('attrs', ...TEMPORAL),
  temporalQueryDocument: queryParameters('orderBy', ...PAGE, ...TEMPORAL),
  page: queryParameters(...PAGE),
  subscriptions: queryParameters(...PAGE, 'options'),
  subscription: queryParameters('options'),
  // Discovery by entities, attributes, the registration's own properties, place and time.
  registrations: queryParameters(
    'id',
    'type',
    'idPattern',
    'attrs',
    'q',
    'csf',
    ...GEO,
    'timeproperty',
    'timerel',
    'timeAt',
    'endTimeAt',
    'local',
    ...PAGE,
    'options',
  ),
  registration: queryParameters('options'),
  none: queryParameters(),
} as const;

const idParam = (name: string, description: string): Schema => ({
  type: 'object',
  required: [name],
  properties: { [name]: text(description) },
});

/** Path parameters, described (their checks are the routes' own: an id that is no URI is BadRequestData). */
export const PARAMS = {
  entity: idParam('entityId', 'Entity id (a URI)'),
  attribute: {
    type: 'object',
    required: ['entityId', 'attrId'],
    properties: { entityId: text('Entity id (a URI)'), attrId: text('Attribute name') },
  },
  instance: {
    type: 'object',
    required: ['entityId', 'attrId', 'instanceId'],
    properties: {
      entityId: text('Entity id (a URI)'),
      attrId: text('Attribute name'),
      instanceId: text('Instance id (a URI)'),
    },
  },
  type: idParam('type', 'Entity type name'),
  attributeName: idParam('attrId', 'Attribute name'),
  context: idParam('contextId', 'Local id of a hosted or cached @context'),
  subscription: idParam('subscriptionId', 'Subscription id (a URI)'),
  registration: idParam('registrationId', 'Context source registration id (a URI)'),
} as const;

/** An NGSI-LD document: a JSON object whose members the specification leaves open. */
export const document = (description: string): Schema => ({ type: 'object', additionalProperties: true, description });
const documents = (description: string): Schema => ({ type: 'array', items: document(''), description });
/** Either, as the negotiated representation decides (a GeoJSON FeatureCollection is one object). */
const documentOrList = (description: string): Schema => ({ description });
const noBody = (description: string): Schema => ({ type: 'null', description });

/** A request body: a JSON object or array, its members checked by the route (with NGSI-LD's error types). */
export const BODY = {
  entity: { type: 'object', description: 'An entity (JSON or JSON-LD with @context)' },
  fragment: { type: 'object', description: 'An entity fragment: attributes, and for a merge type and scope' },
  attribute: { type: 'object', description: 'One attribute' },
  entities: { description: 'A batch: an array of entities' },
  entityIds: { description: 'A batch delete: an array of entity ids' },
  query: { type: 'object', description: 'A Query document ({"type": "Query", …})' },
  temporalEntity: { type: 'object', description: 'A temporal entity: attributes as arrays of instances' },
  subscription: { type: 'object', description: 'A subscription' },
  registration: { type: 'object', description: 'A context source registration (or a fragment of one)' },
  context: { type: 'object', description: 'A @context document ({"@context": …})' },
} as const;

const updateResult = document('Some attributes were not updated: updated and notUpdated');
const batchResult = document('Some entities failed: success and errors');

/** Responses, by status, of each kind of route. */
export const RESPONSES = {
  created: { 201: noBody('Created; Location names it') },
  done: { 204: noBody('Done') },
  updated: { 204: noBody('Every attribute updated'), 207: updateResult },
  entity: { 200: documentOrList('The entity (or a GeoJSON Feature)') },
  entities: { 200: documentOrList('The entities (or a GeoJSON FeatureCollection)') },
  batchCreate: { 201: { type: 'array', items: text('Entity id'), description: 'Ids created' }, 207: batchResult },
  batchUpsert: {
    201: { type: 'array', items: text('Entity id'), description: 'Ids created' },
    204: noBody('Every entity existed and was updated'),
    207: batchResult,
  },
  batch: { 204: noBody('Every entity done'), 207: batchResult },
  document: { 200: document('The document') },
  documents: { 200: documentOrList('The documents, or a list of them (details=true)') },
  temporal: { 200: documentOrList('The temporal evolution'), 206: documentOrList('A part: Content-Range says which') },
  context: { 200: document('The @context document, or its details (details=true)') },
  contexts: { 200: { type: 'array', items: {}, description: 'URLs, or details (details=true)' } },
  subscriptions: { 200: documents('The subscriptions') },
  subscription: { 200: document('The subscription') },
  registrations: { 200: documents('The context source registrations') },
  registration: { 200: document('The context source registration') },
} as const;
