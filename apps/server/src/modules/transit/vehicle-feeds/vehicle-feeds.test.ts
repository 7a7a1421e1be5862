import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../../../app.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../../test/support/app.js';
import { describeEachDriver } from '../../../../test/support/databases.js';
import { gtfsRealtime } from '../realtime/bindings.js';
import { transitModule, vehicleEntityId, type VehicleFeed } from '../index.js';
import { feedNames, feedVehicle, tripUpdatesOf } from '../live/service.js';
import type { VehicleState } from '../live/matcher.js';
import { entitiesIn } from './decode.js';

/** A VehiclePositions FeedMessage as an operator's AVL sends it. */
function feedOf(entities: Record<string, unknown>[], headerSeconds = Math.floor(Date.now() / 1000)): Buffer {
  const message = gtfsRealtime.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp: headerSeconds },
    entity: entities,
  });
  return Buffer.from(gtfsRealtime.FeedMessage.encode(message).finish());
}

const bus = (id: string, at: number, extra: Record<string, unknown> = {}, position: Record<string, unknown> = {}) => ({
  id: `e-${id}`,
  vehicle: {
    vehicle: { id, label: `Xe ${id}`, licensePlate: `29B-${id}` },
    trip: { tripId: 'T1', routeId: 'R1', directionId: 1, startDate: '20261204' },
    position: { latitude: 21.0287, longitude: 105.8522, bearing: 90, speed: 10, ...position },
    timestamp: Math.floor(at / 1000),
    ...extra,
  },
});

interface Normalized {
  id: string;
  type: string;
  [attr: string]: { type: string; value: unknown; observedAt?: string; unitCode?: string } | string;
}

describeEachDriver('transit: GTFS-Realtime VehiclePositions taken in from operators', (ctx) => {
  let app: App;
  let admin: Account;
  let viewer: Account;
  let avlKey: string;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer'], 'hanoi');
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.auth,
      payload: { name: 'Transerco AVL', roles: ['operator'], tenant: 'hanoi' },
    });
    assert.equal(res.statusCode, 201, res.body);
    avlKey = res.json<{ key: string }>().key;
  });
  after(() => app.http.close());

  const push = (body: Buffer, query = '', headers: Record<string, string> = { authorization: `Bearer ${avlKey}` }) =>
    app.http.inject({
      method: 'POST',
      url: `/api/v1/transit/vehicle-positions${query}`,
      headers: { 'content-type': 'application/x-protobuf', ...headers },
      payload: body,
    });
  const entity = async (id: string, tenant = 'hanoi'): Promise<Normalized | null> => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`,
      headers: { ...admin.auth, 'ngsild-tenant': tenant },
    });
    if (res.statusCode === 404) return null;
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Normalized>();
  };
  const vehicles = async (tenant: string): Promise<string[]> => {
    const res = await app.http.inject({
      method: 'GET',
      url: '/ngsi-ld/v1/entities?type=Vehicle&limit=1000',
      headers: { ...admin.auth, 'ngsild-tenant': tenant },
    });
    // A tenant nothing was ever written to does not exist for the broker.
    if (res.statusCode === 404 && problemOf(res).code === 'NONEXISTENT_TENANT') return [];
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ id: string }[]>().map((e) => e.id);
  };
  const attr = (e: Normalized | null, name: string) =>
    e?.[name] as { value: unknown; observedAt?: string; unitCode?: string };

  it("a pushed feed becomes Vehicle entities with the trackers' attributes, stamped with each vehicle's time", async () => {
    const at = Date.now() - 5_000;
    const res = await push(
      feedOf([
        bus('101', at, { stopId: 'S2', currentStopSequence: 2, occupancyStatus: 'MANY_SEATS_AVAILABLE' }),
        bus('102', at, { trip: null }, { bearing: 400 }),
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { entities: 2, accepted: 2, rejected: [] });

    const id = vehicleEntityId('gtfsrt', '101');
    assert.equal(id, 'urn:ngsi-ld:Vehicle:gtfsrt:101');
    const e = await entity(id);
    assert.equal(e?.type, 'Vehicle');
    const observedAt = new Date(Math.floor(at / 1000) * 1000).toISOString();
    const location = attr(e, 'location');
    assert.deepEqual(location.value, { type: 'Point', coordinates: [Math.fround(105.8522), Math.fround(21.0287)] });
    assert.equal(location.observedAt, observedAt);
    // GTFS-Realtime gives metres per second; the buses' trackers, and so the city, km/h.
    assert.equal(attr(e, 'speed').value, 36);
    assert.equal(attr(e, 'speed').unitCode, 'KMH');
    assert.equal(attr(e, 'speed').observedAt, observedAt);
    assert.equal(attr(e, 'heading').value, 90);
    assert.equal(attr(e, 'tripId').value, 'T1');
    assert.equal(attr(e, 'routeCode').value, 'R1');
    assert.equal(attr(e, 'directionId').value, 1);
    assert.equal(attr(e, 'serviceStatus').value, 'onRoute');
    assert.equal(attr(e, 'fleetVehicleId').value, 'Xe 101');
    assert.equal(attr(e, 'vehiclePlateIdentifier').value, '29B-101');
    assert.equal(attr(e, 'stopId').value, 'S2');
    assert.equal(attr(e, 'currentStopSequence').value, 2);
    // Unset, the status is the specification's default.
    assert.equal(attr(e, 'currentStatus').value, 'IN_TRANSIT_TO');
    assert.equal(attr(e, 'occupancyStatus').value, 'MANY_SEATS_AVAILABLE');

    // Without a trip it is out of service; a bearing off the compass is left out, the position kept.
    const other = await entity(vehicleEntityId('gtfsrt', '102'));
    assert.equal(attr(other, 'serviceStatus').value, 'outOfService');
    assert.equal(other?.['heading'], undefined);
    assert.equal(other?.['tripId'], undefined);
    // Fields the report leaves out are not read as the binding's defaults (0, EMPTY, …).
    for (const absent of ['currentStatus', 'occupancyStatus', 'congestionLevel', 'stopId', 'directionId']) {
      assert.equal(other?.[absent], undefined, absent);
    }

    // The buses are the tenant's alone.
    assert.deepEqual(await vehicles('haiphong'), []);
  });

  it('one bad vehicle never blocks the others: each is set aside with its reason', async () => {
    const now = Date.now();
    const res = await push(
      feedOf([
        bus('201', now),
        { id: 'no-position', vehicle: { vehicle: { id: '202' }, timestamp: Math.floor(now / 1000) } },
        { id: 'no-id', vehicle: { position: { latitude: 21, longitude: 105.8 }, timestamp: Math.floor(now / 1000) } },
        bus('203', now + 10 * 60_000),
        bus('204', now, {}, { latitude: 0, longitude: 0 }),
        { id: 'an-alert', alert: { headerText: { translation: [{ text: 'x' }] } } },
        bus('205', now),
        { ...bus('206', now), vehicle: { ...bus('206', now).vehicle, timestamp: '18446744073709551615' } },
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    const outcome = res.json<{ accepted: number; rejected: { index: number; id?: string; reason: string }[] }>();
    assert.equal(outcome.accepted, 2);
    assert.deepEqual(
      outcome.rejected.map((r) => [r.index, r.id]),
      [
        [1, 'no-position'],
        [2, 'no-id'],
        [3, 'e-203'],
        [4, 'e-204'],
        [5, 'an-alert'],
        [7, 'e-206'],
      ],
    );
    assert.match(outcome.rejected[0]?.reason ?? '', /no position/);
    assert.match(outcome.rejected[1]?.reason ?? '', /no id/);
    assert.match(outcome.rejected[2]?.reason ?? '', /ahead of the server's clock/);
    assert.match(outcome.rejected[3]?.reason ?? '', /0,0/);
    const ids = await vehicles('hanoi');
    assert.ok(ids.includes(vehicleEntityId('gtfsrt', '201')), "ids.includes(vehicleEntityId('gtfsrt', '201'))");
    assert.ok(ids.includes(vehicleEntityId('gtfsrt', '205')), "ids.includes(vehicleEntityId('gtfsrt', '205'))");
    for (const bad of ['202', '203', '204', '206']) assert.ok(!ids.includes(vehicleEntityId('gtfsrt', bad)), bad);
  });

  it('a vehicle bringing a control character or invalid UTF-8 is set aside; the others are taken in', async () => {
    const now = Date.now();
    const res = await push(
      feedOf([
        bus('nul\u0000bus', now),
        bus('601', now),
        bus('602', now, { vehicle: { id: '602', label: 'Xe\u0007602' } }),
        bus('603', now, { trip: { tripId: 'T\u00001', routeId: 'R1' } }),
        bus('604', now, { trip: { tripId: 'T1', routeId: 'R\u001b1' } }),
        // Half a UTF-16 pair goes on the wire as ED A0 80, which is no UTF-8.
        bus('sur\ud800bus', now),
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    const outcome = res.json<{ accepted: number; rejected: { index: number; reason: string }[] }>();
    assert.equal(outcome.accepted, 1);
    assert.deepEqual(
      outcome.rejected.map((r) => [r.index, r.reason]),
      [
        [0, 'vehicle.id holds a control character'],
        [2, 'vehicle.label holds a control character'],
        [3, 'trip.trip_id holds a control character'],
        [4, 'trip.route_id holds a control character'],
        [5, 'vehicle.id is not valid UTF-8'],
      ],
    );
    assert.ok((await entity(vehicleEntityId('gtfsrt', '601'))) !== null, 'the clean vehicle is taken in');
  });

  it("a pushed vehicle never takes a tracker's bus of the same id in the feeds", () => {
    const tracker = 'urn:ngsi-ld:Vehicle:bus-01-01';
    const pushed = vehicleEntityId('gtfsrt', 'bus-01-01');
    const alone = vehicleEntityId('gtfsrt', '701');
    const other = vehicleEntityId('other', 'bus-01-01');
    const names = feedNames([tracker, pushed, alone, other]);
    assert.equal(feedVehicle(tracker, undefined, names).id, 'bus-01-01');
    assert.equal(feedVehicle(pushed, undefined, names).id, 'gtfsrt:bus-01-01');
    assert.equal(feedVehicle(alone, undefined, names).id, '701');
    assert.equal(feedVehicle(other, undefined, names).id, 'other:bus-01-01');
    assert.equal(feedVehicle(alone).id, '701');
  });

  it('every bus of a feed has a name of its own, whatever ids the operators chose', () => {
    const tracker = 'urn:ngsi-ld:Vehicle:bus-01-03';
    const pushed = vehicleEntityId('gtfsrt', 'bus-01-03');
    // An operator's own id that is the name the shadowed bus would be given.
    const lookalike = vehicleEntityId('gtfsrt', 'gtfsrt:bus-01-03');
    const scoped = vehicleEntityId('other', 'x');
    const pushedLikeScoped = vehicleEntityId('gtfsrt', 'other:x');
    const ids = [tracker, pushed, lookalike, scoped, pushedLikeScoped];
    for (const order of [ids, [...ids].reverse()]) {
      const names = feedNames(order);
      assert.equal(new Set(names.values()).size, ids.length, [...names.values()].join(', '));
      assert.equal(names.get(tracker), 'bus-01-03');
      assert.equal(names.get(lookalike), 'gtfsrt:bus-01-03', 'a bus keeps its own id when it can');
      assert.equal(names.get(pushed), pushed, 'its shadow name taken, the entity id');
      assert.equal(names.get(scoped), 'other:x');
      assert.equal(names.get(pushedLikeScoped), 'gtfsrt:other:x');
    }
    // TripUpdates name a bus as VehiclePositions do.
    const names = feedNames(ids);
    const row = {
      tripId: 'T1',
      routeId: 'R1',
      directionId: 0,
      serviceDate: '20261204',
      startTime: '08:00:00',
      stopSequence: 1,
      stopId: 'S1',
      arrival: new Date(),
      departure: new Date(),
      delaySecs: 0,
      madeAt: new Date(),
    };
    const state = { label: null, licensePlate: null } as unknown as VehicleState;
    const updates = tripUpdatesOf(
      [tracker, pushed, lookalike].map((vehicleId) => ({ vehicle: state, rows: [{ ...row, vehicleId }] })),
      names,
    );
    assert.deepEqual(
      updates.map((u) => u.vehicle?.id),
      [tracker, pushed, lookalike].map((id) => names.get(id)),
    );
  });

  it("a report older than the vehicle's current one does not overwrite it", async () => {
    const now = Date.now();
    assert.equal((await push(feedOf([bus('301', now, {}, { latitude: 21.04, longitude: 105.849 })]))).statusCode, 200);
    const late = await push(feedOf([bus('301', now - 60_000, {}, { latitude: 20.97, longitude: 105.778 })]));
    assert.equal(late.statusCode, 200, late.body);
    const e = await entity(vehicleEntityId('gtfsrt', '301'));
    const location = attr(e, 'location');
    assert.equal((location.value as { coordinates: number[] }).coordinates[1]?.toFixed(3), '21.040');
    assert.equal(location.observedAt, new Date(Math.floor(now / 1000) * 1000).toISOString());
  });

  it('a vehicle whose entity was deleted is made again at its next report, not lost', async () => {
    const now = Date.now();
    const id = vehicleEntityId('gtfsrt', '451');
    assert.equal((await push(feedOf([bus('451', now - 20_000)]))).statusCode, 200);
    const gone = await app.http.inject({
      method: 'DELETE',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`,
      headers: { ...admin.auth, 'ngsild-tenant': 'hanoi' },
    });
    assert.equal(gone.statusCode, 204, gone.body);
    assert.equal((await push(feedOf([bus('451', now)]))).statusCode, 200);
    const e = await entity(id);
    assert.equal(attr(e, 'location').observedAt, new Date(Math.floor(now / 1000) * 1000).toISOString());
  });

  it('a body that does not decode is refused whole and writes nothing', async () => {
    const before = await vehicles('hanoi');
    for (const body of [
      Buffer.from('this is not a protobuf at all, only words'),
      Buffer.alloc(0),
      Buffer.from([0x0a, 0xff]),
    ]) {
      const res = await push(body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(problemOf(res).code, 'TRANSIT_VEHICLE_FEED_UNDECODABLE');
    }
    const huge = await push(Buffer.alloc(4 * 1024 * 1024 + 1, 0x0a));
    assert.equal(huge.statusCode, 413);
    problemOf(huge);
    // More vehicles than a city's fleet in one feed: refused whole, nothing written.
    const now = Date.now();
    const crowd = await push(feedOf(Array.from({ length: 10_001 }, (_, i) => bus(`crowd-${i}`, now))));
    assert.equal(crowd.statusCode, 413, crowd.body);
    assert.equal(problemOf(crowd).code, 'TRANSIT_VEHICLE_FEED_TOO_LARGE');
    // Counted from the framing alone: the same count as decoding, and no count for bytes badly framed.
    assert.equal(entitiesIn(feedOf(Array.from({ length: 1234 }, (_, i) => bus(`n-${i}`, now)))), 1234);
    assert.equal(entitiesIn(feedOf([])), 0);
    assert.equal(entitiesIn(Buffer.from([0x12, 0xff])), undefined);
    const json = await push(Buffer.from('{}'), '', {
      authorization: `Bearer ${avlKey}`,
      'content-type': 'application/json',
    });
    assert.equal(json.statusCode, 400);
    assert.deepEqual(await vehicles('hanoi'), before);
  });

  it("pushing needs transit:feed; a scope keeps two operators' vehicle ids apart", async () => {
    const now = Date.now();
    const denied = await push(feedOf([bus('401', now)]), '', viewer.auth);
    assert.equal(denied.statusCode, 403);
    assert.equal(await entity(vehicleEntityId('gtfsrt', '401')), null);
    const anonymous = await push(feedOf([bus('401', now)]), '', {});
    assert.equal(anonymous.statusCode, 401);

    const scoped = await push(feedOf([bus('401', now)]), '?scope=bus-company-2');
    assert.equal(scoped.statusCode, 200, scoped.body);
    assert.notEqual(await entity('urn:ngsi-ld:Vehicle:bus-company-2:401'), null);
    assert.equal((await push(feedOf([bus('401', now)]), '?scope=bad%20scope')).statusCode, 400);
  });

  it('polls a registered feed through the outbound guard, keeps its credentials secret and reports its status', async () => {
    let status = 200;
    let seen: IncomingHttpHeaders = {};
    const at = Date.now() - 2_000;
    const server: Server = createServer((req, res) => {
      seen = req.headers;
      res.writeHead(status, { 'content-type': 'application/x-protobuf' });
      res.end(status === 200 ? feedOf([bus('501', at), bus('502', at), { id: 'junk', vehicle: {} }]) : 'down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gtfs-rt/vehicles?api_key=s3cret`;
      const created = await app.http.inject({
        method: 'POST',
        url: '/api/v1/transit/vehicle-feeds',
        headers: { ...admin.auth, 'ngsild-tenant': 'hanoi' },
        payload: { url, intervalSeconds: 15, headers: { 'x-avl-token': 'hunter2' }, scope: 'transerco' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const feed = created.json<VehicleFeed>();
      assert.equal(feed.headers['x-avl-token'], '••••');
      assert.ok(!created.body.includes('hunter2') && !created.body.includes('s3cret'), created.body);
      assert.equal(feed.status.lastSuccessAt, null);

      const feeds = app.modules.get(transitModule).vehicleFeeds;
      assert.equal(await feeds.pollDue(), 1);
      assert.equal(seen['x-avl-token'], 'hunter2');
      const e = await entity(vehicleEntityId('transerco', '501'));
      assert.equal(attr(e, 'routeCode').value, 'R1');
      assert.equal(attr(e, 'location').observedAt, new Date(Math.floor(at / 1000) * 1000).toISOString());

      const read = async () => {
        const res = await app.http.inject({
          method: 'GET',
          url: `/api/v1/transit/vehicle-feeds/${feed.id}`,
          headers: { ...admin.auth, 'ngsild-tenant': 'hanoi' },
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(!res.body.includes('hunter2'), "!res.body.includes('hunter2')");
        return res.json<VehicleFeed>();
      };
      const ok = await read();
      assert.notEqual(ok.status.lastSuccessAt, null);
      assert.deepEqual([ok.status.entities, ok.status.accepted, ok.status.rejected], [3, 2, 1]);
      assert.equal(ok.status.failures, 0);
      // Not due again before its interval.
      assert.equal(await feeds.pollDue(), 0);

      status = 503;
      const later = new Date(Date.now() + 20_000);
      assert.equal(await feeds.pollDue(later), 1);
      const failed = await read();
      assert.match(failed.status.lastError ?? '', /HTTP 503/);
      assert.equal(failed.status.failures, 1);
      assert.equal(failed.status.lastSuccessAt, ok.status.lastSuccessAt);
      // It waits longer than its interval before trying again.
      assert.ok(
        new Date(failed.status.nextFetchAt).getTime() > Date.now() + 20_000,
        'new Date(failed.status.nextFetchAt).getTime() > Date.now() + 20_000',
      );

      // Other tenants neither see nor remove it.
      const other = await accountWith(app, ['admin'], 'haiphong');
      const theirs = await app.http.inject({
        method: 'GET',
        url: '/api/v1/transit/vehicle-feeds',
        headers: other.auth,
      });
      assert.deepEqual(theirs.json(), { feeds: [] });
      const remove = (who: Account) =>
        app.http.inject({ method: 'DELETE', url: `/api/v1/transit/vehicle-feeds/${feed.id}`, headers: who.auth });
      assert.equal((await remove(other)).statusCode, 404);
      const operator = await accountWith(app, ['operator'], 'hanoi');
      assert.equal((await remove(operator)).statusCode, 403);
      assert.equal(
        (
          await app.http.inject({
            method: 'DELETE',
            url: `/api/v1/transit/vehicle-feeds/${feed.id}`,
            headers: { ...admin.auth, 'ngsild-tenant': 'hanoi' },
          })
        ).statusCode,
        204,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a feed URL the outbound guard does not allow (internal addresses, by default)', async () => {
    const strict = await buildTestApp(ctx.db, { OUTBOUND_ALLOW: '' });
    try {
      const boss = await accountWith(strict, ['admin'], 'hanoi');
      for (const url of [
        'http://127.0.0.1:9/feed',
        'http://10.0.0.5/feed',
        'http://[::1]/feed',
        'http://localhost/feed',
      ]) {
        const res = await strict.http.inject({
          method: 'POST',
          url: '/api/v1/transit/vehicle-feeds',
          headers: boss.auth,
          payload: { url, intervalSeconds: 30 },
        });
        assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
        assert.equal(problemOf(res).code, 'TRANSIT_VEHICLE_FEED_REFUSED');
      }
      for (const payload of [
        { url: 'ftp://example.vn/feed', intervalSeconds: 30 },
        { url: 'not a url', intervalSeconds: 30 },
        { url: 'https://example.vn/feed', intervalSeconds: 5 },
        { url: 'https://example.vn/feed', intervalSeconds: 30, headers: { host: 'elsewhere' } },
      ]) {
        const res = await strict.http.inject({
          method: 'POST',
          url: '/api/v1/transit/vehicle-feeds',
          headers: boss.auth,
          payload,
        });
        assert.ok([400, 422].includes(res.statusCode), `${JSON.stringify(payload)}: ${res.body}`);
      }
      const list = await strict.http.inject({
        method: 'GET',
        url: '/api/v1/transit/vehicle-feeds',
        headers: boss.auth,
      });
      assert.deepEqual(list.json(), { feeds: [] });
    } finally {
      await strict.http.close();
    }
  });
});
