import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, it } from 'node:test';
import type { App } from '../../../app.js';
import { accountWith, buildTestApp } from '../../../../test/support/app.js';
import { describeEachDriver } from '../../../../test/support/databases.js';
import { checkFeed, decodeFeed } from '../../../../test/support/gtfs-rt-rules.js';
import { sampleAlerts, sampleTripUpdates, sampleVehicles } from '../../../../test/support/gtfs-rt-samples.js';
import { defineModule } from '../../../platform/modules.js';
import { realtimeRoutes, type RealtimeSource } from './index.js';

/**
 * The routes as the transit module will mount them, in the platform's app (its access control and
 * tenants), fed by a fake source: the feeds' own unit, the real source comes with the module.
 */

const START = new Date('2026-12-04T08:15:30Z');
const BASE = '/api/v1/transit/gtfs-rt';

describeEachDriver('GTFS-Realtime routes', (ctx) => {
  let app: App;
  let now = START;
  const asked: string[] = [];
  let alertsFail = false;
  let vehicles = new Map<string, number>([
    ['', 20],
    ['quan-ba-dinh', 2],
  ]);
  const source: RealtimeSource = {
    vehicles: (tenant) => (asked.push(`vehicles:${tenant}`), sampleVehicles(vehicles.get(tenant) ?? 0, now)),
    tripUpdates: async (tenant) => (asked.push(`trips:${tenant}`), sampleTripUpdates(tenant === '' ? 10 : 0, 20, now)),
    alerts: (tenant) => {
      if (alertsFail) throw new Error('the database is away');
      asked.push(`alerts:${tenant}`);
      return tenant === '' ? sampleAlerts(now) : [];
    },
  };
  const transitModule = defineModule({
    name: 'transit',
    permissions: {},
    create: () => ({
      provides: null,
      async routes(http) {
        await http.register(realtimeRoutes, { source, clock: () => now, refreshSeconds: 5 });
      },
    }),
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.http.inject({ method: 'GET', url: `${BASE}/${path}`, headers });

  before(async () => {
    app = await buildTestApp(ctx.db, {}, [transitModule]);
  });
  after(() => app.http.close());

  it('serves each feed to anyone, protobuf by default whatever Accept says, breaking no rule', async () => {
    for (const [path, count] of [
      ['vehicle-positions', 20],
      ['trip-updates', 10],
      ['service-alerts', 2],
    ] as const) {
      const res = await get(path, { accept: 'text/html' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/x-protobuf');
      assert.equal(res.headers['cache-control'], 'public, max-age=5');
      assert.equal(res.headers['vary'], 'Accept-Encoding, NGSILD-Tenant, Fiware-Service');
      assert.ok(res.headers['etag'], "res.headers['etag']");
      assert.equal(res.headers['last-modified'], START.toUTCString());
      assert.deepEqual(checkFeed(res.rawPayload, { fetchedAt: now }), [], path);
      assert.equal(decodeFeed(res.rawPayload).entity?.length ?? 0, count, path);
    }
  });

  it('serves JSON with ?format=json, the same feed', async () => {
    const pb = await get('vehicle-positions');
    const res = await get('vehicle-positions?format=json');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(res.json(), decodeFeed(pb.rawPayload));
    assert.equal((await get('vehicle-positions?format=xml')).statusCode, 400);
  });

  it('gzips (or brotli) from the first request for a client that accepts it: the same FeedMessage, revalidated by 304', async () => {
    const plain = await get('trip-updates');
    const zipped = await get('trip-updates', { 'accept-encoding': 'gzip' });
    assert.equal(zipped.statusCode, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['content-type'], 'application/x-protobuf');
    assert.equal(zipped.headers['vary'], 'Accept-Encoding, NGSILD-Tenant, Fiware-Service');
    assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload);
    assert.deepEqual(decodeFeed(gunzipSync(zipped.rawPayload)), decodeFeed(plain.rawPayload));
    assert.ok(
      zipped.rawPayload.length < plain.rawPayload.length / 2,
      'zipped.rawPayload.length < plain.rawPayload.length / 2',
    );
    const etag = String(zipped.headers['etag']);
    assert.notEqual(etag, plain.headers['etag'], 'each coding has its own ETag');
    const again = await get('trip-updates', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.headers['etag'], etag);
    assert.equal(again.headers['content-encoding'], undefined);

    const br = await get('trip-updates', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(decodeFeed(brotliDecompressSync(br.rawPayload)), decodeFeed(plain.rawPayload));
    assert.equal((await get('trip-updates', { 'accept-encoding': 'identity' })).headers['content-encoding'], undefined);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 once the feed changed', async () => {
    const first = await get('vehicle-positions');
    const etag = String(first.headers['etag']);
    const lastModified = String(first.headers['last-modified']);
    const byTag = await get('vehicle-positions', { 'if-none-match': etag });
    assert.equal(byTag.statusCode, 304);
    assert.equal(byTag.body, '');
    assert.equal(byTag.headers['etag'], etag);
    assert.equal((await get('vehicle-positions', { 'if-modified-since': lastModified })).statusCode, 304);

    // Six seconds later a bus has joined: a rebuild, a new timestamp, a new ETag.
    now = new Date(START.getTime() + 6_000);
    vehicles.set('', 21);
    const changed = await get('vehicle-positions', { 'if-none-match': etag });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers['etag'], etag);
    assert.equal(changed.headers['last-modified'], now.toUTCString());
    assert.equal((await get('vehicle-positions', { 'if-modified-since': lastModified })).statusCode, 200);
    assert.deepEqual(checkFeed(changed.rawPayload, { fetchedAt: now, previous: first.rawPayload }), []);
  });

  it('asks the source at most once per refresh, however many read', async () => {
    asked.length = 0;
    now = new Date(START.getTime() + 60_000);
    await Promise.all(Array.from({ length: 20 }, () => get('trip-updates')));
    now = new Date(now.getTime() + 4_000);
    await get('trip-updates');
    assert.deepEqual(asked, ['trips:']);
  });

  it('serves the last feed while its source fails, for up to a minute; then the failure', async () => {
    now = new Date(START.getTime() + 600_000);
    const good = await get('service-alerts');
    alertsFail = true;
    try {
      now = new Date(now.getTime() + 30_000);
      const served = await get('service-alerts');
      assert.equal(served.statusCode, 200);
      assert.deepEqual(served.rawPayload, good.rawPayload);
      now = new Date(now.getTime() + 31_000);
      assert.equal((await get('service-alerts')).statusCode, 500);
    } finally {
      alertsFail = false;
    }
    assert.equal((await get('service-alerts')).statusCode, 200);
  });

  it('keeps the header timestamp going forward when the clock goes back', async () => {
    const before = await get('vehicle-positions');
    now = new Date(START.getTime() - 3_600_000);
    vehicles = new Map([['', 7]]);
    const after = await get('vehicle-positions');
    assert.deepEqual(checkFeed(after.rawPayload, { previous: before.rawPayload }), []);
    assert.ok(
      decodeFeed(after.rawPayload).header.timestamp! > decodeFeed(before.rawPayload).header.timestamp!,
      'decodeFeed(after.rawPayload).header.timestamp! > decodeFeed(before.rawPayload).header.timestamp!',
    );
    now = new Date(START.getTime() + 120_000);
  });

  it("serves the tenant the header names, and a logged-in caller's own tenant privately", async () => {
    vehicles = new Map([
      ['', 20],
      ['quan-ba-dinh', 2],
    ]);
    const other = await get('vehicle-positions', { 'ngsild-tenant': 'quan-ba-dinh' });
    assert.equal(decodeFeed(other.rawPayload).entity?.length, 2);
    const alerts = await get('service-alerts?format=json', { 'fiware-service': 'quan-ba-dinh' });
    assert.deepEqual(alerts.json<{ entity?: unknown[] }>().entity, undefined);
    const viewer = await accountWith(app, ['viewer'], 'quan-ba-dinh');
    const own = await get('vehicle-positions', viewer.auth);
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['cache-control'], 'private, max-age=5');
    assert.equal(decodeFeed(own.rawPayload).entity?.length, 2);
  });

  it('is in the API documentation', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: object }>();
    for (const path of ['vehicle-positions', 'trip-updates', 'service-alerts'])
      assert.ok(`${BASE}/${path}` in doc.paths, '`${BASE}/${path}` in doc.paths');
  });
});
