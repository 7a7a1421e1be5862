import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../../../app.js';
import { describeEachDriver } from '../../../../test/support/databases.js';
import { buildTestApp } from '../../../../test/support/app.js';

/**
 * A third party's web app reads and posts through the public Open311 API from its own site: the
 * browser's preflight and the answers' CORS headers, over a real socket. The staff API stays closed to
 * other sites, and unknown query parameters (cache-busters and the like) are ignored, not refused.
 */

const APP_SITE = 'https://reports.example';
const WASTE = { service_code: 'waste', lat: '21.0287', long: '105.8522', 'attribute[kind]': 'dumping' };

describeEachDriver('Open311 for web apps on other sites', (ctx) => {
  let app: App;
  let base = '';

  before(async () => {
    app = await buildTestApp(ctx.db, {
      REPORTS_RATE_LIMIT: '1000',
      REPORTS_APP_KEYS: 'street-app:street-key-1:100',
      CORS_ORIGINS: 'https://ioc.example',
    });
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.http.close();
  });

  const count = async () =>
    Number((await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports_report`)).rows[0]?.n);

  const preflight = (path: string, method: string, headers = 'content-type') =>
    fetch(`${base}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: APP_SITE,
        'access-control-request-method': method,
        'access-control-request-headers': headers,
      },
    });

  it('answers the preflight of a POST requests.json from any site, without credentials', async () => {
    const res = await preflight('/open311/v2/requests.json', 'POST');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /content-type/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null, 'never with credentials');
    const services = await preflight('/open311/v2/services.json', 'GET', 'accept-language');
    assert.equal(services.status, 204);
    assert.doesNotMatch(services.headers.get('access-control-allow-methods') ?? '', /POST/, 'services are only read');
  });

  it('lets a page of another site read services and requests, and the headers it needs', async () => {
    for (const path of ['/open311/v2/services.json', '/open311/v2/requests.xml', '/open311/v2/discovery.json']) {
      const res = await fetch(`${base}${path}`, { headers: { origin: APP_SITE } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /retry-after/, path);
    }
    // An error is readable too, so the app can say what went wrong.
    const missing = await fetch(`${base}/open311/v2/requests/999999.json`, { headers: { origin: APP_SITE } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('access-control-allow-origin'), '*');
  });

  it('takes a report posted from another site with the api_key the city issued, and refuses one without', async () => {
    const before = await count();
    const refused = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { origin: APP_SITE, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(WASTE).toString(),
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), '*', 'the app can read why');
    assert.match(await refused.text(), /api_key/);
    assert.equal(await count(), before, 'nothing stored');

    const taken = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { origin: APP_SITE, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...WASTE, api_key: 'street-key-1' }).toString(),
    });
    assert.equal(taken.status, 200, await taken.clone().text());
    assert.equal(taken.headers.get('access-control-allow-origin'), '*');
    const [created] = (await taken.json()) as { service_request_id: string }[];
    assert.ok(created?.service_request_id, 'the id of the new report');
    assert.equal(await count(), before + 1);

    // Without an Origin (a server, a phone app, curl), anonymous reports stay as they were.
    const plain = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(WASTE).toString(),
    });
    assert.equal(plain.status, 200, await plain.clone().text());
  });

  it('keeps the staff API closed to other sites', async () => {
    const res = await fetch(`${base}/api/v1/reports/queue`, {
      method: 'OPTIONS',
      headers: { origin: APP_SITE, 'access-control-request-method': 'GET' },
    });
    assert.notEqual(res.headers.get('access-control-allow-origin'), '*');
    assert.notEqual(res.headers.get('access-control-allow-origin'), APP_SITE);
    const configured = await fetch(`${base}/api/v1/reports/queue`, {
      method: 'OPTIONS',
      headers: { origin: 'https://ioc.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(configured.headers.get('access-control-allow-origin'), 'https://ioc.example', 'CORS_ORIGINS still');
  });

  it('ignores query parameters it does not read, as real clients send them', async () => {
    for (const path of [
      '/open311/v2/services.json?_=1733470000000&client=street-app',
      '/open311/v2/requests.json?status=open&cache_buster=42&jurisdiction_id=hanoi',
      '/open311/v2/services/waste.xml?foo=bar',
      '/open311/v2/servicerequestupdates.json?utm_source=x',
    ]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, `${path}: ${await res.text()}`);
    }
    // What it does read is still checked.
    const bad = await fetch(`${base}/open311/v2/requests.json?status=maybe&cache_buster=42`);
    assert.equal(bad.status, 400);
  });
});
