import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { parseTrip, placeOnDirection } from './index.js';

type LonLat = [number, number];
interface Trip {
  trip: string;
  departure: string;
  route: { id: string; shortName: string; longName: string };
  direction: { id: string; headsign: string };
  stops: { id: string; name: string; location: LonLat }[];
  position: {
    atStop: number | null;
    nextStop: number | null;
    metresToNext: number | null;
    offRouteMetres: number;
  } | null;
}

const between = (a: LonLat, b: LonLat, f: number): LonLat => [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];

describe('a bus trip in words', () => {
  it('reads a trip code as its direction and departure, and refuses anything else', () => {
    assert.deepEqual(parseTrip('01_1-0815'), { directionId: '01_1', departure: '08:15' });
    assert.deepEqual(parseTrip('E10_2-2359'), { directionId: 'E10_2', departure: '23:59' });
    assert.equal(parseTrip('01_1-2460'), undefined);
    assert.equal(parseTrip('01_1'), undefined);
    assert.equal(parseTrip('bus-01_1-0815'), undefined);
  });

  // A street west to east, then back along it a little north (a loop route).
  const out: LonLat[] = [
    [105.8, 21.03],
    [105.81, 21.03],
    [105.82, 21.03],
  ];
  const loop: LonLat[] = [...out, [105.82, 21.0302], [105.81, 21.0302], [105.8, 21.0302]];

  it('names the next stop between two stops, and the stop a bus stands at', () => {
    const p = placeOnDirection(out, between(out[0]!, out[1]!, 0.5));
    assert.equal(p?.atStop, null);
    assert.equal(p?.nextStop, 1);
    assert.ok(p && p.metresToNext !== null && p.metresToNext > 500 && p.metresToNext < 540, `${p?.metresToNext} m`);
    assert.deepEqual(placeOnDirection(out, out[1]!), { atStop: 1, nextStop: 2, metresToNext: 1038, offRouteMetres: 0 });
    assert.deepEqual(placeOnDirection(out, out[2]!)?.nextStop, null, 'at the terminus nothing is next');
  });

  it("tells a route's way out from its way back along the same street by the heading", () => {
    const outbound = placeOnDirection(loop, between(loop[0]!, loop[1]!, 0.5), 90);
    assert.equal(outbound?.nextStop, 1);
    // 22 m north of the way out, on the way back: heading west, the next stop is the back's.
    const inbound = placeOnDirection(loop, between(loop[4]!, loop[5]!, 0.5), 270);
    assert.equal(inbound?.nextStop, 5);
  });
});

describeEachDriver('the bus network served to the operations centre', (ctx) => {
  let app: App;
  let viewer: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    viewer = await accountWith(app, ['viewer'], '');
  });
  after(() => app.http.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.http.inject({ method: 'GET', url, headers });

  it('says what a trip is to anyone: route, where it goes, when it left, its stops by name', async () => {
    const res = await get('/api/v1/city/transit/trips/01_1-0815');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'public, max-age=86400');
    const trip = res.json<Trip>();
    assert.equal(trip.route.shortName, '01');
    assert.equal(trip.route.longName, 'Bồ Đề – Yên Nghĩa');
    assert.equal(trip.direction.headsign, 'Yên Nghĩa');
    assert.equal(trip.departure, '08:15');
    assert.equal(trip.stops[0]?.name, 'Bến xe Gia Lâm');
    assert.ok(trip.stops.length > 10, 'trip.stops.length > 10');
    assert.equal(trip.position, null);
  });

  it("names a bus's next stop from its position and heading", async () => {
    const { stops } = (await get('/api/v1/city/transit/trips/01_1-0815')).json<Trip>();
    const [lon, lat] = between(stops[3]!.location, stops[4]!.location, 0.6);
    const res = await get(`/api/v1/city/transit/trips/01_1-0815?lon=${lon}&lat=${lat}&heading=90`, viewer.auth);
    assert.equal(res.statusCode, 200, res.body);
    const { position } = res.json<Trip>();
    assert.equal(position?.atStop, null);
    assert.equal(position?.nextStop, 4);
    const [slon, slat] = stops[7]!.location;
    const at = (await get(`/api/v1/city/transit/trips/01_1-0815?lon=${slon}&lat=${slat}`)).json<Trip>().position;
    assert.equal(at?.atStop, 7);
    assert.equal(at?.nextStop, 8);
  });

  it('refuses half a position, a malformed trip and an unknown one, clearly', async () => {
    const half = await get('/api/v1/city/transit/trips/01_1-0815?lon=105.8');
    assert.equal(half.statusCode, 400);
    assert.equal(problemOf(half).code, 'TRANSIT_POSITION_INCOMPLETE');
    const malformed = await get('/api/v1/city/transit/trips/01_1-9999');
    assert.equal(malformed.statusCode, 400);
    problemOf(malformed);
    const far = await get('/api/v1/city/transit/trips/01_1-0815?lon=105.8&lat=91');
    assert.equal(far.statusCode, 400);
    const unknown = await get('/api/v1/city/transit/trips/99_9-0800');
    assert.equal(unknown.statusCode, 404);
    assert.equal(problemOf(unknown).code, 'NOT_FOUND');
  });

  it('gives the air limits in force on a day, and the VN_AQI categories, to those who read the environment', async () => {
    assert.equal((await get('/api/v1/environment/limits')).statusCode, 401);
    const before2026 = await get('/api/v1/environment/limits?at=2025-12-31T12:00:00Z', viewer.auth);
    assert.equal(before2026.statusCode, 200, before2026.body);
    type Limits = {
      air: { regulation: string; limits: Record<string, Record<string, number>> } | null;
      vnAqi: { level: number; from: number; to: number; name: { vi: string; en: string }; colour: string }[];
    };
    const old = before2026.json<Limits>();
    assert.equal(old.air?.limits['pm25']?.['24h'], 50);
    assert.equal(old.air?.limits['no2']?.['1h'], 200);
    assert.match(old.air?.regulation ?? '', /QCVN 05:2023/);
    const now = (await get('/api/v1/environment/limits?at=2026-01-01T00:30:00%2B07:00', viewer.auth)).json<Limits>();
    assert.equal(now.air?.limits['pm25']?.['24h'], 45);
    assert.deepEqual(
      now.vnAqi.map((c) => [c.level, c.to, c.name.vi]),
      [
        [1, 50, 'Tốt'],
        [2, 100, 'Trung bình'],
        [3, 150, 'Kém'],
        [4, 200, 'Xấu'],
        [5, 300, 'Rất xấu'],
        [6, 500, 'Nguy hại'],
      ],
    );
    // As a browser sends it: Date.toISOString(), with milliseconds.
    const browser = await get(
      `/api/v1/environment/limits?at=${encodeURIComponent('2026-12-03T23:18:25.123Z')}`,
      viewer.auth,
    );
    assert.equal(browser.statusCode, 200, browser.body);
    const long_ago = (await get('/api/v1/environment/limits?at=2020-01-01T00:00:00Z', viewer.auth)).json<Limits>();
    assert.equal(long_ago.air, null);
    assert.equal((await get('/api/v1/environment/limits?at=yesterday', viewer.auth)).statusCode, 400);
  });
});
