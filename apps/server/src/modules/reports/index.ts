import { Invalid, parseEnum, parseInteger, parseUrl, publicUrl, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { alarmsModule } from '../alarms/index.js';
import { MAX_PHOTO_BYTES, MEDIA_ERRORS } from './media.js';
// Other modules take documents and photos from the public too: the same cleaner, the same per-source limiter.
export { cleanPhoto, MAX_PHOTO_BYTES } from './media.js';
export { SourceLimiter } from '../../platform/source-limiter.js';
import { webhookSender } from './notify.js';
import { open311Routes } from './open311/routes.js';
import { ReporterPush, vapidFrom, vapidPrivateKey, webPushSender } from './push.js';
import { pushRoutes } from './push-routes.js';
import { reportsRoutes } from './routes.js';
import {
  HANDLERS,
  localSender,
  ReportsService,
  SERVICE_REQUEST_TYPE,
  type AppKey,
  type ReportSettings,
} from './service.js';

/** Citizen reports and questions (GT247 and iHanoi on Open311 GeoReport v2): the public surface of reports/. */
export * from './model.js';
export { REPORT_SERVICES, CITY_DEPARTMENTS, serviceByCode, wardDepartment } from './catalogue.js';
export type { ReporterMessage, ReporterSender } from './notify.js';
export {
  FOLLOW_PATH,
  MEDIA_PATH,
  ON_TIME_WINDOW_DAYS,
  ReportsService,
  localSender,
  serviceRequestEntityId,
  SERVICE_REQUEST_TYPE,
  type AppKey,
  type ImportRow,
  type Insight,
  type OutboxView,
  type PublicQuery,
  type PublicUpdate,
  type QueueFilter,
  type ReportSettings,
  type ReportsSummary,
} from './service.js';

const MB = 1024 * 1024;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A comma-separated list of dates, each a real day (YYYY-MM-DD). */
function parseDates(raw: string): string[] {
  const dates = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const d of dates) {
    if (!DATE.test(d) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      throw new Invalid(`must be dates as YYYY-MM-DD, comma-separated (got "${d}")`);
    }
  }
  return dates;
}

const JURISDICTION = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

function parseJurisdictionId(raw: string): string {
  const id = raw.trim();
  if (!JURISDICTION.test(id)) throw new Invalid('must be a jurisdiction id: letters, digits, . _ and -, at most 100');
  return id;
}

/** REPORTS_JURISDICTIONS: "jurisdiction:tenant,…". */
function parseJurisdictions(raw: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const m = /^([^:]+):([A-Za-z0-9_-]{1,64})$/.exec(entry);
    if (!m || !JURISDICTION.test(m[1] as string)) {
      throw new Invalid(`must be jurisdiction_id:tenant pairs, comma-separated (got "${entry}")`);
    }
    if (map.has(m[1] as string)) throw new Invalid(`names the jurisdiction "${m[1]}" twice`);
    map.set(m[1] as string, m[2] as string);
  }
  return map;
}

/** REPORTS_APP_KEYS: "name:key:perMinute,…" — each app's name, its api_key and its rate. */
function parseAppKeys(raw: string): AppKey[] {
  const apps: AppKey[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const m = /^([\w.-]{1,60}):([\w.~-]{8,200}):(\d{1,5})$/.exec(entry);
    const perMinute = m ? Number(m[3]) : 0;
    if (!m || perMinute < 1) {
      throw new Invalid(
        'must be name:key:perMinute entries, comma-separated (key of 8 or more letters, digits or -_.~)',
      );
    }
    if (apps.some((a) => a.key === m[2] || a.name === m[1]))
      throw new Invalid(`names the app or key of "${m[1]}" twice`);
    apps.push({ name: m[1] as string, key: m[2] as string, perMinute });
  }
  return apps;
}

/** REPORTS_VAPID_PRIVATE_KEY: a P-256 private key, 32 bytes base64url. */
function parseVapidKey(raw: string): string {
  try {
    vapidFrom(raw, 'mailto:check@invalid');
  } catch {
    throw new Invalid(
      'must be a P-256 private key, 32 bytes base64url (unset, one is generated into DATA_DIR/reports-vapid.key: its content is such a key)',
    );
  }
  return raw.trim();
}

/** REPORTS_VAPID_SUBJECT: how a push service reaches the city, a mailto: or https: URL (RFC 8292 §2.1). */
function parseVapidSubject(raw: string): string {
  const subject = raw.trim();
  if (!/^mailto:[^@\s]+@[^@\s]+$/.test(subject) && !/^https:\/\/[^\s]+$/.test(subject)) {
    throw new Invalid('must be a mailto: or https: URL');
  }
  return subject;
}

export const reportsModule = defineModule({
  name: 'reports',
  permissions: {
    // The departments' officers handle reports; the operations centre and leaders follow them.
    'reports:read': ['admin', 'officer', 'operator', 'viewer'],
    'reports:handle': HANDLERS,
    'reports:insight': ['admin', 'officer', 'operator', 'viewer'],
    'reports:manage': ['admin'],
  },
  needs: { alarms: alarmsModule },
  config: defineConfig(
    {
      REPORTS_RATE_LIMIT: variable({
        doc: 'Reports one source (client address) may send per 10 minutes; more are refused with 429 (1–10000)',
        parse: parseInteger(1, 10_000),
        fallback: '10',
      }),
      REPORTS_PHOTOS_PER_HOUR: variable({
        doc: "Photos one source address may upload an hour, with a report or before it (officers' answer photos are not counted); more are refused with 429 (1–10000, per instance)",
        parse: parseInteger(1, 10_000),
        fallback: '20',
      }),
      REPORTS_PHOTO_MB_PER_HOUR: variable({
        doc: 'Megabytes of photos one source address may upload an hour, refused or kept; more are refused with 429 (at least 5, one photo; below 5 × REPORTS_PHOTOS_PER_HOUR, which bounds it already; per instance)',
        parse: parseInteger(1, 1_000_000),
        fallback: '40',
      }),
      REPORTS_APP_KEYS: variable({
        doc: 'Apps with their own rate, as name:api_key:perMinute, comma-separated (e.g. ihanoi:k3y-long-enough:120)',
        parse: parseAppKeys,
        fallback: '',
        secret: true,
      }),
      REPORTS_EXTRA_HOLIDAYS: variable({
        doc: "Days off besides Viet Nam's public holidays (the government's yearly decisions), as YYYY-MM-DD, comma-separated",
        parse: parseDates,
        fallback: '',
      }),
      REPORTS_MAKEUP_DAYS: variable({
        doc: 'Weekend days worked to make up for a bridged holiday, as YYYY-MM-DD, comma-separated',
        parse: parseDates,
        fallback: '',
      }),
      REPORTS_SENDER: variable({
        doc: 'How reporters get their updates: local (kept in the outbox, GET /api/v1/reports/messages) or webhook (POSTed to REPORTS_WEBHOOK_URL)',
        parse: parseEnum(['local', 'webhook'] as const),
        fallback: 'local',
      }),
      REPORTS_WEBHOOK_URL: variable({
        doc: 'Where the webhook sender POSTs each message to a reporter (JSON), through the outbound guard',
        parse: parseUrl(['http:', 'https:']),
      }),
      REPORTS_JURISDICTION: variable({
        doc: "Open311's jurisdiction_id of the default tenant (a request without one is for it too)",
        parse: parseJurisdictionId,
        fallback: 'hanoi',
      }),
      REPORTS_JURISDICTIONS: variable({
        doc: 'Other tenants served through Open311, as jurisdiction_id:tenant pairs, comma-separated (e.g. vn-hanoi-test:test); any other jurisdiction_id is refused (404)',
        parse: parseJurisdictions,
        fallback: '',
      }),
      REPORTS_VAPID_PRIVATE_KEY: variable({
        doc: "The VAPID key web push to reporters' browsers is signed with (P-256 private key, 32 bytes base64url); unset = one generated in DATA_DIR/reports-vapid.key, with a warning",
        parse: parseVapidKey,
        secret: true,
      }),
      REPORTS_VAPID_SUBJECT: variable({
        doc: "How push services reach the city about its web push (mailto: or https: URL); unset = the platform's public URL",
        parse: parseVapidSubject,
      }),
      REPORTS_DUPLICATE_RADIUS_M: variable({
        doc: 'An open report of the same service this many metres or less away is proposed as the same (10–2000)',
        parse: parseInteger(10, 2000),
        fallback: '150',
      }),
    },
    (v): ReportSettings & { vapid: { privateKey?: string | undefined; subject?: string | undefined } } => {
      const photos = v.REPORTS_PHOTOS_PER_HOUR ?? 20;
      const photoMb = v.REPORTS_PHOTO_MB_PER_HOUR ?? 40;
      const onePhoto = MAX_PHOTO_BYTES / MB;
      if (photoMb < onePhoto) {
        throw new Invalid(
          `must be at least ${onePhoto}: one photo may be ${onePhoto} MB (got ${photoMb})`,
          'REPORTS_PHOTO_MB_PER_HOUR',
        );
      }
      if (photoMb >= photos * onePhoto) {
        throw new Invalid(
          `must be below ${photos * onePhoto}: REPORTS_PHOTOS_PER_HOUR=${photos} photos of at most ${onePhoto} MB bound an hour to that already (got ${photoMb})`,
          'REPORTS_PHOTO_MB_PER_HOUR',
        );
      }
      if (v.REPORTS_SENDER === 'webhook' && v.REPORTS_WEBHOOK_URL === undefined) {
        throw new Invalid('is needed with REPORTS_SENDER=webhook: where to POST the messages', 'REPORTS_WEBHOOK_URL');
      }
      return {
        rateLimit: v.REPORTS_RATE_LIMIT ?? 10,
        photosPerHour: photos,
        photoBytesPerHour: photoMb * MB,
        appKeys: v.REPORTS_APP_KEYS ?? [],
        holidays: v.REPORTS_EXTRA_HOLIDAYS ?? [],
        makeupDays: v.REPORTS_MAKEUP_DAYS ?? [],
        sender: v.REPORTS_SENDER ?? 'local',
        webhookUrl: v.REPORTS_WEBHOOK_URL,
        duplicateRadiusM: v.REPORTS_DUPLICATE_RADIUS_M ?? 150,
        jurisdictions: { defaultId: v.REPORTS_JURISDICTION ?? 'hanoi', others: v.REPORTS_JURISDICTIONS ?? new Map() },
        vapid: { privateKey: v.REPORTS_VAPID_PRIVATE_KEY, subject: v.REPORTS_VAPID_SUBJECT },
      };
    },
  ),
  errors: defineErrors({
    REPORTS_NOT_FOUND: {
      status: 404,
      when: 'reports: no report of that id in the tenant, or no report follows that token',
    },
    REPORTS_STATE: {
      status: 409,
      when: "reports: a step the report's state does not allow (the detail says the state and the states it is allowed from); nothing changed",
    },
    REPORTS_SERVICE_UNKNOWN: { status: 400, when: 'reports: a service code not in the list of services' },
    REPORTS_ATTRIBUTE_REQUIRED: {
      status: 400,
      when: "reports: a required question of the service's definition is not answered",
    },
    REPORTS_ATTRIBUTE_INVALID: {
      status: 400,
      when: 'reports: an answer to a list question that is not one of its values',
    },
    REPORTS_LOCATION_REQUIRED: {
      status: 400,
      when: 'reports: a report of a problem at a place without its place (only questions need none)',
    },
    REPORTS_LOCATION_OUTSIDE_CITY: { status: 400, when: "reports: a place outside Hà Nội's outline; nothing stored" },
    ...MEDIA_ERRORS,
    REPORTS_MEDIA_UNKNOWN: {
      status: 400,
      when: 'reports: a report, answer or supplement naming a photo id not uploaded',
    },
    REPORTS_MEDIA_TAKEN: {
      status: 409,
      when: "reports: a report or supplement naming a photo that is an officer's or another report's, or an answer naming one that is a citizen's or another answer's; nothing stored",
    },
    REPORTS_MEDIA_NOT_FOUND: {
      status: 404,
      when: 'reports: no photo of that id, or none a report or answer took yet (an upload is not served before), or it is hidden by moderation',
    },
    REPORTS_PHOTO_BUDGET: {
      status: 429,
      when: 'reports: a photo from an address that sent REPORTS_PHOTOS_PER_HOUR photos or REPORTS_PHOTO_MB_PER_HOUR of them in the last hour; Retry-After says when; nothing kept',
    },
    REPORTS_RATE_LIMITED: {
      status: 429,
      when: 'reports: too many reports from one source (client address, or app by its api_key) in the window; Retry-After says when',
    },
    REPORTS_TEXT_REQUIRED: { status: 400, when: 'reports: a question, answer, reason or note without text' },
    REPORTS_DEPARTMENT_UNKNOWN: { status: 400, when: 'reports: a transfer to a department that does not exist' },
    REPORTS_TRANSFER_SAME: { status: 400, when: 'reports: a transfer to the department that already has the report' },
    REPORTS_MERGE_INVALID: { status: 409, when: 'reports: a merge into the report itself or into a closed report' },
    REPORTS_IMPORT_UNREADABLE: {
      status: 400,
      when: "reports: an import that is not another city's Open311 export (JSON or XML, without a DOCTYPE); nothing imported",
    },
    REPORTS_PUSH_SUBSCRIPTION_INVALID: {
      status: 400,
      when: 'reports: a web push subscription that is not one a browser gives (an https endpoint of a push service the city may reach, P-256 p256dh key, 16-byte auth); nothing kept',
    },
    REPORTS_PERIOD_INVALID: {
      status: 400,
      when: 'reports: an insight period whose from is not before to, or longer than a year',
    },
  }),
  async create({ db, broker, personalData, settings, needs, log, config }) {
    // Its entities show its reports: through the NGSI-LD API they are read, never written.
    const terms = await broker.resolver.core();
    broker.ownership.claim('reports', [terms.expand(SERVICE_REQUEST_TYPE)]);
    const sender =
      settings.sender === 'webhook' && settings.webhookUrl
        ? webhookSender(settings.webhookUrl, broker.outbound)
        : localSender;
    const reports = new ReportsService({
      db,
      context: broker.service,
      resolver: broker.resolver,
      personal: personalData,
      alarms: needs.alarms,
      settings,
      log,
      sender,
      baseUrl: publicUrl(config),
    });
    const vapid = vapidFrom(
      vapidPrivateKey(settings.vapid.privateKey, config.dataDir, log),
      settings.vapid.subject ?? publicUrl(config),
    );
    const push = new ReporterPush({
      db,
      personal: personalData,
      reports,
      sender: webPushSender(vapid, broker.outbound),
      outbound: broker.outbound,
      baseUrl: publicUrl(config),
      log,
    });
    // Found by the phone on the report: the messages, officers' words and browsers before the contacts' erasure takes it away.
    personalData.declare(reports.messagesDataSource());
    personalData.declare(reports.wordsDataSource());
    personalData.declare(push.personalDataSource());
    personalData.declare(reports.personalDataSource());
    return {
      provides: reports,
      async routes(app) {
        await app.register(reportsRoutes, { reports });
        await app.register(pushRoutes, { reports, push, vapid });
        await app.register(open311Routes, {
          reports,
          jurisdictions: settings.jurisdictions,
          publicUrl: publicUrl(config),
          contact: 'Văn phòng UBND thành phố Hà Nội, 12 Lê Lai, Hoàn Kiếm, Hà Nội',
        });
      },
      jobs: [
        { name: 'overdue', everyMs: 60_000, run: async () => void (await reports.markOverdue()) },
        { name: 'outbox', everyMs: 5_000, run: async () => void (await reports.deliverMessages()) },
        { name: 'push', everyMs: 5_000, run: async () => void (await push.deliver()) },
        // Words kept in clear before an upgrade: sealed, and the public's status notes masked, within minutes.
        {
          name: 'sealed-words',
          everyMs: 10_000,
          run: async () => void (await reports.sealWordsInClear({ batch: 500 })),
        },
        { name: 'unused-photos', everyMs: 3600_000, run: async () => void (await reports.dropUnusedPhotos()) },
      ],
    };
  },
});
