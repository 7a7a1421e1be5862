import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { buildTestApp, problemOf } from '../../../test/support/app.js';

interface Sketch {
  bbox: number[];
  attribution: string;
  classes: string[];
  roads: { class: string; line: [number, number][] }[];
}

/** Runs of the suite in this process: each asks for boxes of its own. */
let runs = 0;

describeEachDriver("the roads of a box, for the rider page's map", (ctx) => {
  let app: App;
  before(async () => {
    app = await buildTestApp(ctx.db);
  });
  after(() => app.http.close());

  const get = (url: string) => app.http.inject({ method: 'GET', url });
  const points = (s: Sketch) => s.roads.reduce((n, r) => n + r.line.length, 0);

  it('gives the streets of a small box around Hoàn Kiếm lake, to anyone, each line near the box', async () => {
    const box = [105.845, 21.02, 105.86, 21.035];
    const res = await get(`/api/v1/city/roads?bbox=${box.join(',')}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'public, max-age=86400');
    assert.equal(res.headers['vary'], 'accept-encoding', 'a shared cache keys the answer on its encoding');
    const sketch = res.json<Sketch>();
    // The box drawn holds the box asked for, widened to its grid by at most an eighth each way.
    const [w, s, e, n] = sketch.bbox as [number, number, number, number];
    assert.ok(w <= box[0]! && s <= box[1]! && e >= box[2]! && n >= box[3]!, `${sketch.bbox.join(',')} holds the box`);
    assert.ok(e - w <= (box[2]! - box[0]!) * 1.25 && n - s <= (box[3]! - box[1]!) * 1.25, `${sketch.bbox.join(',')}`);
    assert.match(sketch.attribution, /OpenStreetMap/);
    assert.ok(sketch.classes.includes('minor'), `streets in a 1.5 km box: ${sketch.classes.join(' ')}`);
    assert.ok(sketch.roads.length > 50, `${sketch.roads.length} lines`);
    // Each run of a line keeps at most the one point on either side outside the box drawn.
    for (const road of sketch.roads) {
      const inside = road.line.filter(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n);
      assert.ok(inside.length > 0 || road.line.length === 2, `a line of ${road.class} with no point in the box`);
      for (const [lon, lat] of road.line) {
        assert.ok(Math.abs(lon * 1e5 - Math.round(lon * 1e5)) < 1e-6, `${lon} rounded to 5 decimals`);
        assert.ok(lat > 20.9 && lat < 21.2, `${lat} near the box`);
      }
    }
  });

  it('keeps a city-wide box to the main roads and within its points', async () => {
    const sketch = (await get('/api/v1/city/roads?bbox=105.3,20.6,106.0,21.4')).json<Sketch>();
    assert.ok(!sketch.classes.includes('minor'), sketch.classes.join(' '));
    assert.ok(!sketch.classes.includes('tertiary'), sketch.classes.join(' '));
    assert.deepEqual(sketch.classes.slice(0, 2), ['motorway', 'trunk']);
    assert.ok(points(sketch) <= 6000, `${points(sketch)} points`);
    assert.ok(new Set(sketch.roads.map((r) => r.class)).size === sketch.classes.length, 'every class drawn has lines');
  });

  it('gives boxes that differ in their last digits one answer, kept once, and gzipped with Vary', async () => {
    const a = await get('/api/v1/city/roads?bbox=105.84513,21.02017,105.86021,21.03496');
    const b = await app.http.inject({
      method: 'GET',
      url: '/api/v1/city/roads?bbox=105.84502,21.02004,105.86011,21.03487',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(b.headers['content-encoding'], 'gzip');
    assert.equal(b.headers['vary'], 'accept-encoding');
    assert.deepEqual(JSON.parse(gunzipSync(b.rawPayload).toString('utf8')), a.json());
  });

  it('refuses a box that is not one, or too wide, with a clear code', async () => {
    for (const bbox of [
      '105.8,21',
      '105.9,21.0,105.8,21.1',
      'a,b,c,d',
      '100,20,106,21',
      '105.8,21.0,105.8,21.1',
      // Number('') is 0 and Number('0x69') is 105: neither is a number a person wrote.
      ',20,1,21',
      '105.8,,105.9,21.1',
      '0x69,21.0,105.9,21.1',
      '105.8,21.0,105.9,2.11e1',
      '105.8,21.0,Infinity,21.1',
    ]) {
      const res = await get(`/api/v1/city/roads?bbox=${bbox}`);
      assert.equal(res.statusCode, 400, `${bbox}: ${res.body}`);
      assert.equal(problemOf(res).code, 'CITY_AREA_INVALID');
    }
    assert.equal((await get('/api/v1/city/roads')).statusCode, 400);
  });

  it('draws at most 60 new boxes a minute for one address, then 429 with Retry-After, in Vietnamese too', async () => {
    // Boxes no test has asked for (the sketches are kept for the whole process, both databases' runs).
    const base = 105.5 + ++runs * 0.1;
    const ask = (i: number, from: string, language = 'en') =>
      app.http.inject({
        method: 'GET',
        url: `/api/v1/city/roads?bbox=${base + i * 0.001},21.1,${base + i * 0.001 + 0.0005},21.1005`,
        headers: { 'accept-language': language },
        remoteAddress: from,
      });
    for (let i = 0; i < 60; i++) assert.equal((await ask(i, '10.9.0.1')).statusCode, 200, `new box ${i}`);
    const refused = await ask(60, '10.9.0.1', 'vi');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(problemOf(refused).code, 'CITY_ROADS_RATE_LIMITED');
    assert.match(problemOf(refused).detail, /quá nhiều vùng bản đồ mới/);
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 60, `Retry-After ${refused.headers['retry-after']}`);
    // A box kept already costs nothing and is still served; another address has its own allowance.
    assert.equal((await ask(3, '10.9.0.1')).statusCode, 200, 'a kept box');
    assert.equal((await ask(60, '10.9.0.2')).statusCode, 200, 'another address');
  });
});
