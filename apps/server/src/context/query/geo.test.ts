import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import type { Database } from '../../platform/db/index.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { DEFAULT_VOCAB, LOCATION, OBSERVATION_SPACE, OPERATION_SPACE } from '../jsonld/vocabulary.js';
import {
  geoDistanceOrderSql,
  geoToSql,
  isNearQuery,
  parseGeoQuery,
  searchEnvelope,
  validateGeometry,
  type GeoJsonGeometry,
  type GeoQueryInput,
  type Meters,
  type Position,
} from './geo.js';
import { SqlParams } from './sql.js';

const CORE_TERMS: Readonly<Record<string, string>> = {
  location: LOCATION,
  observationSpace: OBSERVATION_SPACE,
  operationSpace: OPERATION_SPACE,
};
const expand = (term: string) => CORE_TERMS[term] ?? (term.includes(':') ? term : `${DEFAULT_VOCAB}${term}`);

const SERVED_AREA = `${DEFAULT_VOCAB}servedArea`;

// Hanoi, as [longitude, latitude].
const HOAN_KIEM_LAKE: Position = [105.8522, 21.0287];
const TEMPLE_OF_LITERATURE: Position = [105.8355, 21.0285];
const NOI_BAI_AIRPORT: Position = [105.8047, 21.2187];
const SOC_SON: Position = [105.845, 21.255];

const box = (west: number, south: number, east: number, north: number): Position[][] => [
  [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ],
];

const point = (p: Position) => JSON.stringify(p);

const id = {
  hoanKiem: 'urn:ngsi-ld:AirQualityObserved:hoan-kiem',
  vanMieu: 'urn:ngsi-ld:AirQualityObserved:van-mieu',
  noiBai: 'urn:ngsi-ld:AirQualityObserved:noi-bai',
  noLocation: 'urn:ngsi-ld:AirQualityObserved:no-location',
  hangTrong: 'urn:ngsi-ld:AdministrativeArea:hang-trong',
  dinhTienHoang: 'urn:ngsi-ld:Road:dinh-tien-hoang',
  hoTay: 'urn:ngsi-ld:WaterBody:ho-tay',
  trangTien: 'urn:ngsi-ld:TrafficCamera:trang-tien',
  baDinh: 'urn:ngsi-ld:AirQualityMonitoringNetwork:ba-dinh',
  socSon: 'urn:ngsi-ld:AirQualityMonitoringNetwork:soc-son',
  broken: 'urn:ngsi-ld:AirQualityMonitoringNetwork:broken',
  notAList: 'urn:ngsi-ld:AirQualityMonitoringNetwork:not-a-list',
  taveuni: 'urn:ngsi-ld:AirQualityObserved:taveuni',
  northPole: 'urn:ngsi-ld:AirQualityObserved:north-pole',
  bowTieParcel: 'urn:ngsi-ld:LandParcel:bow-tie',
  squareParcel: 'urn:ngsi-ld:LandParcel:square',
};

/** Hàng Trống ward, around Hoàn Kiếm lake (simplified to a box). */
const HANG_TRONG_WARD = box(105.848, 21.024, 105.856, 21.033);
/** Đinh Tiên Hoàng street along the lake's east shore, leaving the ward to the north. */
const DINH_TIEN_HOANG: Position[] = [
  [105.853, 21.025],
  [105.854, 21.029],
  [105.8535, 21.0335],
];
/** West Lake drawn with its vertices in the wrong order: a self-intersecting "bow tie". */
const HO_TAY_BOW_TIE: Position[][] = [
  [
    [105.815, 21.045],
    [105.83, 21.06],
    [105.83, 21.045],
    [105.815, 21.06],
    [105.815, 21.045],
  ],
];

/** A land parcel at Null Island drawn as a bow tie, crossing itself at (0.5, 0.5). */
const BOW_TIE: Position[][] = [
  [
    [0, 0],
    [1, 1],
    [1, 0],
    [0, 1],
    [0, 0],
  ],
];

function assertBadRequest(run: () => unknown, message: RegExp): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    assert.equal(err.code, 'BAD_REQUEST_DATA');
    assert.equal(err.status, 400);
    assert.equal(err.type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    assert.match(err.message, message);
    return true;
  });
}

const within = (coordinates: string): GeoQueryInput => ({ georel: 'within', geometry: 'Polygon', coordinates });

describe('parseGeoQuery', () => {
  it('gives undefined when the request has no geo-query', () => {
    assert.equal(parseGeoQuery({}), undefined);
    assert.equal(parseGeoQuery({ geoproperty: 'location' }), undefined);
  });

  it('parses near with maxDistance, minDistance or both, from query-string text', () => {
    assert.deepEqual(
      parseGeoQuery({ georel: 'near;maxDistance==2000', geometry: 'Point', coordinates: '[105.8522,21.0287]' }),
      {
        georel: { kind: 'near', maxDistance: 2000 },
        geometry: { type: 'Point', coordinates: [105.8522, 21.0287] },
        geoproperty: 'location',
      },
    );
    assert.deepEqual(
      parseGeoQuery({
        georel: 'near;minDistance==100;maxDistance==1.5e3',
        geometry: 'Point',
        coordinates: ' [105.8522, 21.0287] ',
      })?.georel,
      { kind: 'near', minDistance: 100, maxDistance: 1500 },
    );
    assert.deepEqual(
      parseGeoQuery({ georel: 'near;minDistance==0', geometry: 'Point', coordinates: '[0,0]' })?.georel,
      {
        kind: 'near',
        minDistance: 0,
      },
    );
  });

  it('parses every relation and geometry type, with coordinates already parsed from a geoQ body', () => {
    const geometries: GeoJsonGeometry[] = [
      { type: 'Point', coordinates: [105.85, 21.03, 12.5] },
      { type: 'MultiPoint', coordinates: [HOAN_KIEM_LAKE, TEMPLE_OF_LITERATURE] },
      { type: 'LineString', coordinates: DINH_TIEN_HOANG },
      { type: 'MultiLineString', coordinates: [DINH_TIEN_HOANG, [HOAN_KIEM_LAKE, TEMPLE_OF_LITERATURE]] },
      { type: 'Polygon', coordinates: HANG_TRONG_WARD },
      { type: 'MultiPolygon', coordinates: [HANG_TRONG_WARD, box(105.83, 21.02, 105.842, 21.036)] },
    ];
    for (const relation of ['within', 'contains', 'intersects', 'equals', 'disjoint', 'overlaps'] as const) {
      for (const geometry of geometries) {
        const query = parseGeoQuery({
          georel: relation,
          geometry: geometry.type,
          coordinates: geometry.coordinates,
          geoproperty: 'servedArea',
        });
        assert.deepEqual(query, { georel: { kind: relation }, geometry, geoproperty: 'servedArea' });
      }
    }
  });

  it('needs georel, geometry and coordinates together', () => {
    assertBadRequest(
      () => parseGeoQuery({ georel: 'near;maxDistance==10', geometry: 'Point' }),
      /georel, geometry and coordinates together; coordinates is missing/,
    );
    assertBadRequest(() => parseGeoQuery({ coordinates: '[1,2]' }), /georel and geometry are missing/);
  });

  it('rejects coordinates that are not JSON or not an array', () => {
    assertBadRequest(
      () => parseGeoQuery(within('[[[105.8,21.0],[105.9,21.0]')),
      /coordinates must be the JSON text of an array.*not valid JSON/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'Point', coordinates: '105.85,21.03' }),
      /coordinates must be the JSON text of an array, e\.g\. \[105\.85,21\.03\]/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'Point', coordinates: '{"lon":105.85,"lat":21.03}' }),
      /coordinates must be a JSON array/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'Point', coordinates: 105.85 }),
      /coordinates must be a JSON array/,
    );
  });

  it('rejects coordinates nested wrongly for the geometry', () => {
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'Point', coordinates: '[[105.85,21.03]]' }),
      /geo-query Point: coordinates must be a position/,
    );
    assertBadRequest(
      () => parseGeoQuery(within('[[105.8,21.0],[105.9,21.0],[105.9,21.1],[105.8,21.0]]')),
      /geo-query Polygon: coordinates\[0\]\[0\] must be a position.*a Polygon is an array of linear rings/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'within', geometry: 'MultiPolygon', coordinates: JSON.stringify(HANG_TRONG_WARD) }),
      /geo-query MultiPolygon: coordinates\[0\]\[0\]\[0\] must be a position/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'LineString', coordinates: '[105.85,21.03]' }),
      /geo-query LineString: coordinates\[0\] must be a position/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'MultiPoint', coordinates: '[[[105.85,21.03]]]' }),
      /coordinates\[0\] must be a position/,
    );
  });

  it('rejects polygon rings that are not closed or too short', () => {
    assertBadRequest(
      () => parseGeoQuery(within('[[[105.8,21.0],[105.9,21.0],[105.9,21.1],[105.8,21.1]]]')),
      /coordinates\[0\] is not closed: its last position \[105\.8,21\.1\] must repeat its first \[105\.8,21\]/,
    );
    assertBadRequest(
      () => parseGeoQuery(within('[[[105.8,21.0],[105.9,21.0],[105.8,21.0]]]')),
      /coordinates\[0\] has 3 position\(s\); a linear ring needs at least 4/,
    );
    assertBadRequest(
      () =>
        parseGeoQuery(
          within(
            JSON.stringify([
              HANG_TRONG_WARD[0],
              [
                [105.85, 21.03, 1],
                [105.851, 21.03],
                [105.851, 21.031],
                [105.85, 21.03],
              ],
            ]),
          ),
        ),
      /coordinates\[1\] is not closed/,
    );
    assertBadRequest(
      () => parseGeoQuery(within('[]')),
      /coordinates is empty; a Polygon needs at least its exterior ring/,
    );
  });

  it('rejects positions out of range, of the wrong size or not finite', () => {
    const at = (coordinates: unknown) => () => parseGeoQuery({ georel: 'intersects', geometry: 'Point', coordinates });
    assertBadRequest(at('[105.85,95]'), /coordinates has latitude 95, outside \[-90, 90\]/);
    assertBadRequest(
      at('[21.03,105.85]'),
      /latitude 105\.85, outside \[-90, 90\] \(positions are \[longitude, latitude\]\)/,
    );
    assertBadRequest(at('[190,21.03]'), /coordinates has longitude 190, outside \[-180, 180\]/);
    assertBadRequest(at('[-180.5,21.03]'), /longitude -180\.5/);
    assertBadRequest(at('[105.85]'), /must be a position of 2 or 3 numbers/);
    assertBadRequest(at('[105.85,21.03,10,4]'), /must be a position of 2 or 3 numbers/);
    assertBadRequest(at('["105.85",21.03]'), /coordinates\[0\] must be a finite number, got "105\.85"/);
    assertBadRequest(at('[105.85,null]'), /coordinates\[1\] must be a finite number, got null/);
    assertBadRequest(at('[1e999,21]'), /coordinates\[0\] must be a finite number/);
    assertBadRequest(at([105.85, Number.NaN]), /coordinates\[1\] must be a finite number/);
    assertBadRequest(
      () => parseGeoQuery(within(JSON.stringify(box(105.8, 21.0, 105.9, 91)))),
      /coordinates\[0\]\[2\] has latitude 91/,
    );
  });

  it('rejects a LineString of one position and empty multi-geometries', () => {
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'LineString', coordinates: '[[105.85,21.03]]' }),
      /coordinates has 1 position\(s\); a LineString needs at least 2/,
    );
    assertBadRequest(
      () =>
        parseGeoQuery({
          georel: 'intersects',
          geometry: 'MultiLineString',
          coordinates: '[[[105.85,21.03],[105.86,21.03]],[[105.85,21.03]]]',
        }),
      /coordinates\[1\] has 1 position\(s\)/,
    );
    assertBadRequest(
      () => parseGeoQuery({ georel: 'intersects', geometry: 'MultiPoint', coordinates: '[]' }),
      /coordinates is empty; a MultiPoint needs at least one point/,
    );
  });

  it('rejects near with anything but a Point', () => {
    assertBadRequest(
      () =>
        parseGeoQuery({
          georel: 'near;maxDistance==1000',
          geometry: 'Polygon',
          coordinates: JSON.stringify(HANG_TRONG_WARD),
        }),
      /georel near measures distance from a point: geometry must be Point, got Polygon/,
    );
  });

  it('rejects distances that are negative, not numbers, missing, repeated or contradictory', () => {
    const near = (georel: string) => () =>
      parseGeoQuery({ georel, geometry: 'Point', coordinates: point(HOAN_KIEM_LAKE) });
    assertBadRequest(near('near;maxDistance==-5'), /georel: maxDistance must not be negative, got -5/);
    assertBadRequest(near('near;minDistance==-0.5'), /georel: minDistance must not be negative/);
    assertBadRequest(near('near;maxDistance==2km'), /georel: maxDistance must be a number of metres, got "2km"/);
    assertBadRequest(near('near;maxDistance=='), /georel: maxDistance must be a number of metres/);
    assertBadRequest(near('near;maxDistance==1e999'), /maxDistance must be a finite number of metres/);
    assertBadRequest(near('near'), /georel: near needs maxDistance==<metres> or minDistance==<metres>/);
    assertBadRequest(near('near;maxDistance==10;maxDistance==20'), /georel: maxDistance is given twice/);
    assertBadRequest(near('near;distance==5'), /georel: "distance==5" is not a distance/);
    assertBadRequest(near('near;maxDistance=5'), /"maxDistance=5" is not a distance/);
    assertBadRequest(
      near('near;minDistance==2000;maxDistance==100'),
      /minDistance \(2000\) is greater than maxDistance \(100\)/,
    );
  });

  it('rejects unknown relations, modifiers on other relations and unknown geometry types', () => {
    const query =
      (georel: string, geometry = 'Point') =>
      () =>
        parseGeoQuery({ georel, geometry, coordinates: point(HOAN_KIEM_LAKE) });
    assertBadRequest(query('nearby'), /georel: unknown relation "nearby"; use near, within/);
    assertBadRequest(query('Within'), /unknown relation "Within"/);
    assertBadRequest(query('within;maxDistance==5'), /georel: within takes no modifiers/);
    assertBadRequest(
      query('intersects', 'Circle'),
      /geometry must be one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon; got "Circle"/,
    );
    assertBadRequest(query('intersects', 'point'), /geometry must be one of .*got "point"/);
    assertBadRequest(query('intersects', 'GeometryCollection'), /got "GeometryCollection"/);
  });

  it('rejects parameters given twice and unusable geoproperty names', () => {
    const repeated = { georel: ['within', 'contains'] } as unknown as GeoQueryInput;
    assertBadRequest(
      () => parseGeoQuery({ ...repeated, geometry: 'Point', coordinates: '[1,2]' }),
      /georel must be given once, as text/,
    );
    const base = { georel: 'intersects', geometry: 'Point', coordinates: '[1,2]' };
    assertBadRequest(() => parseGeoQuery({ ...base, geoproperty: '' }), /geoproperty must name a GeoProperty, got ""/);
    assertBadRequest(
      () => parseGeoQuery({ ...base, geoproperty: 'served area' }),
      /geoproperty must name a GeoProperty/,
    );
  });
});

describe('validateGeometry', () => {
  it('returns the geometry typed, dropping foreign members and keeping a valid bbox', () => {
    const input = {
      type: 'Polygon',
      coordinates: HANG_TRONG_WARD,
      bbox: [105.848, 21.024, 105.856, 21.033],
      crs: 'EPSG:4326',
    };
    assert.deepEqual(validateGeometry(input), { type: 'Polygon', coordinates: HANG_TRONG_WARD, bbox: input.bbox });
    assert.deepEqual(validateGeometry({ type: 'Point', coordinates: [105.8522, 21.0287, 9] }), {
      type: 'Point',
      coordinates: [105.8522, 21.0287, 9],
    });
  });

  it('rejects what is not one of the six geometries, with a clear message', () => {
    assertBadRequest(() => validateGeometry('POINT(105.85 21.03)'), /must be an object \{type, coordinates\}/);
    assertBadRequest(() => validateGeometry([105.85, 21.03]), /must be an object/);
    assertBadRequest(
      () => validateGeometry({ type: 'GeometryCollection', geometries: [] }),
      /GeometryCollection is not supported: use a MultiPoint, MultiLineString or MultiPolygon/,
    );
    assertBadRequest(
      () => validateGeometry({ type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] } }),
      /type must be one of Point, .*got "Feature"/,
    );
    assertBadRequest(() => validateGeometry({ type: 'Point' }), /GeoJSON Point: coordinates are missing/);
    assertBadRequest(
      () => validateGeometry({ type: 'Point', coordinates: [1, 2], bbox: [1, 2, 3] }),
      /GeoJSON Point: bbox must be an array of 4 or 6 numbers/,
    );
    assertBadRequest(
      () => validateGeometry({ type: 'Point', coordinates: [1, 2], bbox: [1, 2, 3, 'x'] }),
      /bbox\[3\] must be a finite number/,
    );
    assertBadRequest(
      () =>
        validateGeometry({
          type: 'LineString',
          coordinates: [
            [105.85, 21.03],
            [105.86, -91],
          ],
        }),
      /GeoJSON LineString: coordinates\[1\] has latitude -91/,
    );
  });
});

describe('searchEnvelope', () => {
  it('holds every point within the distance, widening towards the poles and across the antimeridian', () => {
    const [west, south, east, north] = searchEnvelope(HOAN_KIEM_LAKE, 2000 as Meters);
    assert.ok(
      north - HOAN_KIEM_LAKE[1] > 2000 / 110_574 && north - HOAN_KIEM_LAKE[1] < 0.03,
      'north - HOAN_KIEM_LAKE[1] > 2000 / 110_574 && north - HOAN_KIEM_LAKE[1] < 0.03',
    );
    assert.ok(
      east - HOAN_KIEM_LAKE[0] > 2000 / (111_319 * Math.cos((21.05 * Math.PI) / 180)),
      'east - HOAN_KIEM_LAKE[0] > 2000 / (111_319 * Math.cos((21.05 * Math.PI) / 180))',
    );
    assert.ok(
      HOAN_KIEM_LAKE[1] - south > 2000 / 110_574 && HOAN_KIEM_LAKE[0] - west < 0.04,
      'HOAN_KIEM_LAKE[1] - south > 2000 / 110_574 && HOAN_KIEM_LAKE[0] - west < 0.04',
    );
    assert.deepEqual(
      searchEnvelope([179.99, -17], 5000 as Meters).map((d, i) => (i % 2 === 0 ? d : Math.round(d))),
      [-180, -17, 180, -17],
    );
    const polar = searchEnvelope([10, 89.99], 5000 as Meters);
    assert.equal(polar[0], -180);
    assert.equal(polar[2], 180);
    assert.equal(polar[3], 90);
  });
});

interface TestEntity {
  readonly id: string;
  readonly tenant?: string;
  readonly location?: GeoJsonGeometry;
  readonly observationSpace?: GeoJsonGeometry;
  readonly attrs?: Record<string, unknown>;
}

async function insertEntity(db: Database, entity: TestEntity): Promise<void> {
  const type = entity.id.split(':')[2] ?? 'Thing';
  const geoProperty = (value: GeoJsonGeometry) => [{ type: 'GeoProperty', value, createdAt: '2026-11-22T01:00:00Z' }];
  const attrs = {
    [`${DEFAULT_VOCAB}name`]: [{ type: 'Property', value: entity.id.split(':').pop() }],
    ...(entity.location ? { [LOCATION]: geoProperty(entity.location) } : {}),
    ...(entity.observationSpace ? { [OBSERVATION_SPACE]: geoProperty(entity.observationSpace) } : {}),
    ...entity.attrs,
  };
  const geometry = (g: GeoJsonGeometry | undefined) => (g ? JSON.stringify(g) : null);
  await db.query(
    `INSERT INTO ngsi_entity (tenant, id, types, attrs, location, observation_space, created_at, modified_at)
     VALUES ($1, $2, $3, $4::jsonb, ST_SetSRID(ST_GeomFromGeoJSON($5::text), 4326),
             ST_SetSRID(ST_GeomFromGeoJSON($6::text), 4326), now(), now())`,
    [
      entity.tenant ?? '',
      entity.id,
      [`${DEFAULT_VOCAB}${type}`],
      JSON.stringify(attrs),
      geometry(entity.location),
      geometry(entity.observationSpace),
    ],
  );
}

const geoProperty = (value: unknown, extra: Record<string, unknown> = {}) => ({ type: 'GeoProperty', value, ...extra });

const ENTITIES: readonly TestEntity[] = [
  { id: id.hoanKiem, location: { type: 'Point', coordinates: HOAN_KIEM_LAKE } },
  { id: id.vanMieu, location: { type: 'Point', coordinates: TEMPLE_OF_LITERATURE } },
  { id: id.noiBai, location: { type: 'Point', coordinates: NOI_BAI_AIRPORT } },
  { id: id.noLocation, attrs: { [`${DEFAULT_VOCAB}pm25`]: [{ type: 'Property', value: 48 }] } },
  { id: id.hangTrong, location: { type: 'Polygon', coordinates: HANG_TRONG_WARD } },
  { id: id.dinhTienHoang, location: { type: 'LineString', coordinates: DINH_TIEN_HOANG } },
  { id: id.hoTay, location: { type: 'Polygon', coordinates: HO_TAY_BOW_TIE } },
  {
    id: id.trangTien,
    location: { type: 'Point', coordinates: [105.8575, 21.025] },
    observationSpace: { type: 'Polygon', coordinates: box(105.8565, 21.0245, 105.859, 21.026) },
  },
  {
    id: id.baDinh,
    attrs: {
      [SERVED_AREA]: [
        geoProperty({ type: 'Polygon', coordinates: box(105.83, 21.02, 105.842, 21.036) }),
        geoProperty(
          { type: 'Polygon', coordinates: box(105.79, 21.21, 105.82, 21.23) },
          { datasetId: 'urn:ngsi-ld:Dataset:airport' },
        ),
      ],
    },
  },
  {
    id: id.socSon,
    attrs: { [SERVED_AREA]: [geoProperty({ type: 'Polygon', coordinates: box(105.83, 21.24, 105.86, 21.27) })] },
  },
  {
    // Values the broker would never write, which a query must still step over without an error.
    id: id.broken,
    attrs: {
      [SERVED_AREA]: [
        { type: 'Property', value: { type: 'Point', coordinates: TEMPLE_OF_LITERATURE } },
        geoProperty('not a geometry'),
        geoProperty({ type: 'Polygon', coordinates: [[TEMPLE_OF_LITERATURE, HOAN_KIEM_LAKE, TEMPLE_OF_LITERATURE]] }),
        geoProperty({
          type: 'Polygon',
          coordinates: [
            [
              [105.83, 21.02],
              [105.84, 21.02],
              [105.84, 21.03],
              [105.83, 21.03],
            ],
          ],
        }),
        geoProperty({ type: 'Point', coordinates: [105.8355] }),
        geoProperty({ type: 'Point', coordinates: [105.8355, 121.0285] }),
        geoProperty({ type: 'Point', coordinates: ['105.8355', '21.0285'] }),
        geoProperty({ type: 'LineString', coordinates: [[105.8355, 21.0285]] }),
        geoProperty({ type: 'MultiPolygon', coordinates: HANG_TRONG_WARD }),
        geoProperty({ type: 'GeometryCollection', geometries: [] }),
        geoProperty({ type: 'Circle', coordinates: TEMPLE_OF_LITERATURE, radius: 100 }),
        geoProperty(null),
        'not an instance',
      ],
    },
  },
  { id: id.notAList, attrs: { [SERVED_AREA]: geoProperty({ type: 'Point', coordinates: TEMPLE_OF_LITERATURE }) } },
  { id: id.taveuni, tenant: 'edge', location: { type: 'Point', coordinates: [179.995, -16.8] } },
  { id: id.northPole, tenant: 'edge', location: { type: 'Point', coordinates: [0, 89.995] } },
  // Parcels digitised at Null Island, with exact binary coordinates: the bow tie crosses itself at (0.5, 0.5),
  // the square's corner. GEOS 3.11 (PostgreSQL's PostGIS here) throws a TopologyException on such input.
  { id: id.bowTieParcel, tenant: 'null-island', location: { type: 'Polygon', coordinates: BOW_TIE } },
  { id: id.squareParcel, tenant: 'null-island', location: { type: 'Polygon', coordinates: box(0.5, 0.5, 3, 3) } },
];

describeEachDriver('geo-queries in SQL', (ctx) => {
  before(async () => {
    await ctx.db.query(`INSERT INTO ngsi_tenant (name) VALUES ('edge'), ('null-island')`);
    for (const entity of ENTITIES) await insertEntity(ctx.db, entity);
  });

  /** Runs the geo-query as the broker does (nearest first for near) and checks that count(*) over the WHERE alone agrees. */
  async function matching(input: GeoQueryInput, tenant = ''): Promise<string[]> {
    const query = parseGeoQuery(input);
    assert.ok(query, 'query');
    const params = new SqlParams();
    const sqlCtx = { params, alias: 'e', expand };
    const where = `e.tenant = ${params.add(tenant)} AND ${geoToSql(query, sqlCtx)}`;
    const order = isNearQuery(query) ? `${geoDistanceOrderSql(query, sqlCtx)}, e.id` : 'e.id';
    const countValues = [...params.values];
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT e.id FROM ngsi_entity e WHERE ${where} ORDER BY ${order} LIMIT ${params.add(100)}`,
      params.values,
    );
    const counted = await ctx.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM ngsi_entity e WHERE ${where}`,
      countValues,
    );
    assert.equal(counted.rows[0]?.n, rows.length);
    const ids = rows.map((r) => r.id);
    // Only near has an order of its own; the rest are compared as sets, whatever the database's collation.
    return isNearQuery(query) ? ids : ids.sort();
  }

  const near = (georel: string, from: Position, geoproperty?: string) =>
    matching({ georel, geometry: 'Point', coordinates: point(from), ...(geoproperty ? { geoproperty } : {}) });

  it('near;maxDistance finds what lies within the distance, nearest first', async () => {
    // Hoàn Kiếm to the Temple of Literature is 1.74 km on the ellipsoid.
    assert.deepEqual(await near('near;maxDistance==1500', HOAN_KIEM_LAKE), [
      id.hangTrong,
      id.hoanKiem,
      id.dinhTienHoang,
      id.trangTien,
    ]);
    assert.deepEqual(await near('near;maxDistance==1800', HOAN_KIEM_LAKE), [
      id.hangTrong,
      id.hoanKiem,
      id.dinhTienHoang,
      id.trangTien,
      id.vanMieu,
    ]);
    assert.deepEqual(await near('near;maxDistance==0', HOAN_KIEM_LAKE), [id.hangTrong, id.hoanKiem]);
    // Nội Bài is 21.6 km away.
    assert.deepEqual(await near('near;maxDistance==21000', HOAN_KIEM_LAKE), [
      id.hangTrong,
      id.hoanKiem,
      id.dinhTienHoang,
      id.trangTien,
      id.vanMieu,
      id.hoTay,
    ]);
    assert.deepEqual(await near('near;maxDistance==25000', HOAN_KIEM_LAKE), [
      id.hangTrong,
      id.hoanKiem,
      id.dinhTienHoang,
      id.trangTien,
      id.vanMieu,
      id.hoTay,
      id.noiBai,
    ]);
    // From the airport the ward's north edge (21.05 km) comes before the road (21.12 km) and the temple (21.30 km).
    assert.deepEqual(await near('near;maxDistance==25000', NOI_BAI_AIRPORT), [
      id.noiBai,
      id.hoTay,
      id.hangTrong,
      id.dinhTienHoang,
      id.vanMieu,
      id.hoanKiem,
      id.trangTien,
    ]);
  });

  it('orders by the distance in metres on the ellipsoid', async () => {
    const query = parseGeoQuery({
      georel: 'near;maxDistance==30000',
      geometry: 'Point',
      coordinates: point(HOAN_KIEM_LAKE),
    });
    assert.ok(query, 'query');
    const params = new SqlParams();
    const sqlCtx = { params, alias: 'e', expand };
    const where = geoToSql(query, sqlCtx);
    const { rows } = await ctx.db.query<{ id: string; metres: number }>(
      `SELECT e.id, ${geoDistanceOrderSql(query, sqlCtx)} AS metres FROM ngsi_entity e WHERE ${where} AND e.id = ANY(${params.add([id.vanMieu, id.noiBai])}::text[])`,
      params.values,
    );
    const metres = Object.fromEntries(rows.map((r) => [r.id, Math.round(Number(r.metres))]));
    assert.deepEqual(metres, { [id.vanMieu]: 1736, [id.noiBai]: 21608 });
  });

  it('near;minDistance finds what lies at least that far, and both bound a ring', async () => {
    assert.deepEqual(await near('near;minDistance==5000', HOAN_KIEM_LAKE), [id.noiBai]);
    assert.deepEqual(await near('near;minDistance==1000;maxDistance==25000', HOAN_KIEM_LAKE), [
      id.vanMieu,
      id.hoTay,
      id.noiBai,
    ]);
    assert.deepEqual(await near('near;maxDistance==1800;minDistance==1700', HOAN_KIEM_LAKE), [id.vanMieu]);
    // Entities without a location never match, not even "at least 0 m away".
    assert.deepEqual(await near('near;minDistance==0', HOAN_KIEM_LAKE), [
      id.hangTrong,
      id.hoanKiem,
      id.dinhTienHoang,
      id.trangTien,
      id.vanMieu,
      id.hoTay,
      id.noiBai,
    ]);
  });

  it('near finds neighbours across the antimeridian and around the pole', async () => {
    assert.deepEqual(
      await matching({ georel: 'near;maxDistance==2000', geometry: 'Point', coordinates: '[-179.995,-16.8]' }, 'edge'),
      [id.taveuni],
    );
    assert.deepEqual(
      await matching({ georel: 'near;maxDistance==2000', geometry: 'Point', coordinates: '[180,89.995]' }, 'edge'),
      [id.northPole],
    );
    assert.deepEqual(
      await matching({ georel: 'near;maxDistance==500', geometry: 'Point', coordinates: '[180,89.995]' }, 'edge'),
      [],
    );
  });

  it('within, contains, intersects, equals, disjoint and overlaps follow Simple Features', async () => {
    const relate = (georel: string, geometry: GeoJsonGeometry) =>
      matching({ georel, geometry: geometry.type, coordinates: JSON.stringify(geometry.coordinates) });
    const oldQuarter: GeoJsonGeometry = { type: 'Polygon', coordinates: box(105.83, 21.02, 105.86, 21.04) };
    assert.deepEqual(
      await relate('within', oldQuarter),
      [id.hangTrong, id.vanMieu, id.hoanKiem, id.dinhTienHoang, id.trangTien].sort(),
    );
    assert.deepEqual(await relate('contains', { type: 'Point', coordinates: HOAN_KIEM_LAKE }), [
      id.hangTrong,
      id.hoanKiem,
    ]);
    const tranQuangKhai: GeoJsonGeometry = {
      type: 'LineString',
      coordinates: [
        [105.85, 21.03],
        [105.86, 21.03],
      ],
    };
    assert.deepEqual(await relate('intersects', tranQuangKhai), [id.hangTrong, id.dinhTienHoang]);
    assert.deepEqual(await relate('equals', { type: 'Point', coordinates: HOAN_KIEM_LAKE }), [id.hoanKiem]);
    // The same ward, drawn from another corner and the other way round, is the same geometry.
    const ward = HANG_TRONG_WARD[0] as Position[];
    const redrawn = [...ward.slice(2, -1), ...ward.slice(0, 3)].reverse();
    assert.deepEqual(await relate('equals', { type: 'Polygon', coordinates: [redrawn] }), [id.hangTrong]);
    assert.deepEqual(
      await relate('disjoint', { type: 'Polygon', coordinates: HANG_TRONG_WARD }),
      [id.vanMieu, id.noiBai, id.hoTay, id.trangTien].sort(),
    );
    assert.deepEqual(await relate('overlaps', { type: 'Polygon', coordinates: box(105.852, 21.02, 105.86, 21.028) }), [
      id.hangTrong,
    ]);
    assert.deepEqual(
      await relate('overlaps', { type: 'MultiPoint', coordinates: [HOAN_KIEM_LAKE, NOI_BAI_AIRPORT] }),
      [],
    );
  });

  it('queries observationSpace through its own column', async () => {
    const at = { georel: 'intersects', geometry: 'Point', coordinates: '[105.857,21.025]' };
    assert.deepEqual(await matching({ ...at, geoproperty: 'observationSpace' }), [id.trangTien]);
    assert.deepEqual(await matching(at), []);
  });

  it('queries a GeoProperty kept only in attrs, matching when any instance matches', async () => {
    const intersects = (p: Position) =>
      matching({ georel: 'intersects', geometry: 'Point', coordinates: point(p), geoproperty: 'servedArea' });
    assert.deepEqual(await intersects(TEMPLE_OF_LITERATURE), [id.baDinh]);
    assert.deepEqual(await intersects(NOI_BAI_AIRPORT), [id.baDinh]);
    assert.deepEqual(await intersects(HOAN_KIEM_LAKE), []);
    assert.deepEqual(
      await matching({
        georel: 'within',
        geometry: 'Polygon',
        coordinates: JSON.stringify(box(105.7, 21.0, 105.9, 21.3)),
        geoproperty: SERVED_AREA,
      }),
      [id.baDinh, id.socSon],
    );
    assert.deepEqual(await near('near;maxDistance==100', NOI_BAI_AIRPORT, 'servedArea'), [id.baDinh]);
    // Ordered by each entity's nearest instance: seen from Sóc Sơn, Ba Đình's airport area (3.8 km) comes second.
    assert.deepEqual(await near('near;maxDistance==30000', HOAN_KIEM_LAKE, 'servedArea'), [id.baDinh, id.socSon]);
    assert.deepEqual(await near('near;maxDistance==30000', SOC_SON, 'servedArea'), [id.socSon, id.baDinh]);
    assert.deepEqual(await near('near;minDistance==15000', HOAN_KIEM_LAKE, 'servedArea'), [id.baDinh, id.socSon]);
    assert.deepEqual(await near('near;minDistance==1500;maxDistance==3000', SOC_SON, 'servedArea'), []);
  });

  it('steps over malformed stored values and self-intersecting polygons without a database error', async () => {
    const westLake = box(105.81, 21.04, 105.84, 21.07);
    const relate = (georel: string, coordinates: unknown, geoproperty = 'location') =>
      matching({ georel, geometry: 'Polygon', coordinates: JSON.stringify(coordinates), geoproperty });
    assert.deepEqual(await relate('within', westLake), [id.hoTay]);
    assert.deepEqual(await relate('intersects', westLake), [id.hoTay]);
    assert.deepEqual(await relate('overlaps', box(105.82, 21.05, 105.85, 21.07)), [id.hoTay]);
    assert.deepEqual(await relate('contains', box(105.816, 21.052, 105.817, 21.053)), [id.hoTay]);
    assert.deepEqual(await relate('equals', HO_TAY_BOW_TIE), [id.hoTay]);
    assert.ok(
      (await relate('disjoint', box(105.82, 21.05, 105.85, 21.07))).includes(id.noiBai),
      "(await relate('disjoint', box(105.82, 21.05, 105.85, 21.07))).includes(id.noiBai)",
    );
    // A self-intersecting query polygon is read as the area it encloses: two triangles meeting at (105.845, 21.03).
    const bowTieQuery = [
      [
        [105.83, 21.02],
        [105.86, 21.04],
        [105.86, 21.02],
        [105.83, 21.04],
        [105.83, 21.02],
      ],
    ];
    for (const georel of ['within', 'contains', 'intersects', 'equals', 'disjoint', 'overlaps']) {
      await relate(georel, bowTieQuery);
      for (const geoproperty of ['servedArea', 'location']) {
        for (const coordinates of [bowTieQuery, HO_TAY_BOW_TIE, box(100, 0, 110, 30)]) {
          const found = await relate(georel, coordinates, geoproperty);
          assert.ok(
            !found.includes(id.broken) && !found.includes(id.notAList) && !found.includes(id.noLocation),
            `${georel} ${geoproperty}`,
          );
        }
      }
    }
    assert.deepEqual(
      await relate('intersects', bowTieQuery),
      [id.hangTrong, id.vanMieu, id.hoanKiem, id.dinhTienHoang, id.trangTien].sort(),
    );
    for (const georel of ['near;maxDistance==1000000', 'near;minDistance==1', 'near;minDistance==0']) {
      assert.ok(
        !(await near(georel, TEMPLE_OF_LITERATURE, 'servedArea')).includes(id.broken),
        "!(await near(georel, TEMPLE_OF_LITERATURE, 'servedArea')).includes(id.broken)",
      );
    }
  });

  it('relates self-intersecting polygons, stored or queried, as the area they enclose and without a GEOS error', async () => {
    const around = box(0, 0, 2, 2);
    const cornered = box(0.5, 0.5, 3, 3);
    const faraway = box(5, 5, 6, 6);
    const expected: Record<string, [Position[][], string[]][]> = {
      within: [
        [around, [id.bowTieParcel]],
        [cornered, [id.squareParcel]],
        [BOW_TIE, [id.bowTieParcel]],
      ],
      contains: [
        [around, []],
        [cornered, [id.squareParcel]],
        [BOW_TIE, [id.bowTieParcel]],
      ],
      intersects: [
        [around, [id.bowTieParcel, id.squareParcel]],
        [cornered, [id.bowTieParcel, id.squareParcel]],
        [BOW_TIE, [id.bowTieParcel, id.squareParcel]],
        [faraway, []],
      ],
      equals: [
        [around, []],
        [cornered, [id.squareParcel]],
        [BOW_TIE, [id.bowTieParcel]],
      ],
      disjoint: [
        [around, []],
        [cornered, []],
        [BOW_TIE, []],
        [faraway, [id.bowTieParcel, id.squareParcel]],
      ],
      overlaps: [
        [around, [id.squareParcel]],
        [cornered, [id.bowTieParcel]],
        [BOW_TIE, [id.squareParcel]],
      ],
    };
    for (const [georel, cases] of Object.entries(expected)) {
      for (const [coordinates, ids] of cases) {
        const found = await matching(
          { georel, geometry: 'Polygon', coordinates: JSON.stringify(coordinates) },
          'null-island',
        );
        assert.deepEqual(found, ids, `${georel} ${JSON.stringify(coordinates)}`);
      }
    }
  });

  it('keeps every value out of the SQL text and shares the query geometry between WHERE and ORDER BY', () => {
    const query = parseGeoQuery({
      georel: 'near;maxDistance==1234',
      geometry: 'Point',
      coordinates: point(HOAN_KIEM_LAKE),
      geoproperty: 'servedArea',
    });
    assert.ok(query, 'query');
    const params = new SqlParams();
    const sqlCtx = { params, alias: 'e', expand };
    const where = geoToSql(query, sqlCtx);
    const added = params.values.length;
    const order = geoDistanceOrderSql(query, sqlCtx);
    assert.equal(params.values.length, added);
    for (const sql of [where, order]) {
      assert.doesNotMatch(sql, /105\.85|21\.02|1234|servedArea/);
    }
    assert.ok(params.values.includes(SERVED_AREA), 'params.values.includes(SERVED_AREA)');
    assert.ok(
      params.values.includes(JSON.stringify({ type: 'Point', coordinates: HOAN_KIEM_LAKE })),
      "params.values.includes(JSON.stringify({ type: 'Point', coordinates: HOAN_KIEM_LAKE }))",
    );
    assert.throws(() => geoToSql(query, { ...sqlCtx, alias: 'e; DROP TABLE ngsi_entity' }), /not a table alias/);
  });

  it('lets the planner use the GiST indexes on the geometry columns and the GIN index on attrs', async () => {
    const plan = async (input: GeoQueryInput) => {
      const query = parseGeoQuery(input);
      assert.ok(query, 'query');
      const params = new SqlParams();
      const where = geoToSql(query, { params, alias: 'e', expand });
      return ctx.db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const { rows } = await tx.query<Record<string, string>>(
          `EXPLAIN SELECT e.id FROM ngsi_entity e WHERE ${where}`,
          params.values,
        );
        return rows.map((r) => Object.values(r).join(' ')).join('\n');
      });
    };
    assert.match(
      await plan({ georel: 'near;maxDistance==2000', geometry: 'Point', coordinates: point(HOAN_KIEM_LAKE) }),
      /ngsi_entity_location_idx/,
    );
    for (const georel of ['within', 'contains', 'intersects', 'equals', 'overlaps']) {
      assert.match(
        await plan({ georel, geometry: 'Polygon', coordinates: JSON.stringify(HANG_TRONG_WARD) }),
        /ngsi_entity_location_idx/,
        georel,
      );
    }
    assert.match(
      await plan({
        georel: 'intersects',
        geometry: 'Point',
        coordinates: point(HOAN_KIEM_LAKE),
        geoproperty: 'observationSpace',
      }),
      /ngsi_entity_observation_space_idx/,
    );
    assert.match(
      await plan({
        georel: 'intersects',
        geometry: 'Point',
        coordinates: point(HOAN_KIEM_LAKE),
        geoproperty: 'servedArea',
      }),
      /ngsi_entity_attrs_idx/,
    );
  });
});
