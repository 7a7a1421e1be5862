import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { silentLog } from '../../../test/support/databases.js';
import { problemOf } from '../../../test/support/app.js';
import { AppError, problems } from '../errors.js';
import { registerProblemHandling } from './problems.js';

// The mapper on its own, with routes that fail in each way a real route can.
describe('problem+json for every error', () => {
  let app: FastifyInstance;
  const logged: unknown[] = [];

  before(async () => {
    const log: FastifyBaseLogger = silentLog.child({});
    log.error = (obj: unknown) => {
      logged.push(obj);
    };
    app = Fastify({ loggerInstance: log, bodyLimit: 1024 });
    registerProblemHandling(app);
    app.get(
      '/domain',
      { schema: { querystring: { type: 'object', properties: { x: { type: 'string' } } } } },
      async () => {
        throw new AppError('EMERGENCY_UNIT_NOT_AVAILABLE', 409, 'Ambulance 115-07 is already on a call.', {
          extra: { unitId: '115-07' },
        });
      },
    );
    app.get('/unauthenticated', async () => {
      throw problems.unauthenticated();
    });
    app.get('/bug', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secretColumn')");
    });
    app.post(
      '/reports',
      {
        schema: {
          body: Type.Object(
            { category: Type.String({ minLength: 1 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
            { additionalProperties: false },
          ),
        },
      },
      async () => ({ ok: true }),
    );
    await app.ready();
  });
  after(() => app.close());

  it('turns a domain error into its status, code and detail', async () => {
    const res = await app.inject({ method: 'GET', url: '/domain?x=1', headers: { 'x-request-id': 'r-1' } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(problemOf(res), {
      type: 'urn:thanglong:problem:emergency-unit-not-available',
      title: 'Conflict',
      status: 409,
      detail: 'Ambulance 115-07 is already on a call.',
      instance: '/domain',
      code: 'EMERGENCY_UNIT_NOT_AVAILABLE',
      requestId: String(problemOf(res).requestId),
      unitId: '115-07',
    });
  });

  it('adds the headers a problem needs', async () => {
    const res = await app.inject({ method: 'GET', url: '/unauthenticated' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="thanglong"');
    assert.equal(problemOf(res).code, 'UNAUTHENTICATED');
  });

  it('hides an unexpected error behind a plain 500 and logs it in full', async () => {
    const res = await app.inject({ method: 'GET', url: '/bug' });
    assert.equal(res.statusCode, 500);
    const p = problemOf(res);
    assert.equal(p.code, 'INTERNAL');
    assert.ok(!res.body.includes('secretColumn'), 'no internals leak to the caller');
    assert.ok(p.detail.includes(p.requestId), 'the caller can quote the request id');
    assert.ok(
      logged.some((l) => (l as { err?: Error }).err?.message.includes('secretColumn')),
      'the full error is logged',
    );
  });

  it('explains a validation failure with a pointer to each field', async () => {
    const res = await app.inject({ method: 'POST', url: '/reports', payload: { category: '', lat: 21 } });
    assert.equal(res.statusCode, 400);
    const p = problemOf(res);
    assert.equal(p.code, 'VALIDATION_FAILED');
    assert.deepEqual(p['errors'], [
      { in: 'body', pointer: '/category', detail: 'must NOT have fewer than 1 characters' },
    ]);
  });

  it('answers malformed JSON, an empty body, a wrong media type and a large body precisely', async () => {
    const cases = [
      { payload: '{"category": ', type: 'application/json', status: 400, code: 'MALFORMED_JSON' },
      {
        payload: '{"category": "x", "__proto__": {"admin": true}}',
        type: 'application/json',
        status: 400,
        code: 'REFUSED_JSON_KEY',
      },
      {
        payload: '{"constructor": {"prototype": {"admin": true}}}',
        type: 'application/json',
        status: 400,
        code: 'REFUSED_JSON_KEY',
      },
      { payload: '', type: 'application/json', status: 400, code: 'EMPTY_BODY' },
      { payload: 'category=pothole', type: 'text/csv', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        payload: JSON.stringify({ category: 'x'.repeat(2000), lat: 1 }),
        type: 'application/json',
        status: 413,
        code: 'BODY_TOO_LARGE',
      },
    ];
    for (const c of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/reports',
        payload: c.payload,
        headers: { 'content-type': c.type },
      });
      assert.equal(res.statusCode, c.status, `${c.code}: ${res.body}`);
      assert.equal(problemOf(res).code, c.code);
    }
  });

  it('answers an unknown path with a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    assert.equal(res.statusCode, 404);
    assert.equal(problemOf(res).code, 'NOT_FOUND');
  });
});
