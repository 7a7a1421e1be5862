import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { App } from '../../../app.js';
import { describeEachDriver } from '../../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../../test/support/app.js';
import { str } from '../../../../test/support/text.js';

/**
 * An Open311 client written for another city reads Thang Long. The client below is written the way
 * one is written for Chicago's endpoint (after codeforamerica/node-open311's behaviour, not its code):
 * it starts from the discovery document, takes the endpoint's URL and appends the resource
 * (`services.json`, `requests/{id}.xml`), sends a new request as an urlencoded form with
 * `attribute[code]` and `attribute[code][]`, follows a token to the request's id, and asks for
 * Chicago's `extensions=true` (its `extended_attributes` and `notes` timeline). It reads XML
 * generically, as such clients do: every element a text, the elements the specification lets repeat
 * as lists, empty elements as nothing; then JSON and XML give it the same values.
 *
 * Then the other way: a Chicago-shaped and a Toronto-shaped export (samples written by hand in their
 * shapes: Chicago's top-level JSON array with extensions and notes, Toronto's XML with its empty
 * elements and its JSON wrapped in `service_requests`) imported by an admin and read back through
 * Open311 by the same client.
 */

type Format = 'json' | 'xml';
type Value = string | number | boolean | null | Value[] | { [k: string]: Value };
type Doc = { [k: string]: Value };
type Transport = (
  method: 'GET' | 'POST',
  url: string,
  form?: string,
) => Promise<{ status: number; type: string; body: string }>;

class Open311Failed extends Error {
  constructor(
    readonly status: number,
    readonly errors: Doc[],
  ) {
    super(`Open311 ${status}: ${errors.map((e) => str(e.description)).join('; ')}`);
  }
}

/** The elements of GeoReport v2 that hold a list, and the name of one of their items. */
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
const BOOLEANS = new Set(['metadata', 'variable', 'required']);
const NUMBERS = new Set(['lat', 'long', 'order']);

/**
 * A small Open311 GeoReport v2 client, as written for one city and pointed at another: everything it
 * knows comes from the discovery document and the specification.
 */
class Open311Client {
  #endpoint: string | undefined;
  readonly #xml = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name, jpath) => LISTS[str(jpath).split('.').at(-2) ?? ''] === name,
  });

  constructor(
    private readonly transport: Transport,
    private readonly options: { discovery: string; format: Format; jurisdiction?: string },
  ) {}

  get endpoint(): string {
    if (!this.#endpoint) throw new Error('discover() first');
    return this.#endpoint;
  }

  /** Finds the GeoReport v2 production endpoint that speaks this client's format. */
  async discover(): Promise<Doc> {
    const doc = (await this.#read('GET', this.options.discovery)) as Doc;
    const mime = this.options.format === 'xml' ? 'text/xml' : 'application/json';
    const endpoint = (doc.endpoints as Doc[]).find(
      (e) =>
        /GeoReport_v2/i.test(str(e.specification)) && e.type === 'production' && (e.formats as string[]).includes(mime),
    );
    if (!endpoint) throw new Error(`no GeoReport v2 endpoint in ${mime}`);
    const url = str(endpoint.url);
    this.#endpoint = url.endsWith('/') ? url : `${url}/`;
    return doc;
  }

  services(): Promise<Doc[]> {
    return this.#read('GET', this.#url('services')) as Promise<Doc[]>;
  }

  serviceDefinition(code: string): Promise<Doc> {
    return this.#read('GET', this.#url(`services/${encodeURIComponent(code)}`)) as Promise<Doc>;
  }

  /** POST requests: an urlencoded form; attributes as attribute[code], a list as attribute[code][]. */
  async submit(fields: Record<string, string>, attributes: Record<string, string | string[]> = {}): Promise<Doc> {
    const form = new URLSearchParams();
    if (this.options.jurisdiction) form.append('jurisdiction_id', this.options.jurisdiction);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [code, v] of Object.entries(attributes)) {
      if (Array.isArray(v)) for (const x of v) form.append(`attribute[${code}][]`, x);
      else form.append(`attribute[${code}]`, v);
    }
    const [created] = (await this.#read('POST', `${this.endpoint}requests.${this.options.format}`, form)) as Doc[];
    if (!created) throw new Error('POST requests answered no request');
    return created;
  }

  async token(token: string): Promise<string | null> {
    const [t] = (await this.#read('GET', this.#url(`tokens/${encodeURIComponent(token)}`))) as Doc[];
    return (t?.service_request_id as string | null) ?? null;
  }

  async request(id: string, extensions = false): Promise<Doc | undefined> {
    const [r] = (await this.#read(
      'GET',
      this.#url(`requests/${encodeURIComponent(id)}`, extensions ? { extensions: 'true' } : {}),
    )) as Doc[];
    return r;
  }

  requests(params: Record<string, string | string[]> = {}): Promise<Doc[]> {
    const query = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    return this.#read('GET', this.#url('requests', query)) as Promise<Doc[]>;
  }

  #url(resource: string, query: Record<string, string> = {}): string {
    const q = new URLSearchParams({
      ...(this.options.jurisdiction ? { jurisdiction_id: this.options.jurisdiction } : {}),
      ...query,
    });
    const search = q.toString();
    return `${this.endpoint}${resource}.${this.options.format}${search ? `?${search}` : ''}`;
  }

  async #read(method: 'GET' | 'POST', url: string, form?: URLSearchParams): Promise<Value> {
    const res = await this.transport(method, url, form?.toString());
    const doc = res.type.includes('xml') ? this.#fromXml(res.body) : this.#normalise(JSON.parse(res.body) as Value);
    if (res.status >= 400) throw new Open311Failed(res.status, doc as Doc[]);
    if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
    return doc;
  }

  /** XML read generically: the root's list as a list, list elements as lists, texts typed as JSON has them. */
  #fromXml(body: string): Value {
    const doc = this.#xml.parse(body) as Record<string, unknown>;
    const [root] = Object.keys(doc);
    if (root === undefined) throw new Error('an empty XML document');
    const walk = (name: string, v: unknown): unknown => {
      const item = LISTS[name];
      if (item !== undefined) {
        const items = v === '' || v === undefined ? [] : (v as Record<string, unknown>)[item];
        return ((items as unknown[] | undefined) ?? []).map((x) => walk(item, x));
      }
      if (v !== null && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(k, x)]));
      }
      return v;
    };
    return this.#normalise(walk(root, doc[root]) as Value);
  }

  /** One shape whatever the format or the server's habits: empty is null, flags and numbers typed. */
  #normalise(v: Value, key = ''): Value {
    if (Array.isArray(v)) return v.map((x) => this.#normalise(x, key));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.#normalise(x, k)]));
    }
    if (v === null || v === '') return null;
    if (BOOLEANS.has(key)) return v === true || v === 'true';
    if (NUMBERS.has(key)) return Number(v);
    return str(v);
  }
}

const HOAN_KIEM = { lat: '21.0287', long: '105.8522' };
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** Chicago's shape: a top-level JSON array, numbers and texts mixed, `extended_attributes` and `notes`. */
const CHICAGO = [
  {
    service_request_id: '26-01734567',
    status: 'closed',
    status_notes: 'Completed',
    service_name: 'Pothole in Street',
    service_code: '4fd3b656e750846c53000004',
    description: 'Deep pothole in the curb lane, westbound',
    agency_responsible: 'CDOT - Department of Transportation',
    service_notice: null,
    requested_datetime: '2026-11-02T08:14:27-06:00',
    updated_datetime: '2026-11-04T13:02:11-06:00',
    expected_datetime: null,
    address: '1060 W ADDISON ST, CHICAGO, IL, 60613',
    address_id: null,
    zipcode: 60613,
    lat: 41.94719,
    long: -87.65569,
    media_url: 'https://311.chicago.example/media/26-01734567.jpg',
    extended_attributes: { channel: 'Mobile', ward: 44, police_district: 19 },
    notes: [
      { datetime: '2026-11-02T08:14:27-06:00', summary: 'Request opened', type: 'opened' },
      { datetime: '2026-11-04T13:02:11-06:00', summary: 'Request closed', type: 'closed', description: 'Completed' },
    ],
  },
  {
    service_request_id: '26-01734999',
    status: 'open',
    service_name: 'Street Light Out',
    service_code: '4ffa9cad6018277d4000007b',
    description: 'Light out in front of the school',
    requested_datetime: '2026-11-03T19:40:00-06:00',
    updated_datetime: '2026-11-03T19:40:00-06:00',
    address: '2111 W LEXINGTON ST',
    lat: '41.8722',
    long: '-87.6797',
    media_url: null,
    extended_attributes: { channel: 'Phone' },
    notes: [{ datetime: '2026-11-03T19:40:00-06:00', summary: 'Request opened', type: 'opened' }],
  },
  // No id: left out, and counted.
  { status: 'open', service_code: '4fd3b656e750846c53000004', requested_datetime: '2026-11-03T10:00:00-06:00' },
];

/** Toronto's shape in XML: every field present, the empty ones as empty elements, offsets of -05:00. */
const TORONTO_XML = `<?xml version="1.0" encoding="UTF-8"?>
<service_requests>
  <request>
    <service_request_id>101004116</service_request_id>
    <status>closed</status>
    <status_notes/>
    <service_name>Road - Pot hole</service_name>
    <service_code>CSROWR-12</service_code>
    <description>Pot hole at the corner &amp; in the bike lane</description>
    <agency_responsible>Transportation Services</agency_responsible>
    <service_notice/>
    <requested_datetime>2026-11-10T09:15:01-05:00</requested_datetime>
    <updated_datetime>2026-11-12T16:40:00-05:00</updated_datetime>
    <expected_datetime/>
    <address>100 QUEEN ST W, TORONTO</address>
    <address_id/>
    <zipcode/>
    <lat>43.6525</lat>
    <long>-79.3839</long>
    <media_url/>
  </request>
  <request>
    <service_request_id>101004117</service_request_id>
    <status>open</status>
    <status_notes></status_notes>
    <service_name>Graffiti</service_name>
    <service_code>SWLMALB-02</service_code>
    <description>Graffiti on the underpass wall</description>
    <agency_responsible>Municipal Licensing &amp; Standards</agency_responsible>
    <service_notice></service_notice>
    <requested_datetime>2026-11-11T11:00:00-05:00</requested_datetime>
    <updated_datetime>2026-11-11T11:00:00-05:00</updated_datetime>
    <expected_datetime></expected_datetime>
    <address>DUNDAS ST W / BATHURST ST</address>
    <address_id></address_id>
    <zipcode></zipcode>
    <lat>43.6527</lat>
    <long>-79.4058</long>
    <media_url></media_url>
  </request>
</service_requests>
`;

/** Toronto's shape in JSON: the list wrapped in `service_requests`, coordinates as numbers. */
const TORONTO_JSON = {
  service_requests: [
    {
      service_request_id: '101004200',
      status: 'closed',
      service_name: 'Sidewalk - Damaged',
      service_code: 'CSROSC-14',
      description: 'Broken slab',
      agency_responsible: 'Transportation Services',
      requested_datetime: '2026-11-13T08:00:00-05:00',
      updated_datetime: '2026-11-14T08:00:00-05:00',
      address: '55 JOHN ST',
      lat: 43.6452,
      long: -79.3885,
    },
  ],
};

describeEachDriver('an Open311 client written for another city', (ctx) => {
  let app: App;
  let officer: Account;
  let admin: Account;
  /** What the client sends goes into the app as it would over the network (only the path is looked at). */
  const transport: Transport = async (method, url, form) => {
    const u = new URL(url);
    const res = await app.http.inject({
      method,
      url: `${u.pathname}${u.search}`,
      ...(form !== undefined
        ? { payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } }
        : {}),
    });
    return { status: res.statusCode, type: str(res.headers['content-type'] ?? ''), body: res.body };
  };
  const clientFor = async (format: Format) => {
    const client = new Open311Client(transport, {
      discovery: `https://open311.hanoi.example/open311/v2/discovery.${format}`,
      format,
      jurisdiction: 'hanoi',
    });
    await client.discover();
    return client;
  };

  before(async () => {
    app = await buildTestApp(ctx.db, { REPORTS_RATE_LIMIT: '10000' });
    officer = await accountWith(app, ['officer'], '');
    admin = await accountWith(app, ['admin'], '*');
  });
  after(async () => {
    await app.http.close();
  });

  const staff = async (path: string, payload: Record<string, unknown>) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/reports${path}`,
      headers: officer.auth,
      payload,
    });
    assert.equal(res.statusCode, 200, res.body);
  };

  it('discovers the endpoint, reads the services and a definition, reports from the definition, follows the token and reads the request back with extensions', async () => {
    const read: Record<Format, Doc[]> = { json: [], xml: [] };
    for (const format of ['json', 'xml'] as const) {
      const client = await clientFor(format);
      assert.match(client.endpoint, /\/open311\/v2\/$/);

      const services = await client.services();
      const road = services.find((s) => s.service_code === 'road-damage');
      assert.ok(road, 'road damage is offered');
      assert.equal(road.metadata, true);
      const definition = await client.serviceDefinition('road-damage');
      const attributes = definition.attributes as Doc[];
      assert.ok(attributes.length > 0, 'attributes.length > 0');

      // A form filled as an app renders the definition: each required question answered with a value offered.
      const answers: Record<string, string | string[]> = {};
      for (const a of attributes.filter((x) => x.variable === true)) {
        const values = (a.values as Doc[]).map((v) => str(v.key));
        if (a.datatype === 'multivaluelist') answers[str(a.code)] = values.slice(0, 2);
        else if (a.required === true) answers[str(a.code)] = values.at(-1) ?? 'x';
      }
      const created = await client.submit(
        {
          service_code: 'road-damage',
          lat: HOAN_KIEM.lat,
          long: HOAN_KIEM.long,
          description: `Ổ gà lớn trước số 5 Đinh Tiên Hoàng (${format})`,
          email: 'reporter@example.com',
        },
        answers,
      );
      const token = str(created.token);
      assert.ok(token.length >= 22, 'token.length >= 22');
      const id = await client.token(token);
      assert.equal(id, created.service_request_id, 'the token leads to the request');
      assert.ok(id, 'id');

      const opened = await client.request(id, true);
      assert.ok(opened, 'opened');
      assert.equal(opened.status, 'open');
      assert.equal(opened.lat, Number(HOAN_KIEM.lat));
      assert.equal(opened.long, Number(HOAN_KIEM.long));
      assert.match(str(opened.requested_datetime), W3C_DATETIME);
      const extended = opened.extended_attributes as Doc;
      assert.ok(extended && typeof extended === 'object', 'extended_attributes with extensions=true');
      const notes = opened.notes as Doc[];
      assert.deepEqual(
        notes.map((n) => n.type),
        ['opened'],
      );
      assert.match(str(notes[0]?.datetime), W3C_DATETIME);
      assert.ok(str(notes[0]?.summary).length > 0, 'str(notes[0]?.summary).length > 0');
      const plain = await client.request(id);
      assert.ok(plain && !('notes' in plain) && !('extended_attributes' in plain), 'extensions only when asked');

      // An officer acts; the client sees the timeline grow and the request close.
      await staff(`/${id}/receive`, {});
      await staff(`/${id}/resolve`, { answer: 'Đã vá ổ gà.' });
      const closed = await client.request(id, true);
      assert.ok(closed, 'closed');
      assert.equal(closed.status, 'closed');
      assert.equal(closed.status_notes, 'Đã vá ổ gà.');
      const timeline = closed.notes as Doc[];
      assert.equal(timeline[0]?.type, 'opened');
      assert.equal(timeline.at(-1)?.type, 'closed');
      assert.equal(timeline.at(-1)?.description, 'Đã vá ổ gà.');
      const times = timeline.map((n) => Date.parse(str(n.datetime)));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );

      const listed = await client.requests({ service_request_id: [id], extensions: 'true' });
      assert.equal(listed.length, 1);
      assert.deepEqual(listed[0], closed);
      const recent = await client.requests({ service_code: 'road-damage', status: 'closed' });
      assert.ok(
        recent.some((r) => r.service_request_id === id),
        'recent.some((r) => r.service_request_id === id)',
      );
      read[format] = [services as unknown as Doc, definition, closed];

      // A refusal comes back as the error list the client knows.
      await assert.rejects(client.serviceDefinition('no-such-service'), (e: unknown) => {
        assert.ok(e instanceof Open311Failed, 'e instanceof Open311Failed');
        assert.equal(e.status, 404);
        assert.equal(e.errors[0]?.code, '404');
        return true;
      });
      await assert.rejects(
        client.submit({ service_code: 'road-damage', lat: '91', long: HOAN_KIEM.long }),
        (e: unknown) => {
          assert.ok(e instanceof Open311Failed, 'e instanceof Open311Failed');
          assert.equal(e.status, 400);
          assert.ok(e.errors.length >= 2, 'the bad lat and the unanswered questions, all at once');
          return true;
        },
      );
    }
    // The same services and definition whatever the format; the request read in the other format equals.
    assert.deepEqual(read.xml[0], read.json[0]);
    assert.deepEqual(read.xml[1], read.json[1]);
    const xmlClient = await clientFor('xml');
    const jsonClient = await clientFor('json');
    for (const r of [read.json[2], read.xml[2]]) {
      const id = str(r?.service_request_id);
      assert.deepEqual(await xmlClient.request(id, true), await jsonClient.request(id, true));
    }
  });

  it('imports a Chicago-shaped and a Toronto-shaped export, and the client reads them back through Open311', async () => {
    const importExport = async (body: string, type: string) => {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/reports/import/open311',
        headers: { ...admin.auth, 'content-type': type },
        payload: body,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ imported: number; skipped: number }>();
    };
    assert.deepEqual(await importExport(JSON.stringify(CHICAGO), 'application/json'), { imported: 2, skipped: 1 });
    assert.deepEqual(await importExport(TORONTO_XML, 'text/xml; charset=utf-8'), { imported: 2, skipped: 0 });
    assert.deepEqual(await importExport(JSON.stringify(TORONTO_JSON), 'application/json'), {
      imported: 1,
      skipped: 0,
    });
    // Once only.
    assert.deepEqual(await importExport(TORONTO_XML, 'text/xml'), { imported: 0, skipped: 2 });
    const refused = await app.http.inject({
      method: 'POST',
      url: '/api/v1/reports/import/open311',
      headers: { ...officer.auth, 'content-type': 'text/xml' },
      payload: TORONTO_XML,
    });
    assert.equal(refused.statusCode, 403, 'admins only');

    const window = { start_date: '2026-11-01T00:00:00Z', end_date: '2026-11-20T00:00:00Z' };
    const byDescription: Record<Format, Map<string, Doc>> = { json: new Map(), xml: new Map() };
    for (const format of ['json', 'xml'] as const) {
      const client = await clientFor(format);
      const found = await client.requests({
        ...window,
        service_code: ['4fd3b656e750846c53000004', '4ffa9cad6018277d4000007b', 'CSROWR-12', 'SWLMALB-02', 'CSROSC-14'],
        extensions: 'true',
      });
      for (const r of found) byDescription[format].set(str(r.description), r);
      assert.equal(byDescription[format].size, 5, JSON.stringify(found, null, 1));

      const pothole = byDescription[format].get('Deep pothole in the curb lane, westbound');
      assert.ok(pothole, 'pothole');
      assert.equal(pothole.status, 'closed');
      assert.equal(pothole.service_code, '4fd3b656e750846c53000004');
      assert.equal(Date.parse(str(pothole.requested_datetime)), Date.parse('2026-11-02T08:14:27-06:00'));
      assert.equal(Date.parse(str(pothole.updated_datetime)), Date.parse('2026-11-04T13:02:11-06:00'));
      assert.match(str(pothole.requested_datetime), W3C_DATETIME);
      assert.equal(pothole.lat, 41.94719);
      assert.equal(pothole.long, -87.65569);
      assert.equal(pothole.address, '1060 W ADDISON ST, CHICAGO, IL, 60613');
      assert.equal(pothole.media_url, 'https://311.chicago.example/media/26-01734567.jpg');
      assert.equal(pothole.status_notes, 'Completed');
      assert.equal(pothole.service_name, 'Pothole in Street', "the other city's own service name");
      assert.equal(pothole.agency_responsible, 'CDOT - Department of Transportation');
      assert.deepEqual(
        (pothole.notes as Doc[]).map((n) => n.type),
        ['opened', 'closed'],
      );

      const light = byDescription[format].get('Light out in front of the school');
      assert.ok(light, 'light');
      assert.equal(light.status, 'open');
      assert.equal(light.lat, 41.8722, 'coordinates sent as texts are read as numbers');
      assert.equal(light.long, -87.6797);
      assert.equal(light.media_url, null);

      const torontoPothole = byDescription[format].get('Pot hole at the corner & in the bike lane');
      assert.ok(torontoPothole, 'the entity in the XML export read as its character');
      assert.equal(torontoPothole.status, 'closed');
      assert.equal(Date.parse(str(torontoPothole.requested_datetime)), Date.parse('2026-11-10T09:15:01-05:00'));
      assert.equal(torontoPothole.lat, 43.6525);
      assert.equal(torontoPothole.long, -79.3839);
      assert.equal(torontoPothole.address_id, null);
      assert.equal(torontoPothole.media_url, null, 'an empty element is no photo');
      assert.equal(torontoPothole.agency_responsible, 'Transportation Services');
      const graffiti = byDescription[format].get('Graffiti on the underpass wall');
      assert.equal(graffiti?.status, 'open');
      assert.equal(byDescription[format].get('Broken slab')?.status, 'closed');

      // Only closed ones, only open ones.
      const closed = await client.requests({ ...window, service_code: ['CSROWR-12', 'SWLMALB-02'], status: 'closed' });
      assert.deepEqual(
        closed.map((r) => r.description),
        ['Pot hole at the corner & in the bike lane'],
      );
    }
    // The same records whatever the format.
    for (const [description, r] of byDescription.json) assert.deepEqual(byDescription.xml.get(description), r);
  });
});
