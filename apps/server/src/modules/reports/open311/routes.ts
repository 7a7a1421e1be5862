import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.js';
import { multipartProblem, type MultipartLimit } from '../../../platform/http/multipart.js';
import { MAX_PHOTO_BYTES } from '../media.js';
import type { NewReport, Open311Status } from '../model.js';
import type { ReportSettings, ReportsService } from '../service.js';
import {
  CONTENT_TYPE,
  formatCreated,
  formatDiscovery,
  formatErrors,
  formatRequests,
  formatServiceDefinition,
  formatServices,
  formatTokens,
  formatUpdates,
  parseCreate,
  type Format,
  type Language,
  type Open311Error,
} from './index.js';
import { fromAnotherSite, openToEveryOrigin, OWN_CORS } from './cors.js';

/**
 * Open311 GeoReport v2 at /open311/v2, with mySociety's servicerequestupdates: what any Open311 app or
 * city tool speaks. Every resource answers in XML (`.xml`, the spec's required format) or JSON (`.json`,
 * and the default without an extension); every error is the spec's error list, in the format asked for.
 * All of it is public: reports are public records (their personal data never leaves the staff API), and
 * a report is made by anyone, limited per source by the service. `jurisdiction_id` names the tenant.
 */

export const OPEN311_BASE = '/open311/v2';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** The spec's window for GET requests without ids, and its default when no dates are given. */
const MAX_WINDOW_DAYS = 90;
const DEFAULT_PAGE_SIZE = 50;
/** As many as the specification lets a server return by default. */
const MAX_PAGE_SIZE = 1000;
const MAX_RADIUS_M = 5000;
const MAX_FORM_BYTES = 64 * 1024;
const MAX_PHOTOS = 3;
const open = { access: 'public' as const, ...OWN_CORS };
const DOC_TAGS = ['Open311'];

/** A body in the format asked for: JSON (an array, as the specification's examples) or XML. */
const EITHER_FORMAT = {
  'application/json': { schema: Type.Unsafe<string>({ type: 'array', items: { type: 'object' } }) },
  'text/xml': { schema: Type.Unsafe<string>({ type: 'string' }) },
};
/** What a resource answers; the bodies are written by the codec, as text, so these only describe them. */
const answers = (description: string) => ({
  200: { description, content: EITHER_FORMAT },
  '4xx': {
    description: "The specification's error list: each error's HTTP code and description",
    content: EITHER_FORMAT,
  },
  '5xx': { description: 'The same list, with a request id to quote', content: EITHER_FORMAT },
});

/** jurisdiction_id → tenant: the default jurisdiction is the default tenant; others are configured. */
type Jurisdictions = ReportSettings['jurisdictions'];

/** The form reader's refusals, in the words of this API. */
const MULTIPART_WORDS: Partial<Record<MultipartLimit, string>> = {
  MULTIPART_TOO_MANY_FILES: `media: at most ${MAX_PHOTOS} photos are taken with a report.`,
  MULTIPART_FILE_TOO_LARGE: `media: a photo is at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`,
  MULTIPART_TOO_MANY_FIELDS: 'The form has more fields than a report has.',
  MULTIPART_TOO_MANY_PARTS: 'The form has more parts than a report has.',
};

class Open311Failure extends Error {
  constructor(readonly errors: readonly Open311Error[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}
const fail = (code: number, description: string) => new Open311Failure([{ code, description }]);

/** "requests/123.xml" → its name and format; JSON when there is no extension. */
function fileOf(file: string): { name: string; format: Format } {
  const m = /^(.*?)(?:\.(json|xml))?$/i.exec(file) as RegExpExecArray;
  if (/\.[a-z]{2,5}$/i.test(file) && !m[2]) throw fail(400, 'The format is .json or .xml.');
  return { name: m[1] as string, format: (m[2] ?? 'json').toLowerCase() as Format };
}

/** The format of a request, from the route it took (its path's extension). */
const formatOf = (request: FastifyRequest): Format => (/\.xml(?:\?|$)/i.test(request.url) ? 'xml' : 'json');

function send(reply: FastifyReply, format: Format, body: string, status = 200): FastifyReply {
  return reply.code(status).type(CONTENT_TYPE[format]).send(body);
}

type Query = Readonly<Record<string, string | undefined>>;
const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

function languageOf(request: FastifyRequest, q: Query): Language {
  const asked = q['locale'] ?? one(request.headers['accept-language']) ?? 'vi';
  return /^en\b/i.test(asked) ? 'en' : 'vi';
}

/** The tenant of a jurisdiction_id, matched whatever its case (HANOI is hanoi: ids are names, not secrets). */
function tenantOf(q: Query, jurisdictions: Jurisdictions): string {
  const id = q['jurisdiction_id']?.trim();
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (id === undefined || id === '' || same(id, jurisdictions.defaultId)) return '';
  const tenant = jurisdictions.others.get(id) ?? [...jurisdictions.others].find(([k]) => same(k, id))?.[1];
  if (tenant === undefined)
    throw fail(404, `jurisdiction_id "${id}" is not served here (use ${jurisdictions.defaultId}).`);
  return tenant;
}

/** An ISO 8601 date-time (with its offset, or a date alone, taken in Hanoi's time). */
function instant(name: string, text: string | undefined): Date | undefined {
  if (text === undefined || text === '') return undefined;
  // A client that forgot to encode the offset's plus sends a space (2026-12-05T08:00:00 07:00).
  const given = text.replace(/ (\d{2}:?\d{2})$/, '+$1');
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(given) ? `${given}T00:00:00+07:00` : given;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.exec(withZone);
  // Date.parse rolls an impossible day over (30 February is 2 March): the calendar day must exist.
  const real =
    m !== null &&
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDate() === Number(m[3]) &&
    Number(m[2]) >= 1 &&
    Number(m[2]) <= 12 &&
    Number(m[4]) <= 23 &&
    Number(m[5]) <= 59 &&
    Number(m[6]?.slice(1, 3) ?? 0) <= 59;
  const t = real ? Date.parse(withZone) : NaN;
  if (Number.isNaN(t))
    throw fail(400, `${name} is an ISO 8601 date-time with its offset, e.g. 2026-12-05T08:00:00+07:00.`);
  return new Date(t);
}

function decimal(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw fail(400, `${name} is a number from ${min} to ${max}.`);
  return n;
}

function pageOf(q: Query): { limit: number; offset: number } {
  const size = decimal('page_size', q['page_size'], 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const page = decimal('page', q['page'], 1, 100_000) ?? 1;
  if (!Number.isInteger(size) || !Number.isInteger(page)) throw fail(400, 'page and page_size are whole numbers.');
  return { limit: size, offset: (page - 1) * size };
}

/**
 * start_date/end_date: at most 90 days apart; start_date alone is "since then" (until now), end_date
 * alone the 90 days before it; without them, the last 90 days. A "since" further back than 90 days is
 * refused, never cut short: a client polling since then would read a silent gap as "nothing new".
 */
function windowOf(q: Query, now: Date): { from: string; to: string } {
  const start = instant('start_date', q['start_date']);
  const end = instant('end_date', q['end_date']);
  const to = end ?? (start && start > now ? start : now);
  const from = start ?? new Date(to.getTime() - MAX_WINDOW_DAYS * 86_400_000);
  if (from > to) throw fail(400, 'start_date is before end_date.');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw fail(
      400,
      end
        ? `start_date and end_date are at most ${MAX_WINDOW_DAYS} days apart.`
        : `start_date alone asks for everything since then, more than ${MAX_WINDOW_DAYS} days: send an end_date at most ${MAX_WINDOW_DAYS} days after it.`,
    );
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** A comma-separated argument as its items; none when it is absent or empty (as if not sent). */
function listOf(text: string | undefined): string[] | undefined {
  const items = text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function statusOf(text: string | undefined): Open311Status | undefined {
  if (text === undefined || text === '') return undefined;
  const wanted = new Set(text.split(',').map((s) => s.trim().toLowerCase()));
  for (const s of wanted) if (s !== 'open' && s !== 'closed') throw fail(400, 'status is open, closed or both.');
  return wanted.size === 1 ? ([...wanted][0] as Open311Status) : undefined;
}

/**
 * The query parameters each resource reads. Any other is accepted and ignored: the specification is
 * silent, and real clients send extras (cache-busters, their own tracking, another server's options),
 * which a public API should not break on. An argument may be declared several times
 * (`status=open&status=closed`), as the specification allows for lists: read as its comma-separated
 * form by `queryOf`.
 */
const params = (...names: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(
    ['jurisdiction_id', 'api_key', 'locale', ...names].map((n) => [
      n,
      { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    ]),
  ),
  additionalProperties: true,
});

/** The query, each argument declared several times joined with commas. */
const queryOf = (request: FastifyRequest): Query =>
  Object.fromEntries(
    Object.entries(request.query as Record<string, string | string[] | undefined>).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.join(',') : v,
    ]),
  );

/** A form's fields, repeated names as lists (attribute[x][]=a&attribute[x][]=b). */
function fieldsOf(pairs: Iterable<[string, string]>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const had = fields[k];
    fields[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return fields;
}

export async function open311Routes(
  fastify: FastifyInstance,
  options: { reports: ReportsService; jurisdictions: Jurisdictions; publicUrl: string; contact: string },
): Promise<void> {
  const { reports, jurisdictions } = options;
  const app = fastify;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: MAX_FORM_BYTES },
    (_request, body, done) => done(null, fieldsOf(new URLSearchParams(body as string))),
  );
  await app.register(multipart, {
    limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 60, fieldSize: 8 * 1024, parts: 70 },
  });

  // Errors as Open311 clients read them: the spec's list, with the HTTP status, in the format asked for.
  app.setErrorHandler((error: FastifyError | AppError | Open311Failure, request, reply) => {
    const format = formatOf(request);
    let status = 500;
    let errors: readonly Open311Error[];
    if (error instanceof Open311Failure) {
      errors = error.errors;
      status = errors[0]?.code ?? 400;
    } else if (error instanceof AppError) {
      status = error.status;
      errors = [{ code: status, description: error.message }];
      for (const [k, v] of Object.entries(error.headers)) void reply.header(k, v);
    } else if (multipartProblem(error)) {
      // A form cut short or over a limit: a 400 or 413 in the client's terms, never a 500.
      const problem = multipartProblem(error, MULTIPART_WORDS) as AppError;
      status = problem.status;
      errors = [{ code: status, description: problem.message }];
    } else if (error.statusCode !== undefined && error.statusCode < 500) {
      status = error.statusCode;
      errors = [{ code: status, description: error.message }];
    } else {
      request.log.error({ err: error }, 'unexpected error');
      errors = [
        { code: 500, description: `Something went wrong on our side. Quote request id ${String(request.id)}.` },
      ];
    }
    const out = formatErrors(errors, format);
    return reply.code(status).type(out.contentType).send(out.body);
  });
  openToEveryOrigin(app, OPEN311_BASE, open);

  /** A resource in both formats (and JSON without an extension). */
  // The OpenAPI document lists each resource once, as its .json address.
  const both = (path: string, register: (url: string, doc: (summary: string) => object) => void) => {
    for (const ext of ['', '.json', '.xml']) {
      register(`${OPEN311_BASE}/${path}${ext}`, (summary) =>
        ext === '.json'
          ? { tags: DOC_TAGS, summary: `${summary} (also .xml)`, response: answers(summary) }
          : { hide: true, response: answers(summary) },
      );
    }
  };
  const shown = (summary: string) => ({
    tags: DOC_TAGS,
    summary: `${summary} (.json or .xml)`,
    response: answers(summary),
  });

  both('discovery', (url, doc) =>
    app.get(
      url,
      {
        config: open,
        schema: { ...doc('Service discovery: the endpoint, its formats, the contact'), querystring: params() },
      },
      async (request, reply) => {
        const base = `${options.publicUrl.replace(/\/$/, '')}${OPEN311_BASE}`;
        const changeset = '2026-12-05T00:00:00+07:00';
        const body = formatDiscovery(
          {
            changeset,
            contact: options.contact,
            keyService: 'Apps are given an api_key by the city; without one, reports are limited per source address.',
            endpoints: [
              {
                specification: SPECIFICATION,
                // With its slash: clients append the resource (`<url>services.json`), as Chicago's discovery says.
                url: `${base}/`,
                changeset,
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          },
          formatOf(request),
        );
        return send(reply, formatOf(request), body);
      },
    ),
  );

  both('services', (url, doc) =>
    app.get(
      url,
      { config: open, schema: { ...doc('The services (categories) citizens report under'), querystring: params() } },
      async (request, reply) => {
        const q = queryOf(request);
        tenantOf(q, jurisdictions);
        return send(
          reply,
          formatOf(request),
          formatServices(reports.services(), languageOf(request, q), formatOf(request)),
        );
      },
    ),
  );

  app.get(
    `${OPEN311_BASE}/services/:file`,
    { config: open, schema: { ...shown("A service's definition: its questions, by {code}"), querystring: params() } },
    async (request, reply) => {
      const q = queryOf(request);
      tenantOf(q, jurisdictions);
      const { name, format } = fileOf((request.params as { file: string }).file);
      const service = reports.services().find((s) => s.code === name);
      if (!service) throw fail(404, `service_code "${name}" not found.`);
      return send(reply, format, formatServiceDefinition(service, languageOf(request, q), format));
    },
  );

  both('requests', (url, doc) => {
    app.get(
      url,
      {
        config: open,
        schema: {
          ...doc('Reports: by ids, service, status, dates or near a point, paged'),
          querystring: params(
            'service_request_id',
            'service_code',
            'start_date',
            'end_date',
            'status',
            'lat',
            'long',
            'radius',
            'page',
            'page_size',
            'extensions',
          ),
        },
      },
      async (request, reply) => {
        const q = queryOf(request);
        const tenant = tenantOf(q, jurisdictions);
        const format = formatOf(request);
        const ids = listOf(q['service_request_id']);
        const page = pageOf(q);
        const lat = decimal('lat', q['lat'], -90, 90);
        const lon = decimal('long', q['long'], -180, 180);
        if ((lat === undefined) !== (lon === undefined)) throw fail(400, 'lat and long go together.');
        const radius = decimal('radius', q['radius'], 1, MAX_RADIUS_M);
        if (radius !== undefined && lat === undefined) throw fail(400, 'radius goes with lat and long.');
        // The ids override every other parameter, as the spec says.
        const list = ids
          ? await reports.listPublic(tenant, { ids: ids.slice(0, MAX_PAGE_SIZE), limit: MAX_PAGE_SIZE, offset: 0 })
          : await reports.listPublic(tenant, {
              ...windowOf(q, new Date()),
              serviceCode: listOf(q['service_code']),
              status: statusOf(q['status']),
              ...(lat !== undefined && lon !== undefined ? { near: { lon, lat, radiusM: radius ?? 500 } } : {}),
              ...page,
            });
        const extensions = q['extensions'] === 'true';
        const events = extensions
          ? await reports.publicEventsOf(
              tenant,
              list.map((r) => r.id),
            )
          : undefined;
        const body = formatRequests(list, format, {
          extensions,
          lang: languageOf(request, q),
          ...(events ? { events } : {}),
        });
        return send(reply, format, body);
      },
    );

    app.post(
      url,
      {
        config: open,
        bodyLimit: MAX_PHOTOS * MAX_PHOTO_BYTES + MAX_FORM_BYTES,
        schema: { ...doc('A new report: a form, multipart with up to 3 photos, or JSON'), querystring: params() },
      },
      async (request, reply) => {
        const q = queryOf(request);
        const format = formatOf(request);
        // jurisdiction_id may come in the form as well as in the query.
        const { fields, photos } = await formOf(request);
        const tenant = tenantOf(
          { ...q, jurisdiction_id: q['jurisdiction_id'] ?? one(fields['jurisdiction_id']) },
          jurisdictions,
        );
        const code = one(fields['service_code'])?.trim() ?? '';
        const service = reports.services().find((s) => s.code === code);
        const parsed = parseCreate(fields, service);
        if (!parsed.ok) throw new Open311Failure(parsed.errors);
        // No key is an anonymous report (limited per source); a key the city never issued is the spec's 403.
        const apiKey = parsed.report.apiKey;
        if (apiKey !== undefined && !reports.settings.appKeys.some((a) => a.key === apiKey)) {
          throw fail(403, 'api_key is not one the city issued; send a valid one, or none.');
        }
        // A page of another site posts as the app the city knows, so a stranger's page cannot file in bulk.
        if (apiKey === undefined && fromAnotherSite(request, options.publicUrl)) {
          throw fail(403, 'api_key: a web app on another site posts reports with the api_key the city issued it.');
        }
        const input: NewReport = {
          ...parsed.report,
          mediaIds: [],
          channel: 'open311',
          language: languageOf(request, q),
        };
        const created = await reports.create(tenant, input, { clientIp: request.ip }, photos);
        return send(reply, format, formatCreated([created], format));
      },
    );
  });

  app.get(
    `${OPEN311_BASE}/requests/:file`,
    { config: open, schema: { ...shown('One report, by {id}'), querystring: params('extensions') } },
    async (request, reply) => {
      const q = queryOf(request);
      const tenant = tenantOf(q, jurisdictions);
      const { name, format } = fileOf((request.params as { file: string }).file);
      const report = await reports.getPublic(tenant, name);
      const extensions = q['extensions'] === 'true';
      const events = extensions ? await reports.publicEventsOf(tenant, [report.id]) : undefined;
      return send(
        reply,
        format,
        formatRequests([report], format, { extensions, lang: languageOf(request, q), ...(events ? { events } : {}) }),
      );
    },
  );

  app.get(
    `${OPEN311_BASE}/tokens/:file`,
    { config: open, schema: { ...shown("The report a reporter's {token} follows"), querystring: params() } },
    async (request, reply) => {
      const q = queryOf(request);
      const tenant = tenantOf(q, jurisdictions);
      const { name, format } = fileOf((request.params as { file: string }).file);
      const { report } = await reports.byToken(tenant, name);
      return send(reply, format, formatTokens([{ id: report.id, token: name }], format));
    },
  );

  both('servicerequestupdates', (url, doc) =>
    app.get(
      url,
      {
        config: open,
        schema: {
          ...doc("Public updates of reports (mySociety's servicerequestupdates)"),
          querystring: params('start_date', 'end_date', 'service_request_id', 'page', 'page_size', 'extended_statuses'),
        },
      },
      async (request, reply) => {
        const q = queryOf(request);
        const tenant = tenantOf(q, jurisdictions);
        const format = formatOf(request);
        const ids = listOf(q['service_request_id']);
        const updates = await reports.publicUpdates(tenant, {
          ...(ids ? { ids } : windowOf(q, new Date())),
          ...pageOf(q),
        });
        return send(
          reply,
          format,
          formatUpdates(updates, format, { extendedStatuses: q['extended_statuses'] !== 'false' }),
        );
      },
    ),
  );

  // A report's photo, for everyone (hidden ones are not found). Bytes checked at upload; never sniffed here.
  app.get(
    `${OPEN311_BASE}/media/:id`,
    {
      config: open,
      schema: {
        tags: DOC_TAGS,
        summary: "A report's photo",
        querystring: params(),
        response: {
          200: {
            description: 'The photo as stored: JPEG, PNG or WebP, read through and stripped of its metadata',
            content: { 'image/*': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
          '4xx': answers('')['4xx'],
        },
      },
    },
    async (request, reply) => {
      const q = queryOf(request);
      const photo = await reports.media(tenantOf(q, jurisdictions), (request.params as { id: string }).id);
      return reply
        .type(photo.contentType)
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .send(Buffer.from(photo.bytes.buffer, photo.bytes.byteOffset, photo.bytes.byteLength));
    },
  );

  // Any other address here answers as Open311 clients read it, the specification's error list, not the
  // platform's problem+json: a format other than .json or .xml is a 400, anything else a 404.
  app.route({
    method: ['GET', 'POST'],
    url: `${OPEN311_BASE}/*`,
    config: open,
    schema: { hide: true },
    handler: async (request) => {
      const path = request.url.split('?')[0] ?? request.url;
      fileOf(path.slice(path.lastIndexOf('/') + 1));
      throw fail(404, `There is no Open311 resource at ${path}.`);
    },
  });

  /** The form of POST requests: urlencoded, multipart (with photos as `media`) or JSON. */
  async function formOf(
    request: FastifyRequest,
  ): Promise<{ fields: Record<string, string | string[]>; photos: Uint8Array[] }> {
    if (request.isMultipart()) {
      const pairs: [string, string][] = [];
      const photos: Uint8Array[] = [];
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          // toBuffer refuses a file past the limit (413) before it is all read.
          photos.push(new Uint8Array(await part.toBuffer()));
        } else if (typeof part.value === 'string') {
          pairs.push([part.fieldname, part.value]);
        }
      }
      return { fields: fieldsOf(pairs), photos };
    }
    const body = request.body;
    if (body === undefined || body === null)
      throw fail(400, 'Send the request as a form (service_code, lat, long, …).');
    if (typeof body !== 'object' || Array.isArray(body))
      throw fail(400, 'The request is a form or a JSON object of its fields.');
    return { fields: body as Record<string, string | string[]>, photos: [] };
  }
}
