import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';

const linkTo = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

describeEachDriver('@context documents: hosted, cached and shared', (ctx) => {
  let app: App;
  let operator: Account;
  let server: Server;
  let remote: string;
  let downloads = 0;

  before(async () => {
    server = createServer((_req, res) => {
      downloads++;
      res.setHeader('content-type', 'application/ld+json');
      res.end(
        JSON.stringify({
          '@context': {
            NoiseLevelObserved: 'https://smartdatamodels.org/NoiseLevelObserved',
            LAeq: 'https://smartdatamodels.org/LAeq',
          },
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    remote = `http://127.0.0.1:${(server.address() as AddressInfo).port}/noise.jsonld`;
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
  });
  after(async () => {
    await app.http.close();
    server.close();
  });

  const inject = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
    target = app,
  ) =>
    target.http.inject({
      method,
      url,
      headers: { ...operator.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });

  it('hosts a @context that clients then reference by its URL', async () => {
    const hosted = await inject('POST', '/ngsi-ld/v1/jsonldContexts', {
      '@context': {
        ParkingSpot: 'https://smartdatamodels.org/ParkingSpot',
        occupancy: 'https://smartdatamodels.org/occupancy',
      },
    });
    assert.equal(hosted.statusCode, 201, hosted.body);
    const url = String(hosted.headers['location']);
    assert.match(url, /^http:\/\/localhost(:\d+)?\/ngsi-ld\/v1\/jsonldContexts\/[0-9a-f-]{36}$/);
    const path = new URL(url).pathname;
    const doc = await app.http.inject({ method: 'GET', url: path });
    assert.equal(doc.statusCode, 200, 'anyone may fetch a context document');
    assert.deepEqual(
      doc.json<{ '@context': Record<string, string> }>()['@context']['occupancy'],
      'https://smartdatamodels.org/occupancy',
    );

    const created = await inject(
      'POST',
      '/ngsi-ld/v1/entities',
      { id: 'urn:ngsi-ld:ParkingSpot:HK-001', type: 'ParkingSpot', occupancy: { type: 'Property', value: 0.5 } },
      { link: linkTo(url) },
    );
    assert.equal(created.statusCode, 201, created.body);
    const full = (
      await inject('GET', `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:ParkingSpot:HK-001')}`)
    ).json<Record<string, unknown>>();
    assert.equal(full['type'], 'https://smartdatamodels.org/ParkingSpot');

    const list = (await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Hosted')).json<string[]>();
    assert.ok(list.includes(url));
    const details = (await inject('GET', '/ngsi-ld/v1/jsonldContexts?details=true')).json<
      { URL: string; kind: string; localId: string }[]
    >();
    const mine = details.find((d) => d.URL === url);
    assert.equal(mine?.kind, 'Hosted');

    assert.equal((await inject('DELETE', `${path}?reload=true`)).statusCode, 400, 'only a cached copy can be reloaded');
    assert.equal((await inject('DELETE', path)).statusCode, 204);
    assert.equal((await app.http.inject({ method: 'GET', url: path })).statusCode, 404);
  });

  it('downloads a remote @context once for every instance sharing the database', async () => {
    const first = await inject(
      'POST',
      '/ngsi-ld/v1/entities',
      { id: 'urn:ngsi-ld:NoiseLevelObserved:HK-1', type: 'NoiseLevelObserved', LAeq: 61 },
      { link: linkTo(remote) },
    );
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(downloads, 1);
    const second = await buildTestApp(ctx.db);
    try {
      const read = await inject(
        'GET',
        `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:NoiseLevelObserved:HK-1')}?options=keyValues`,
        undefined,
        { link: linkTo(remote) },
        second,
      );
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), {
        id: 'urn:ngsi-ld:NoiseLevelObserved:HK-1',
        type: 'NoiseLevelObserved',
        LAeq: 61,
      });
      assert.equal(downloads, 1, 'the other instance used the shared copy');
    } finally {
      await second.http.close();
    }
    const cached = (await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Cached&details=true')).json<
      { URL: string; localId: string }[]
    >();
    const entry = cached.find((c) => c.URL === remote);
    assert.ok(entry);
    assert.equal((await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${entry.localId}?reload=true`)).statusCode, 204);
    assert.equal(downloads, 2, 'reload downloads it again');
  });

  it('rejects a document that is not a context', async () => {
    for (const body of [{ terms: {} }, { '@context': 42 }, [1]]) {
      assert.equal((await inject('POST', '/ngsi-ld/v1/jsonldContexts', body)).statusCode, 400);
    }
    assert.equal((await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Strange')).statusCode, 400);
  });
});
