import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { zipFeed } from '../../../test/support/gtfs.js';
import { alarmsModule } from '../alarms/index.js';
import { emergencyModule } from '../emergency/index.js';
import { reportsModule } from '../reports/index.js';
import { transitModule } from '../transit/index.js';
import { gtfsRealtime } from '../transit/realtime/bindings.js';
import { warningsModule } from '../warnings/index.js';
import type { Kpis } from './index.js';

/**
 * The KPI strip's figures for a city seeded through the real paths: devices provisioned over the IoT
 * Agent API and heard over the HTTP southbound (parking lots, buses on a replayed clock), stations
 * written through NGSI-LD, alarms raised over HTTP, a public warning issued by its service.
 */

const CITY = 'kpi_city';
const OTHER = 'kpi_other';
const MIN = 60_000;
const HOUR = 60 * MIN;

describeEachDriver('KPIs of the operations centre', (ctx) => {
  let app: App;
  let admin: Account;
  let operator: Account;
  let viewer: Account;
  let otherViewer: Account;
  let monitor: Account;

  const post = async (url: string, tenant: string, payload: unknown, who: Account) => {
    const res = await app.http.inject({
      method: 'POST',
      url,
      headers: { ...who.auth, 'fiware-service': tenant, 'fiware-servicepath': '/', 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
    return res;
  };
  const southbound = async (apikey: string, device: string, measures: Record<string, unknown>) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${apikey}&i=${device}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(measures),
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const station = (tenant: string, id: string, aqi: number | undefined, observedAt: Date, ward?: [string, string]) =>
    post(
      '/ngsi-ld/v1/entities',
      tenant,
      {
        id: `urn:ngsi-ld:AirQualityObserved:${id}`,
        type: 'AirQualityObserved',
        ...(aqi === undefined
          ? {}
          : { airQualityIndex: { type: 'Property', value: aqi, observedAt: observedAt.toISOString() } }),
        ...(ward
          ? {
              wardCode: { type: 'Property', value: ward[0] },
              areaServed: { type: 'Property', value: ward[1] },
            }
          : {}),
      },
      admin,
    );
  const kpis = async (who: Account | null, tenant?: string) =>
    app.http.inject({
      method: 'GET',
      url: '/api/v1/kpis',
      headers: { ...(who ? who.auth : {}), ...(tenant === undefined ? {} : { 'ngsild-tenant': tenant }) },
    });

  // A replayed timeline: the newest bus report two hours before the wall clock, the newest rating a day.
  const busClock = Date.now() - 2 * HOUR;
  const ratingClock = Date.now() - 24 * HOUR;

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    admin = await accountWith(app, ['admin'], '*');
    operator = await accountWith(app, ['operator'], CITY);
    viewer = await accountWith(app, ['viewer'], CITY);
    otherViewer = await accountWith(app, ['viewer'], OTHER);
    monitor = await accountWith(app, ['monitor'], CITY);

    // Parking: three lots, two of them counting their free spots.
    await post(
      '/iot/services',
      CITY,
      {
        services: [
          {
            apikey: 'kpi-parking',
            resource: '/iot/json',
            entity_type: 'OffStreetParking',
            autoprovision: false,
            attributes: [{ object_id: 'free', name: 'availableSpotNumber', type: 'Number' }],
          },
          {
            apikey: 'kpi-bus',
            resource: '/iot/json',
            entity_type: 'Vehicle',
            autoprovision: true,
            attributes: [
              { object_id: 'delay', name: 'delay', type: 'Number', unitCode: 'SEC' },
              { object_id: 'route', name: 'routeCode', type: 'Text' },
              { object_id: 'status', name: 'serviceStatus', type: 'Text' },
              { object_id: 'gps', name: 'location', type: 'geo:point' },
            ],
          },
        ],
      },
      admin,
    );
    const lot = (id: string, total: number, type = 'OffStreetParking') => ({
      device_id: id,
      apikey: 'kpi-parking',
      entity_type: type,
      static_attributes: [{ name: 'totalSpotNumber', type: 'Number', value: total }],
    });
    await post(
      '/iot/devices',
      CITY,
      { devices: [lot('kpi-park-1', 100), lot('kpi-park-2', 50, 'OnStreetParking'), lot('kpi-park-3', 30)] },
      admin,
    );
    await southbound('kpi-parking', 'kpi-park-1', { free: 40 });
    await southbound('kpi-parking', 'kpi-park-2', { free: 10 });
    // kpi-park-3 is never heard: a lot, but no free-spot count, so not in the occupancy.

    // Buses register with their first message.
    const bus = (device: string, at: number, delay?: number, status = 'onRoute') =>
      southbound('kpi-bus', device, {
        gps: '21.0285, 105.8542',
        route: '09',
        status,
        ...(delay === undefined ? {} : { delay }),
        TimeInstant: new Date(at).toISOString(),
      });
    await bus('kpi-bus-1', busClock - 2 * MIN, -120); // 2 min early: not on time
    await bus('kpi-bus-2', busClock - 1 * MIN, 0);
    await bus('kpi-bus-3', busClock - 4 * MIN, 200);
    await bus('kpi-bus-4', busClock, 600); // 10 min late: not on time
    await bus('kpi-bus-5', busClock - 10 * MIN, 0); // last heard 10 min before the newest: not in service
    await bus('kpi-bus-6', busClock - 3 * MIN); // in service, reports no delay
    // Ended its trip and said so: out of service, neither a bus in service nor an offline device.
    await bus('kpi-bus-7', busClock - 1 * MIN, undefined, 'outOfService');
    // kpi-bus-5's tracker went quiet an hour ago (wall clock): an offline device; kpi-bus-7 is parked.
    await ctx.db.query(
      `UPDATE iot_device SET last_seen_at = now() - interval '1 hour' WHERE tenant = $1 AND device_id = ANY($2)`,
      [CITY, ['kpi-bus-5', 'kpi-bus-7']],
    );

    // Air quality: four current ratings (mean 112.5), one too old, one station not rated.
    await station(CITY, 'kpi-aq-1', 80, new Date(ratingClock), ['00070', 'Phường Hoàn Kiếm']);
    await station(CITY, 'kpi-aq-2', 160, new Date(ratingClock - HOUR), ['00004', 'Ba Đình']);
    await station(CITY, 'kpi-aq-3', 95, new Date(ratingClock - 30 * MIN), ['00008', 'Phường Ngọc Hà']);
    await station(CITY, 'kpi-aq-4', 115, new Date(ratingClock - 3 * HOUR), ['00025', 'Phường Giảng Võ']);
    await station(CITY, 'kpi-aq-5', 400, new Date(ratingClock - 5 * HOUR), ['00025', 'Phường Giảng Võ']);
    await station(CITY, 'kpi-aq-6', undefined, new Date(ratingClock));

    // Alarms: a high one unacknowledged, a critical one acknowledged.
    await post(
      '/api/v1/alarms',
      CITY,
      { source: 'urn:ngsi-ld:Road:kpi-1', severity: 'high', title: 'Flooded road' },
      operator,
    );
    const critical = await post(
      '/api/v1/alarms',
      CITY,
      { source: 'urn:ngsi-ld:Road:kpi-2', severity: 'critical', title: 'Collapsed tree' },
      operator,
    );
    await post(`/api/v1/alarms/${critical.json<{ id: string }>().id}/acknowledge`, CITY, {}, operator);
    // And a medium one shelved while its sensor is serviced: open, but not what needs someone now.
    const serviced = await post(
      '/api/v1/alarms',
      CITY,
      { source: 'urn:ngsi-ld:Road:kpi-3', severity: 'medium', title: 'Camera offline' },
      operator,
    );
    await post(
      `/api/v1/alarms/${serviced.json<{ id: string }>().id}/shelve`,
      CITY,
      { minutes: 60, reason: 'Camera being serviced' },
      operator,
    );
    await app.modules.get(warningsModule).service.airQuality({
      tenant: CITY,
      source: 'urn:ngsi-ld:AirQualityObserved:kpi-aq-2',
      place: { name: 'Trạm Ba Đình', area: '00004' },
      aqi: 210,
      at: new Date(),
    });

    // The emergency centre: a fire still waiting for units, a fall with an ambulance on its way.
    const centre = app.modules.get(emergencyModule);
    await centre.upsertStation(CITY, {
      id: 'kpi-st',
      name: 'Đội PCCC Hoàn Kiếm',
      agency: 'fire',
      location: [105.852, 21.03],
    });
    const unit = (id: string, kind: 'fire_engine' | 'ambulance', capabilities: ('engine' | 'als')[]) =>
      centre.upsertUnit(CITY, {
        id,
        callSign: id.toUpperCase(),
        kind,
        agency: kind === 'ambulance' ? 'medical' : 'fire',
        capabilities,
        stationId: 'kpi-st',
        crew: 4,
      });
    await unit('kpi-e1', 'fire_engine', ['engine']);
    await unit('kpi-e2', 'fire_engine', ['engine']);
    await unit('kpi-a1', 'ambulance', ['als']);
    await centre.logCall(CITY, 'kpi-test', { phone: '0900000001', typeCode: 'STRFIRE', location: [105.852, 21.028] });
    const fall = await centre.logCall(CITY, 'kpi-test', {
      phone: '0900000002',
      typeCode: 'FALL',
      location: [105.8, 21.0],
    });
    await centre.dispatch(CITY, 'kpi-test', fall.incident.id, ['kpi-a1']);
    await centre.setUnitStatus(CITY, 'kpi-test', 'kpi-e2', 'out_of_service');

    // Citizen reports: four open (one overdue, one urgent, one waiting on the reporter, one received),
    // one merged into another, two closed in the last 30 days (one on time, one late), one closed
    // long ago, one imported record (no clock). The overdue mark and the old times are set in the
    // table, as the overdue job and a month of handling would leave them.
    const reports = app.modules.get(reportsModule);
    let source = 0;
    const citizen = async (serviceCode: string, attributes: Record<string, string>) =>
      (
        await reports.create(
          CITY,
          {
            serviceCode,
            location: [105.8522, 21.0287],
            attributes,
            contact: {},
            mediaUrls: [],
            mediaIds: [],
            channel: 'web',
            language: 'vi',
          },
          { clientIp: `10.9.0.${++source}` },
        )
      ).id;
    const setTimes = (id: string, times: Record<string, Date>) =>
      ctx.db.query(
        `UPDATE reports_report SET ${Object.keys(times)
          .map((column, k) => `${column} = $${k + 3}`)
          .join(', ')} WHERE tenant = $1 AND id = $2`,
        [CITY, id, ...Object.values(times)],
      );
    const DAY = 24 * HOUR;
    const late = await citizen('waste', { kind: 'dumping' });
    await setTimes(late, { requested_at: new Date(Date.now() - 10 * DAY), overdue_at: new Date() });
    await citizen('traffic-hazard', { kind: 'accident' });
    const asked = await citizen('waste', { kind: 'dumping' });
    await reports.ask(CITY, 'kpi-officer', asked, 'Ở số nhà nào?');
    const received = await citizen('waste', { kind: 'dumping' });
    await reports.receive(CITY, 'kpi-officer', received);
    await reports.merge(CITY, 'kpi-officer', await citizen('waste', { kind: 'dumping' }), received);
    await reports.resolve(CITY, 'kpi-officer', await citizen('waste', { kind: 'dumping' }), { answer: 'Đã thu gom.' });
    const slow = await citizen('waste', { kind: 'dumping' });
    await reports.resolve(CITY, 'kpi-officer', slow, { answer: 'Đã thu gom.' });
    await setTimes(slow, {
      requested_at: new Date(Date.now() - 40 * DAY),
      received_at: new Date(Date.now() - 39 * DAY),
      closed_at: new Date(Date.now() - 2 * DAY),
    });
    const old = await citizen('waste', { kind: 'dumping' });
    await reports.reject(CITY, 'kpi-officer', old, 'Không thuộc thẩm quyền.');
    await setTimes(old, {
      requested_at: new Date(Date.now() - 41 * DAY),
      received_at: new Date(Date.now() - 41 * DAY),
      closed_at: new Date(Date.now() - 40 * DAY),
    });
    await reports.importExternal(CITY, [
      {
        externalId: 'kpi-ext-1',
        serviceCode: 'waste',
        status: 'open',
        description: 'Imported',
        requestedAt: '2026-01-05T03:00:00Z',
      },
    ]);

    // The other tenant: one bad station, one alarm, one warning.
    await station(OTHER, 'kpi-aq-x', 300, new Date(), ['00070', 'Phường Hoàn Kiếm']);
    await app.modules.get(alarmsModule).raise({
      tenant: OTHER,
      source: 'urn:ngsi-ld:Road:kpi-x',
      condition: 'manual:kpi',
      severity: 'low',
      title: 'Pothole',
      at: new Date(),
    });
    await app.modules.get(warningsModule).service.airQuality({
      tenant: OTHER,
      source: 'urn:ngsi-ld:AirQualityObserved:kpi-aq-x',
      place: { name: 'Trạm Hoàn Kiếm', area: '00070' },
      aqi: 300,
      at: new Date(),
    });
  });
  after(() => app.http.close());

  it("counts the tenant's city: devices, air quality, buses, parking, alarms, warnings and citizen reports", async () => {
    const started = Date.now();
    const res = await kpis(viewer);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Kpis>();
    assert.ok(
      Date.parse(body.at) >= started - 1000 && Date.parse(body.at) <= Date.now(),
      'Date.parse(body.at) >= started - 1000 && Date.parse(body.at) <= Date.now()',
    );
    assert.deepEqual(body.devices, {
      total: 10,
      online: 7,
      offline: 1,
      never: 1,
      outOfService: 1,
      sensors: { total: 3, online: 2, offline: 0, never: 1 },
      vehicles: { total: 7, inService: 6, online: 5, offline: 1, outOfService: 1 },
    });
    assert.deepEqual(body.airQuality, {
      stations: 6,
      rated: 4,
      // (80 + 160 + 95 + 115) / 4 = 112.5, rounded half up; 400 is 5 h older than the newest rating.
      cityAqi: 113,
      level: 3,
      worstWard: {
        code: '00004',
        name: 'Phường Ba Đình', // the official name of the code, not the station's shorthand
        aqi: 160,
        station: 'urn:ngsi-ld:AirQualityObserved:kpi-aq-2',
      },
      observedAt: new Date(ratingClock).toISOString(),
    });
    // On time: 0 s and 200 s of -120, 0, 200, 600; the bus heard 10 min before the newest is out.
    assert.deepEqual(body.buses, {
      inService: 5,
      reporting: 4,
      matched: 0,
      onTime: 2,
      punctuality: 0.5,
      meanDelaySeconds: 170,
    });
    assert.deepEqual(body.parking, { lots: 3, capacity: 150, occupied: 100, occupancy: 100 / 150 });
    assert.deepEqual(body.emergency, {
      openIncidents: 2,
      priorityOne: 1,
      awaitingUnits: 1,
      units: { available: 1, committed: 1, outOfService: 1 },
    });
    assert.deepEqual(body.alarms, {
      open: { critical: 1, high: 1, medium: 1, low: 0 },
      unacknowledged: 2,
      active: { critical: 1, high: 1, medium: 0, low: 0 },
      toAcknowledge: 0,
      shelved: 1,
    });
    assert.deepEqual(body.warnings, { inForce: 1 });
    // The late one was closed 38 days after it came in; the one closed 40 days ago is out of the window.
    assert.deepEqual(body.reports, {
      open: 4,
      overdue: 1,
      urgent: 1,
      waiting: 1,
      closed: 2,
      onTime: 1,
      onTimeRate: 0.5,
    });
  });

  it("counts a bus matched to its trip by the matcher's deviation, not by the delay it reports", async () => {
    const tenant = 'kpi_matched';
    // A timetable in UTC: trip T1 left S1 15 min before the newest report, due at S2 10 min before it.
    let dayStart = busClock - (busClock % (24 * HOUR));
    if (busClock - dayStart < HOUR) dayStart -= 24 * HOUR;
    const start = Math.round((busClock - dayStart) / 1000) - 900;
    const clock = (secs: number) =>
      [Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60].map((n) => String(n).padStart(2, '0')).join(':');
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/transit/feeds',
      headers: { ...admin.auth, 'ngsild-tenant': tenant, 'content-type': 'application/zip' },
      payload: zipFeed({
        'agency.txt': 'agency_id,agency_name,agency_url,agency_timezone\nHNB,Hanoi Bus,https://example.vn,UTC\n',
        'routes.txt': 'route_id,agency_id,route_short_name,route_type\nR1,HNB,01,3\n',
        'stops.txt': 'stop_id,stop_name,stop_lat,stop_lon\nS1,One,21,105.8\nS2,Two,21,105.81\nS3,Three,21,105.82\n',
        'calendar.txt':
          'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,1,1,20200101,20991231\n',
        'trips.txt': 'route_id,service_id,trip_id\nR1,WK,T1\n',
        'stop_times.txt': [
          'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
          `T1,${clock(start)},${clock(start)},S1,1`,
          `T1,${clock(start + 300)},${clock(start + 300)},S2,2`,
          `T1,${clock(start + 600)},${clock(start + 600)},S3,3`,
        ].join('\n'),
      }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const at = new Date(busClock).toISOString();
    // Both buses say they are on time or nearly: the first stands at S2, 10 min after its time there.
    for (const [id, lon, delay] of [
      ['kpi-late', 105.81, 0],
      ['kpi-unmatched', 105.9, 120],
    ] as const) {
      await post(
        '/ngsi-ld/v1/entities',
        tenant,
        {
          id: `urn:ngsi-ld:Vehicle:${id}`,
          type: 'Vehicle',
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [lon, 21] }, observedAt: at },
          delay: { type: 'Property', value: delay, observedAt: at },
          serviceStatus: { type: 'Property', value: 'onRoute' },
        },
        admin,
      );
    }
    const outcome = await app.modules.get(transitModule).live.ingest(tenant, {
      vehicleId: 'urn:ngsi-ld:Vehicle:kpi-late',
      observedAt: new Date(busClock),
      lon: 105.81,
      lat: 21,
      tripId: 'T1',
      inService: true,
    });
    assert.equal(outcome.kind === 'matched' && outcome.state.deviationSecs, 600);

    const figures = await kpis(admin, tenant);
    assert.equal(figures.statusCode, 200, figures.body);
    // Late by the matcher (600 s); the bus the matcher does not know counts by its own 120 s.
    assert.deepEqual(figures.json<Kpis>().buses, {
      inService: 2,
      reporting: 2,
      matched: 1,
      onTime: 1,
      punctuality: 0.5,
      meanDelaySeconds: 360,
    });
  });

  it("counts the buses an operator's feed brings in as vehicles, the same way as devices", async () => {
    const tenant = 'kpi_fed';
    const seconds = (ms: number) => Math.floor(ms / 1000);
    const bus = (id: string, at: number, onTrip: boolean) => ({
      id: `e-${id}`,
      vehicle: {
        vehicle: { id },
        ...(onTrip ? { trip: { tripId: 'T1', routeId: 'R1' } } : {}),
        position: { latitude: 21.03, longitude: 105.85 },
        timestamp: seconds(at),
      },
    });
    const message = gtfsRealtime.FeedMessage.fromObject({
      header: { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp: seconds(Date.now()) },
      // Heard a minute ago on a trip; on a trip but not heard for an hour; between trips (out of service).
      entity: [bus('21', Date.now() - MIN, true), bus('22', Date.now() - HOUR, true), bus('23', Date.now(), false)],
    });
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/transit/vehicle-positions',
      headers: { ...admin.auth, 'ngsild-tenant': tenant, 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(gtfsRealtime.FeedMessage.encode(message).finish()),
    });
    assert.equal(res.statusCode, 200, res.body);
    const figures = await kpis(admin, tenant);
    assert.equal(figures.statusCode, 200, figures.body);
    assert.deepEqual(figures.json<Kpis>().devices, {
      total: 3,
      online: 1,
      offline: 1,
      never: 0,
      outOfService: 1,
      sensors: { total: 0, online: 0, offline: 0, never: 0 },
      vehicles: { total: 3, inService: 2, online: 1, offline: 1, outOfService: 1 },
    });
  });

  it('shows a tenant only its own figures', async () => {
    const res = await kpis(otherViewer);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Kpis>();
    assert.deepEqual(body.devices, {
      total: 0,
      online: 0,
      offline: 0,
      never: 0,
      outOfService: 0,
      sensors: { total: 0, online: 0, offline: 0, never: 0 },
      vehicles: { total: 0, inService: 0, online: 0, offline: 0, outOfService: 0 },
    });
    assert.equal(body.airQuality.stations, 1);
    assert.equal(body.airQuality.cityAqi, 300);
    assert.equal(body.airQuality.level, 5);
    assert.deepEqual(body.buses, {
      inService: 0,
      reporting: 0,
      matched: 0,
      onTime: 0,
      punctuality: null,
      meanDelaySeconds: null,
    });
    assert.deepEqual(body.parking, { lots: 0, capacity: 0, occupied: 0, occupancy: null });
    assert.deepEqual(body.emergency, {
      openIncidents: 0,
      priorityOne: 0,
      awaitingUnits: 0,
      units: { available: 0, committed: 0, outOfService: 0 },
    });
    assert.deepEqual(body.alarms, {
      open: { critical: 0, high: 0, medium: 0, low: 1 },
      unacknowledged: 1,
      active: { critical: 0, high: 0, medium: 0, low: 1 },
      toAcknowledge: 0,
      shelved: 0,
    });
    assert.deepEqual(body.warnings, { inForce: 1 });
    assert.deepEqual(body.reports, {
      open: 0,
      overdue: 0,
      urgent: 0,
      waiting: 0,
      closed: 0,
      onTime: 0,
      onTimeRate: null,
    });
    // Another tenant's figures do not exist for a viewer of this one.
    assert.equal((await kpis(viewer, OTHER)).statusCode, 404);
    // A tenant with nothing yet: zeros and nulls, not an error.
    const empty = await kpis(admin, 'kpi_empty');
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json<Kpis>().airQuality, {
      stations: 0,
      rated: 0,
      cityAqi: null,
      level: null,
      worstWard: null,
      observedAt: null,
    });
  });

  it('is for the operations centre: anonymous callers get 401, monitoring systems 403', async () => {
    assert.equal((await kpis(null)).statusCode, 401);
    assert.equal((await kpis(monitor)).statusCode, 403);
    assert.equal((await kpis(admin, CITY)).statusCode, 200);
    assert.equal((await kpis(operator)).statusCode, 200);
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json<{
      paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>;
    }>();
    const get = doc.paths['/api/v1/kpis']?.['get'];
    assert.ok(get, '/api/v1/kpis is documented');
    assert.deepEqual(get.security, [{ bearerAuth: [] }, { apiKey: [] }]);
    assert.match(JSON.stringify(get.responses?.['200']), /punctuality/);
  });
});
