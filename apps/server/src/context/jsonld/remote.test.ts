import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';

const linkTo = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

describeEachDriver('remote @context downloads go through the outbound gate', (ctx) => {
  let strict: App;
  let allowing: App;
  let viewer: Account;
  let allowedViewer: Account;
  let server: Server;
  let base: string;
  const hits: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/secret.json') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ databasePassword: 'hunter2' }));
      } else if (req.url === '/to-secret.jsonld') {
        res.writeHead(302, { location: '/secret.json' }).end();
      } else if (req.url === '/loop.jsonld') {
        res.writeHead(302, { location: '/loop.jsonld' }).end();
      } else if (req.url === '/ok.jsonld') {
        res.end(JSON.stringify({ '@context': { OffStreetParking: 'https://smartdatamodels.org/OffStreetParking' } }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Production's default: nothing internal may be reached.
    strict = await buildTestApp(ctx.db, { OUTBOUND_ALLOW: '', CONTEXT_FETCH_TIMEOUT: '2s' });
    allowing = await buildTestApp(ctx.db, { CONTEXT_FETCH_TIMEOUT: '2s' });
    viewer = await accountWith(strict, ['viewer']);
    allowedViewer = await accountWith(allowing, ['viewer']);
  });
  after(async () => {
    await strict.http.close();
    await allowing.http.close();
    server.close();
  });

  const query = (app: App, account: Account, context: string) =>
    app.http.inject({
      method: 'GET',
      url: '/ngsi-ld/v1/entities?type=Thing',
      headers: { ...account.auth, link: linkTo(context) },
    });

  const unavailable = (res: Awaited<ReturnType<typeof query>>, url: string) => {
    assert.equal(res.statusCode, 503, res.body);
    const problem = problemOf(res);
    assert.equal(problem.type, 'https://uri.etsi.org/ngsi-ld/errors/LdContextNotAvailable');
    // The same words whatever happened: refused, unreachable, not a context.
    assert.equal(problem.detail, `The @context ${url} is not available.`);
  };

  it('never requests a loopback or private @context, in any spelling of the address', async () => {
    const port = new URL(base).port;
    const before = hits.length;
    for (const url of [
      `${base}/secret.json`,
      `http://2130706433:${port}/secret.json`,
      `http://0177.0.0.1:${port}/secret.json`,
      `http://0x7f.1:${port}/secret.json`,
      `http://[::ffff:127.0.0.1]:${port}/secret.json`,
      `http://localhost:${port}/secret.json`,
      `http://0.0.0.0:${port}/secret.json`,
    ]) {
      unavailable(await query(strict, viewer, url), url);
    }
    assert.equal(hits.length, before, 'no request reached the internal server');
  });

  it('caches and publishes only JSON-LD context documents', async () => {
    for (const path of ['/secret.json', '/to-secret.jsonld', '/loop.jsonld', '/missing.jsonld']) {
      unavailable(await query(allowing, allowedViewer, `${base}${path}`), `${base}${path}`);
    }
    assert.equal((await query(allowing, allowedViewer, `${base}/ok.jsonld`)).statusCode, 200);
    const operator = await accountWith(allowing, ['operator']);
    const cached = (
      await allowing.http.inject({
        method: 'GET',
        url: '/ngsi-ld/v1/jsonldContexts?kind=Cached&details=true',
        headers: operator.auth,
      })
    ).json<{ URL: string; localId: string }[]>();
    const urls = cached.map((c) => c.URL);
    assert.ok(urls.includes(`${base}/ok.jsonld`), 'urls.includes(`${base}/ok.jsonld`)');
    assert.ok(!urls.some((u) => u.includes('secret') || u.includes('loop')), urls.join(', '));
    const loops = hits.filter((h) => h === '/loop.jsonld').length;
    assert.ok(loops <= 2 * 6, `redirects are limited (${loops} requests)`);
  });

  it('refuses a redirect to an address that is not allowed', async () => {
    const redirecting = createServer((_req, res) => res.writeHead(302, { location: `${base}/ok.jsonld` }).end());
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.2', r));
    const from = `http://127.0.0.2:${(redirecting.address() as AddressInfo).port}/hop.jsonld`;
    const only = await buildTestApp(ctx.db, { OUTBOUND_ALLOW: '127.0.0.2' });
    try {
      const account = await accountWith(only, ['viewer']);
      const before = hits.length;
      unavailable(await query(only, account, from), from);
      assert.equal(hits.length, before, 'the redirect to 127.0.0.1 was not followed');
    } finally {
      await only.http.close();
      redirecting.close();
    }
  });
});
