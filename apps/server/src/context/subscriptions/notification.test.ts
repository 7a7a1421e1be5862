import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { silentLog } from '../../../test/support/databases.js';
import { ContextResolver, type TermMap } from '../jsonld/contexts.js';
import type { Entity } from '../model.js';
import { parseSubscription, typeSelectionMatches, type Subscription } from './model.js';
import { buildNotificationMessage } from './notification.js';

const V = 'https://uri.etsi.org/ngsi-ld/default-context/';
const CORE_LINK =
  '<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"';
const SDM = { pm25: 'https://smartdatamodels.org/pm25', Station: 'https://smartdatamodels.org/Station' };
const NOW = new Date('2026-11-22T03:00:00.000Z');
const ID = 'urn:ngsi-ld:Notification:test';
const dataOf = (body: string): unknown => (JSON.parse(body) as { data: unknown }).data;

const station: Entity = {
  id: 'urn:ngsi-ld:Station:HN-001',
  types: ['https://smartdatamodels.org/Station'],
  attrs: {
    'https://smartdatamodels.org/pm25': [
      { type: 'Property', value: 82, unitCode: 'GQ', modifiedAt: NOW.toISOString() },
    ],
    [`${V}name`]: [{ type: 'LanguageProperty', languageMap: { vi: 'Trạm Hoàn Kiếm', en: 'Hoan Kiem station' } }],
    [`${V}operator`]: [{ type: 'Relationship', object: 'urn:ngsi-ld:Organization:CEM' }],
    'https://uri.etsi.org/ngsi-ld/location': [
      { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.852, 21.028] } },
    ],
  },
  createdAt: '2026-11-01T00:00:00.000Z',
  modifiedAt: NOW.toISOString(),
};

describe('notification messages', () => {
  let core: TermMap;
  let sdm: TermMap;
  before(async () => {
    const resolver = new ContextResolver({
      aliasesFile: undefined,
      fetchTimeoutMs: 1000,
      maxBytes: 1e6,
      log: silentLog,
    });
    core = await resolver.core();
    sdm = await resolver.resolve(SDM);
  });

  const subscriptionWith = (notification: Record<string, unknown>, terms: TermMap, extra = {}): Subscription =>
    parseSubscription(
      {
        id: 'urn:ngsi-ld:Subscription:pm25',
        type: 'Subscription',
        entities: [{ type: 'Station' }],
        notification: { endpoint: { uri: 'http://alerts.example/n' }, ...notification },
        ...extra,
      },
      terms,
      { fallbackId: 'unused', now: NOW, context: undefined },
    );
  const message = (
    s: Subscription,
    terms: TermMap,
    more: Partial<Parameters<typeof buildNotificationMessage>[0]> = {},
  ) => buildNotificationMessage({ tenant: '', subscription: s, terms, entities: [station], now: NOW, id: ID, ...more });

  it('application/json, normalized: the Notification document with a Link header', async () => {
    const m = await message(subscriptionWith({}, sdm), core, { trigger: 'attributeUpdated' });
    assert.equal(m.contentType, 'application/json');
    assert.deepEqual(m.headers, { Link: CORE_LINK });
    assert.equal(m.qos, 0);
    assert.deepEqual(JSON.parse(m.body), {
      id: ID,
      type: 'Notification',
      subscriptionId: 'urn:ngsi-ld:Subscription:pm25',
      notifiedAt: '2026-11-22T03:00:00.000Z',
      data: [
        {
          id: 'urn:ngsi-ld:Station:HN-001',
          type: 'https://smartdatamodels.org/Station',
          'https://smartdatamodels.org/pm25': { type: 'Property', value: 82, unitCode: 'GQ' },
          name: { type: 'LanguageProperty', languageMap: { vi: 'Trạm Hoàn Kiếm', en: 'Hoan Kiem station' } },
          operator: { type: 'Relationship', object: 'urn:ngsi-ld:Organization:CEM' },
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.852, 21.028] } },
        },
      ],
      triggerReason: 'attributeUpdated',
    });
  });

  it('application/ld+json: the @context in the body, compacted with it, no Link header', async () => {
    const s = subscriptionWith({ endpoint: { uri: 'http://a.example/n', accept: 'application/ld+json' } }, sdm);
    const m = await message(s, sdm);
    assert.equal(m.contentType, 'application/ld+json');
    assert.deepEqual(m.headers, {});
    const body = JSON.parse(m.body) as { '@context': unknown; data: Record<string, unknown>[] };
    assert.deepEqual(body['@context'], SDM);
    assert.equal(body.data[0]?.['type'], 'Station');
    assert.deepEqual(body.data[0]?.['pm25'], { type: 'Property', value: 82, unitCode: 'GQ' });
    assert.equal('triggerReason' in body, false);
  });

  it('keyValues and concise formats, the attributes projection, sysAttrs and lang', async () => {
    const keyValues = subscriptionWith({ format: 'keyValues', attributes: ['pm25', 'name'] }, sdm, { lang: 'en' });
    assert.deepEqual(dataOf((await message(keyValues, sdm)).body), [
      { id: 'urn:ngsi-ld:Station:HN-001', type: 'Station', pm25: 82, name: 'Hoan Kiem station' },
    ]);
    const concise = subscriptionWith({ format: 'concise', attributes: ['pm25', 'operator'], sysAttrs: true }, sdm);
    assert.deepEqual(dataOf((await message(concise, sdm)).body), [
      {
        id: 'urn:ngsi-ld:Station:HN-001',
        type: 'Station',
        pm25: { value: 82, unitCode: 'GQ', modifiedAt: NOW.toISOString() },
        operator: { object: 'urn:ngsi-ld:Organization:CEM' },
        createdAt: '2026-11-01T00:00:00.000Z',
        modifiedAt: NOW.toISOString(),
      },
    ]);
  });

  it('application/geo+json: data is a FeatureCollection, with a Link header', async () => {
    const s = subscriptionWith(
      { attributes: ['pm25'], endpoint: { uri: 'http://a.example/n', accept: 'application/geo+json' } },
      sdm,
    );
    const m = await message(s, sdm);
    assert.equal(m.contentType, 'application/geo+json');
    assert.ok(m.headers['Link'], "m.headers['Link']");
    assert.deepEqual(dataOf(m.body), {
      type: 'FeatureCollection',
      features: [
        {
          id: 'urn:ngsi-ld:Station:HN-001',
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [105.852, 21.028] },
          properties: { type: 'Station', pm25: { type: 'Property', value: 82, unitCode: 'GQ' } },
        },
      ],
    });
  });

  it('showChanges adds the previous value of each changed attribute, by attribute type', async () => {
    const previous = new Map([
      [
        station.id,
        {
          'https://smartdatamodels.org/pm25': [{ type: 'Property' as const, value: 40 }],
          [`${V}name`]: [{ type: 'LanguageProperty' as const, languageMap: { vi: 'Trạm cũ' } }],
          [`${V}operator`]: [{ type: 'Relationship' as const, object: 'urn:ngsi-ld:Organization:URENCO' }],
        },
      ],
    ]);
    const normalized = subscriptionWith({ showChanges: true, attributes: ['pm25', 'name', 'operator'] }, sdm);
    const [entity] = dataOf((await message(normalized, sdm, { previous })).body) as Record<string, unknown>[];
    assert.deepEqual(entity?.['pm25'], { type: 'Property', value: 82, unitCode: 'GQ', previousValue: 40 });
    assert.deepEqual(entity?.['name'], {
      type: 'LanguageProperty',
      languageMap: { vi: 'Trạm Hoàn Kiếm', en: 'Hoan Kiem station' },
      previousLanguageMap: { vi: 'Trạm cũ' },
    });
    assert.deepEqual(entity?.['operator'], {
      type: 'Relationship',
      object: 'urn:ngsi-ld:Organization:CEM',
      previousObject: 'urn:ngsi-ld:Organization:URENCO',
    });
    // Concise: a bare value takes the object form to carry its previous value.
    const concise = subscriptionWith({ showChanges: true, format: 'concise', attributes: ['pm25'] }, sdm);
    const station2: Entity = {
      ...station,
      attrs: { 'https://smartdatamodels.org/pm25': [{ type: 'Property', value: 82 }] },
    };
    const [bare] = dataOf((await message(concise, sdm, { previous, entities: [station2] })).body) as Record<
      string,
      unknown
    >[];
    assert.deepEqual(bare?.['pm25'], { value: 82, previousValue: 40 });
    // Without showChanges, or in keyValues, no previous values.
    const plain = subscriptionWith({ attributes: ['pm25'] }, sdm);
    assert.equal((await message(plain, sdm, { previous })).body.includes('previousValue'), false);
    const kv = subscriptionWith({ showChanges: true, format: 'keyValues', attributes: ['pm25'] }, sdm);
    assert.equal((await message(kv, sdm, { previous })).body.includes('previousValue'), false);
  });

  it('headers: the tenant outside the default one, receiverInfo; MQTT QoS and version from notifierInfo', async () => {
    const s = subscriptionWith(
      {
        endpoint: {
          uri: 'mqtt://broker.hanoi.example:1883/alerts',
          accept: 'application/ld+json',
          receiverInfo: [{ key: 'X-Auth-Token', value: 'abc' }],
          notifierInfo: [
            { key: 'MQTT-Version', value: 'mqtt5.0' },
            { key: 'MQTT-QoS', value: '2' },
          ],
        },
      },
      sdm,
    );
    const m = await message(s, sdm, { tenant: 'hanoi_air' });
    assert.deepEqual(m.headers, { 'X-Auth-Token': 'abc', 'NGSILD-Tenant': 'hanoi_air', 'MQTT-Version': 'mqtt5.0' });
    assert.equal(m.qos, 2);
    const http = subscriptionWith(
      { endpoint: { uri: 'http://a.example/n', notifierInfo: [{ key: 'MQTT-Version', value: 'mqtt3.1.1' }] } },
      sdm,
    );
    assert.equal((await message(http, sdm)).headers['MQTT-Version'], undefined);
  });

  it('matches type selections for the matcher', () => {
    assert.equal(typeSelectionMatches('https://a/Bus|https://a/Tram', ['https://a/Tram']), true);
    assert.equal(typeSelectionMatches('https://a/Bus;https://a/Electric', ['https://a/Bus']), false);
    assert.equal(typeSelectionMatches('https://a/Bus', ['https://a/Bus', 'https://a/X']), true);
  });
});
