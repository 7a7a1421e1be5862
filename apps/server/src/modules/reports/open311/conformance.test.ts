import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { App } from '../../../app.js';
import { describeEachDriver } from '../../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../../test/support/app.js';
import { str } from '../../../../test/support/text.js';

/**
 * Open311 GeoReport v2 conformance, from the outside: HTTP requests as any Open311 app sends them, and
 * the answers checked against the specification's text (wiki.open311.org/GeoReport_v2, its Service
 * Discovery page, and mySociety's servicerequestupdates extension), each resource in XML and JSON.
 *
 * What the text asks, and what is checked here:
 * - every text is UTF-8, with `Content-Type: text/xml; charset=utf-8` or `application/json; charset=utf-8`,
 *   and XML begins with the declaration naming utf-8; XML is well-formed (a strict parser);
 * - element names and nesting as the specification's tables draw them (services/service,
 *   service_definition/attributes/attribute/values/value, service_requests/request, errors/error,
 *   discovery/endpoints/endpoint/formats/format), and JSON the Spark mapping of the same XML;
 * - datatypes: datetimes in the W3C subset of ISO 8601 with their offset, lat/long numbers, metadata,
 *   variable and required true/false, status open/closed only, type realtime/batch/blackbox;
 * - GET requests: service_request_id overrides every other argument; without dates the last 90 days;
 *   a range of more than 90 days refused;
 * - POST requests as a form (attribute[code], attribute[code][] for a multivaluelist) and as
 *   multipart with a photo; description free text, never markup;
 * - errors as the error list, the HTTP status 404 for what does not exist (a service_code, a
 *   service_request_id, a token, a jurisdiction_id), 400 for the rest; nothing stored on a refusal.
 */

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
const V2 = '/open311/v2';
const STAFF = '/api/v1/reports';

const HOAN_KIEM = { lat: '21.0287', long: '105.8522' };
const SAI_GON = { lat: '10.7769', long: '106.7009' };
/** The W3C subset of ISO 8601 with its time zone, as the specification requires of every datetime. */
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const XML_DECLARATION = /^<\?xml version="1\.0" encoding="utf-8"\?>/i;
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];

/** A list element and the name of its items, as the specification's tables nest them. */
const LISTS: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  service_request_updates: 'request_update',
  notes: 'note',
  media_urls: 'media_url',
};

const strict = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // An item is a list only inside its list element (media_url is a field of a request, too).
  isArray: (name, jpath) => LISTS[str(jpath).split('.').at(-2) ?? ''] === name,
});

/**
 * An XML document read the Spark way, as GeoReport v2 maps XML to JSON: the root's list is the value
 * (a list document becomes an array), each list element holds its items, texts stay texts.
 */
function sparkOf(xml: string): unknown {
  const doc = strict.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(doc);
  assert.equal(roots.length, 1, `one root element: ${roots.join(', ')}`);
  const root = roots[0] as string;
  const walk = (name: string, v: unknown): unknown => {
    const item = LISTS[name];
    if (item !== undefined) {
      if (v === '') return [];
      const items = (v as Record<string, unknown>)[item];
      assert.ok(Array.isArray(items), `<${name}> holds <${item}> elements`);
      assert.deepEqual(Object.keys(v as object), [item], `<${name}> holds only <${item}> elements`);
      return items.map((x) => walk(item, x));
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(k, x)]));
    }
    return v;
  };
  return walk(root, doc[root]);
}

/** A JSON answer as its XML would read: null as an empty text, numbers and true/false as texts. */
function asTexts(v: unknown): unknown {
  if (v === null) return '';
  if (Array.isArray(v)) return v.map(asTexts);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asTexts(x)]));
  return str(v);
}

type Records = Record<string, unknown>[];
type Answer = { status: number; type: string; body: string; doc: unknown; headers: Record<string, unknown> };

/** A minimal baseline JPEG, 1 × 1 grey: JFIF, one quantisation table, one-code Huffman tables, one block. */
const TINY_JPEG = Uint8Array.from([
  ...[0xff, 0xd8],
  ...[0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00],
  ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1)],
  ...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00],
  ...[0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, ...new Array<number>(15).fill(0), 0x00],
  ...[0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, ...new Array<number>(15).fill(0), 0x00],
  ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00],
  // DC difference 0 (code 0), end of block (code 0), the rest of the byte padded with ones.
  0x3f,
  ...[0xff, 0xd9],
]);

/** A multipart/form-data body of text fields and files. */
function multipart(
  fields: readonly [string, string][],
  files: readonly { name: string; filename: string; type: string; bytes: Uint8Array }[],
): { body: Buffer; contentType: string } {
  const boundary = '----thanglong-open311-conformance';
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.type}\r\n\r\n`,
      ),
      Buffer.from(f.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

let address = 0;
const nextAddress = () => `10.31.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

describeEachDriver('Open311 GeoReport v2 conformance', (ctx) => {
  let app: App;
  let officer: Account;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, {
      REPORTS_RATE_LIMIT: '10000',
      REPORTS_JURISDICTION: 'hanoi.gov.vn',
      REPORTS_JURISDICTIONS: 'test.hanoi.gov.vn:open311test',
      REPORTS_APP_KEYS: 'conformance-app:conformance-key-1:1000',
    });
    officer = await accountWith(app, ['officer'], '');
    admin = await accountWith(app, ['admin'], '*');
  });
  after(async () => {
    await app.http.close();
  });

  const count = async () =>
    Number((await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports_report`)).rows[0]?.n);

  /** Checks what every answer owes: UTF-8 in the header, and XML well-formed with its declaration. */
  const answer = (res: { statusCode: number; headers: Record<string, unknown>; body: string }): Answer => {
    const type = str(res.headers['content-type'] ?? '');
    let doc: unknown;
    if (type.startsWith('text/xml')) {
      assert.equal(type, 'text/xml; charset=utf-8');
      assert.equal(XMLValidator.validate(res.body), true, `well-formed XML:\n${res.body}`);
      assert.match(res.body, XML_DECLARATION, 'the XML declaration names utf-8');
      assert.doesNotMatch(res.body, /<!DOCTYPE/i);
      doc = sparkOf(res.body);
    } else {
      assert.equal(type, 'application/json; charset=utf-8', res.body);
      doc = JSON.parse(res.body) as unknown;
    }
    return { status: res.statusCode, type, body: res.body, doc, headers: res.headers };
  };

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> =>
    answer(await app.http.inject({ method: 'GET', url: `${V2}/${path}`, headers }));

  const postForm = async (fmt: Format, fields: readonly [string, string][], query = ''): Promise<Answer> =>
    answer(
      await app.http.inject({
        method: 'POST',
        url: `${V2}/requests.${fmt}${query}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        payload: new URLSearchParams(fields as [string, string][]).toString(),
        remoteAddress: nextAddress(),
      }),
    );

  /** The same resource in both formats: the JSON is the Spark mapping of the XML. */
  const both = async (path: string, query = ''): Promise<{ json: Answer; xml: Answer }> => {
    const json = await get(`${path}.json${query}`);
    const xml = await get(`${path}.xml${query}`);
    assert.equal(json.status, xml.status, `${path}: the same status in both formats`);
    assert.deepEqual(xml.doc, asTexts(json.doc), `${path}: the JSON is the XML's Spark mapping`);
    return { json, xml };
  };

  /** An Open311 error list, with the HTTP status in each code as most servers send it. */
  const assertErrors = (a: Answer, status: number, pattern?: RegExp) => {
    assert.equal(a.status, status, a.body);
    const errors = a.doc as Records;
    assert.ok(Array.isArray(errors) && errors.length > 0, `an error list: ${a.body}`);
    for (const e of errors) {
      assert.deepEqual(Object.keys(e), ['code', 'description']);
      assert.equal(str(e.code), str(status));
      assert.ok(str(e.description).trim().length > 0, 'str(e.description).trim().length > 0');
    }
    if (a.type.startsWith('application/json')) for (const e of errors) assert.equal(typeof e.code, 'number');
    if (pattern) assert.match(errors.map((e) => str(e.description)).join(' | '), pattern);
  };

  const WASTE: [string, string][] = [
    ['service_code', 'waste'],
    ['lat', HOAN_KIEM.lat],
    ['long', HOAN_KIEM.long],
    ['attribute[kind]', 'dumping'],
  ];

  const create = async (fields: readonly [string, string][] = WASTE, fmt: Format = 'json') => {
    const res = await postForm(fmt, fields);
    assert.equal(res.status, 200, res.body);
    const [created] = res.doc as Records;
    assert.ok(created, 'created');
    return { id: str(created.service_request_id), token: str(created.token) };
  };

  const staff = async (who: Account, path: string, payload?: Record<string, unknown>) => {
    const res = await app.http.inject({
      method: payload ? 'POST' : 'GET',
      url: `${STAFF}${path}`,
      headers: who.auth,
      ...(payload ? { payload } : {}),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>>();
  };

  it('discovery: the Service Discovery document, its endpoint ending in a slash, both formats named', async () => {
    const { json } = await both('discovery');
    assert.equal(json.status, 200);
    const d = json.doc as Record<string, unknown>;
    assert.deepEqual(Object.keys(d), ['changeset', 'contact', 'key_service', 'endpoints']);
    assert.match(str(d.changeset), W3C_DATETIME);
    const endpoints = d.endpoints as Records;
    assert.ok(endpoints.length >= 1, 'endpoints.length >= 1');
    for (const e of endpoints) {
      assert.deepEqual(Object.keys(e), ['specification', 'url', 'changeset', 'type', 'formats']);
      assert.equal(e.specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.match(str(e.url), /^https?:\/\/[^/]+\/open311\/v2\/$/);
      assert.match(str(e.changeset), W3C_DATETIME);
      assert.ok(['production', 'test'].includes(str(e.type)), "['production', 'test'].includes(str(e.type))");
      assert.deepEqual([...(e.formats as string[])].sort(), ['application/json', 'text/xml']);
    }
    // Without an extension: JSON.
    assert.equal((await get('discovery')).type, 'application/json; charset=utf-8');
  });

  it('GET services: each service with the fields of the specification, metadata true exactly when it has a definition', async () => {
    const { json, xml } = await both('services');
    assert.equal(json.status, 200);
    assert.match(xml.body, /^<\?xml[^>]*\?>\s*<services>\s*<service>\s*<service_code>/);
    const services = json.doc as Records;
    assert.ok(services.length >= 10, 'services.length >= 10');
    const codes = services.map((s) => s.service_code);
    assert.equal(new Set(codes).size, codes.length, 'service codes are unique');
    for (const s of services) {
      assert.deepEqual(Object.keys(s), [
        'service_code',
        'service_name',
        'description',
        'metadata',
        'type',
        'keywords',
        'group',
      ]);
      assert.equal(typeof s.service_code, 'string');
      assert.ok(str(s.service_name).length > 0, 'str(s.service_name).length > 0');
      assert.equal(typeof s.metadata, 'boolean');
      assert.ok(
        ['realtime', 'batch', 'blackbox'].includes(str(s.type)),
        "['realtime', 'batch', 'blackbox'].includes(str(s.type))",
      );
      assert.ok(s.keywords === null || /^[^,]+(, [^,]+)*$/.test(str(s.keywords)), 'comma separated');
      const definition = await get(`services/${encodeURIComponent(str(s.service_code))}.json`);
      assert.equal(definition.status, 200);
      const attributes = (definition.doc as { attributes: Records }).attributes;
      assert.equal(s.metadata, attributes.length > 0, `${str(s.service_code)}: metadata says it has attributes`);
    }
    // The language asked for.
    const en = (await get('services.json', { 'accept-language': 'en' })).doc as Records;
    const vi = (await get('services.json?locale=vi')).doc as Records;
    assert.equal(en.find((s) => s.service_code === 'waste')?.service_name, 'Waste and street cleaning');
    assert.equal(vi.find((s) => s.service_code === 'waste')?.service_name, 'Rác thải, vệ sinh môi trường');
  });

  it('GET services/{code}: service_definition/attributes/attribute/values/value, with their datatypes and orders', async () => {
    const services = (await get('services.json')).doc as Records;
    let lists = 0;
    for (const s of services.filter((x) => x.metadata === true)) {
      const code = str(s.service_code);
      const { json, xml } = await both(`services/${encodeURIComponent(code)}`);
      assert.equal(json.status, 200);
      assert.match(xml.body, /<service_definition>\s*<service_code>[^<]+<\/service_code>\s*<attributes>\s*<attribute>/);
      const d = json.doc as { service_code: string; attributes: Records };
      assert.deepEqual(Object.keys(d), ['service_code', 'attributes']);
      assert.equal(d.service_code, code);
      const orders = d.attributes.map((a) => a.order as number);
      assert.deepEqual(
        orders,
        [...orders].sort((a, b) => a - b),
        'in their order',
      );
      assert.equal(new Set(orders).size, orders.length, 'no order used twice');
      for (const a of d.attributes) {
        assert.deepEqual(Object.keys(a), [
          'variable',
          'code',
          'datatype',
          'required',
          'datatype_description',
          'order',
          'description',
          'values',
        ]);
        assert.equal(typeof a.variable, 'boolean');
        assert.equal(typeof a.required, 'boolean');
        assert.ok(Number.isInteger(a.order) && (a.order as number) >= 1, 'order is a positive integer');
        assert.ok(
          ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'].includes(str(a.datatype)),
          "['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'].includes(str(a.datatype))",
        );
        assert.ok(str(a.description).length > 0, 'str(a.description).length > 0');
        const values = a.values as Records;
        if (str(a.datatype).endsWith('valuelist')) {
          lists++;
          assert.ok(values.length >= 2, `${code}/${str(a.code)}: a list offers values`);
          for (const v of values) {
            assert.deepEqual(Object.keys(v), ['key', 'name']);
            assert.ok(
              str(v.key).length > 0 && str(v.name).length > 0,
              'str(v.key).length > 0 && str(v.name).length > 0',
            );
          }
        } else {
          assert.deepEqual(values, []);
        }
        if (!a.variable) assert.equal(a.required, false, 'information only is never required');
      }
    }
    assert.ok(lists > 0, 'lists > 0');
  });

  it('errors for services: an unknown service_code is 404, a format not offered 400, an unknown jurisdiction_id 404', async () => {
    for (const fmt of FORMATS) {
      assertErrors(await get(`services/dragons.${fmt}`), 404, /dragons/);
      assertErrors(await get(`services.${fmt}?jurisdiction_id=atlantis.example`), 404, /jurisdiction_id/);
      assertErrors(await get(`services/waste.${fmt}?jurisdiction_id=atlantis.example`), 404, /jurisdiction_id/);
    }
    // The jurisdiction served, by its name or by none, and the other configured one.
    assert.equal((await get('services.json?jurisdiction_id=hanoi.gov.vn')).status, 200);
    assert.equal((await get('services.json?jurisdiction_id=')).status, 200, 'an empty optional argument is none');
    assert.equal((await get('services.xml?jurisdiction_id=test.hanoi.gov.vn')).status, 200);
    // A format that is not offered: an error list (in JSON, the default), never a page or a problem+json.
    for (const path of [
      'services/waste.html',
      'services.html',
      'requests.csv',
      'discovery.yaml',
      'requests/2026-000001.txt',
    ]) {
      const res = await get(path);
      assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
      assertErrors(res, res.status);
    }
  });

  it('POST requests as a form: the created request in service_requests/request, read back with every field in both formats', async () => {
    for (const fmt of FORMATS) {
      const res = await postForm(fmt, [
        ...WASTE,
        ['address_string', 'Phố Lê Thái Tổ, Hoàn Kiếm, Hà Nội'],
        ['description', 'Đống phế thải xây dựng bên hồ'],
        ['email', 'an.nguyen@example.com'],
        ['first_name', 'An'],
        ['last_name', 'Nguyễn'],
        ['phone', '0912345678'],
        ['device_id', 'tt222111'],
        ['api_key', ''],
      ]);
      assert.equal(res.status, 200, res.body);
      if (fmt === 'xml') assert.match(res.body, /<service_requests>\s*<request>\s*<service_request_id>/);
      const created = res.doc as Records;
      assert.equal(created.length, 1);
      const [c] = created as [Record<string, unknown>];
      assert.ok(str(c.service_request_id).length > 0, 'str(c.service_request_id).length > 0');
      assert.ok(str(c.service_notice).length > 0, 'service_notice says what happens next');
      assert.ok('account_id' in c, "'account_id' in c");

      const { json, xml } = await both(`requests/${str(c.service_request_id)}`);
      assert.equal(json.status, 200);
      assert.match(xml.body, /<service_requests>\s*<request>\s*<service_request_id>/);
      const [r] = json.doc as [Record<string, unknown>];
      assert.deepEqual(Object.keys(r), REQUEST_FIELDS, 'the fields of the specification, in its order');
      assert.equal(r.service_request_id, c.service_request_id);
      assert.equal(r.status, 'open');
      assert.equal(r.service_code, 'waste');
      assert.equal(r.description, 'Đống phế thải xây dựng bên hồ');
      assert.equal(r.address, 'Phố Lê Thái Tổ, Hoàn Kiếm, Hà Nội');
      assert.equal(r.lat, Number(HOAN_KIEM.lat));
      assert.equal(r.long, Number(HOAN_KIEM.long));
      assert.equal(typeof r.lat, 'number');
      assert.equal(typeof r.long, 'number');
      for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
        assert.match(str(r[f]), W3C_DATETIME, f);
      }
      assert.ok(
        Date.parse(str(r.expected_datetime)) > Date.parse(str(r.requested_datetime)),
        'Date.parse(str(r.expected_datetime)) > Date.parse(str(r.requested_datetime))',
      );
      assert.ok(str(r.agency_responsible).length > 0, 'str(r.agency_responsible).length > 0');
      // The reporter's contact is personal data: never in the public record.
      assert.doesNotMatch(json.body + xml.body, /an\.nguyen|0912345678|tt222111|Nguyễn/);
    }
  });

  it('POST requests: attribute[code] and attribute[code][] for a multivaluelist, as the specification writes them', async () => {
    const many = await create([
      ['service_code', 'sidewalk-encroachment'],
      ['lat', HOAN_KIEM.lat],
      ['long', HOAN_KIEM.long],
      ['attribute[what][]', 'goods'],
      ['attribute[what][]', 'parking'],
    ]);
    const one = await create([
      ['service_code', 'sidewalk-encroachment'],
      ['lat', HOAN_KIEM.lat],
      ['long', HOAN_KIEM.long],
      ['attribute[what]', 'materials'],
    ]);
    const attributesOf = async (id: string) =>
      ((await staff(officer, `/${id}`)).report as { attributes: Record<string, unknown> }).attributes;
    assert.deepEqual((await attributesOf(many.id)).what, ['goods', 'parking']);
    assert.deepEqual((await attributesOf(one.id)).what, ['materials']);
    const single = await create([
      ['service_code', 'road-damage'],
      ['lat', HOAN_KIEM.lat],
      ['long', HOAN_KIEM.long],
      ['attribute[size]', 'large'],
      ['attribute[blocks-traffic]', 'yes'],
    ]);
    assert.deepEqual(await attributesOf(single.id), { size: 'large', 'blocks-traffic': 'yes' });
    // A value that is not one of the list's keys.
    for (const fmt of FORMATS) {
      assertErrors(
        await postForm(fmt, [
          ['service_code', 'sidewalk-encroachment'],
          ['lat', HOAN_KIEM.lat],
          ['long', HOAN_KIEM.long],
          ['attribute[what][]', 'goods'],
          ['attribute[what][]', 'dragons'],
        ]),
        400,
        /attribute\[what\].*dragons/,
      );
    }
  });

  it('POST requests refused with an error list and nothing stored: unknown service_code 404, missing required attribute, bad lat/long, no place, outside the city', async () => {
    const before = await count();
    for (const fmt of FORMATS) {
      assertErrors(
        await postForm(fmt, [
          ['service_code', 'dragons'],
          ['lat', HOAN_KIEM.lat],
          ['long', HOAN_KIEM.long],
        ]),
        404,
        /service_code.*dragons/,
      );
      assertErrors(
        await postForm(fmt, [
          ['lat', HOAN_KIEM.lat],
          ['long', HOAN_KIEM.long],
        ]),
        400,
        /service_code/,
      );
      assertErrors(
        await postForm(fmt, [
          ['service_code', 'waste'],
          ['lat', HOAN_KIEM.lat],
          ['long', HOAN_KIEM.long],
        ]),
        400,
        /attribute\[kind\]/,
      );
      // Both required answers of noise missing: both named at once.
      const noise = await postForm(fmt, [
        ['service_code', 'noise'],
        ['lat', HOAN_KIEM.lat],
        ['long', HOAN_KIEM.long],
      ]);
      assertErrors(noise, 400);
      assert.equal((noise.doc as Records).length, 2);
      for (const [lat, long, pattern] of [
        ['91', HOAN_KIEM.long, /lat/],
        [HOAN_KIEM.lat, '-181', /long/],
        ['north', HOAN_KIEM.long, /lat/],
        [HOAN_KIEM.lat, '', /long|lat/],
      ] as const) {
        assertErrors(
          await postForm(fmt, [
            ['service_code', 'waste'],
            ['lat', lat],
            ['long', long],
            ['attribute[kind]', 'dumping'],
          ]),
          400,
          pattern,
        );
      }
      assertErrors(
        await postForm(fmt, [
          ['service_code', 'waste'],
          ['attribute[kind]', 'dumping'],
        ]),
        400,
        /lat|address/,
      );
      assertErrors(
        await postForm(fmt, [
          ['service_code', 'waste'],
          ['lat', SAI_GON.lat],
          ['long', SAI_GON.long],
          ['attribute[kind]', 'dumping'],
        ]),
        400,
      );
      assertErrors(await postForm(fmt, [...WASTE, ['description', 'x'.repeat(4001)]]), 400, /description/);
      assertErrors(await postForm(fmt, WASTE, '?jurisdiction_id=atlantis.example'), 404, /jurisdiction_id/);
      assertErrors(await postForm(fmt, [...WASTE, ['jurisdiction_id', 'atlantis.example']]), 404, /jurisdiction_id/);
    }
    assert.equal(await count(), before, 'nothing stored');
    // 4,000 characters are taken.
    await create([...WASTE, ['description', 'ổ'.repeat(4000)]]);
  });

  it('POST requests not sent as a form, or empty: an error list, nothing stored', async () => {
    const before = await count();
    for (const fmt of FORMATS) {
      const plain = answer(
        await app.http.inject({
          method: 'POST',
          url: `${V2}/requests.${fmt}`,
          headers: { 'content-type': 'text/plain' },
          payload: 'service_code=waste',
          remoteAddress: nextAddress(),
        }),
      );
      assertErrors(plain, plain.status);
      assert.ok(plain.status === 400 || plain.status === 415, str(plain.status));
      const empty = answer(
        await app.http.inject({
          method: 'POST',
          url: `${V2}/requests.${fmt}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: '',
          remoteAddress: nextAddress(),
        }),
      );
      assertErrors(empty, 400, /service_code/);
    }
    assert.equal(await count(), before);
  });

  it('GET requests with nothing to show: an empty list in both formats', async () => {
    const { json, xml } = await both('requests', '?service_code=nothing-here');
    assert.equal(json.status, 200);
    assert.deepEqual(json.doc, []);
    assert.match(xml.body, /<service_requests><\/service_requests>|<service_requests\/>/);
  });

  it('POST requests with an api_key: one the city issued is taken, another is the 403 of the specification, nothing stored', async () => {
    await create([...WASTE, ['api_key', 'conformance-key-1']]);
    const before = await count();
    for (const fmt of FORMATS) {
      assertErrors(await postForm(fmt, [...WASTE, ['api_key', 'not-a-key-we-issued']]), 403, /api_key/);
    }
    assert.equal(await count(), before);
  });

  it('HTML and script in a description come back as text: escaped in XML, a plain string in JSON', async () => {
    const text = '<script>alert("x")</script> <b>rác</b> & <img src=x onerror=alert(1)> ]]> \u0001\uFFFF 🚧';
    const { id } = await create([...WASTE, ['description', text]], 'xml');
    const xml = await get(`requests/${id}.xml`);
    assert.doesNotMatch(xml.body, /<script|<b>|<img/);
    assert.match(xml.body, /&lt;script&gt;/);
    const json = await get(`requests/${id}.json`);
    const [fromJson] = json.doc as [Record<string, unknown>];
    const [fromXml] = xml.doc as [Record<string, unknown>];
    assert.equal(fromJson.description, fromXml.description, 'the same text in both');
    assert.ok(str(fromJson.description).includes('<script>alert("x")</script>'), 'kept as written, never run');
    assert.ok(str(fromXml.description).endsWith('🚧'), 'a character beyond the BMP survives');
    assert.ok(!xml.body.includes('\u0001') && !xml.body.includes('\uFFFF'), 'characters XML cannot hold are left out');
    assert.equal(json.headers['x-content-type-options'], 'nosniff');
  });

  it('POST requests as multipart with a real JPEG: stored with the request, served as its media_url; a non-image refused, nothing stored', async () => {
    const send = (fmt: Format, file: { filename: string; type: string; bytes: Uint8Array }) => {
      const { body, contentType } = multipart(
        [
          ['service_code', 'waste'],
          ['lat', HOAN_KIEM.lat],
          ['long', HOAN_KIEM.long],
          ['attribute[kind]', 'uncollected'],
          ['description', 'Rác chưa thu gom, có ảnh'],
        ],
        [{ name: 'media', ...file }],
      );
      return app.http
        .inject({
          method: 'POST',
          url: `${V2}/requests.${fmt}`,
          headers: { 'content-type': contentType },
          payload: body,
          remoteAddress: nextAddress(),
        })
        .then(answer);
    };
    for (const fmt of FORMATS) {
      const res = await send(fmt, { filename: 'rac.jpg', type: 'image/jpeg', bytes: TINY_JPEG });
      assert.equal(res.status, 200, res.body);
      const [c] = res.doc as [Record<string, unknown>];
      const [r] = (await get(`requests/${str(c.service_request_id)}.${fmt}`)).doc as [Record<string, unknown>];
      assert.match(str(r.media_url), /^https?:\/\/[^/]+\/open311\/v2\/media\/[0-9a-f-]{36}$/);
      const photo = await app.http.inject({ method: 'GET', url: new URL(str(r.media_url)).pathname });
      assert.equal(photo.statusCode, 200);
      assert.equal(photo.headers['content-type'], 'image/jpeg');
      assert.deepEqual(new Uint8Array(photo.rawPayload), TINY_JPEG);
      assert.equal(photo.headers['x-content-type-options'], 'nosniff');
    }
    const before = await count();
    for (const fmt of FORMATS) {
      const fake = await send(fmt, {
        filename: 'rac.jpg',
        type: 'image/jpeg',
        bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'),
      });
      assertErrors(fake, 400);
    }
    assert.equal(await count(), before, 'nothing stored');
    // Over 5 MB, a JPEG by its first bytes: 413, nothing stored.
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(TINY_JPEG.subarray(0, 4));
    for (const fmt of FORMATS) {
      assertErrors(await send(fmt, { filename: 'big.jpg', type: 'image/jpeg', bytes: big }), 413, /at most 5 MB/);
    }
    assert.equal(await count(), before, 'nothing stored');
    // A form cut short before its closing boundary: a 400 that says so, never a 500.
    for (const fmt of FORMATS) {
      const cut = await app.http
        .inject({
          method: 'POST',
          url: `${V2}/requests.${fmt}`,
          headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
          payload: '--zzz\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n\r\nabc',
          remoteAddress: nextAddress(),
        })
        .then(answer);
      assertErrors(cut, 400, /cut short/);
    }
    assert.equal(await count(), before, 'nothing stored');
    const missing = await app.http.inject({ method: 'GET', url: `${V2}/media/00000000-0000-4000-8000-000000000000` });
    assert.equal(missing.statusCode, 404);
  });

  it('GET tokens/{token}: service_request_id and token; an unknown token is 404', async () => {
    const { id, token } = await create();
    const { json, xml } = await both(`tokens/${token}`);
    assert.equal(json.status, 200);
    assert.match(xml.body, /<service_requests>\s*<request>\s*<service_request_id>/);
    assert.deepEqual(json.doc, [{ service_request_id: id, token }]);
    for (const fmt of FORMATS) assertErrors(await get(`tokens/${'x'.repeat(32)}.${fmt}`), 404);
  });

  it('GET requests/{id}: an unknown service_request_id is 404 in an error list', async () => {
    for (const fmt of FORMATS) {
      assertErrors(await get(`requests/2026-999999.${fmt}`), 404);
      assertErrors(await get(`requests/no-such-thing.${fmt}`), 404);
      assertErrors(await get(`requests/2026-999999.${fmt}?jurisdiction_id=atlantis.example`), 404, /jurisdiction_id/);
    }
  });

  it('GET requests: status open/closed only, the filters, and service_request_id overriding every other argument', async () => {
    const open = await create();
    const closed = await create();
    await staff(officer, `/${closed.id}/receive`, {});
    await staff(officer, `/${closed.id}/resolve`, { answer: 'Đã thu gom xong.' });

    for (const fmt of FORMATS) {
      const all = (await get(`requests.${fmt}?page_size=200`)).doc as Records;
      assert.ok(all.length >= 2, 'all.length >= 2');
      for (const r of all) {
        assert.ok(r.status === 'open' || r.status === 'closed', str(r.status));
        assert.deepEqual(Object.keys(r), REQUEST_FIELDS);
        for (const f of ['requested_datetime', 'updated_datetime']) assert.match(str(r[f]), W3C_DATETIME);
      }
      const onlyOpen = (await get(`requests.${fmt}?status=open&page_size=200`)).doc as Records;
      assert.ok(
        onlyOpen.every((r) => r.status === 'open'),
        "onlyOpen.every((r) => r.status === 'open')",
      );
      assert.ok(
        onlyOpen.some((r) => r.service_request_id === open.id),
        'onlyOpen.some((r) => r.service_request_id === open.id)',
      );
      assert.ok(
        !onlyOpen.some((r) => r.service_request_id === closed.id),
        '!onlyOpen.some((r) => r.service_request_id === closed.id)',
      );
      const onlyClosed = (await get(`requests.${fmt}?status=closed&page_size=200`)).doc as Records;
      assert.ok(
        onlyClosed.every((r) => r.status === 'closed'),
        "onlyClosed.every((r) => r.status === 'closed')",
      );
      assert.ok(
        onlyClosed.some((r) => r.service_request_id === closed.id),
        'onlyClosed.some((r) => r.service_request_id === closed.id)',
      );
      const either = (await get(`requests.${fmt}?status=open,closed&page_size=200`)).doc as Records;
      assert.ok(
        [open.id, closed.id].every((id) => either.some((r) => r.service_request_id === id)),
        '[open.id, closed.id].every((id) => either.some((r) => r.service_request_id === id))',
      );
      assertErrors(await get(`requests.${fmt}?status=pending`), 400, /status/);
      const noise = (await get(`requests.${fmt}?service_code=noise,trees&page_size=200`)).doc as Records;
      assert.ok(
        noise.every((r) => r.service_code === 'noise' || r.service_code === 'trees'),
        "noise.every((r) => r.service_code === 'noise' || r.service_code === 'trees')",
      );
      const waste = (await get(`requests.${fmt}?service_code=waste&page_size=200`)).doc as Records;
      assert.ok(
        waste.some((r) => r.service_request_id === open.id),
        'waste.some((r) => r.service_request_id === open.id)',
      );

      // The ids override the status, the service and the dates.
      const picked = (
        await get(
          `requests.${fmt}?service_request_id=${open.id},${closed.id}&status=closed&service_code=noise` +
            '&start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z',
        )
      ).doc as Records;
      assert.deepEqual(picked.map((r) => r.service_request_id).sort(), [open.id, closed.id].sort());
      const [r] = (await get(`requests/${closed.id}.${fmt}`)).doc as [Record<string, unknown>];
      assert.equal(r.status, 'closed');
      assert.equal(r.status_notes, 'Đã thu gom xong.');
      assert.ok(
        Date.parse(str(r.updated_datetime)) >= Date.parse(str(r.requested_datetime)),
        'Date.parse(str(r.updated_datetime)) >= Date.parse(str(r.requested_datetime))',
      );
    }
    const { json } = await both('requests', `?service_request_id=${open.id},${closed.id}`);
    assert.equal((json.doc as Records).length, 2);
  });

  it('GET requests: an optional argument sent empty is as if not sent, and one declared several times is a list', async () => {
    const { id } = await create();
    const ids = (doc: unknown) => (doc as Records).map((r) => r.service_request_id);
    for (const fmt of FORMATS) {
      const plain = ids((await get(`requests.${fmt}?page_size=200`)).doc);
      assert.ok(plain.includes(id), 'plain.includes(id)');
      const empty = await get(
        `requests.${fmt}?page_size=200&service_request_id=&service_code=&status=&start_date=&end_date=&jurisdiction_id=&api_key=`,
      );
      assert.equal(empty.status, 200, empty.body);
      assert.deepEqual(ids(empty.doc), plain, 'empty arguments change nothing');
      const updates = await get(`servicerequestupdates.${fmt}?service_request_id=&start_date=&end_date=`);
      assert.equal(updates.status, 200, updates.body);
      // "can be declared multiple times, comma delimited": both forms.
      const twice = await get(
        `requests.${fmt}?page_size=200&status=open&status=closed&service_code=waste&service_code=noise`,
      );
      assert.equal(twice.status, 200, twice.body);
      assert.ok(ids(twice.doc).includes(id), 'ids(twice.doc).includes(id)');
      // start_date alone: since then.
      const from = await get(
        `requests.${fmt}?start_date=${new Date(Date.now() - 86_400_000).toISOString()}&page_size=200`,
      );
      assert.equal(from.status, 200, from.body);
      assert.ok(ids(from.doc).includes(id), 'ids(from.doc).includes(id)');
    }
  });

  it('GET requests: without dates the most recent 90 days; a range of more than 90 days refused; dates in the W3C format', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const old = new Date(now - 200 * day).toISOString();
    const imported = await app.http.inject({
      method: 'POST',
      url: `${STAFF}/import`,
      headers: admin.auth,
      payload: {
        requests: [
          {
            externalId: `conformance-old-${ctx.driver}`,
            serviceCode: 'trees',
            status: 'closed',
            description: 'Cây đổ từ mùa bão trước',
            requestedAt: old,
            updatedAt: old,
            lat: 21.03,
            lon: 105.85,
          },
        ],
      },
    });
    assert.equal(imported.statusCode, 200, imported.body);
    const fresh = await create();

    const ids = (doc: unknown) => (doc as Records).map((r) => r.service_request_id);
    for (const fmt of FORMATS) {
      const recent = ids((await get(`requests.${fmt}?service_code=trees,waste&page_size=200`)).doc);
      assert.ok(recent.includes(fresh.id), 'recent.includes(fresh.id)');
      const window = (s: number, e: number) =>
        `start_date=${new Date(now - s * day).toISOString()}&end_date=${new Date(now - e * day).toISOString()}`;
      const then = (await get(`requests.${fmt}?service_code=trees&${window(210, 190)}`)).doc as Records;
      const oldOne = then.find((r) => r.description === 'Cây đổ từ mùa bão trước');
      assert.ok(oldOne, 'found in its own window');
      assert.ok(!recent.includes(oldOne.service_request_id), 'not in the default 90 days');
      // The id finds it whatever the window.
      assert.deepEqual(ids((await get(`requests.${fmt}?service_request_id=${str(oldOne.service_request_id)}`)).doc), [
        oldOne.service_request_id,
      ]);
      // 90 days is the most; 91 is refused; start after end refused.
      assert.equal((await get(`requests.${fmt}?${window(120, 30)}`)).status, 200);
      assertErrors(await get(`requests.${fmt}?${window(121, 30)}`), 400, /90/);
      assertErrors(await get(`requests.${fmt}?${window(10, 20)}`), 400);
      // Offsets as the W3C note writes them, Z or ±hh:mm.
      assert.equal(
        (await get(`requests.${fmt}?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-02-01T00:00:00Z`)).status,
        200,
      );
      // A client that forgets to encode the offset's plus sends a space: read as the plus it was.
      assert.equal(
        (await get(`requests.${fmt}?start_date=2026-01-01T00:00:00+07:00&end_date=2026-02-01T00:00:00Z`)).status,
        200,
      );
      assertErrors(await get(`requests.${fmt}?start_date=yesterday`), 400, /start_date/);
      assertErrors(await get(`requests.${fmt}?end_date=2026-13-45T00:00:00Z`), 400, /end_date/);
      // A day the calendar has not is refused, not rolled over into March.
      assertErrors(await get(`requests.${fmt}?start_date=2026-02-30T00:00:00Z`), 400, /start_date/);
      assertErrors(await get(`servicerequestupdates.${fmt}?end_date=2026-04-31T00:00:00Z`), 400, /end_date/);
      // start_date alone is "since then": the reports since, or a 400 naming the bound, never a silent gap.
      const since = (d: number) => `start_date=${new Date(now - d * day).toISOString()}`;
      assert.ok(
        ids((await get(`requests.${fmt}?service_code=waste&page_size=200&${since(30)}`)).doc).includes(fresh.id),
        'the report of today is among those since 30 days ago',
      );
      assertErrors(await get(`requests.${fmt}?${since(120)}`), 400, /90 days/);
      assertErrors(await get(`servicerequestupdates.${fmt}?${since(120)}`), 400, /90 days/);
    }
  });

  it('GET requests: a jurisdiction_id names its own records; an unknown one is 404', async () => {
    const other = await postForm('json', WASTE, '?jurisdiction_id=test.hanoi.gov.vn');
    assert.equal(other.status, 200, other.body);
    const [c] = other.doc as [Record<string, unknown>];
    const id = str(c.service_request_id);
    const token = str(c.token);
    assert.equal((await get(`requests/${id}.xml?jurisdiction_id=test.hanoi.gov.vn`)).status, 200);
    // Ids are names: any case is the same jurisdiction.
    assert.equal((await get(`requests/${id}.json?jurisdiction_id=TEST.Hanoi.gov.vn`)).status, 200);
    assert.equal((await get('services.json?jurisdiction_id=HANOI.GOV.VN')).status, 200);
    assert.equal((await get(`tokens/${token}.json?jurisdiction_id=test.hanoi.gov.vn`)).status, 200);
    assertErrors(await get(`tokens/${token}.json`), 404);
    assertErrors(await get(`tokens/${token}.xml?jurisdiction_id=hanoi.gov.vn`), 404);
    for (const fmt of FORMATS) {
      assertErrors(await get(`requests.${fmt}?jurisdiction_id=atlantis.example`), 404, /jurisdiction_id/);
      assertErrors(await get(`servicerequestupdates.${fmt}?jurisdiction_id=atlantis.example`), 404, /jurisdiction_id/);
    }
  });

  it('servicerequestupdates: each public step an officer takes, in request_update elements, statuses extended or open/closed', async () => {
    const { id, token } = await create([...WASTE, ['description', 'Phế thải chặn lối đi']]);
    await staff(officer, `/${id}/receive`, {});
    await staff(officer, `/${id}/ask`, { text: 'Xin cho biết số nhà gần nhất.' });
    await staff(officer, `/${id}/note`, { text: 'Nội bộ: gọi đội 3.' });
    const follow = await app.http.inject({
      method: 'POST',
      url: `${STAFF}/follow/${token}/supplement`,
      payload: { text: 'Trước số 12 Lê Thái Tổ.' },
    });
    assert.equal(follow.statusCode, 200, follow.body);
    await staff(officer, `/${id}/resolve`, { answer: 'Đã dọn sạch phế thải.' });

    const { json, xml } = await both('servicerequestupdates', `?service_request_id=${id}`);
    assert.equal(json.status, 200);
    assert.match(xml.body, /<service_request_updates>\s*<request_update>\s*<update_id>/);
    const updates = json.doc as Records;
    for (const u of updates) {
      for (const f of ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']) {
        assert.ok(f in u, `${f} in every update`);
      }
      assert.equal(u.service_request_id, id);
      assert.match(str(u.updated_datetime), W3C_DATETIME);
      assert.match(str(u.status), /^[A-Z_]+$/);
    }
    assert.equal(new Set(updates.map((u) => u.update_id)).size, updates.length, 'update ids are unique');
    const times = updates.map((u) => Date.parse(str(u.updated_datetime)));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'oldest first',
    );
    assert.equal(updates[0]?.status, 'OPEN');
    assert.equal(updates.at(-1)?.status, 'FIXED');
    assert.equal(updates.at(-1)?.description, 'Đã dọn sạch phế thải.');
    assert.ok(
      updates.some((u) => u.description === 'Xin cho biết số nhà gần nhất.'),
      'the question is public',
    );
    assert.ok(!updates.some((u) => str(u.description).includes('Nội bộ')), 'an internal note is not');

    const plain = (await get(`servicerequestupdates.json?service_request_id=${id}&extended_statuses=false`))
      .doc as Records;
    assert.deepEqual(
      [...new Set(plain.map((u) => u.status))].sort(),
      ['CLOSED', 'OPEN'],
      'only OPEN and CLOSED without extended statuses',
    );
    // By dates: the last 90 days by default, this one's updates among them.
    const recent = (await get('servicerequestupdates.json?page_size=200')).doc as Records;
    assert.ok(
      recent.some((u) => u.service_request_id === id),
      'recent.some((u) => u.service_request_id === id)',
    );
    for (const fmt of FORMATS) {
      assertErrors(
        await get(`servicerequestupdates.${fmt}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`),
        400,
        /90/,
      );
    }
    const [r] = (await get(`requests/${id}.json`)).doc as [Record<string, unknown>];
    assert.equal(r.status, 'closed');
    assert.equal(r.status_notes, 'Đã dọn sạch phế thải.');
  });
});
