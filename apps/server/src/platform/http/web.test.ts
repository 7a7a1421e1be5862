import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AssetCache, webRoutes } from './web.js';

// The page's security headers, with a stand-in build of the web app.
describe('the operations-centre page and its security headers', () => {
  const dist = mkdtempSync(join(tmpdir(), 'thanglong-web-'));
  let plain: FastifyInstance;
  let styled: FastifyInstance;

  before(async () => {
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Thang Long</title>');
    mkdirSync(join(dist, 'rider'));
    writeFileSync(join(dist, 'rider', 'index.html'), '<!doctype html><title>Xe buýt Hà Nội</title>');
    mkdirSync(join(dist, 'citizen'));
    writeFileSync(join(dist, 'citizen', 'index.html'), '<!doctype html><title>Phản ánh hiện trường Hà Nội</title>');
    mkdirSync(join(dist, 'dich-vu-cong'));
    writeFileSync(join(dist, 'dich-vu-cong', 'index.html'), '<!doctype html><title>Dịch vụ công trực tuyến</title>');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'app.js'), 'void 0;');
    plain = Fastify();
    await plain.register(webRoutes, { mapStyleUrl: undefined, dist: `${dist}/` });
    styled = Fastify();
    await styled.register(webRoutes, { mapStyleUrl: 'https://tiles.example.vn/styles/hanoi.json', dist: `${dist}/` });
  });
  after(async () => {
    await plain.close();
    await styled.close();
  });

  const directives = (csp: string): Map<string, string> =>
    new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );

  it('sends no referrer across origins and denies camera, microphone, location, payment and USB', async () => {
    for (const url of [
      '/',
      '/devices',
      '/trends',
      '/transit',
      '/dispatch',
      '/dispatch/report',
      '/reports',
      '/reports/insight',
      '/dossiers',
      '/dossiers/index',
      '/dich-vu-cong/',
      '/assets/app.js',
    ]) {
      const res = await plain.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
      const policy = String(res.headers['permissions-policy']);
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
        assert.match(policy, new RegExp(`(^|, )${feature}=\\(\\)`), `${url}: ${feature}`);
      }
    }
  });

  it('serves the public pages at /rider/ and /citizen/, which alone may ask where the person is', async () => {
    // /rider and /citizen too, in the app (its router ignores a trailing slash).
    for (const [url, title] of [
      ['/rider/', /Xe buýt Hà Nội/],
      ['/citizen/', /Phản ánh hiện trường Hà Nội/],
    ] as const) {
      const res = await plain.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, title);
      const policy = String(res.headers['permissions-policy']);
      assert.match(policy, /(^|, )geolocation=\(self\)/, url);
      for (const feature of ['camera', 'microphone', 'payment', 'usb']) {
        assert.match(policy, new RegExp(`(^|, )${feature}=\\(\\)`), `${url}: ${feature}`);
      }
      assert.equal(directives(String(res.headers['content-security-policy'])).get('script-src'), "'self'");
    }
  });

  it('serves online public services at /dich-vu-cong/, public, under the same script policy', async () => {
    const res = await plain.inject({ method: 'GET', url: '/dich-vu-cong/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Dịch vụ công trực tuyến/);
    assert.equal(directives(String(res.headers['content-security-policy'])).get('script-src'), "'self'");
  });

  it('lets the page talk and load images only from this server (and data:/blob: for the map)', async () => {
    const csp = directives(
      String((await plain.inject({ method: 'GET', url: '/' })).headers['content-security-policy']),
    );
    assert.equal(csp.get('connect-src'), "'self'");
    assert.equal(csp.get('img-src'), "'self' data: blob:");
    assert.equal(csp.get('frame-ancestors'), "'none'");
    assert.equal(csp.get('script-src'), "'self'");
  });

  it('adds only the origin of an external map style (MAP_STYLE_URL), never any https: site', async () => {
    const csp = directives(
      String((await styled.inject({ method: 'GET', url: '/' })).headers['content-security-policy']),
    );
    assert.equal(csp.get('connect-src'), "'self' https://tiles.example.vn");
    assert.equal(csp.get('img-src'), "'self' data: blob: https://tiles.example.vn");
    assert.ok(
      ![...csp.values()].some((v) => v.split(' ').includes('https:')),
      "![...csp.values()].some((v) => v.split(' ').includes('https:'))",
    );
  });
});

describe('serving the built assets', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'thanglong-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Thang Long</title>');
    writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'app-1a2b.js.map'), '{"sources":["src/App.tsx"]}');
    app = Fastify();
    await app.register(webRoutes, { mapStyleUrl: undefined, dist: `${dist}/` });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves hashed assets for a year, and never a source map', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /immutable/);
    const map = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js.map' });
    assert.equal(map.statusCode, 404);
  });

  it('remembers no missing asset: one that appears later (a new build) is served', async () => {
    const before = await app.inject({ method: 'GET', url: '/assets/late-9z.js' });
    assert.equal(before.statusCode, 404);
    writeFileSync(join(dist, 'assets', 'late-9z.js'), 'console.log(2)');
    const later = await app.inject({ method: 'GET', url: '/assets/late-9z.js' });
    assert.equal(later.statusCode, 200);
  });
});

describe('the memory the served files take', () => {
  let dist: string;
  let app: FastifyInstance;
  // Room for about four of the 1 kB assets below.
  const cache = new AssetCache(4500);
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'thanglong-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Build 1</title>');
    for (let i = 0; i < 40; i++) writeFileSync(join(dist, 'assets', `chunk-${i}.js`), `/*${i}*/`.padEnd(1000, ' '));
    app = Fastify();
    await app.register(webRoutes, { mapStyleUrl: undefined, dist, cache });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('stays within its bound however many files are asked for, and still serves every one', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 40; i++) {
        const res = await app.inject({ method: 'GET', url: `/assets/chunk-${i}.js` });
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.startsWith(`/*${i}*/`), 'res.body.startsWith(`/*${i}*/`)');
        assert.ok(cache.bytes <= 4500, `${cache.bytes} bytes kept`);
      }
    }
    for (let i = 0; i < 1000; i++) {
      assert.equal((await app.inject({ method: 'GET', url: `/assets/missing-${i}.js` })).statusCode, 404);
    }
    assert.ok(cache.files <= 5, `${cache.files} files kept`);
    assert.ok(cache.bytes <= 4500, 'cache.bytes <= 4500');
  });

  it('sends a new build of the page without a restart', async () => {
    assert.match((await app.inject({ method: 'GET', url: '/' })).body, /Build 1/);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Build 2, a little longer</title>');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dist, 'index.html'), later, later);
    assert.match((await app.inject({ method: 'GET', url: '/' })).body, /Build 2/);
  });
});
