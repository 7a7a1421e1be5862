import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';

/**
 * Answers travel gzipped to a client that accepts it (a page of entities shrinks about tenfold), as
 * they were to one that does not; the live event stream is never held back by compression.
 */
describeEachDriver('Compressed answers', (ctx) => {
  let app: App;
  let admin: Account;
  const page = '/ngsi-ld/v1/entities?type=CompressionProbe&limit=100&format=concise';

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin']);
    const entities = Array.from({ length: 60 }, (_, i) => ({
      id: `urn:ngsi-ld:CompressionProbe:${i}`,
      type: 'CompressionProbe',
      name: { type: 'Property', value: `Trạm đo số ${i}` },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.8 + i / 1000, 21.02] } },
    }));
    const res = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entityOperations/create',
      headers: admin.auth,
      payload: entities,
    });
    assert.equal(res.statusCode, 201, res.body);
  });
  after(() => app.http.close());

  it('gzips a page of entities for a client that accepts it, the same JSON once unpacked', async () => {
    const plain = await app.http.inject({ method: 'GET', url: page, headers: admin.auth });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    const zipped = await app.http.inject({
      method: 'GET',
      url: page,
      headers: { ...admin.auth, 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(zipped.statusCode, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers['vary']), /accept-encoding/i);
    const unpacked = gunzipSync(zipped.rawPayload).toString('utf8');
    assert.deepEqual(JSON.parse(unpacked), plain.json());
    assert.ok(
      zipped.rawPayload.length * 4 < plain.rawPayload.length,
      `${zipped.rawPayload.length} of ${plain.rawPayload.length} bytes`,
    );
  });

  it('refuses a compressed request body (415) without inflating it, on the API and the broker', async () => {
    const body = gzipSync(JSON.stringify({ username: 'a', password: 'b', padding: '0'.repeat(1_000_000) }));
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    assert.equal(res.statusCode, 415, res.body);
    assert.equal(res.json<{ code: string }>().code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(res.headers['accept-encoding'], 'identity');
    const entity = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: { ...admin.auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ id: 'urn:ngsi-ld:Probe:gz', type: 'Probe' })),
    });
    assert.equal(entity.statusCode, 415, entity.body);
    const fetched = await app.http.inject({
      method: 'GET',
      url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Probe:gz',
      headers: admin.auth,
    });
    assert.equal(fetched.statusCode, 404, 'nothing was created');
  });

  it('sends the event stream as it is, event by event', async () => {
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const address = app.http.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events?type=CompressionProbe`, {
      headers: { ...admin.auth, 'accept-encoding': 'gzip' },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), null);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    controller.abort();
  });
});
