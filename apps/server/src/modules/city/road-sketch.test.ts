import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { buildTestApp, problemOf } from '../../../test/support/app.js';

interface Sketch {
  bbox: number[];
  attribution: string;
  classes: string[];
  roads: { class: string; line: [number, number][] }[];
}

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
    const sketch = res.json<Sketch>();
    assert.deepEqual(sketch.bbox, box);
    assert.match(sketch.attribution, /OpenStreetMap/);
    assert.ok(sketch.classes.includes('minor'), `streets in a 1.5 km box: ${sketch.classes.join(' ')}`);
    assert.ok(sketch.roads.length > 50, `${sketch.roads.length} lines`);
    // Each run of a line keeps at most the one point on either side outside the box.
    for (const road of sketch.roads) {
      const inside = road.line.filter(
        ([lon, lat]) => lon >= box[0]! && lon <= box[2]! && lat >= box[1]! && lat <= box[3]!,
      );
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

  it('refuses a box that is not one, or too wide, with a clear code', async () => {
    for (const bbox of ['105.8,21', '105.9,21.0,105.8,21.1', 'a,b,c,d', '100,20,106,21', '105.8,21.0,105.8,21.1']) {
      const res = await get(`/api/v1/city/roads?bbox=${bbox}`);
      assert.equal(res.statusCode, 400, `${bbox}: ${res.body}`);
      assert.equal(problemOf(res).code, 'CITY_AREA_INVALID');
    }
    assert.equal((await get('/api/v1/city/roads')).statusCode, 400);
  });
});
