import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { craftedFeed, HANOI_GTFS, writeFeed, zipFeed } from '../../../test/support/gtfs.js';
import { sharedInput } from '../../../test/support/shared-input.js';
import { OutboundGuard } from '../../platform/outbound.js';
import type { Database } from '../../platform/db/index.js';
import { csvTable } from './csv.js';
import {
  feedFilesOf,
  feedFilesOfZip,
  KEPT_VERSIONS,
  TransitService,
  transitModule,
  type FeedIssue,
  type FeedVersion,
} from './index.js';

const hanoi = sharedInput(HANOI_GTFS, 'the Hanoi GTFS feed');

describeEachDriver('transit: GTFS schedules', (ctx) => {
  let app: App;
  let admin: Account;
  let viewer: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer']);
  });
  after(() => app.http.close());

  const upload = (zip: Buffer, who: Account = admin, tenant?: string) =>
    app.http.inject({
      method: 'POST',
      url: '/api/v1/transit/feeds',
      headers: { ...who.auth, 'content-type': 'application/zip', ...(tenant ? { 'ngsild-tenant': tenant } : {}) },
      payload: zip,
    });
  const get = async <T>(url: string, headers: Record<string, string> = viewer.auth): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<T>();
  };
  const current = async (tenant = '') => app.modules.get(transitModule).currentVersion(tenant);

  it('imports the Hanoi feed from its folder and serves its routes and stops', hanoi.options, async () => {
    hanoi.require();
    const version = await app.modules.get(transitModule).importFeed({
      tenant: 'hanoi-gtfs',
      source: HANOI_GTFS,
      importedBy: 'test',
      files: () => feedFilesOf(HANOI_GTFS, app.broker.outbound),
    });
    assert.equal(version.status, 'current');
    assert.equal(version.timezone, 'UTC');
    assert.deepEqual(version.counts, {
      agencies: 1,
      routes: 63,
      stops: 372,
      trips: 2447,
      stopTimes: 14_507,
      calendars: 1,
      calendarDates: 0,
      // Its 2,447 shapes are straight lines through each trip's stops: one along the roads per direction instead.
      shapes: 63,
      shapePoints: 3895,
      frequencies: 0,
      transfers: 0,
      fareAttributes: 0,
      fareRules: 0,
    });
    assert.deepEqual(version.roadShapes, {
      status: 'built',
      built: 63,
      trips: 2447,
      kept: 0,
      replaced: 2447,
      outside: 0,
      legs: 309,
      straightLegs: 0,
      farLegs: 0,
      overBudget: 0,
    });
    // Columns of its own (departure_buffer, peak_offpeak, boarding_type) are reported, not refused.
    assert.deepEqual(version.warnings.map((w) => w.field).sort(), [
      'boarding_type',
      'departure_buffer',
      'peak_offpeak',
    ]);

    const routes = await get<{ routes: { id: string; type: number; trips: number }[]; count: number }>(
      '/api/v1/transit/routes?limit=1000',
      { ...admin.auth, 'ngsild-tenant': 'hanoi-gtfs' },
    );
    assert.equal(routes.count, 63);
    const r01 = routes.routes.find((r) => r.id === '01_1');
    assert.ok(r01 && r01.type === 3 && r01.trips > 0, JSON.stringify(r01));

    const stop = await get<{ id: string; name: string; lat: number; routes: { id: string }[] }>(
      '/api/v1/transit/stops/01_1_S12',
      { ...admin.auth, 'ngsild-tenant': 'hanoi-gtfs' },
    );
    assert.equal(stop.name, 'STOP_01_1_S12');
    assert.equal(stop.lat, 21.019377);
    assert.ok(
      stop.routes.some((r) => r.id === '01_1'),
      "stop.routes.some((r) => r.id === '01_1')",
    );

    const near = await get<{ stops: { id: string; distance: number }[]; count: number }>(
      '/api/v1/transit/stops?near=105.837823,21.019377&radius=300',
      { ...admin.auth, 'ngsild-tenant': 'hanoi-gtfs' },
    );
    assert.equal(near.stops[0]?.id, '01_1_S12');
    // The same as measuring the distance to every stop (on a sphere; metres apart at the edge allowed).
    const all = await app.modules.get(transitModule).stops('hanoi-gtfs', { kind: 'all' }, { limit: 1000, offset: 0 });
    const metres = (lon: number, lat: number) => {
      const rad = Math.PI / 180;
      const a =
        Math.sin(((lat - 21.019377) * rad) / 2) ** 2 +
        Math.cos(lat * rad) * Math.cos(21.019377 * rad) * Math.sin(((lon - 105.837823) * rad) / 2) ** 2;
      return 2 * 6_371_008 * Math.asin(Math.sqrt(a));
    };
    const found = new Set(near.stops.map((s) => s.id));
    for (const s of all.items) {
      const d = metres(s.lon ?? 0, s.lat ?? 0);
      if (d < 297) assert.ok(found.has(s.id), `${s.id} at ${d} m is found`);
      if (d > 303) assert.ok(!found.has(s.id), `${s.id} at ${d} m is not`);
    }
    assert.ok(near.count > 3 && near.count === near.stops.length, `${near.count} stops near`);
    assert.equal(near.stops[0]?.distance, 0);
    assert.ok(
      near.stops.every((s, k) => s.distance <= 300 && (k === 0 || s.distance >= (near.stops[k - 1]?.distance ?? 0))),
      'near.stops.every((s, k) => s.distance <= 300 && (k === 0 || s.distance >= (near.stops[k - 1]?.distance ?? 0)))',
    );
  });

  it('accepts a zip upload of a feed written the way real ones are', async () => {
    const res = await upload(zipFeed(craftedFeed()));
    assert.equal(res.statusCode, 201, res.body);
    const version = res.json<FeedVersion>();
    assert.equal(res.headers['location'], `/api/v1/transit/feeds/${version.id}`);
    assert.equal(version.status, 'current');
    assert.equal(version.source, 'upload');
    assert.equal(version.timezone, 'Asia/Ho_Chi_Minh');
    assert.deepEqual(
      [version.counts?.routes, version.counts?.stops, version.counts?.trips, version.counts?.stopTimes],
      [2, 6, 3, 7],
    );
    assert.deepEqual(
      [version.counts?.frequencies, version.counts?.calendarDates, version.counts?.fareRules],
      [2, 2, 1],
    );
    assert.deepEqual(
      version.warnings.map((w: FeedIssue) => `${w.file}:${w.field}`),
      ['agency.txt:operator_note', 'stops.txt:extra_col'],
    );

    // Riders read it without logging in (the timetable's reads are public).
    const routes = await get<{ routes: { id: string; longName: string; color: string | null }[]; count: number }>(
      '/api/v1/transit/routes?type=3',
      {},
    );
    assert.deepEqual(
      routes.routes.map((r) => [r.id, r.longName, r.color]),
      [['R1', 'Gia Lâm - Yên Nghĩa', 'FF0000']],
    );
    const station = await get<{ name: string; locationType: number; children: string[]; routes: { id: string }[] }>(
      '/api/v1/transit/stops/ST1',
      {},
    );
    assert.equal(station.name, 'Ga Cát Linh, Đống Đa');
    assert.equal(station.locationType, 1);
    assert.deepEqual(station.children, ['E1', 'P1']);
    assert.deepEqual(
      station.routes.map((r) => r.id),
      ['M2A'],
    );
    const boxed = await get<{ stops: { id: string }[] }>('/api/v1/transit/stops?bbox=105.84,21.02,105.86,21.05');
    assert.deepEqual(
      boxed.stops.map((s) => s.id),
      ['S1', 'S2'],
    );

    // Open data: any site's page may read the public answers (no credentials), and caches keep them a while;
    // a logged-in caller's answer is theirs alone and gets no open-origin header.
    for (const url of ['/api/v1/transit/stops?limit=1', '/api/v1/transit/routes', '/api/v1/transit/stops/ST1']) {
      const open = await app.http.inject({ method: 'GET', url, headers: { origin: 'https://planner.example' } });
      assert.equal(open.statusCode, 200, open.body);
      assert.equal(open.headers['access-control-allow-origin'], '*', url);
      assert.equal(open.headers['access-control-allow-credentials'], undefined, url);
      assert.equal(open.headers['cache-control'], 'public, max-age=300', url);
      const own = await app.http.inject({
        method: 'GET',
        url,
        headers: { ...viewer.auth, origin: 'https://planner.example' },
      });
      assert.equal(own.statusCode, 200, own.body);
      assert.equal(own.headers['access-control-allow-origin'], undefined, url);
      assert.equal(own.headers['cache-control'], 'private, no-cache', url);
    }
    const feedsList = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/feeds',
      headers: { ...admin.auth, origin: 'https://planner.example' },
    });
    assert.equal(feedsList.headers['access-control-allow-origin'], undefined, 'not on an authenticated route');

    // The stop picker's map: every located stop counted on a grid of at most cells × cells, in one answer.
    type Grid = { bbox: number[] | null; cells: { lon: number; lat: number; count: number }[]; stops: number };
    const located = await get<{ count: number }>('/api/v1/transit/stops?bbox=-180,-90,180,90&limit=1', {});
    const grid = await get<Grid>('/api/v1/transit/stop-grid', {});
    assert.ok(located.count >= 3, `the feed has located stops (${located.count})`);
    assert.equal(grid.stops, located.count, 'every located stop is on the grid');
    assert.equal(
      grid.cells.reduce((n, c) => n + c.count, 0),
      located.count,
      'the cells add up to every stop',
    );
    const one = await get<Grid>('/api/v1/transit/stop-grid?cells=1', {});
    assert.equal(one.cells.length, 1, 'one cell holds them all');
    assert.equal(one.cells[0]?.count, located.count);
    const [w = 0, so = 0, e = 0, n = 0] = one.bbox ?? [];
    const c = one.cells[0];
    assert.ok(c.lon >= w && c.lon <= e && c.lat >= so && c.lat <= n, 'the cell sits within the stops’ extent');
    const boxedGrid = await get<Grid>('/api/v1/transit/stop-grid?bbox=105.84,21.02,105.86,21.05', {});
    assert.equal(boxedGrid.stops, 2, 'the box holds S1 and S2');
    const empty = await get<Grid>('/api/v1/transit/stop-grid?bbox=2.3,48.8,2.4,48.9', {});
    assert.deepEqual(empty, { bbox: null, cells: [], stops: 0 });
    for (const bad of ['bbox=105.9,21,105.8,21.1', 'bbox=abc', 'cells=0', 'cells=97']) {
      const res = await app.http.inject({ method: 'GET', url: `/api/v1/transit/stop-grid?${bad}` });
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
    }
  });

  it('refuses a broken feed with every error named by file, line and field, and keeps the current version', async () => {
    const before = await current();
    assert.ok(before, 'before');
    const files = craftedFeed();
    files['stop_times.txt'] = `${files['stop_times.txt']}T1,08:30:00,08:29:00,S404,4,1\r\n`;
    files['trips.txt'] = `${files['trips.txt']}R404,WK,T4,x,,0\r\n`;
    const res = await upload(zipFeed(files));
    const problem = problemOf(res);
    assert.equal(problem.status, 422);
    assert.equal(problem.code, 'TRANSIT_FEED_INVALID');
    const errors = problem['errors'] as FeedIssue[];
    const at = errors.map((e) => `${e.file}:${e.line}:${e.field}`);
    for (const expected of ['trips.txt:5:route_id', 'stop_times.txt:9:stop_id', 'stop_times.txt:9:departure_time']) {
      assert.ok(at.includes(expected), `${expected} in ${at.join(' ')}`);
    }
    assert.equal((await current())?.id, before.id);
    const failed = await get<FeedVersion>(`/api/v1/transit/feeds/${String(problem['versionId'])}`, admin.auth);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.errors.length, errors.length);
    // The routes served are still those of the current version.
    assert.equal((await get<{ count: number }>('/api/v1/transit/routes')).count, 2);
  });

  it('refuses feeds no real timetable has, naming file, line and field, and keeps the current version serving', async () => {
    const before = await current();
    assert.ok(before, 'before');
    const edit = (file: string, change: (text: string) => string) => {
      const files = craftedFeed();
      files[file] = change(files[file] ?? '');
      return files;
    };
    const manyRuns = Array.from({ length: 50 }, () => 'T3,00:00:00,72:00:00,60,1\r\n').join('');
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        edit('frequencies.txt', (t) => `${t}T3,00:00:00,24:00:00,1,1\r\n`),
        'frequencies.txt:4:headway_secs',
        /at least 60/,
      ],
      [
        edit('frequencies.txt', (t) => `${t}T3,00:00:00,999:00:00,600,1\r\n`),
        'frequencies.txt:4:end_time',
        /past 72:00:00/,
      ],
      [
        edit('stop_times.txt', (t) => t.replace('25:35:00,25:36:00', '72:00:01,72:00:01')),
        'stop_times.txt:6:arrival_time',
        /past 72:00:00/,
      ],
      [edit('frequencies.txt', (t) => `${t}${manyRuns}`), 'frequencies.txt:50:headway_secs', /more than 200000 runs/],
      [
        edit('stops.txt', (t) => `${t}S9,${'N'.repeat(201)},21,105,0,,,,\r\n`),
        'stops.txt:8:stop_name',
        /201 characters \(code points\) long; at most 200/,
      ],
      [
        edit('routes.txt', (t) => `${t}R9,HNB,${'9'.repeat(201)},,3,,,\r\n`),
        'routes.txt:4:route_short_name',
        /at most 200/,
      ],
      [
        edit('stops.txt', (t) => `${t}S9,${'N'.repeat(70_000)},21,105,0,,,,\r\n`),
        'stops.txt:8:stop_name',
        /line is longer than 65536/,
      ],
      [
        // Lines 4 to 50,004: the 50,001st point of one shape is past the bound.
        edit(
          'shapes.txt',
          (t) => `${t}${Array.from({ length: 50_001 }, (_, i) => `SH9,21.03,105.85,${i}\r\n`).join('')}`,
        ),
        'shapes.txt:50004:shape_id',
        /more than 50000 points/,
      ],
      [
        edit('agency.txt', (t) => t.replace('Asia/Ho_Chi_Minh', 'asia/ho_chi_minh')),
        'agency.txt:2:agency_timezone',
        /IANA/,
      ],
    ];
    for (const [files, at, message] of cases) {
      const problem = problemOf(await upload(zipFeed(files)));
      assert.equal(problem.code, 'TRANSIT_FEED_INVALID', at);
      const found = (problem['errors'] as FeedIssue[]).find((e) => `${e.file}:${e.line}:${e.field}` === at);
      assert.ok(found, `no error at ${at}: ${JSON.stringify(problem['errors']).slice(0, 500)}`);
      assert.match(found.message, message);
      assert.equal((await current())?.id, before.id, at);
    }
    // Zip entries named with paths are not taken for the feed's files; a folder inside the zip still is.
    for (const name of ['../../x/agency.txt', '/tmp/agency.txt', 'C:/gtfs/agency.txt', 'gtfs\\agency.txt']) {
      const files = craftedFeed();
      const zip = zipSync({
        ...Object.fromEntries(Object.entries(files).map(([n, t]) => [n === 'agency.txt' ? name : n, strToU8(t)])),
      });
      const problem = problemOf(await upload(Buffer.from(zip)));
      assert.equal(problem.code, 'TRANSIT_FEED_UNREADABLE', name);
      assert.match(String(problem.detail), /named without/, name);
    }
    assert.equal((await current())?.id, before.id);
    assert.equal((await get<{ count: number }>('/api/v1/transit/routes')).count, 2);
  });

  it('publishes a time zone in the IANA spelling when it differs only by case', async () => {
    const files = craftedFeed();
    files['agency.txt'] = (files['agency.txt'] ?? '').replace('Asia/Ho_Chi_Minh', 'utc');
    const res = await upload(zipFeed(files), admin, 'spelled');
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json<FeedVersion>().timezone, 'UTC');
  });

  it('refuses what is not a zip (400) and a feed from a role that may not import (403)', async () => {
    const notZip = problemOf(await upload(Buffer.from('route_id,route_type\n')));
    assert.equal(notZip.status, 400);
    assert.equal(notZip.code, 'TRANSIT_FEED_UNREADABLE');
    assert.equal(problemOf(await upload(zipFeed(craftedFeed()), viewer)).status, 403);
    const anonymous = await app.http.inject({ method: 'GET', url: '/api/v1/transit/feeds' });
    assert.equal(problemOf(anonymous).status, 401);
    const noArea = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/stops?near=105.8',
      headers: viewer.auth,
    });
    assert.equal(problemOf(noArea).code, 'TRANSIT_BAD_AREA');
    for (const query of ['near=105.8,21&radius=Infinity', 'near=0x10,21', 'near=1e2,21']) {
      const res = await app.http.inject({ method: 'GET', url: `/api/v1/transit/stops?${query}`, headers: viewer.auth });
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    }
  });

  it('downloads a feed from a URL through the outbound guard, which refuses what it does not allow', async () => {
    const zip = zipFeed(craftedFeed());
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(zip));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gtfs.zip`;
    const transit = app.modules.get(transitModule);
    try {
      const version = await transit.importFeed({
        tenant: 'downloaded',
        source: url,
        importedBy: 'test',
        files: () => feedFilesOf(url, app.broker.outbound),
      });
      assert.equal(version.counts?.stopTimes, 7);
      const strict = new OutboundGuard({ allow: [] });
      await assert.rejects(
        transit.importFeed({
          tenant: 'downloaded',
          source: url,
          importedBy: 'test',
          files: () => feedFilesOf(url, strict),
        }),
        (err: Error & { code?: string }) =>
          err.code === 'TRANSIT_FEED_UNREADABLE' && /may not be fetched/.test(err.message),
      );
      strict.close();
      assert.equal((await current('downloaded'))?.id, version.id);
    } finally {
      server.close();
    }
  });

  it('keeps the current version serving when a feed cannot be stored halfway, and marks that one failed', async () => {
    const dir = writeFeed(craftedFeed());
    const files = () => feedFilesOf(dir, app.broker.outbound);
    const good = await app.modules
      .get(transitModule)
      .importFeed({ tenant: 'storage', source: dir, importedBy: 'test', files });
    // The database refuses the stop times, after agencies, routes, stops and trips went in.
    const failing: Database = Object.create(ctx.db, {
      query: {
        value: (text: string, params?: readonly unknown[]) =>
          text.startsWith('INSERT INTO transit_stop_time')
            ? Promise.reject(new Error('disk full'))
            : ctx.db.query(text, params),
      },
    }) as Database;
    await assert.rejects(
      new TransitService(failing, silentLog).importFeed({ tenant: 'storage', source: dir, importedBy: 'test', files }),
      /disk full/,
    );
    assert.equal((await current('storage'))?.id, good.id);
    const list = await app.modules.get(transitModule).listVersions('storage', { limit: 10, offset: 0 });
    assert.deepEqual(
      list.items.map((v) => v.status),
      ['failed', 'current'],
    );
    const left = await ctx.db.query<{ n: number }>(`SELECT count(*) AS n FROM transit_trip WHERE version_id = $1`, [
      list.items[0]?.id,
    ]);
    assert.equal(left.rows[0]?.n, 0, 'the failed version keeps no rows');
    const served = await get<{ count: number }>('/api/v1/transit/routes', {
      ...admin.auth,
      'ngsild-tenant': 'storage',
    });
    assert.equal(served.count, 2);
  });

  it('is in the API documentation, the upload with its media type', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>();
    for (const path of [
      '/api/v1/transit/feeds',
      '/api/v1/transit/feeds/{id}',
      '/api/v1/transit/routes',
      '/api/v1/transit/stops',
      '/api/v1/transit/stops/{id}',
      '/api/v1/transit/gtfs.zip',
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    assert.ok(
      doc.paths['/api/v1/transit/feeds']?.['post']?.requestBody?.content['application/zip'],
      "doc.paths['/api/v1/transit/feeds']?.['post']?.requestBody?.content['application/zip']",
    );
  });

  it("answers a page of another site asking to read a tenant's public timetable (a preflight), and no other route", async () => {
    const preflight = (on: App, url: string, method = 'GET') =>
      on.http.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: 'https://planner.example',
          'access-control-request-method': method,
          'access-control-request-headers': 'ngsild-tenant, if-none-match',
        },
      });
    // With the platform's CORS open to its own origins only, as a city runs it, and without any.
    const own = await buildTestApp(ctx.db, { CORS_ORIGINS: 'https://ioc.hanoi.example' });
    try {
      for (const on of [app, own]) {
        for (const url of [
          '/api/v1/transit/stops/ST1/departures?from=2026-12-03T07%3A00%3A00%2B07%3A00',
          '/api/v1/transit/routes',
          '/api/v1/transit/gtfs.zip',
          '/api/v1/transit/gtfs-rt/vehicle-positions',
          '/api/v1/transit/gtfs-rt/service-alerts?route=R1',
        ]) {
          const res = await preflight(on, url);
          assert.equal(res.statusCode, 204, `${url}: ${res.body}`);
          assert.equal(res.headers['access-control-allow-origin'], '*', url);
          assert.equal(res.headers['access-control-allow-credentials'], undefined, url);
          assert.equal(res.headers['access-control-allow-methods'], 'GET, HEAD', url);
          const allowed = String(res.headers['access-control-allow-headers']).split(/,\s*/);
          for (const h of ['ngsild-tenant', 'fiware-service', 'if-none-match', 'if-modified-since']) {
            assert.ok(allowed.includes(h), `${url} allows ${h}`);
          }
          assert.ok(!allowed.includes('authorization'), url);
          assert.equal(res.headers['access-control-max-age'], '7200', url);
        }
        // Not the routes that change things or need a login.
        for (const [url, method] of [
          ['/api/v1/transit/feeds', 'GET'],
          ['/api/v1/transit/alerts', 'POST'],
          ['/api/v1/transit/vehicle-positions', 'POST'],
        ] as const) {
          const res = await preflight(on, url, method);
          assert.equal(res.headers['access-control-allow-origin'], undefined, url);
        }
      }
      // The platform's own origin still gets its credentialed answer on a staff route.
      const staff = await own.http.inject({
        method: 'OPTIONS',
        url: '/api/v1/transit/feeds',
        headers: { origin: 'https://ioc.hanoi.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(staff.headers['access-control-allow-origin'], 'https://ioc.hanoi.example');
      assert.equal(staff.headers['access-control-allow-credentials'], 'true');
    } finally {
      await own.http.close();
    }
  });

  it('keeps each tenant’s schedule apart', async () => {
    const other = await get<{ count: number }>('/api/v1/transit/routes', {
      ...admin.auth,
      'ngsild-tenant': 'elsewhere',
    });
    assert.equal(other.count, 0);
    const stop = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/stops/ST1',
      headers: { ...admin.auth, 'ngsild-tenant': 'elsewhere' },
    });
    assert.equal(stop.statusCode, 404);
  });

  it('serves the current timetable as a GTFS zip to anyone, with the ids imported, once per version', async () => {
    const imported = await upload(zipFeed(craftedFeed()));
    assert.equal(imported.statusCode, 201, imported.body);
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/transit/gtfs.zip' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/zip');
    const etag = String(res.headers['etag']);
    const files = await feedFilesOfZip(res.rawPayload);
    const ids = (texts: ReadonlyMap<string, string>, file: string, column: string) => {
      return [...csvTable(texts.get(file) ?? '').rows]
        .map((r) => r.get(column) ?? '')
        .filter((v, i, all) => all.indexOf(v) === i)
        .sort();
    };
    const given = new Map(Object.entries(craftedFeed()));
    for (const [file, column] of [
      ['agency.txt', 'agency_id'],
      ['stops.txt', 'stop_id'],
      ['routes.txt', 'route_id'],
      ['trips.txt', 'trip_id'],
      ['stop_times.txt', 'trip_id'],
      ['calendar_dates.txt', 'service_id'],
      ['frequencies.txt', 'trip_id'],
      ['fare_rules.txt', 'fare_id'],
    ] as const) {
      assert.deepEqual(ids(files, file, column), ids(given, file, column), `${file} ${column}`);
    }
    // The same version: the same bytes (built once), and a revalidation is answered 304.
    const again = await app.http.inject({ method: 'GET', url: '/api/v1/transit/gtfs.zip' });
    assert.ok(again.rawPayload.equals(res.rawPayload), 'the same bytes');
    const notModified = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/gtfs.zip',
      headers: { 'if-none-match': etag },
    });
    assert.equal(notModified.statusCode, 304);
    // It imports as it was served.
    const reimported = await upload(res.rawPayload);
    assert.equal(reimported.statusCode, 201, reimported.body);
    assert.deepEqual(reimported.json<FeedVersion>().counts, imported.json<FeedVersion>().counts);
    const next = await app.http.inject({ method: 'GET', url: '/api/v1/transit/gtfs.zip' });
    assert.notEqual(next.headers['etag'], etag, 'a new version, a new ETag');
    const elsewhere = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/gtfs.zip',
      headers: { 'ngsild-tenant': 'nowhere-yet' },
    });
    assert.equal(elsewhere.statusCode, 404);
  });

  it(`keeps the last ${KEPT_VERSIONS} versions, the current one among them`, async () => {
    const dir = writeFeed(craftedFeed());
    let last: FeedVersion | undefined;
    for (let k = 0; k < KEPT_VERSIONS + 1; k++) {
      last = await app.modules.get(transitModule).importFeed({
        tenant: 'versions',
        source: dir,
        importedBy: 'test',
        files: () => feedFilesOf(dir, app.broker.outbound),
      });
    }
    const list = await get<{ versions: FeedVersion[]; count: number }>('/api/v1/transit/feeds', {
      ...admin.auth,
      'ngsild-tenant': 'versions',
    });
    assert.equal(list.count, KEPT_VERSIONS);
    assert.equal(list.versions[0]?.id, last?.id);
    assert.deepEqual(
      list.versions.map((v) => v.status),
      ['current', ...Array<string>(KEPT_VERSIONS - 1).fill('previous')],
    );
    const rows = await ctx.db.query<{ n: number }>(
      `SELECT count(DISTINCT version_id) AS n FROM transit_stop_time
        WHERE version_id IN (SELECT id FROM transit_feed_version WHERE tenant = 'versions')`,
    );
    assert.equal(rows.rows[0]?.n, KEPT_VERSIONS);
  });
});
