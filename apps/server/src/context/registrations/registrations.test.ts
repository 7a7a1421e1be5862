import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../../test/support/ngsi.js';

const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';
const PARKING = {
  OffStreetParking: 'https://smartdatamodels.org/OffStreetParking',
  availableSpotNumber: 'https://smartdatamodels.org/availableSpotNumber',
  refParkingSite: 'https://smartdatamodels.org/refParkingSite',
};
const PARKING_CONTEXT_URL = 'https://contexts.hanoi.example/parking.jsonld';
const linkTo = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

/** The parking @context served from a local file through the alias map, as on an air-gapped site. */
function aliasFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-contexts-'));
  writeFileSync(join(dir, 'parking.jsonld'), JSON.stringify({ '@context': PARKING }));
  const map = join(dir, 'aliases.json');
  writeFileSync(map, JSON.stringify({ [PARKING_CONTEXT_URL]: 'parking.jsonld' }));
  return map;
}

const registration = (extra: Record<string, unknown> = {}) => ({
  type: 'ContextSourceRegistration',
  registrationName: 'Bãi đỗ xe Hoàn Kiếm',
  information: [
    {
      entities: [
        { id: 'urn:ngsi-ld:OffStreetParking:HK-01', type: 'OffStreetParking' },
        { idPattern: '^urn:ngsi-ld:OffStreetParking:HK-', type: 'OffStreetParking' },
      ],
      propertyNames: ['availableSpotNumber'],
      relationshipNames: ['refParkingSite'],
    },
  ],
  endpoint: 'http://parking.hanoi.example:1026',
  '@context': PARKING,
  ...extra,
});

describeEachDriver('NGSI-LD context source registrations', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  let owner: Account;
  let colleague: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { CONTEXT_ALIASES: aliasFile() });
    operator = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer']);
    owner = await accountWith(app, ['operator']);
    colleague = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const enc = encodeURIComponent;
  const LD = { 'content-type': 'application/ld+json' };
  const create = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await call('POST', '/csourceRegistrations', { body, headers: { ...LD, ...headers } });
    assert.equal(res.statusCode, 201, res.body);
    return decodeURIComponent(String(res.headers['location']).replace('/ngsi-ld/v1/csourceRegistrations/', ''));
  };
  const get = (id: string, headers: Record<string, string> = {}, query = '') =>
    call('GET', `/csourceRegistrations/${enc(id)}${query}`, { headers });
  const discover = (query: string, headers: Record<string, string> = {}) =>
    call('GET', `/csourceRegistrations?${query}`, { headers });
  const ids = (res: { json: <T>() => T }) => res.json<{ id: string }[]>().map((r) => r.id);

  it('registers a context source: 201 with Location, read back compacted with the @context asked for', async () => {
    const id = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:hk-parking' }));
    assert.equal(id, 'urn:ngsi-ld:ContextSourceRegistration:hk-parking');
    const withContext = await get(id, { accept: 'application/ld+json', link: linkTo(PARKING_CONTEXT_URL) });
    assert.equal(withContext.statusCode, 200, withContext.body);
    const { '@context': context, ...got } = withContext.json<Record<string, unknown>>();
    assert.equal(context, PARKING_CONTEXT_URL);
    // Defaults filled in (§5.2.9): inclusive, for federation operations; no status before any operation.
    assert.deepEqual(got, {
      id,
      type: 'ContextSourceRegistration',
      registrationName: 'Bãi đỗ xe Hoàn Kiếm',
      endpoint: 'http://parking.hanoi.example:1026',
      mode: 'inclusive',
      operations: ['federationOps'],
      information: [
        {
          entities: [
            { id: 'urn:ngsi-ld:OffStreetParking:HK-01', type: 'OffStreetParking' },
            { idPattern: '^urn:ngsi-ld:OffStreetParking:HK-', type: 'OffStreetParking' },
          ],
          propertyNames: ['availableSpotNumber'],
          relationshipNames: ['refParkingSite'],
        },
      ],
    });
    // Without the @context the names are the IRIs they were registered as.
    const plain = await get(id);
    assert.equal(plain.headers['content-type'], 'application/json');
    assert.match(String(plain.headers['link']), /rel="http:\/\/www.w3.org\/ns\/json-ld#context"/);
    const info = plain.json<{ information: { entities: { type: string }[]; propertyNames: string[] }[] }>()
      .information[0];
    assert.equal(info?.entities[0]?.type, PARKING.OffStreetParking);
    assert.deepEqual(info?.propertyNames, [PARKING.availableSpotNumber]);
    // createdAt and modifiedAt only when asked for.
    const sys = (await get(id, {}, '?options=sysAttrs')).json<Record<string, unknown>>();
    assert.match(String(sys['createdAt']), /Z$/);
    assert.equal(sys['createdAt'], sys['modifiedAt']);
  });

  it('takes the @context of a JSON body from the Link header (503 when it cannot be had), else the core one', async () => {
    const { '@context': _context, ...body } = registration();
    const unreachable = await call('POST', '/csourceRegistrations/', {
      body,
      headers: { 'content-type': 'application/json', link: linkTo('http://127.0.0.1:9/parking.jsonld') },
    });
    assert.equal(unreachable.statusCode, 503);
    assert.equal(ngsiErrorType(unreachable), 'LdContextNotAvailable');
    // A trailing slash names the same collection; no id given: one is made.
    const res = await call('POST', '/csourceRegistrations/', { body });
    assert.equal(res.statusCode, 201, res.body);
    const location = String(res.headers['location']);
    assert.match(
      location,
      /^\/ngsi-ld\/v1\/csourceRegistrations\/urn:ngsi-ld:ContextSourceRegistration:[0-9a-f-]{36}$/,
    );
    const id = decodeURIComponent(location.split('/').at(-1) ?? '');
    const got = (await get(id)).json<{ information: { entities: { type: string }[] }[] }>();
    // The core context's default vocabulary, compacted back by the same context.
    assert.equal(got.information[0]?.entities[0]?.type, 'OffStreetParking');
    const expanded = (await get(id, { accept: 'application/ld+json' })).json<Record<string, unknown>>();
    assert.ok(expanded['@context'] !== undefined, "expanded['@context'] !== undefined");
    const [count] = (
      await ctx.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ngsi_csource_registration WHERE body->'information'->0->'entities'->0->>'type' = $1`,
        [`${DEFAULT_VOCAB}OffStreetParking`],
      )
    ).rows;
    assert.equal(count?.n, '1');
  });

  it('refuses a second registration with the same id: 409 AlreadyExists', async () => {
    const body = registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:twice' });
    await create(body);
    const again = await call('POST', '/csourceRegistrations', { body, headers: LD });
    assert.equal(again.statusCode, 409);
    assert.equal(ngsiErrorType(again), 'AlreadyExists');
  });

  it('refuses invalid registrations with BadRequestData and stores nothing', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['wrong type', { type: 'Subscription' }],
      ['no information', { information: undefined }],
      ['information null', { information: null }],
      ['empty information', { information: [{}] }],
      ['entity without type', { information: [{ entities: [{ id: 'urn:a:b' }] }] }],
      ['no endpoint', { endpoint: undefined }],
      ['endpoint not http', { endpoint: 'mqtt://parking.hanoi.example' }],
      ['endpoint internal', { endpoint: 'http://10.20.0.5:1026' }],
      ['expiresAt past', { expiresAt: '2020-01-01T00:00:00Z' }],
      ['unknown mode', { mode: 'sometimes' }],
      ['unknown operation', { operations: ['teleport'] }],
      ['bad interval', { observationInterval: { startAt: '2026-01-02T00:00:00Z', endAt: '2026-01-01T00:00:00Z' } }],
      ['bad location', { location: { type: 'Point', coordinates: [200, 95] } }],
      ['id not a URI', { id: 'not a uri' }],
    ];
    for (const [name, extra] of cases) {
      // Sent as JSON: a member set to undefined is left out.
      const body = JSON.stringify(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:bad', ...extra }));
      const res = await call('POST', '/csourceRegistrations', { body, headers: LD });
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData', name);
    }
    assert.equal((await get('urn:ngsi-ld:ContextSourceRegistration:bad')).statusCode, 404);
    // A JSON body with "@context", a JSON-LD body with a Link header: BadRequestData.
    const jsonWithContext = await call('POST', '/csourceRegistrations', { body: registration() });
    assert.equal(ngsiErrorType(jsonWithContext), 'BadRequestData');
    const both = await call('POST', '/csourceRegistrations', {
      body: registration(),
      headers: { ...LD, link: linkTo('http://127.0.0.1:9/ctx.jsonld') },
    });
    assert.equal(ngsiErrorType(both), 'BadRequestData');
    const notJson = await call('POST', '/csourceRegistrations', { body: '{"type":', headers: LD });
    assert.equal(ngsiErrorType(notJson), 'InvalidRequest');
  });

  it('keeps a full registration: mode, operations, intervals, location, contextSourceInfo, extra properties', async () => {
    const { '@context': _context, ...full } = registration({
      id: 'urn:ngsi-ld:ContextSourceRegistration:full',
      description: 'Cảm biến bãi đỗ',
      mode: 'exclusive',
      operations: ['retrieveOps', 'queryEntity'],
      observationInterval: { startAt: '2026-01-01T00:00:00Z' },
      managementInterval: { startAt: '2026-01-01T00:00:00Z', endAt: '2035-01-01T00:00:00Z' },
      location: { type: 'Point', coordinates: [105.85, 21.03] },
      expiresAt: '2035-11-29T14:53:15Z',
      contextSourceInfo: [{ key: 'apiVersion', value: '2' }],
      tenant: 'parking',
      scope: '/Hanoi/HoanKiem',
      refreshRate: 'PT30S',
      management: { localOnly: true, timeout: 1000 },
      operator: 'Sở Giao thông',
    });
    // Written and read with the core context: every name reads back as written.
    const id = await create(full, { 'content-type': 'application/json' });
    assert.deepEqual((await get(id)).json(), full);
  });

  it('discovers registrations by type, attrs, id and idPattern; expired ones are left out', async () => {
    const tenant = { 'ngsild-tenant': 'csr_discovery' };
    const parking = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:d-parking' }), tenant);
    const anyBus = await create(
      registration({
        id: 'urn:ngsi-ld:ContextSourceRegistration:d-bus',
        information: [{ entities: [{ type: 'Bus' }] }],
      }),
      tenant,
    );
    const onlyNames = await create(
      registration({
        id: 'urn:ngsi-ld:ContextSourceRegistration:d-names',
        information: [{ propertyNames: ['availableSpotNumber'] }],
      }),
      tenant,
    );
    const ctxLink = { ...tenant };
    const q = (query: string) => discover(query, ctxLink);
    const byType = await q(`type=${enc(PARKING.OffStreetParking)}`);
    assert.equal(byType.statusCode, 200, byType.body);
    // Information without entities holds every entity.
    assert.deepEqual(ids(byType), [parking, onlyNames]);
    assert.deepEqual(ids(await q(`type=Bus`)), [anyBus, onlyNames]);
    assert.deepEqual(ids(await q(`attrs=${enc(PARKING.availableSpotNumber)}`)), [parking, anyBus, onlyNames]);
    assert.deepEqual(ids(await q(`attrs=${enc(PARKING.refParkingSite)}`)), [parking, anyBus]);
    assert.deepEqual(ids(await q(`attrs=nothingHere`)), [anyBus]);
    const t = enc(PARKING.OffStreetParking);
    // An id registered, an id the registered pattern matches, an id neither holds.
    assert.deepEqual(ids(await q(`type=${t}&id=urn:ngsi-ld:OffStreetParking:HK-01`)), [parking, onlyNames]);
    assert.deepEqual(ids(await q(`type=${t}&id=urn:ngsi-ld:OffStreetParking:HK-77`)), [parking, onlyNames]);
    assert.deepEqual(ids(await q(`type=${t}&id=urn:ngsi-ld:OffStreetParking:BD-01`)), [onlyNames]);
    assert.deepEqual(ids(await q(`type=Bus&idPattern=${enc('^urn:ngsi-ld:Bus:')}`)), [anyBus, onlyNames]);
    // The query's terms are expanded with its @context.
    const withContext = await create(
      registration({
        id: 'urn:ngsi-ld:ContextSourceRegistration:d-default',
        information: [{ entities: [{ type: 'Tram' }] }],
        '@context': undefined,
      }),
      { ...tenant, 'content-type': 'application/json' },
    );
    assert.deepEqual(ids(await q(`type=Tram`)), [onlyNames, withContext]);
    assert.deepEqual(ids(await q(`type=${enc(`${DEFAULT_VOCAB}Tram`)}`)), [onlyNames, withContext]);
    const parkingLink = { ...tenant, link: linkTo(PARKING_CONTEXT_URL) };
    assert.deepEqual(ids(await discover('type=OffStreetParking&attrs=refParkingSite', parkingLink)), [parking]);
    // Expired: not discovered, still retrievable by id.
    await ctx.db.query(
      `UPDATE ngsi_csource_registration SET expires_at = '2020-01-01T00:00:00Z' WHERE tenant = 'csr_discovery' AND id = $1`,
      [anyBus],
    );
    assert.deepEqual(ids(await q(`type=Bus`)), [onlyNames]);
    assert.equal((await get(anyBus, tenant)).statusCode, 200);
  });

  it('discovers registrations by place (location, observationSpace) and by time (observation, management)', async () => {
    const tenant = { 'ngsild-tenant': 'csr_space_time' };
    const hoanKiem = await create(
      registration({
        id: 'urn:ngsi-ld:ContextSourceRegistration:hoan-kiem',
        location: { type: 'Point', coordinates: [105.8522, 21.0287] },
        observationInterval: { startAt: '2026-01-01T00:00:00Z', endAt: '2026-07-01T00:00:00Z' },
      }),
      tenant,
    );
    const longBien = await create(
      registration({
        id: 'urn:ngsi-ld:ContextSourceRegistration:long-bien',
        observationSpace: {
          type: 'Polygon',
          coordinates: [
            [
              [105.87, 21.03],
              [105.92, 21.03],
              [105.92, 21.07],
              [105.87, 21.07],
              [105.87, 21.03],
            ],
          ],
        },
        managementInterval: { startAt: '2026-06-01T00:00:00Z' },
      }),
      tenant,
    );
    const t = `type=${enc(PARKING.OffStreetParking)}`;
    const q = (query: string) => discover(`${t}&${query}`, tenant);
    const near = await q(
      `georel=${enc('near;maxDistance==500')}&geometry=Point&coordinates=${enc('[105.853,21.029]')}`,
    );
    assert.equal(near.statusCode, 200, near.body);
    assert.deepEqual(ids(near), [hoanKiem]);
    const far = `georel=${enc('near;maxDistance==100')}&geometry=Point&coordinates=${enc('[105.80,21.00]')}`;
    assert.deepEqual(ids(await q(far)), []);
    const within = `georel=within&geometry=Polygon&coordinates=${enc('[[[105.8,21.0],[105.9,21.0],[105.9,21.1],[105.8,21.1],[105.8,21.0]]]')}`;
    assert.deepEqual(ids(await q(within)), [hoanKiem]);
    const inside = `georel=intersects&geometry=Point&coordinates=${enc('[105.9,21.05]')}&geoproperty=observationSpace`;
    assert.deepEqual(ids(await q(inside)), [longBien]);
    // observedAt (the default) is the observation interval; createdAt and modifiedAt the management one.
    assert.deepEqual(ids(await q('timerel=before&timeAt=2026-03-01T00:00:00Z')), [hoanKiem]);
    assert.deepEqual(ids(await q('timerel=after&timeAt=2026-08-01T00:00:00Z')), []);
    assert.deepEqual(ids(await q('timerel=between&timeAt=2026-06-15T00:00:00Z&endTimeAt=2026-08-01T00:00:00Z')), [
      hoanKiem,
    ]);
    assert.deepEqual(ids(await q('timeproperty=modifiedAt&timerel=after&timeAt=2030-01-01T00:00:00Z')), [longBien]);
    assert.deepEqual(ids(await q('timeproperty=createdAt&timerel=before&timeAt=2026-05-01T00:00:00Z')), []);
    for (const bad of [
      'georel=within',
      'timerel=before',
      'timeproperty=deletedAt&timerel=before&timeAt=2026-01-01T00:00:00Z',
      `${within}&geoproperty=elsewhere`,
    ]) {
      const res = await q(bad);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(ngsiErrorType(res), 'BadRequestData', bad);
    }
  });

  it("discovers registrations by their own properties with q or csf (the query language's terms)", async () => {
    const tenant = { 'ngsild-tenant': 'csr_properties' };
    const operatorA = await create(
      registration({
        id: 'urn:ngsi-ld:ContextSourceRegistration:operator-a',
        operator: 'Sở Giao thông',
        capacity: { type: 'Property', value: 120 },
      }),
      tenant,
    );
    const operatorB = await create(
      registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:operator-b', operator: 'Hapro', capacity: 40 }),
      tenant,
    );
    await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:no-operator' }), tenant);
    const t = `type=${enc(PARKING.OffStreetParking)}`;
    const q = (query: string) => discover(`${t}&${query}`, tenant);
    assert.deepEqual(ids(await q(`q=${enc('operator=="Hapro"')}`)), [operatorB]);
    assert.deepEqual(ids(await q(`csf=${enc('operator=="Sở Giao thông"')}`)), [operatorA]);
    assert.deepEqual(ids(await q(`csf=capacity>100`)), [operatorA]);
    assert.deepEqual(ids(await q(`q=operator`)), [operatorA, operatorB]);
    assert.deepEqual(ids(await q(`q=capacity<100&csf=operator`)), [operatorB]);
    const bad = await q(`q=${enc('(operator==')}`);
    assert.equal(bad.statusCode, 400);
    assert.equal(ngsiErrorType(bad), 'BadRequestData');
  });

  it('refuses a discovery that names neither type nor attrs, bad ids, patterns and parameters it does not take', async () => {
    const bad: [string, number, string][] = [
      ['', 400, 'BadRequestData'],
      ['id=urn:a:b', 400, 'BadRequestData'],
      ['type=Bus&id=notAUri', 400, 'BadRequestData'],
      ['type=Bus&idPattern=(', 400, 'BadRequestData'],
      ['type=Bus;Tram', 400, 'BadRequestData'],
      ['type=Bus&scopeQ=/Hanoi', 400, 'InvalidRequest'],
      ['type=Bus&limit=0', 400, 'BadRequestData'],
      ['type=Bus&limit=100000', 403, 'TooManyResults'],
    ];
    for (const [query, status, type] of bad) {
      const res = await discover(query);
      assert.equal(res.statusCode, status, `${query}: ${res.body}`);
      assert.equal(ngsiErrorType(res), type, query);
    }
  });

  it('answers application/json or JSON-LD only: 406 for GeoJSON and other types', async () => {
    const geo = await discover('type=Building', { accept: 'application/geo+json' });
    assert.equal(geo.statusCode, 406);
    assert.equal(ngsiErrorType(geo), 'NotAcceptable');
    assert.equal((await discover('type=Building', { accept: 'application/xml' })).statusCode, 406);
    const id = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:accept' }));
    assert.equal((await get(id, { accept: 'application/geo+json' })).statusCode, 406);
    const any = await discover(`type=${enc(PARKING.OffStreetParking)}`, { accept: '*/*' });
    assert.equal(any.statusCode, 200);
    assert.equal(any.headers['content-type'], 'application/json');
    assert.match(String(any.headers['link']), /json-ld#context/);
  });

  it('pages a discovery with limit, offset and count, linking the previous and next pages', async () => {
    const tenant = { 'ngsild-tenant': 'csr_paging' };
    const made: string[] = [];
    for (let n = 0; n < 5; n++) {
      made.push(await create(registration({ id: `urn:ngsi-ld:ContextSourceRegistration:p${n}` }), tenant));
    }
    const t = enc(PARKING.OffStreetParking);
    const page = await discover(`type=${t}&limit=2&offset=1&count=true`, tenant);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['ngsild-results-count'], '5');
    assert.deepEqual(ids(page), made.slice(1, 3));
    const links = String(page.headers['link']);
    assert.ok(
      links.includes(`</ngsi-ld/v1/csourceRegistrations?type=${t}&limit=2&offset=0&count=true>;rel="prev"`),
      links,
    );
    assert.ok(
      links.includes(`</ngsi-ld/v1/csourceRegistrations?type=${t}&limit=2&offset=3&count=true>;rel="next"`),
      links,
    );
    const last = await discover(`type=${t}&limit=2&offset=4`, { ...tenant, accept: 'application/ld+json' });
    assert.deepEqual(ids(last), made.slice(4));
    assert.ok(
      !String(last.headers['link']).includes('rel="next"'),
      "!String(last.headers['link']).includes('rel=\"next\"')",
    );
    assert.ok(
      String(last.headers['link']).includes('type="application/ld+json"'),
      "String(last.headers['link']).includes('type=\"application/ld+json\"')",
    );
    const countOnly = await discover(`type=${t}&limit=0&count=true`, tenant);
    assert.deepEqual(countOnly.json(), []);
    assert.equal(countOnly.headers['ngsild-results-count'], '5');
  });

  it('updates a registration: members replaced, null removes, the result checked whole', async () => {
    const id = await create(
      registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:upd', expiresAt: '2035-01-01T00:00:00Z' }),
    );
    const patch = (body: unknown, headers: Record<string, string> = {}) =>
      call('PATCH', `/csourceRegistrations/${enc(id)}`, { body, headers });
    assert.equal((await patch({ endpoint: 'http://parking2.hanoi.example:1026' })).statusCode, 204);
    assert.equal((await patch({ expiresAt: null })).statusCode, 204);
    const got = (await get(id)).json<Record<string, unknown>>();
    assert.equal(got['endpoint'], 'http://parking2.hanoi.example:1026');
    assert.equal(got['expiresAt'], undefined);
    // Names in a fragment are expanded with its @context; information given replaces the stored one whole.
    const infoPatch = await patch(
      { information: [{ entities: [{ type: 'OffStreetParking' }] }], '@context': PARKING },
      LD,
    );
    assert.equal(infoPatch.statusCode, 204, infoPatch.body);
    const after = (await get(id, { accept: 'application/ld+json' }, '?options=sysAttrs')).json<
      Record<string, unknown>
    >();
    assert.deepEqual(after['information'], [{ entities: [{ type: PARKING.OffStreetParking }] }]);
    assert.notEqual(after['createdAt'], after['modifiedAt']);
    const refusals: [unknown, string][] = [
      [{ information: null }, 'BadRequestData'],
      [{ endpoint: null }, 'BadRequestData'],
      [{ type: 'Building' }, 'BadRequestData'],
      [{ id: 'urn:ngsi-ld:ContextSourceRegistration:other' }, 'BadRequestData'],
      [{ endpoint: 'http://192.168.1.10/' }, 'BadRequestData'],
      [{ expiresAt: '2001-01-01T00:00:00Z' }, 'BadRequestData'],
      [{}, 'BadRequestData'],
    ];
    for (const [body, type] of refusals) {
      const res = await patch(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(ngsiErrorType(res), type);
    }
    assert.equal((await get(id)).json<Record<string, unknown>>()['endpoint'], 'http://parking2.hanoi.example:1026');
    const missing = await call('PATCH', '/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:none', {
      body: { endpoint: 'http://a.example' },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(ngsiErrorType(missing), 'ResourceNotFound');
    const invalid = await call('PATCH', '/csourceRegistrations/invalidURI', { body: { endpoint: 'http://a.example' } });
    assert.equal(ngsiErrorType(invalid), 'BadRequestData');
    const noId = await call('PATCH', '/csourceRegistrations/', { body: { endpoint: 'http://a.example' } });
    assert.equal(noId.statusCode, 405);
  });

  it('deletes a registration: 204, then 404; an id that is no URI is BadRequestData', async () => {
    const id = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:del' }));
    const res = await call('DELETE', `/csourceRegistrations/${enc(id)}`, {
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal((await get(id)).statusCode, 404);
    const again = await call('DELETE', `/csourceRegistrations/${enc(id)}`);
    assert.equal(again.statusCode, 404);
    assert.equal(ngsiErrorType(again), 'ResourceNotFound');
    assert.equal(ngsiErrorType(await call('DELETE', '/csourceRegistrations/invalidURI')), 'BadRequestData');
    assert.equal((await call('DELETE', '/csourceRegistrations/')).statusCode, 405);
  });

  it('keeps registrations to their tenant (NGSILD-Tenant); an unknown tenant is NonexistentTenant', async () => {
    const id = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:tenanted' }), {
      'ngsild-tenant': 'csr_one',
    });
    assert.equal((await get(id, { 'ngsild-tenant': 'csr_one' })).statusCode, 200);
    assert.equal((await get(id)).statusCode, 404);
    const unknown = await discover('type=Bus', { 'ngsild-tenant': 'csr_nobody' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(ngsiErrorType(unknown), 'NonexistentTenant');
  });

  it('lets a viewer discover and read but not register, change or delete', async () => {
    const id = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:perm' }));
    assert.equal((await get(id)).statusCode, 200);
    assert.equal((await call('GET', `/csourceRegistrations/${enc(id)}`, { who: viewer })).statusCode, 200);
    assert.equal((await call('GET', '/csourceRegistrations?type=Bus', { who: viewer })).statusCode, 200);
    const body = registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:perm2' });
    assert.equal((await call('POST', '/csourceRegistrations', { body, headers: LD, who: viewer })).statusCode, 403);
    assert.equal(
      (await call('PATCH', `/csourceRegistrations/${enc(id)}`, { body: { endpoint: 'http://b.example' }, who: viewer }))
        .statusCode,
      403,
    );
    assert.equal((await call('DELETE', `/csourceRegistrations/${enc(id)}`, { who: viewer })).statusCode, 403);
    assert.equal((await call('GET', '/csourceRegistrations?type=Bus', { who: null })).statusCode, 401);
  });

  it("shows a registration's secrets only to its owner and administrators; others read *** and cannot move them", async () => {
    const id = 'urn:ngsi-ld:ContextSourceRegistration:secret-source';
    const secretEndpoint = 'https://svc:Sup3rSecret@src.example/ngsi?token=abc123';
    const body = registration({
      id,
      information: [{ entities: [{ type: 'SecretSource' }] }],
      endpoint: secretEndpoint,
      contextSourceInfo: [{ key: 'Authorization', value: 'Bearer s3cr3t' }],
    });
    const created = await call('POST', '/csourceRegistrations', { body, headers: LD, who: owner });
    assert.equal(created.statusCode, 201, created.body);
    const read = async (who: Account) => {
      const one = await call('GET', `/csourceRegistrations/${enc(id)}`, { who });
      assert.equal(one.statusCode, 200, one.body);
      const found = await call('GET', '/csourceRegistrations?type=SecretSource', { who });
      const listed = found.json<Record<string, unknown>[]>().find((r) => r['id'] === id);
      assert.deepEqual(listed?.['endpoint'], one.json<Record<string, unknown>>()['endpoint']);
      assert.deepEqual(listed?.['contextSourceInfo'], one.json<Record<string, unknown>>()['contextSourceInfo']);
      return one.json<{ endpoint: string; contextSourceInfo: { key: string; value: string }[] }>();
    };
    for (const who of [viewer, colleague]) {
      const seen = await read(who);
      assert.equal(seen.endpoint, 'https://svc:***@src.example/ngsi?token=***');
      assert.deepEqual(seen.contextSourceInfo, [{ key: 'Authorization', value: '***' }]);
    }
    for (const who of [owner, operator]) {
      const seen = await read(who);
      assert.equal(seen.endpoint, secretEndpoint);
      assert.deepEqual(seen.contextSourceInfo, [{ key: 'Authorization', value: 'Bearer s3cr3t' }]);
    }
    // Another writer may not send the secrets elsewhere…
    const moved = await call('PATCH', `/csourceRegistrations/${enc(id)}`, {
      body: { endpoint: 'https://collector.example/ngsi' },
      who: colleague,
    });
    assert.equal(moved.statusCode, 403, moved.body);
    // …and what they were shown, sent back, keeps the stored secrets.
    const shown = await read(colleague);
    const echoed = await call('PATCH', `/csourceRegistrations/${enc(id)}`, {
      body: {
        description: 'Nguồn dữ liệu bãi đỗ',
        endpoint: shown.endpoint,
        contextSourceInfo: shown.contextSourceInfo,
      },
      who: colleague,
    });
    assert.equal(echoed.statusCode, 204, echoed.body);
    const kept = await read(owner);
    assert.equal(kept.endpoint, secretEndpoint);
    assert.deepEqual(kept.contextSourceInfo, [{ key: 'Authorization', value: 'Bearer s3cr3t' }]);
    // The owner may move them.
    const byOwner = await call('PATCH', `/csourceRegistrations/${enc(id)}`, {
      body: { endpoint: 'https://svc:Sup3rSecret@src2.example/ngsi' },
      who: owner,
    });
    assert.equal(byOwner.statusCode, 204, byOwner.body);
  });

  it('bounds a registration as the broker bounds queries and lists: 400 BadRequestData, nothing stored or changed', async () => {
    const id = 'urn:ngsi-ld:ContextSourceRegistration:bounded';
    const many = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));
    const selector = (i: number) => ({ id: `urn:ngsi-ld:OffStreetParking:S-${i}`, type: 'OffStreetParking' });
    const pattern = (i: number) => ({ idPattern: `^urn:ngsi-ld:OffStreetParking:P${i}-`, type: 'OffStreetParking' });
    const cases: [string, Record<string, unknown>][] = [
      ['a property over 64 KiB', { operator: 'x'.repeat(70_000) }],
      ['101 entity selectors', { information: [{ entities: many(101, selector) }] }],
      ['selectors over several members', { information: many(3, () => ({ entities: many(40, selector) })) }],
      ['5 idPatterns', { information: [{ entities: many(5, pattern) }] }],
      ['10,000 selectors with idPattern', { information: [{ entities: many(10_000, pattern) }] }],
      ['1,001 propertyNames', { information: [{ propertyNames: many(1001, (i) => `p${i}`) }] }],
      ['1,001 relationshipNames', { information: [{ relationshipNames: many(1001, (i) => `r${i}`) }] }],
      ['1,001 information members', { information: many(1001, () => ({ propertyNames: ['a'] })) }],
      ['1,001 contextSourceInfo pairs', { contextSourceInfo: many(1001, (i) => ({ key: `k${i}`, value: 'v' })) }],
      ['1,001 additional members', Object.fromEntries(many(1001, (i) => [`extra${i}`, i]))],
      ['1,001 operations', { operations: many(1001, () => 'queryEntity') }],
    ];
    for (const [name, extra] of cases) {
      const res = await call('POST', '/csourceRegistrations', { body: registration({ id, ...extra }), headers: LD });
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData', name);
    }
    assert.equal((await get(id)).statusCode, 404);
    // Within the bounds (100 selectors, 4 with a pattern), it is kept; growing it past them changes nothing.
    await create(registration({ id, information: [{ entities: [...many(96, selector), ...many(4, pattern)] }] }));
    const before = (await get(id)).json<unknown>();
    for (const fragment of [{ operator: 'x'.repeat(70_000) }, { information: [{ entities: many(101, selector) }] }]) {
      const res = await call('PATCH', `/csourceRegistrations/${enc(id)}`, { body: fragment });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
    assert.deepEqual((await get(id)).json(), before);
  });

  it('keeps at most 1,000 registrations per tenant: past that, 400 BadRequestData until some are deleted', async () => {
    const tenant = { 'ngsild-tenant': 'csr_full' };
    const first = await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:full-0' }), tenant);
    // Fill the tenant up to the bound directly: registering a thousand sources proves nothing more.
    await ctx.db.query(
      `INSERT INTO ngsi_csource_registration (tenant, id, body, created_at, modified_at)
       SELECT tenant, id || ':' || n, body, created_at, modified_at
       FROM ngsi_csource_registration, generate_series(2, 1000) AS n WHERE tenant = $1`,
      ['csr_full'],
    );
    const body = registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:one-too-many' });
    const refused = await call('POST', '/csourceRegistrations', { body, headers: { ...LD, ...tenant } });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(ngsiErrorType(refused), 'BadRequestData');
    assert.equal((await get('urn:ngsi-ld:ContextSourceRegistration:one-too-many', tenant)).statusCode, 404);
    // The same id again is still AlreadyExists; another tenant is not held back.
    const again = await call('POST', '/csourceRegistrations', {
      body: registration({ id: first }),
      headers: { ...LD, ...tenant },
    });
    assert.equal(again.statusCode, 409, again.body);
    await create(registration({ id: 'urn:ngsi-ld:ContextSourceRegistration:one-too-many' }), {
      'ngsild-tenant': 'csr_other',
    });
    assert.equal((await call('DELETE', `/csourceRegistrations/${enc(first)}`, { headers: tenant })).statusCode, 204);
    await create(body, tenant);
  });
});
