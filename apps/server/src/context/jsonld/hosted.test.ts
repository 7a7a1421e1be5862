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

  const urlOf = async (path: string, headers: Record<string, string> = {}) =>
    (await inject('GET', `${path}?details=true`, undefined, headers)).json<{ URL: string }>().URL;

  it('hosts a @context that clients then reference by its URL', async () => {
    const hosted = await inject('POST', '/ngsi-ld/v1/jsonldContexts', {
      '@context': {
        ParkingSpot: 'https://smartdatamodels.org/ParkingSpot',
        occupancy: 'https://smartdatamodels.org/occupancy',
      },
    });
    assert.equal(hosted.statusCode, 201, hosted.body);
    // Location is the path where the context is served; its URL is that path on this instance.
    const path = String(hosted.headers['location']);
    assert.match(path, /^\/ngsi-ld\/v1\/jsonldContexts\/[0-9a-f-]{36}$/);
    const url = await urlOf(path);
    assert.match(url, /^http:\/\/localhost(:\d+)?\/ngsi-ld\/v1\/jsonldContexts\/[0-9a-f-]{36}$/);
    assert.equal(new URL(url).pathname, path);
    const doc = await app.http.inject({ method: 'GET', url: path });
    assert.equal(doc.statusCode, 200, 'anyone may fetch a context document');
    assert.match(String(doc.headers['content-type']), /^application\/json/, 'JSON unless JSON-LD is asked for');
    const asJsonLd = await app.http.inject({ method: 'GET', url: path, headers: { accept: 'application/ld+json' } });
    assert.match(String(asJsonLd.headers['content-type']), /^application\/ld\+json/);
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
    assert.ok(list.includes(url), 'list.includes(url)');
    const details = (await inject('GET', '/ngsi-ld/v1/jsonldContexts?details=true')).json<
      { URL: string; kind: string; localId: string }[]
    >();
    const mine = details.find((d) => d.URL === url);
    assert.equal(mine?.kind, 'Hosted');
    const own = await inject('GET', `${path}?details=true`);
    assert.ok(own.json<{ numberOfHits: number }>().numberOfHits >= 1, 'using a hosted context counts');

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
    assert.ok(entry, 'entry');
    assert.equal((await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${entry.localId}?reload=true`)).statusCode, 204);
    assert.equal(downloads, 2, 'reload downloads it again');
  });

  it("keeps each tenant's contexts its own: another tenant neither lists nor deletes them", async () => {
    const ta = await accountWith(app, ['operator'], 'ta');
    const tb = await accountWith(app, ['operator'], 'tb');
    const as = (account: Account) => ({ ...account.auth });
    const hosted = await inject(
      'POST',
      '/ngsi-ld/v1/jsonldContexts',
      { '@context': { BikeHireDockingStation: 'https://smartdatamodels.org/BikeHireDockingStation' } },
      as(ta),
    );
    assert.equal(hosted.statusCode, 201, hosted.body);
    const path = String(hosted.headers['location']);
    const url = await urlOf(path, as(ta));
    const listOf = async (account: Account) =>
      (await inject('GET', '/ngsi-ld/v1/jsonldContexts', undefined, as(account))).json<string[]>();
    assert.ok((await listOf(ta)).includes(url), '(await listOf(ta)).includes(url)');
    assert.ok(!(await listOf(tb)).includes(url), "tb does not see ta's context");
    assert.ok(!(await listOf(operator)).includes(url), 'nor does the default tenant');
    assert.equal((await inject('DELETE', path, undefined, as(tb))).statusCode, 404, "tb cannot delete ta's context");
    assert.equal((await inject('DELETE', path, undefined, { ...tb.auth, 'ngsild-tenant': 'ta' })).statusCode, 404);
    assert.equal((await inject('GET', `${path}?details=true`, undefined, as(tb))).statusCode, 404);
    assert.equal(
      (await app.http.inject({ method: 'GET', url: path })).statusCode,
      200,
      'a hosted context is published',
    );

    // A remote context tb's request downloaded is tb's cached copy.
    const read = await inject(
      'POST',
      '/ngsi-ld/v1/entities',
      { id: 'urn:ngsi-ld:NoiseLevelObserved:TB-1', type: 'NoiseLevelObserved', LAeq: 55 },
      { ...as(tb), link: linkTo(remote) },
    );
    assert.equal(read.statusCode, 201, read.body);
    const cachedOf = async (account: Account) =>
      (await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Cached&details=true', undefined, as(account))).json<
        { URL: string; localId: string }[]
      >();
    const copy = (await cachedOf(tb)).find((c) => c.URL === remote);
    assert.ok(copy, 'copy');
    assert.ok(!(await cachedOf(ta)).some((c) => c.localId === copy.localId), "ta does not see tb's copy");
    assert.equal(
      (await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${copy.localId}`, undefined, as(ta))).statusCode,
      404,
    );
    assert.equal(
      (await app.http.inject({ method: 'GET', url: `/ngsi-ld/v1/jsonldContexts/${copy.localId}` })).statusCode,
      404,
    );

    // ta's context still works for ta.
    const created = await inject(
      'POST',
      '/ngsi-ld/v1/entities',
      { id: 'urn:ngsi-ld:BikeHireDockingStation:HK-1', type: 'BikeHireDockingStation' },
      { ...as(ta), link: linkTo(url) },
    );
    assert.equal(created.statusCode, 201, created.body);
  });

  it('lets only a platform administrator delete a platform-wide context', async () => {
    const id = `platform-${Date.now()}`;
    await ctx.db.query(
      `INSERT INTO ngsi_jsonld_context (id, tenant, url, kind, body) VALUES ($1, '*', $2, 'hosted', $3::jsonb)`,
      [id, `http://localhost/ngsi-ld/v1/jsonldContexts/${id}`, JSON.stringify({ '@context': {} })],
    );
    const ta = await accountWith(app, ['admin'], 'ta');
    const list = (await inject('GET', '/ngsi-ld/v1/jsonldContexts', undefined, ta.auth)).json<string[]>();
    assert.ok(
      list.some((u) => u.endsWith(id)),
      'every tenant reads a platform-wide context',
    );
    assert.equal((await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${id}`, undefined, ta.auth)).statusCode, 403);
    const platformAdmin = await accountWith(app, ['admin'], '*');
    assert.equal(
      (await inject('DELETE', `/ngsi-ld/v1/jsonldContexts/${id}`, undefined, platformAdmin.auth)).statusCode,
      204,
    );
  });

  it('builds a hosted context URL from where it serves, never from a Host header', async () => {
    const forged = await inject(
      'POST',
      '/ngsi-ld/v1/jsonldContexts',
      { '@context': { a: 'https://example.org/a' } },
      {
        host: 'evil.example',
      },
    );
    assert.equal(forged.statusCode, 201, forged.body);
    assert.doesNotMatch(String(forged.headers['location']), /evil\.example/);
    const listed = await inject('GET', '/ngsi-ld/v1/jsonldContexts?details=true');
    assert.doesNotMatch(listed.body, /evil\.example/);
  });

  it('rejects a document that is not a context', async () => {
    for (const body of [{ terms: {} }, { '@context': 42 }, [1]]) {
      assert.equal((await inject('POST', '/ngsi-ld/v1/jsonldContexts', body)).statusCode, 400);
    }
    assert.equal((await inject('GET', '/ngsi-ld/v1/jsonldContexts?kind=Strange')).statusCode, 400);
  });

  it('lists and serves the core context, which cannot be deleted', async () => {
    const core = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';
    assert.ok(
      (await inject('GET', '/ngsi-ld/v1/jsonldContexts')).json<string[]>().includes(core),
      "(await inject('GET', '/ngsi-ld/v1/jsonldContexts')).json<string[]>().includes(core)",
    );
    const path = `/ngsi-ld/v1/jsonldContexts/${encodeURIComponent(core)}`;
    const served = await app.http.inject({ method: 'GET', url: path });
    assert.equal(served.statusCode, 200, served.body);
    assert.ok(
      served.json<{ '@context': Record<string, unknown> }>()['@context']['Property'],
      "served.json<{ '@context': Record<string, unknown> }>()['@context']['Property']",
    );
    const details = await inject('GET', `${path}?details=True`);
    assert.equal(details.json<{ kind: string; URL: string }>().kind, 'Cached');
    const refused = await inject('DELETE', path);
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(refused.json<{ type: string }>().type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    assert.equal((await inject('DELETE', `${path}?reload=true`)).statusCode, 204, 'built in: nothing to reload');
    assert.equal((await app.http.inject({ method: 'GET', url: path })).statusCode, 200);
  });

  it('addresses a cached context by its URL, however long, and refuses to reload what is not held', async () => {
    const long = `${remote}?${'v=1&'.repeat(25)}end`;
    const created = await inject(
      'POST',
      '/ngsi-ld/v1/entities',
      { id: 'urn:ngsi-ld:NoiseLevelObserved:HK-long', type: 'NoiseLevelObserved', LAeq: 58 },
      { link: linkTo(long) },
    );
    assert.equal(created.statusCode, 201, created.body);
    const path = `/ngsi-ld/v1/jsonldContexts/${encodeURIComponent(long)}`;
    assert.ok(path.length > 150, 'path.length > 150');
    const details = await inject('GET', `${path}?details=true`);
    assert.equal(details.statusCode, 200, details.body);
    assert.deepEqual([details.json<{ URL: string }>().URL, details.json<{ kind: string }>().kind], [long, 'Cached']);
    const doc = await inject('GET', path);
    assert.ok(
      doc.json<{ '@context': Record<string, string> }>()['@context']['LAeq'],
      "doc.json<{ '@context': Record<string, string> }>()['@context']['LAeq']",
    );
    const unknown = await inject('DELETE', '/ngsi-ld/v1/jsonldContexts/no-such-context?reload=true');
    assert.equal(unknown.statusCode, 400);
    assert.equal((await inject('DELETE', '/ngsi-ld/v1/jsonldContexts/no-such-context')).statusCode, 404);
    assert.equal((await inject('DELETE', path)).statusCode, 204);
    assert.equal((await inject('GET', `${path}?details=true`)).statusCode, 404);
  });

  it('names in the Link header the context each request gave, whatever form was seen first', async () => {
    const other = `${remote}?first-seen=array`;
    const core = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';
    const created = await inject(
      'POST',
      '/ngsi-ld/v1/entities',
      { id: 'urn:ngsi-ld:NoiseLevelObserved:HK-link', type: 'NoiseLevelObserved', LAeq: 60, '@context': [other, core] },
      { 'content-type': 'application/ld+json' },
    );
    assert.equal(created.statusCode, 201, created.body);
    const read = await inject(
      'GET',
      `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:NoiseLevelObserved:HK-link')}`,
      undefined,
      { link: linkTo(other) },
    );
    assert.equal(read.json<{ type: string }>().type, 'NoiseLevelObserved', 'compacted with the given context');
    assert.equal(read.headers['link'], linkTo(other));
    const asJsonLd = await inject(
      'GET',
      `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:NoiseLevelObserved:HK-link')}`,
      undefined,
      { link: linkTo(other), accept: 'application/ld+json' },
    );
    assert.equal(asJsonLd.json<{ '@context': unknown }>()['@context'], other);
  });

  it('shows the details of a context to anonymous callers only when the NGSI-LD API is open to them', async () => {
    const hosted = await inject('POST', '/ngsi-ld/v1/jsonldContexts', { '@context': { g: 'https://example.org/g' } });
    const path = String(hosted.headers['location']);
    assert.equal((await app.http.inject({ method: 'GET', url: `${path}?details=true` })).statusCode, 404);
    const open = await buildTestApp(ctx.db, { NGSI_LD_ANONYMOUS: 'read' });
    try {
      const details = await open.http.inject({ method: 'GET', url: `${path}?details=true` });
      assert.equal(details.statusCode, 200, details.body);
      assert.equal(details.json<{ kind: string }>().kind, 'Hosted');
    } finally {
      await open.http.close();
    }
  });
  it('counts every request that names a hosted or cached @context, and every serving of it (numberOfHits)', async () => {
    type Details = { numberOfHits: number; lastUsage?: string };
    const hosted = await inject('POST', '/ngsi-ld/v1/jsonldContexts', {
      '@context': { Bench: 'https://example.org/Bench' },
    });
    const path = String(hosted.headers['location']);
    const details = async (at: string) => (await inject('GET', `${at}?details=true`)).json<Details>();
    const first = await details(path);
    assert.equal(first.numberOfHits, 0, 'hosting it is not a use');
    assert.equal(first.lastUsage, undefined);
    const url = await urlOf(path); // a serving: 2 so far
    for (const id of ['urn:ngsi-ld:Bench:B1', 'urn:ngsi-ld:Bench:B2']) {
      const created = await inject('POST', '/ngsi-ld/v1/entities', { id, type: 'Bench' }, { link: linkTo(url) });
      assert.equal(created.statusCode, 201, created.body);
    }
    const used = await details(path);
    assert.equal(used.numberOfHits, 4, 'two servings of its details, then two requests naming it');
    assert.ok(used.lastUsage, 'used.lastUsage');

    // A cached copy is counted on every request too, not only when it is downloaded.
    const counted = remote.replace('noise.jsonld', 'noise-counted.jsonld');
    const entity = (n: number) => ({ id: `urn:ngsi-ld:NoiseLevelObserved:C${n}`, type: 'NoiseLevelObserved' });
    assert.equal((await inject('POST', '/ngsi-ld/v1/entities', entity(1), { link: linkTo(counted) })).statusCode, 201);
    const copyPath = `/ngsi-ld/v1/jsonldContexts/${encodeURIComponent(counted)}`;
    assert.equal((await details(copyPath)).numberOfHits, 1);
    assert.equal((await inject('POST', '/ngsi-ld/v1/entities', entity(2), { link: linkTo(counted) })).statusCode, 201);
    assert.equal((await details(copyPath)).numberOfHits, 3, 'the second request and the first serving');
  });
});
