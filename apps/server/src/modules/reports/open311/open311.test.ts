import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { PublicReport, ReportEvent, ReportService } from '../model.js';
import {
  ExportUnreadable,
  formatCreated,
  formatDiscovery,
  formatErrors,
  formatRequests,
  formatServiceDefinition,
  formatServices,
  formatTokens,
  formatUpdates,
  importTime,
  open311Time,
  parseCreate,
  parseExport,
} from './index.js';

// ---------------------------------------------------------------- helpers

type Shape = { name: string; children: Shape[] } | string;

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** An XML document's element names, nested and in order (texts left out). */
function shape(xml: string): Shape[] {
  const walk = (nodes: Record<string, unknown>[]): Shape[] =>
    nodes.flatMap((n) =>
      Object.entries(n)
        .filter(([k]) => k !== '#text' && k !== '?xml')
        .map(([k, v]) => ({ name: k, children: walk(v as Record<string, unknown>[]) })),
    );
  return walk(ordered.parse(xml) as Record<string, unknown>[]);
}

/** A document's element names as one line: `services(service(service_code,…))`. */
const outline = (xml: string): string => {
  const line = (x: Shape): string =>
    typeof x === 'string' ? x : x.children.length === 0 ? x.name : `${x.name}(${x.children.map(line).join(',')})`;
  return shape(xml).map(line).join(',');
};

/** The element names of each item under the root, e.g. the fields of each `<request>`. */
const itemFields = (xml: string): string[][] => {
  const [root] = shape(xml);
  assert.ok(root && typeof root !== 'string', "root && typeof root !== 'string'");
  return root.children.map((c) =>
    typeof c === 'string' ? [] : c.children.map((x) => (typeof x === 'string' ? x : x.name)),
  );
};

const LIST_ITEMS = [
  'service',
  'attribute',
  'value',
  'request',
  'request_update',
  'error',
  'endpoint',
  'format',
  'note',
];
const plain = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LIST_ITEMS.includes(name),
});

// ---------------------------------------------------------------- fixtures

const roadDamage: ReportService = {
  code: 'road-damage',
  name: { vi: 'Hư hỏng mặt đường', en: 'Road damage' },
  description: { vi: 'Ổ gà, lún, nứt mặt đường', en: 'Potholes, subsidence, cracks' },
  group: 'GT247',
  keywords: ['ổ gà', 'pothole', 'lún, nứt'],
  level: 'normal',
  resolveWorkingDays: 5,
  routing: { kind: 'department', departmentId: 'so-xay-dung' },
  question: false,
  attributes: [
    {
      code: 'depth',
      datatype: 'number',
      required: false,
      variable: true,
      order: 3,
      description: { vi: 'Độ sâu (cm)', en: 'Depth (cm)' },
    },
    {
      code: 'kind',
      datatype: 'singlevaluelist',
      required: true,
      variable: true,
      order: 1,
      description: { vi: 'Loại hư hỏng', en: 'Kind of damage' },
      values: [
        { key: 'pothole', name: { vi: 'Ổ gà', en: 'Pothole' } },
        { key: 'crack', name: { vi: 'Nứt', en: 'Crack' } },
      ],
    },
    {
      code: 'hazards',
      datatype: 'multivaluelist',
      required: false,
      variable: true,
      order: 2,
      description: { vi: 'Nguy hiểm', en: 'Hazards' },
      values: [
        { key: 'traffic', name: { vi: 'Cho xe cộ', en: 'To traffic' } },
        { key: 'walkers', name: { vi: 'Cho người đi bộ', en: 'To walkers' } },
      ],
    },
    {
      code: 'seen_at',
      datatype: 'datetime',
      required: false,
      variable: true,
      order: 4,
      description: { vi: 'Thấy lúc', en: 'Seen at' },
    },
    {
      code: 'info',
      datatype: 'text',
      required: true,
      variable: false,
      order: 5,
      description: { vi: 'Chỉ để đọc', en: 'Read only' },
    },
  ],
};

const question: ReportService = {
  ...roadDamage,
  code: 'question',
  name: { vi: 'Hỏi đáp', en: 'Question' },
  group: 'iHanoi',
  keywords: [],
  attributes: [],
  question: true,
};

const report = (over: Partial<PublicReport> = {}): PublicReport => ({
  id: 'R-2026-000123',
  serviceCode: 'road-damage',
  serviceName: 'Hư hỏng mặt đường',
  state: 'received',
  status: 'open',
  description: 'Ổ gà lớn trước số 12 Hàng Bạc',
  agencyResponsible: 'Sở Xây dựng Hà Nội',
  requestedAt: '2026-12-05T01:30:00.000Z',
  updatedAt: '2026-12-05T02:00:00.000Z',
  expectedAt: '2026-12-12T10:00:00.000Z',
  address: '12 Hàng Bạc, Hoàn Kiếm',
  wardCode: '00070',
  wardName: 'Hoàn Kiếm',
  location: [105.8523, 21.0287],
  media: [
    { id: 'm1', url: 'https://thanglong.example/open311/v2/media/m1', hidden: true },
    { id: 'm2', url: 'https://thanglong.example/open311/v2/media/m2', hidden: false },
    { id: 'm3', url: 'https://thanglong.example/open311/v2/media/m3', hidden: false },
  ],
  ...over,
});

// ------------------------------------------- the specification's examples (GeoReport v2 text), shapes only

const SPEC_SERVICES = `<?xml version="1.0" encoding="utf-8"?>
<services>
  <service>
    <service_code>001</service_code><service_name>Cans left out</service_name><description>Cans</description>
    <metadata>true</metadata><type>realtime</type><keywords>lorem, ipsum</keywords><group>sanitation</group>
  </service>
</services>`;

const SPEC_DEFINITION = `<?xml version="1.0" encoding="utf-8"?>
<service_definition>
  <service_code>DMV66</service_code>
  <attributes>
    <attribute>
      <variable>true</variable><code>WHISHETN</code><datatype>singlevaluelist</datatype><required>true</required>
      <datatype_description></datatype_description><order>1</order><description>What is it?</description>
      <values><value><key>123</key><name>Ford</name></value><value><key>124</key><name>Chrysler</name></value></values>
    </attribute>
  </attributes>
</service_definition>`;

const SPEC_CREATED = `<?xml version="1.0" encoding="utf-8"?>
<service_requests><request><service_request_id>293944</service_request_id><service_notice>x</service_notice><account_id/></request></service_requests>`;

const SPEC_TOKEN = `<?xml version="1.0" encoding="utf-8"?>
<service_requests><request><service_request_id>638344</service_request_id><token>12345</token></request></service_requests>`;

const SPEC_REQUESTS = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id><status>closed</status><status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk</service_name><service_code>006</service_code><description></description>
    <agency_responsible></agency_responsible><service_notice></service_notice>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime><updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime><address>8TH AVE and JUDAH ST</address>
    <address_id>545483</address_id><zipcode>94122</zipcode><lat>37.762221815</lat><long>-122.4651145</long>
    <media_url>http://city.gov/638344.jpg</media_url>
  </request>
</service_requests>`;

const SPEC_ERRORS = `<?xml version="1.0" encoding="utf-8"?>
<errors><error><code>403</code><description>Invalid api_key received -- can't proceed with create_request.</description></error></errors>`;

// Open311 Service Discovery's example.
const SPEC_DISCOVERY = `<?xml version="1.0" encoding="utf-8"?>
<discovery>
  <changeset>2011-04-05T17:48:34Z</changeset><contact>api@ourcity.gov</contact><key_service>http://ourcity.gov/key</key_service>
  <endpoints><endpoint>
    <specification>http://wiki.open311.org/GeoReport_v2</specification><url>http://open311.ourcity.gov/v2</url>
    <changeset>2011-04-20T17:48:34Z</changeset><type>production</type>
    <formats><format>text/xml</format><format>application/json</format></formats>
  </endpoint></endpoints>
</discovery>`;

// mySociety's servicerequestupdates extension ("Open311 FMS - Complete Spec"), its fields in order.
const FMS_UPDATES = `<?xml version="1.0" encoding="utf-8"?>
<service_request_updates><request_update>
  <update_id>638344</update_id><service_request_id>1</service_request_id><status>FIXED</status>
  <updated_datetime>2026-12-05T08:00:00+07:00</updated_datetime><description>Done</description>
  <media_url></media_url><external_status_code>FIXED</external_status_code>
</request_update></service_request_updates>`;

// ---------------------------------------------------------------- tests

describe('open311Time', () => {
  it('writes the instant in Hanoi time with +07:00, to the second', () => {
    assert.equal(open311Time('2026-12-05T01:30:00.789Z'), '2026-12-05T08:30:00+07:00');
    assert.equal(open311Time('2026-12-05T20:15:00-05:00'), '2026-12-06T08:15:00+07:00');
    assert.equal(open311Time(new Date('2026-12-31T17:00:00Z')), '2027-01-01T00:00:00+07:00');
  });
  it('refuses what is not a date-time', () => {
    assert.throws(() => open311Time('yesterday'), RangeError);
  });
});

describe('Open311 responses: XML as the specification shows it', () => {
  it('starts with the declaration the specification asks for', () => {
    assert.ok(
      formatServices([roadDamage], 'vi', 'xml').startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>'),
      "formatServices([roadDamage], 'vi', 'xml').startsWith('<?xml version=\"1.0\" encoding=\"utf-8\"?>\\n<services>')",
    );
  });

  it('services: element names and order as the example', () => {
    const ours = formatServices([roadDamage, question], 'en', 'xml');
    const service = /service\(.*\)/.exec(outline(SPEC_SERVICES).slice('services('.length, -1))?.[0];
    assert.equal(outline(ours), `services(${service},${service})`);
    const doc = plain.parse(ours) as { services: { service: Record<string, string>[] } };
    const [road, q] = doc.services.service;
    assert.equal(road?.service_name, 'Road damage');
    assert.equal(road?.metadata, 'true');
    assert.equal(road?.keywords, 'ổ gà, pothole, lún  nứt');
    assert.equal(q?.metadata, 'false');
    assert.equal(q?.keywords, '');
  });

  it('service definition: attributes in their order, values as the example', () => {
    const onlyKind = { ...roadDamage, attributes: roadDamage.attributes.filter((x) => x.code === 'kind') };
    assert.equal(outline(formatServiceDefinition(onlyKind, 'en', 'xml')), outline(SPEC_DEFINITION));
    const ours = formatServiceDefinition(roadDamage, 'vi', 'xml');
    const doc = plain.parse(ours) as {
      service_definition: { attributes: { attribute: Record<string, unknown>[] } };
    };
    const codes = doc.service_definition.attributes.attribute.map((a) => a.code);
    assert.deepEqual(codes, ['kind', 'hazards', 'depth', 'seen_at', 'info']);
    assert.equal(doc.service_definition.attributes.attribute[0]?.datatype_description, 'Chọn một giá trị');
    assert.equal(doc.service_definition.attributes.attribute[4]?.variable, 'false');
  });

  it('requests: the seventeen fields in the example order, empty ones as empty elements', () => {
    const ours = formatRequests(
      [report(), report({ id: 'R-2', location: undefined, media: [], expectedAt: undefined })],
      'xml',
    );
    const spec = itemFields(SPEC_REQUESTS)[0];
    assert.deepEqual(itemFields(ours), [spec, spec]);
    assert.match(ours, /<zipcode><\/zipcode>/);
    const doc = plain.parse(ours) as { service_requests: { request: Record<string, string>[] } };
    const [first, second] = doc.service_requests.request;
    assert.equal(first?.requested_datetime, '2026-12-05T08:30:00+07:00');
    assert.equal(first?.lat, '21.0287');
    assert.equal(first?.long, '105.8523');
    assert.equal(first?.media_url, 'https://thanglong.example/open311/v2/media/m2', 'the first photo shown');
    assert.equal(second?.lat, '');
    assert.equal(second?.expected_datetime, '');
  });

  it('requests with extensions: Chicago-style extended_attributes and public notes after the fields', () => {
    const events: ReportEvent[] = [
      {
        id: 'e1',
        reportId: 'R-2026-000123',
        at: '2026-12-05T01:30:00Z',
        kind: 'submitted',
        state: 'submitted',
        public: true,
      },
      {
        id: 'e2',
        reportId: 'R-2026-000123',
        at: '2026-12-05T01:45:00Z',
        kind: 'note',
        state: 'submitted',
        public: false,
        text: 'internal',
      },
      {
        id: 'e3',
        reportId: 'R-2026-000123',
        at: '2026-12-05T02:00:00Z',
        kind: 'received',
        state: 'received',
        public: true,
        text: 'Đã giao đội duy tu',
      },
    ];
    const ours = formatRequests([report()], 'xml', {
      extensions: true,
      events: new Map([['R-2026-000123', events]]),
      lang: 'en',
    });
    const fields = itemFields(ours)[0];
    assert.deepEqual(fields, [...(itemFields(SPEC_REQUESTS)[0] ?? []), 'extended_attributes', 'notes']);
    assert.doesNotMatch(ours, /internal/);
    const json = JSON.parse(
      formatRequests([report()], 'json', { extensions: true, events: new Map([['R-2026-000123', events]]) }),
    ) as Record<string, unknown>[];
    assert.deepEqual(json[0]?.extended_attributes, {
      state: 'received',
      extended_status: 'IN_PROGRESS',
      ward_code: '00070',
      ward: 'Hoàn Kiếm',
      merged_into: null,
      media_urls: ['https://thanglong.example/open311/v2/media/m2', 'https://thanglong.example/open311/v2/media/m3'],
    });
    assert.deepEqual(json[0]?.notes, [
      { datetime: '2026-12-05T08:30:00+07:00', summary: 'Đã gửi phản ánh', description: null, type: 'opened' },
      {
        datetime: '2026-12-05T09:00:00+07:00',
        summary: 'Cơ quan đã nhận xử lý',
        description: 'Đã giao đội duy tu',
        type: 'activity',
      },
    ]);
  });

  it('POST requests: the example fields, with the follow token after the id', () => {
    const ours = formatCreated([{ id: 'R-1', token: 'tok-abc', serviceNotice: 'Xử lý trong 5 ngày làm việc' }], 'xml');
    const fields = itemFields(ours)[0] ?? [];
    assert.deepEqual(fields, ['service_request_id', 'token', 'service_notice', 'account_id']);
    assert.deepEqual(
      fields.filter((f) => f !== 'token'),
      itemFields(SPEC_CREATED)[0],
    );
  });

  it('tokens: as the example', () => {
    assert.deepEqual(itemFields(formatTokens([{ id: 'R-1', token: 't' }], 'xml')), itemFields(SPEC_TOKEN));
    const doc = plain.parse(formatTokens([{ token: 't' }], 'xml')) as {
      service_requests: { request: { service_request_id: string }[] };
    };
    assert.equal(doc.service_requests.request[0]?.service_request_id, '');
  });

  it('errors: <errors><error><code/><description/>, with the XML content type', () => {
    const { body, contentType } = formatErrors([{ code: 400, description: 'service_code: not provided' }], 'xml');
    assert.deepEqual(shape(body), shape(SPEC_ERRORS));
    assert.equal(contentType, 'text/xml; charset=utf-8');
  });

  it("servicerequestupdates: the names of mySociety's extension, the extended status in status and external_status_code", () => {
    const update = {
      updateId: 'u1',
      serviceRequestId: 'R-1',
      status: 'closed' as const,
      extendedStatus: 'FIXED',
      description: 'Đã vá',
      updatedAt: '2026-12-05T01:00:00Z',
      mediaUrls: [],
    };
    const ours = formatUpdates([update], 'xml');
    // The extension's fields in its order, then ours: every public photo.
    assert.equal(
      outline(ours),
      outline(FMS_UPDATES).replace('external_status_code)', 'external_status_code,media_urls)'),
    );
    const doc = plain.parse(ours) as { service_request_updates: { request_update: Record<string, string>[] } };
    assert.equal(doc.service_request_updates.request_update[0]?.status, 'FIXED');
    const basic = JSON.parse(formatUpdates([update], 'json', { extendedStatuses: false })) as Record<string, unknown>[];
    assert.equal(basic[0]?.status, 'CLOSED');
    assert.equal(basic[0]?.external_status_code, 'FIXED');
  });

  it("servicerequestupdates: an update's first photo in the extension's media_url, every photo in media_urls", () => {
    const photos = ['https://x.example/open311/v2/media/a', 'https://x.example/open311/v2/media/b'];
    const update = {
      updateId: 'u2',
      serviceRequestId: 'R-2',
      status: 'closed' as const,
      extendedStatus: 'FIXED',
      description: 'Đã vá, ảnh kèm theo',
      updatedAt: '2026-12-05T01:00:00Z',
      mediaUrl: photos[0] as string,
      mediaUrls: photos,
    };
    const doc = plain.parse(formatUpdates([update], 'xml')) as {
      service_request_updates: { request_update: { media_url: string; media_urls: { media_url: string[] } }[] };
    };
    const xml = doc.service_request_updates.request_update[0];
    assert.equal(xml?.media_url, photos[0]);
    assert.deepEqual(xml?.media_urls.media_url, photos);
    const json = JSON.parse(formatUpdates([update], 'json')) as { media_url: string; media_urls: string[] }[];
    assert.equal(json[0]?.media_url, photos[0]);
    assert.deepEqual(json[0]?.media_urls, photos);
  });

  it('discovery: as the Service Discovery example', () => {
    const d = {
      changeset: '2026-12-05T00:00:00Z',
      contact: 'open311@hanoi.gov.vn',
      keyService: 'https://thanglong.example/keys',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'https://thanglong.example/open311/v2',
          changeset: '2026-12-05T00:00:00Z',
          type: 'production' as const,
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
    assert.deepEqual(shape(formatDiscovery(d, 'xml')), shape(SPEC_DISCOVERY));
    const json = JSON.parse(formatDiscovery(d, 'json')) as { endpoints: { formats: string[] }[]; key_service: string };
    assert.deepEqual(json.endpoints[0]?.formats, ['text/xml', 'application/json']);
    assert.equal(json.key_service, 'https://thanglong.example/keys');
  });

  it('escapes every text and drops characters XML cannot hold', () => {
    const nasty = `<script>alert("x") & 'y'</script>${String.fromCharCode(1, 11)} end`;
    const ours = formatRequests([report({ description: nasty, address: ']]><evil/>' })], 'xml');
    assert.doesNotMatch(ours, /<script>|<evil\/>/);
    assert.ok(
      !ours.includes(String.fromCharCode(1)) && !ours.includes(String.fromCharCode(11)),
      '!ours.includes(String.fromCharCode(1)) && !ours.includes(String.fromCharCode(11))',
    );
    assert.match(ours, /&lt;script&gt;alert\(&quot;x&quot;\) &amp; &apos;y&apos;&lt;\/script&gt; end/);
    const doc = plain.parse(ours) as { service_requests: { request: Record<string, string>[] } };
    assert.equal(doc.service_requests.request[0]?.description, `<script>alert("x") & 'y'</script> end`);
    assert.equal(doc.service_requests.request[0]?.address, ']]><evil/>');
    const json = JSON.parse(formatRequests([report({ description: nasty })], 'json')) as { description: string }[];
    assert.equal(json[0]?.description, nasty, 'JSON escapes them itself');
  });
});

describe('Open311 responses: JSON', () => {
  it('services: a top-level array, keys in the example order', () => {
    const json = JSON.parse(formatServices([roadDamage], 'vi', 'json')) as Record<string, unknown>[];
    assert.ok(Array.isArray(json), 'Array.isArray(json)');
    assert.deepEqual(Object.keys(json[0] ?? {}), [
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ]);
    assert.equal(json[0]?.metadata, true);
    assert.equal(json[0]?.type, 'realtime');
  });

  it('service definition: one object, values as key/name pairs, null for no datatype description', () => {
    const json = JSON.parse(formatServiceDefinition(roadDamage, 'en', 'json')) as {
      service_code: string;
      attributes: Record<string, unknown>[];
    };
    assert.equal(json.service_code, 'road-damage');
    assert.deepEqual(Object.keys(json.attributes[0] ?? {}), [
      'variable',
      'code',
      'datatype',
      'required',
      'datatype_description',
      'order',
      'description',
      'values',
    ]);
    assert.deepEqual(json.attributes[0]?.values, [
      { key: 'pothole', name: 'Pothole' },
      { key: 'crack', name: 'Crack' },
    ]);
    assert.equal(json.attributes[4]?.datatype_description, null);
    assert.deepEqual(json.attributes[4]?.values, []);
  });

  it('requests: a top-level array, numbers for lat/long, null for the empty', () => {
    const json = JSON.parse(formatRequests([report({ statusNotes: undefined })], 'json')) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(json[0] ?? {}), itemFields(SPEC_REQUESTS)[0]);
    assert.equal(json[0]?.lat, 21.0287);
    assert.equal(json[0]?.long, 105.8523);
    assert.equal(json[0]?.status_notes, null);
    assert.equal(json[0]?.zipcode, null);
    assert.equal(json[0]?.updated_datetime, '2026-12-05T09:00:00+07:00');
  });

  it('POST requests, tokens and errors: top-level arrays', () => {
    assert.deepEqual(JSON.parse(formatCreated([{ id: 'R-1', token: 't' }], 'json')), [
      { service_request_id: 'R-1', token: 't', service_notice: null, account_id: null },
    ]);
    assert.deepEqual(JSON.parse(formatTokens([{ token: 't' }], 'json')), [{ service_request_id: null, token: 't' }]);
    const { body, contentType } = formatErrors([{ code: 404, description: 'not found' }], 'json');
    assert.deepEqual(JSON.parse(body), [{ code: 404, description: 'not found' }]);
    assert.equal(contentType, 'application/json; charset=utf-8');
  });
});

describe('parseCreate', () => {
  const form = {
    api_key: 'app-1',
    service_code: 'road-damage',
    lat: '21.0287',
    long: '105.8523',
    address_string: ' 12 Hàng Bạc ',
    email: 'dan@example.vn',
    first_name: 'Lan',
    phone: '0912345678',
    description: 'Ổ gà sâu',
    media_url: 'https://img.example/1.jpg',
    'attribute[kind]': 'pothole',
    'attribute[hazards][]': ['traffic', 'walkers'],
    'attribute[depth]': '12.5',
    'attribute[seen_at]': '2026-12-05T07:00:00+07:00',
    'attribute[unknown]': 'dropped',
  };

  it('reads a form into the report, [lon, lat], contact and attributes', () => {
    const r = parseCreate(form, roadDamage);
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(r.report, {
      serviceCode: 'road-damage',
      location: [105.8523, 21.0287],
      addressString: '12 Hàng Bạc',
      description: 'Ổ gà sâu',
      attributes: {
        kind: 'pothole',
        hazards: ['traffic', 'walkers'],
        depth: '12.5',
        seen_at: '2026-12-05T07:00:00+07:00',
      },
      contact: { email: 'dan@example.vn', phone: '0912345678', firstName: 'Lan' },
      mediaUrls: ['https://img.example/1.jpg'],
      apiKey: 'app-1',
    });
  });

  it('reads a JSON body with the same names (numbers, an attribute object)', () => {
    const r = parseCreate(
      { service_code: 'road-damage', lat: 21.03, long: 105.85, attribute: { kind: 'crack', hazards: ['traffic'] } },
      roadDamage,
    );
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(r.report.location, [105.85, 21.03]);
    assert.deepEqual(r.report.attributes, { kind: 'crack', hazards: ['traffic'] });
  });

  it('takes an address without lat/long, and a question without any place', () => {
    assert.ok(
      parseCreate({ service_code: 'road-damage', address_id: 'A-1', 'attribute[kind]': 'crack' }, roadDamage).ok,
      "parseCreate({ service_code: 'road-damage', address_id: 'A-1', 'attribute[kind]': 'crack' }, roadDamage).ok",
    );
    const q = parseCreate({ service_code: 'question', description: 'Giờ làm việc?' }, question);
    assert.ok(q.ok, 'q.ok');
    assert.equal(q.report.location, undefined);
  });

  const errorsOf = (fields: Record<string, unknown>, service: ReportService | undefined = roadDamage) => {
    const r = parseCreate(fields, service);
    assert.ok(!r.ok, 'refused');
    // 404 only for what does not exist (the service_code), as the specification lists it; 400 for the rest.
    for (const e of r.errors) assert.equal(e.code, /" not found$/.test(e.description) ? 404 : 400);
    return r.errors.map((e) => e.description);
  };

  it('refuses an unknown or missing service_code', () => {
    assert.deepEqual(errorsOf({ ...form, service_code: 'nope' }, undefined), ['service_code: "nope" not found']);
    assert.ok(
      errorsOf({ lat: '21', long: '105' }, undefined).includes('service_code: not provided'),
      "errorsOf({ lat: '21', long: '105' }, undefined).includes('service_code: not provided')",
    );
  });

  it('refuses a problem without a place, half a place, or coordinates that are not', () => {
    const { lat: _lat, long: _long, address_string: _a, ...noPlace } = form;
    assert.deepEqual(errorsOf(noPlace), ['lat & long, address_string or address_id: a location is required']);
    assert.deepEqual(errorsOf({ ...noPlace, lat: '21' }), ['long: required with lat']);
    assert.deepEqual(errorsOf({ ...form, lat: '91', long: 'east' }), [
      'lat: 91 is out of range (−90 to 90)',
      'long: "east" is not a number',
    ]);
    assert.deepEqual(errorsOf({ ...form, long: '-180.5' }), ['long: -180.5 is out of range (−180 to 180)']);
  });

  it('refuses attributes that do not answer the definition, each naming its field', () => {
    const { 'attribute[kind]': _k, ...noKind } = form;
    assert.deepEqual(errorsOf(noKind), ['attribute[kind]: required by this service']);
    assert.deepEqual(errorsOf({ ...form, 'attribute[kind]': 'sinkhole' }), [
      'attribute[kind]: "sinkhole" is not one of pothole, crack',
    ]);
    assert.deepEqual(errorsOf({ ...form, 'attribute[hazards][]': ['traffic', 'cats'] }), [
      'attribute[hazards]: "cats" is not one of traffic, walkers',
    ]);
    assert.deepEqual(errorsOf({ ...form, 'attribute[kind]': ['pothole', 'crack'] }), [
      'attribute[kind]: only one value may be chosen',
    ]);
    assert.deepEqual(errorsOf({ ...form, 'attribute[depth]': 'deep' }), ['attribute[depth]: "deep" is not a number']);
    assert.deepEqual(errorsOf({ ...form, 'attribute[seen_at]': '5/12/2026' }), [
      'attribute[seen_at]: "5/12/2026" is not an ISO 8601 date-time',
    ]);
  });

  it('counts the description in characters, up to 4000', () => {
    assert.ok(parseCreate({ ...form, description: '😀'.repeat(4000) }, roadDamage).ok, 'code points, not UTF-16 units');
    assert.deepEqual(errorsOf({ ...form, description: 'a'.repeat(4001) }), [
      'description: longer than 4000 characters',
    ]);
  });

  it('reports every problem at once', () => {
    assert.equal(
      errorsOf({ service_code: 'road-damage', lat: 'x', long: '200', email: 'nope', description: 'a'.repeat(4001) })
        .length,
      5,
    );
  });
});

// ------------------------------------------- other cities' exports, written in the shapes they send

const CHICAGO_JSON = JSON.stringify([
  {
    service_request_id: '24-01234567',
    status: 'closed',
    status_notes: 'Completed',
    service_name: 'Pothole in Street',
    service_code: '4fd3b656e750846c53000004',
    agency_responsible: 'CDOT',
    requested_datetime: '2024-05-09T19:02:21-05:00',
    updated_datetime: '2024-05-20T10:15:40-05:00',
    address: '1200 W 81ST ST, CHICAGO, IL, 60620',
    lat: 41.7468,
    long: -87.6536,
    media_url: 'http://311.chicago.example/media/1.jpg ',
    attributes: { WHEREIST: 'TRAFFIC' },
    extended_attributes: { channel: 'phone', ward: '21', zip: '60620' },
    notes: [
      { datetime: '2024-05-09T19:02:21-05:00', summary: 'Request opened', type: 'opened' },
      { datetime: '2024-05-20T10:15:40-05:00', summary: 'Request closed', description: 'Filled', type: 'closed' },
    ],
  },
]);

const CHICAGO_XML = `<?xml version="1.0" encoding="UTF-8"?>
<service_requests>
  <request>
    <service_request_id>24-07654321</service_request_id>
    <status>open</status>
    <service_name>Street Light Out</service_name>
    <service_code>4ffa9f2d6018277d400000c8</service_code>
    <description>Light &amp; pole dark &lt;3 nights&gt;</description>
    <address/>
    <lat>41.88</lat>
    <long>-87.63</long>
    <extended_attributes><ward>42</ward><media_urls><media_url>http://a.example/1.jpg</media_url><media_url>http://a.example/2.jpg</media_url></media_urls></extended_attributes>
    <notes><note><datetime>2024-06-01T08:00:00-05:00</datetime><summary>Request opened</summary><type>opened</type></note></notes>
  </request>
</service_requests>`;

const TORONTO_JSON = JSON.stringify({
  service_requests: [
    {
      service_request_id: 101004116,
      status: 'open',
      service_name: 'Road - Pot hole',
      service_code: 'CSROWR-12',
      description: '',
      agency_responsible: '311 Toronto',
      service_notice: '',
      requested_datetime: '2024-03-01T10:00:00-0500',
      updated_datetime: '',
      expected_datetime: '2024-03-08T10:00:00-05:00',
      address: 'King St W and Spadina Ave',
      zipcode: 'M5V',
      lat: '43.6452',
      long: '-79.3952',
      media_url: '',
      extra_field: { anything: true },
    },
    {
      service_request_id: 101004117,
      status: 'closed',
      service_code: 'CSROWR-12',
      lat: '0',
      long: '0',
      updated_datetime: '2024-03-02 09:30:00',
    },
    { status: 'open', service_code: 'CSROWR-12' },
  ],
});

const FMS_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>4107</service_request_id>
    <title>Pothole on the corner</title>
    <detail>Deep pothole by the bus stop</detail>
    <description>Pothole on the corner: Deep pothole by the bus stop</description>
    <lat>51.5074</lat>
    <long>-0.1278</long>
    <status>investigating</status>
    <service_code>Potholes</service_code>
    <service_name>Potholes</service_name>
    <requested_datetime>2024-02-01T09:00:00+00:00</requested_datetime>
    <updated_datetime>2024-02-02T09:00:00Z</updated_datetime>
    <agency_sent_datetime>2024-02-01T09:05:00+00:00</agency_sent_datetime>
    <agency_responsible><recipient>Westminster City Council</recipient><recipient>TfL</recipient></agency_responsible>
    <interface_used>Web interface</interface_used>
    <comment_count>2</comment_count>
    <media_url></media_url>
  </request>
  <request>
    <service_request_id>4108</service_request_id>
    <status>fixed - council</status>
    <lat>51.5</lat><long>-0.12</long>
    <requested_datetime>2024-02-03T10:00:00+00:00</requested_datetime>
  </request>
</service_requests>`;

describe('parseExport', () => {
  it("reads Chicago's JSON: notes, extended attributes, offsets", () => {
    const [r] = parseExport(CHICAGO_JSON);
    assert.deepEqual(r, {
      externalId: '24-01234567',
      serviceCode: '4fd3b656e750846c53000004',
      serviceName: 'Pothole in Street',
      status: 'closed',
      statusNotes: 'Completed',
      agencyResponsible: 'CDOT',
      requestedAt: '2024-05-10T00:02:21.000Z',
      updatedAt: '2024-05-20T15:15:40.000Z',
      location: [-87.6536, 41.7468],
      address: '1200 W 81ST ST, CHICAGO, IL, 60620',
      zipcode: '60620',
      ward: '21',
      mediaUrl: 'http://311.chicago.example/media/1.jpg',
      mediaUrls: ['http://311.chicago.example/media/1.jpg'],
      attributes: { WHEREIST: 'TRAFFIC' },
      notes: [
        { at: '2024-05-10T00:02:21.000Z', summary: 'Request opened', type: 'opened' },
        { at: '2024-05-20T15:15:40.000Z', summary: 'Request closed', description: 'Filled', type: 'closed' },
      ],
    });
  });

  it("reads Chicago's XML: empty elements, entities, media lists, requested time from the opened note", () => {
    const [r] = parseExport(CHICAGO_XML);
    assert.equal(r?.externalId, '24-07654321');
    assert.equal(r?.description, 'Light & pole dark <3 nights>');
    assert.equal(r?.address, undefined);
    assert.deepEqual(r?.location, [-87.63, 41.88]);
    assert.equal(r?.ward, '42');
    assert.deepEqual(r?.mediaUrls, ['http://a.example/1.jpg', 'http://a.example/2.jpg']);
    assert.equal(r?.mediaUrl, 'http://a.example/1.jpg');
    assert.equal(r?.requestedAt, '2024-06-01T13:00:00.000Z');
    assert.equal(r?.notes.length, 1);
  });

  it("reads Toronto's wrapped JSON: strings for numbers, empty strings, -0500, no offset, no id", () => {
    const skipped: [number, string][] = [];
    const [a, b, ...rest] = parseExport(TORONTO_JSON, { onSkip: (i, why) => skipped.push([i, why]) });
    assert.equal(rest.length, 0);
    assert.deepEqual(skipped, [[2, 'no service_request_id']]);
    assert.equal(a?.externalId, '101004116');
    assert.deepEqual(a?.location, [-79.3952, 43.6452]);
    assert.equal(a?.requestedAt, '2024-03-01T15:00:00.000Z');
    assert.equal(a?.expectedAt, '2024-03-08T15:00:00.000Z');
    assert.equal(a?.description, undefined);
    assert.equal(a?.updatedAt, undefined);
    assert.equal(a?.mediaUrl, undefined);
    assert.deepEqual(a?.mediaUrls, []);
    assert.equal(b?.location, undefined, '0/0 is no place');
    assert.equal(b?.requestedAt, undefined);
    assert.equal(b?.updatedAt, '2024-03-02T02:30:00.000Z', 'no offset: +07:00 assumed');
    assert.equal(parseExport(TORONTO_JSON, { assumeOffset: '-05:00' })[1]?.updatedAt, '2024-03-02T14:30:00.000Z');
  });

  it("reads FixMyStreet's XML: recipients, extended statuses, extra fields", () => {
    const [a, b] = parseExport(FMS_XML);
    assert.equal(a?.agencyResponsible, 'Westminster City Council; TfL');
    assert.equal(a?.status, 'open');
    assert.equal(a?.externalStatus, 'investigating');
    assert.equal(a?.description, 'Pothole on the corner: Deep pothole by the bus stop');
    assert.equal(a?.requestedAt, '2024-02-01T09:00:00.000Z');
    assert.equal(b?.status, 'closed');
    assert.equal(b?.externalStatus, 'fixed - council');
    assert.equal(b?.description, undefined);
  });

  it('reads character references and CDATA', () => {
    const [r] = parseExport(
      '<service_requests><request><service_request_id>1</service_request_id>' +
        '<description><![CDATA[a <b> & c]]></description><address>Caf&#233; &#x1F600; &amp;lt;</address></request></service_requests>',
    );
    assert.equal(r?.description, 'a <b> & c');
    assert.equal(r?.address, 'Café 😀 &lt;');
  });

  it('reads requests nested one level more, and an empty export', () => {
    const nested = JSON.stringify({ requests: [{ request: [{ service_request_id: 7, status: 'open' }] }] });
    assert.equal(parseExport(nested)[0]?.externalId, '7');
    assert.deepEqual(parseExport('<?xml version="1.0"?><service_requests/>'), []);
    assert.deepEqual(parseExport('[]'), []);
  });

  it('refuses what is not an export', () => {
    assert.throws(() => parseExport('hello'), ExportUnreadable);
    assert.throws(() => parseExport('<service_requests><request></service_requests>'), /not well-formed/);
    assert.throws(
      () => parseExport('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><service_requests/>'),
      /DOCTYPE/,
    );
    assert.throws(() => parseExport(formatErrors([{ code: 403, description: 'bad key' }], 'xml').body), /403 bad key/);
    assert.throws(() => parseExport('{"hello": 1}'), /no Open311 service requests/);
  });

  it('reads our own output back', () => {
    const [r] = parseExport(formatRequests([report()], 'xml', { extensions: true }));
    assert.equal(r?.externalId, 'R-2026-000123');
    assert.equal(r?.requestedAt, '2026-12-05T01:30:00.000Z');
    assert.equal(r?.ward, 'Hoàn Kiếm');
    assert.equal(r?.mediaUrls.length, 2);
  });
});

describe('importTime', () => {
  it('applies the offset written, or the one assumed', () => {
    assert.equal(importTime('2024-01-01T00:00:00Z'), '2024-01-01T00:00:00.000Z');
    assert.equal(importTime('2024-01-01T07:00'), '2024-01-01T00:00:00.000Z');
    assert.equal(importTime('2024-01-01'), '2023-12-31T17:00:00.000Z');
    assert.equal(importTime('not a date'), undefined);
    assert.equal(importTime('2024-13-45T00:00:00Z'), undefined);
  });
});
