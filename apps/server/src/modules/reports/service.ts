import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ContextResolver, ContextService, Instance } from '../../context/index.js';
import type { Database, Sql } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import type { PersonalData, PersonalDataSource, Reader, Sealer } from '../../platform/personal-data/index.js';
import type { AlarmService } from '../alarms/index.js';
import { vietnamCalendar, type WorkCalendar } from '../../platform/calendar/index.js';
import {
  allDepartments,
  CITY_DEPARTMENTS,
  departmentFor,
  REPORT_SERVICES,
  reportLevel,
  serviceByCode,
  wardDepartment,
} from './catalogue.js';
import { reportClock } from './clock.js';
import { SourceByteBudget, SourceLimiter } from '../../platform/source-limiter.js';
import { checkMediaUrl, cleanPhoto } from './media.js';
import { moderate } from './moderation.js';
import { messageFor, NOTIFIED_EVENTS, OUTCOME_EVENTS, type ReporterSender } from './notify.js';
import {
  EXTENDED_STATUS,
  OPEN_STATES,
  open311Status,
  type Department,
  type LonLat,
  type NewReport,
  type PublicReport,
  type ReportClock,
  type ReportEvent,
  type ReportLevel,
  type ReportMedia,
  type ReportService,
  type ReportState,
  type ReporterContact,
  type StaffReport,
} from './model.js';
import * as store from './store.js';
import { inHanoi, wardAt, wardOf } from '../city/index.js';
import type { StoredEvent, StoredReport } from './store.js';

/**
 * Citizen reports' rules. A report is checked (its service, its place inside Hà Nội, its attributes,
 * its photos), moderated (the public text masks personal data and abuse; the words as written are
 * sealed), routed (the service's department, or the committee of the ward it lies in), given its
 * level and clocks (the city's working time), and a follow token the reporter keeps. Officers move it
 * through the states (receive, ask, supplement, transfer, merge, resolve, reject), each only from the
 * right states and each an event on its timeline; public events queue a message to the reporter in
 * the same transaction (the outbox, sent at least once). Reports are mirrored as NGSI-LD
 * ServiceRequest entities without personal data; overdue ones raise an alarm.
 */

/** An app allowed its own rate (REPORTS_APP_KEYS). */
export interface AppKey {
  readonly name: string;
  readonly key: string;
  readonly perMinute: number;
}

export interface ReportSettings {
  /** Reports per source (client address) per 10 minutes. */
  readonly rateLimit: number;
  /** Photos one source address may upload an hour (REPORTS_PHOTOS_PER_HOUR). */
  readonly photosPerHour: number;
  /** Bytes of photos one source address may upload an hour (REPORTS_PHOTO_MB_PER_HOUR). */
  readonly photoBytesPerHour: number;
  readonly appKeys: readonly AppKey[];
  readonly holidays: readonly string[];
  readonly makeupDays: readonly string[];
  readonly sender: 'local' | 'webhook';
  readonly webhookUrl?: string | undefined;
  /** Open reports of the same service this close are proposed as the same. */
  readonly duplicateRadiusM: number;
  /** Open311's jurisdiction_id → tenant: the default one is the default tenant. */
  readonly jurisdictions: { readonly defaultId: string; readonly others: ReadonlyMap<string, string> };
}

/** The input of an import: another city's request, in the words the codec gives. */
export interface ImportRow {
  readonly externalId: string;
  readonly serviceCode: string;
  readonly status: 'open' | 'closed';
  readonly description: string;
  readonly requestedAt: string;
  readonly updatedAt?: string | undefined;
  readonly lon?: number | undefined;
  readonly lat?: number | undefined;
  readonly address?: string | undefined;
  readonly mediaUrl?: string | undefined;
  readonly statusNotes?: string | undefined;
  /** The other city's own words for the service and the agency that handled it. */
  readonly serviceName?: string | undefined;
  readonly agencyResponsible?: string | undefined;
}

export interface PublicQuery {
  readonly ids?: readonly string[] | undefined;
  readonly serviceCode?: string | readonly string[] | undefined;
  readonly status?: 'open' | 'closed' | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly near?: { readonly lon: number; readonly lat: number; readonly radiusM: number } | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** One public event as Open311's servicerequestupdates show it. */
export interface PublicUpdate {
  readonly updateId: string;
  readonly serviceRequestId: string;
  readonly status: 'open' | 'closed';
  readonly extendedStatus: string;
  readonly description: string;
  readonly updatedAt: string;
  /** The update's first public photo (the extension has one `media_url`). */
  readonly mediaUrl?: string;
  /** All its public photos, the first included; hidden ones are left out. */
  readonly mediaUrls: readonly string[];
}

export interface QueueFilter {
  readonly departmentId?: string | undefined;
  readonly state?: ReportState | undefined;
  readonly overdue?: boolean | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Leaders read names: each id and code of the insight comes with its name in both languages. */
type Names = { vi: string; en: string };

export interface Insight {
  readonly onTime: {
    department: string;
    departmentName: Names;
    ward: string;
    wardName: Names;
    total: number;
    closed: number;
    onTime: number;
    rate: number | null;
  }[];
  readonly backlog: { department: string; departmentName: Names; open: number; overdue: number; waiting: number }[];
  readonly hotSpots: { wardCode: string; wardName: string; wardNames: Names; open: number; overdue: number }[];
}

/** The operations centre's figure of citizen reports: what is open now, and how the last 30 days closed. */
export interface ReportsSummary {
  readonly open: number;
  /** Of the open ones, marked overdue. */
  readonly overdue: number;
  /** Of the open ones, urgent. */
  readonly urgent: number;
  /** Of the open ones, waiting on the reporter (their clocks stand still). */
  readonly waiting: number;
  /** Resolved or rejected in the last ON_TIME_WINDOW_DAYS days. */
  readonly closed: number;
  /** Of those, received and resolved within their time limits. */
  readonly onTime: number;
  /** onTime / closed; null when none closed. */
  readonly onTimeRate: number | null;
}

/** The on-time rate of the operations centre is over the reports closed in this many days. */
export const ON_TIME_WINDOW_DAYS = 30;

/** A message of the outbox, opened, for the admin's view. */
export interface OutboxView {
  readonly id: string;
  readonly reportId: string;
  readonly eventKind: string;
  readonly language: 'vi' | 'en';
  readonly subject: string;
  readonly text: string;
  readonly link: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly deliveredAt?: string;
  readonly sender?: string;
  readonly lastError?: string;
}

export const SERVICE_REQUEST_TYPE = 'ServiceRequest';
export const serviceRequestEntityId = (id: string) => `urn:ngsi-ld:${SERVICE_REQUEST_TYPE}:${id}`;

/**
 * Who handles reports (reports:handle) sees the reporter's contact in clear to call back, each read
 * audited. The platform does not say which department an officer works in, so every officer of the
 * tenant may; the queue itself shows contacts masked, the clear view is one report's detail.
 */
export const HANDLERS = ['admin', 'officer'] as const;

/** The personal fields of a report and how they are masked. */
export const REPORT_PERSONAL_FIELDS = {
  email: 'email',
  phone: 'phone',
  firstName: 'name',
  lastName: 'name',
  deviceId: 'free-text',
  accountId: 'free-text',
  originalDescription: 'free-text',
} as const;
const PERSONAL_SOURCE = 'reports-contacts';
/**
 * What officers type on a report's timeline (notes, questions, answers, reasons) may name people and
 * their numbers: sealed as written, in clear for those who handle reports (audited), masked for others;
 * the public reads the words through the moderation's masking.
 */
const WORDS_SOURCE = 'reports-notes';
const WORDS_FIELDS = { text: 'free-text' } as const;
const MESSAGE_FIELDS = { subject: 'free-text', text: 'free-text', link: 'free-text' } as const;
const OVERDUE_CONDITION = 'reports:overdue';
/** The window of REPORTS_PHOTOS_PER_HOUR and REPORTS_PHOTO_MB_PER_HOUR. */
const PHOTO_WINDOW_MS = 3600_000;
/** An uploaded photo no report or answer took within this long is deleted. */
export const UNUSED_PHOTO_MS = 24 * 3600_000;
/** The window of REPORTS_RATE_LIMIT. */
export const RATE_WINDOW_MS = 10 * 60_000;
/** Where the reporter follows a report: the citizens' page, the token in the fragment (never sent to a server or kept in its logs). */
export const FOLLOW_PATH = '/citizen/#follow=';
/** Where a stored photo is served (the Open311 routes), under the public URL. */
export const MEDIA_PATH = '/open311/v2/media/';
const OUTBOX_LEASE_MS = 60_000;
/** Verdicts kept for the on-time rate of the strip: a month of a busy city's closed reports. */
const MAX_ON_TIME_MEMO = 200_000;
const MAX_TEXT = 4000;

export const reportErrors = {
  notFound: (id: string) => new AppError('REPORTS_NOT_FOUND', 404, `There is no report "${id}".`),
  tokenUnknown: () =>
    new AppError('REPORTS_NOT_FOUND', 404, 'No report follows that token: check the link you were given.'),
  state: (r: StoredReport, action: string, allowed: readonly ReportState[]) =>
    new AppError(
      'REPORTS_STATE',
      409,
      `Report ${r.id} is ${r.state}: it can be ${action} only when ${allowed.join(' or ')}. Nothing changed.`,
      { extra: { reportId: r.id, state: r.state, allowed } },
    ),
  serviceUnknown: (code: string) =>
    problems.badRequest(
      'REPORTS_SERVICE_UNKNOWN',
      `"${code}" is not a service: use one of ${REPORT_SERVICES.map((s) => s.code).join(', ')}.`,
    ),
  outsideCity: (at: LonLat) =>
    problems.badRequest(
      'REPORTS_LOCATION_OUTSIDE_CITY',
      `[${at[0]}, ${at[1]}] is outside Hà Nội: the city takes reports of places in the city.`,
    ),
  textRequired: (what: string) => problems.badRequest('REPORTS_TEXT_REQUIRED', `${what} needs some text.`),
  departmentUnknown: (id: string) =>
    problems.badRequest('REPORTS_DEPARTMENT_UNKNOWN', `There is no department "${id}".`),
  badMedia: (detail: string) => problems.badRequest('REPORTS_BAD_MEDIA', detail),
  photoBudget: (waitMs: number, what: string) => {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new AppError(
      'REPORTS_PHOTO_BUDGET',
      429,
      `This address sent ${what} in the last hour: try again in ${seconds} s. Nothing was kept.`,
      { headers: { 'retry-after': String(seconds) }, extra: { retryAfterSeconds: seconds } },
    );
  },
  rateLimited: (waitMs: number) => {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    // A person waits minutes (the window is 10 of them): "570 seconds" is a sum to do, "10 minutes" is not.
    const minutes = Math.ceil(seconds / 60);
    const wait = minutes === 1 ? '1 minute' : `${minutes} minutes`;
    return new AppError('REPORTS_RATE_LIMITED', 429, `Too many reports from this source: try again in ${wait}.`, {
      headers: { 'retry-after': String(seconds) },
      extra: { retryAfterSeconds: seconds, retryAfterMinutes: minutes },
    });
  },
};

const mediaNotYours = (id: string, kind: store.MediaKind) =>
  new AppError(
    'REPORTS_MEDIA_TAKEN',
    409,
    kind === 'citizen'
      ? `Photo "${id}" is not one to attach: a report takes only photos uploaded for it (POST /api/v1/reports/media) that no report has taken. Nothing was stored.`
      : `Photo "${id}" is not one to attach: an answer takes only photos uploaded for it (POST /api/v1/reports/answer-media) that no answer has taken. Nothing was stored.`,
    { extra: { mediaId: id } },
  );

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A reader that may see nothing in clear: the module's own reads (lists, messages). */
const systemReader = (tenant: string): Reader => ({
  actor: { kind: 'system', id: null, name: 'reports', roles: [] },
  roles: [],
  tenant,
  requestId: null,
});

/** The demo's sender: a message is delivered by being kept in the outbox, readable by the admin. */
export const localSender: ReporterSender = { name: 'local', send: async () => {} };

type Publish = () => void;
type AfterCommit = () => Promise<void>;

export class ReportsService {
  readonly #db: Database;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;
  readonly #personal: PersonalData;
  readonly #alarms: AlarmService;
  readonly #settings: ReportSettings;
  readonly #log: Logger;
  readonly #sender: ReporterSender;
  readonly #baseUrl: string;
  readonly #now: () => Date;
  readonly #calendar: WorkCalendar;
  readonly #sourceLimiter: SourceLimiter;
  readonly #photoLimiter: SourceLimiter;
  readonly #photoBytes: SourceByteBudget;
  readonly #appLimiters = new Map<string, { app: AppKey; limiter: SourceLimiter }>();
  /** Closed reports' on-time verdicts, by tenant, report and closing (see summary). */
  readonly #onTimeOf = new Map<string, boolean>();

  constructor(deps: {
    db: Database;
    context: ContextService;
    resolver: ContextResolver;
    personal: PersonalData;
    alarms: AlarmService;
    settings: ReportSettings;
    log: Logger;
    sender: ReporterSender;
    /** The public URL links and photo addresses start with. */
    baseUrl: string;
    /** The time: tests move it (a report sent on Friday, received on Monday). */
    now?: () => Date;
  }) {
    this.#db = deps.db;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
    this.#personal = deps.personal;
    this.#alarms = deps.alarms;
    this.#settings = deps.settings;
    this.#log = deps.log;
    this.#sender = deps.sender;
    this.#baseUrl = deps.baseUrl.replace(/\/+$/, '');
    this.#now = deps.now ?? (() => new Date());
    this.#calendar = vietnamCalendar({
      holidays: [...deps.settings.holidays],
      workingDays: [...deps.settings.makeupDays],
    });
    this.#sourceLimiter = new SourceLimiter(deps.settings.rateLimit, RATE_WINDOW_MS);
    this.#photoLimiter = new SourceLimiter(deps.settings.photosPerHour, PHOTO_WINDOW_MS);
    this.#photoBytes = new SourceByteBudget(deps.settings.photoBytesPerHour, PHOTO_WINDOW_MS);
    for (const app of deps.settings.appKeys) {
      this.#appLimiters.set(app.key, { app, limiter: new SourceLimiter(app.perMinute, 60_000) });
    }
  }

  get settings(): ReportSettings {
    return this.#settings;
  }

  get calendar(): WorkCalendar {
    return this.#calendar;
  }

  services(): readonly ReportService[] {
    return REPORT_SERVICES;
  }

  /** The city's departments; ward committees are named by `department(id)`. */
  /** The city's departments and every ward's People's Committee. */
  departments(): readonly Department[] {
    return allDepartments();
  }

  department(id: string): Department | undefined {
    const city = CITY_DEPARTMENTS.find((d) => d.id === id);
    if (city) return city;
    const m = /^ward-(\d{5})$/.exec(id);
    if (!m) return undefined;
    const ward = wardOf(m[1]);
    return ward ? wardDepartment(ward.code, ward.name) : undefined;
  }

  // --- intake ------------------------------------------------------------------------------------

  /** A citizen's report: checked, moderated, routed, stored with its first event and message. */
  async create(
    tenant: string,
    input: NewReport,
    source: { clientIp?: string | undefined } = {},
    /** Photos sent with the report (Open311's multipart form): stored with it, or not at all. */
    photos: readonly Uint8Array[] = [],
  ): Promise<{ id: string; token: string; serviceNotice: string }> {
    const now = this.#now();
    this.#takeRate(input.apiKey, source.clientIp, now);
    const service = serviceByCode(input.serviceCode);
    if (!service) throw reportErrors.serviceUnknown(input.serviceCode);
    checkAttributes(service, input.attributes);
    let ward: { code: string; name: string } | undefined;
    if (input.location !== undefined) {
      if (!inHanoi(input.location)) throw reportErrors.outsideCity(input.location);
      ward = wardAt(input.location);
    } else if (!service.question) {
      throw problems.badRequest(
        'REPORTS_LOCATION_REQUIRED',
        `A report of ${service.name.en.toLowerCase()} needs its place: a pin or coordinates (lat and long).`,
      );
    }
    const mediaUrls = input.mediaUrls.map((u) => checkMediaUrl(u));
    for (const photo of photos) this.#chargePhoto(source.clientIp, photo.byteLength, now);
    const uploaded: { id: string; bytes: Uint8Array; contentType: string }[] = [];
    for (const photo of photos) uploaded.push({ id: randomUUID(), ...(await cleanPhoto(photo)) });
    const chosen = await this.#checkMediaIds(tenant, input.mediaIds, 'citizen');
    const mediaIds = [...chosen, ...uploaded.map((p) => p.id)];
    const description = (input.description ?? '').trim().slice(0, MAX_TEXT);
    // A question is its words: without them there is nothing to answer, and no clock should run.
    if (service.question && description === '') throw reportErrors.textRequired('A question to the city');
    const moderated = description === '' ? { text: '', hidden: false } : moderate(description);
    const department = departmentFor(service, ward);
    const level = reportLevel(service, input.attributes);
    const token = randomBytes(24).toString('base64url');
    const contact = await this.#sealContact(tenant, input.contact);
    const indexes: store.ReportIndexes = {
      phoneIndex: input.contact.phone?.trim() ? await this.#personal.index('phone', input.contact.phone) : null,
      emailIndex: input.contact.email?.trim()
        ? await this.#personal.index('email', input.contact.email.trim().toLowerCase())
        : null,
      tokenHash: sha256(token),
    };
    const sealedDescription = description === '' ? null : await this.#personal.seal(tenant, description);
    const sealedToken = await this.#personal.seal(tenant, token);
    const clock = this.#clockOf(
      { level, resolveWorkingDays: service.resolveWorkingDays, requestedAt: now.toISOString(), pauses: [] },
      now,
    );
    const serviceNotice = noticeOf(department, clock, input.language);
    // The number is taken in a statement of its own, not in the report's transaction: the counter's row
    // would otherwise stay locked until the commit, one report after the other. A report whose
    // transaction fails leaves its number unused.
    const id = await store.nextReportId(this.#db, tenant, now.getUTCFullYear());
    const draft: StoredReport = {
      id,
      serviceCode: service.code,
      state: 'submitted',
      level,
      resolveWorkingDays: service.resolveWorkingDays,
      departmentId: department.id,
      channel: input.channel,
      language: input.language,
      ...(input.location === undefined ? {} : { location: input.location }),
      // Addresses are public too: phone numbers and e-mails in them are masked like the description's.
      ...(input.addressString?.trim() ? { address: moderate(input.addressString.slice(0, 500)).text } : {}),
      ...(input.addressId?.trim() ? { addressId: moderate(input.addressId.slice(0, 200)).text } : {}),
      ...(ward ? { wardCode: ward.code, wardName: ward.name } : {}),
      description: moderated.hidden ? '' : moderated.text,
      hidden: moderated.hidden,
      originalDescription: sealedDescription,
      contact,
      attributes: input.attributes,
      mediaUrls,
      mediaIds,
      tokenSealed: sealedToken,
      serviceNotice,
      requestedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expectedAt: clock.resolveBy,
      pauses: [],
    };
    await this.#write(async (tx) => {
      await this.#takeMedia(tx, tenant, chosen, 'citizen', now);
      for (const p of uploaded) {
        const photo = { ...p, size: p.bytes.byteLength, hidden: false, kind: 'citizen', taken: true } as const;
        await store.insertMedia(tx, tenant, photo, now);
      }
      const event = {
        reportId: id,
        at: now.toISOString(),
        kind: 'submitted',
        state: draft.state,
        public: true,
        actor: 'reporter',
      } as const;
      const message = await this.#message(tx, tenant, draft, event, token);
      const report = await store.insertSubmittedReport(tx, tenant, draft, indexes, event, message);
      return [undefined, [await this.#mirror(tx, tenant, report)], []];
    });
    return { id, token, serviceNotice };
  }

  /**
   * A photo uploaded by a reporter (for a report or a supplement) or an officer (for an answer): checked
   * by its content, kept for one report to take. Until one takes it, it is served to no one: its id,
   * known only to the uploader, is what lets the report take it.
   */
  async storeMedia(
    tenant: string,
    bytes: Uint8Array,
    source: { clientIp?: string | undefined; officer?: boolean } = {},
  ): Promise<ReportMedia> {
    // Officers answering from one office address are not the public's flood.
    if (source.officer !== true) this.#chargePhoto(source.clientIp, bytes.byteLength, this.#now());
    const { bytes: cleaned, contentType } = await cleanPhoto(bytes);
    const id = randomUUID();
    const kind = source.officer === true ? 'answer' : 'citizen';
    await store.insertMedia(
      this.#db,
      tenant,
      { id, contentType, size: cleaned.byteLength, hidden: false, bytes: cleaned, kind, taken: false },
      this.#now(),
    );
    return { id, url: this.#mediaUrl(id), contentType, bytes: cleaned.byteLength, hidden: false };
  }

  /**
   * Counts a photo against its address's hour, or refuses it (429): what is checked counts, kept or
   * refused, as the checks and the disk are what a flood costs.
   */
  #chargePhoto(clientIp: string | undefined, bytes: number, now: Date): void {
    const key = `ip:${clientIp ?? 'unknown'}`;
    const count = this.#photoLimiter.wait(key, now.getTime());
    if (count > 0) throw reportErrors.photoBudget(count, `${this.#settings.photosPerHour} photos`);
    const wait = this.#photoBytes.take(key, bytes, now.getTime());
    if (wait > 0) {
      const mb = Math.floor(this.#settings.photoBytesPerHour / 1024 / 1024);
      throw reportErrors.photoBudget(wait, `${mb} MB of photos`);
    }
    this.#photoLimiter.take(key, now.getTime());
  }

  /** Deletes photos uploaded over a day ago that no report, answer or supplement took. */
  async dropUnusedPhotos(): Promise<number> {
    return store.deleteUnusedMedia(this.#db, new Date(this.#now().getTime() - UNUSED_PHOTO_MS));
  }

  /** A stored photo for the public; hidden ones are not found. */
  async media(tenant: string, id: string): Promise<{ contentType: string; bytes: Uint8Array }> {
    const m = isUuidLike(id) ? await store.takenMediaBytes(this.#db, tenant, id) : null;
    if (!m || m.hidden) throw new AppError('REPORTS_MEDIA_NOT_FOUND', 404, `There is no photo "${id}".`);
    return { contentType: m.contentType, bytes: m.bytes };
  }

  /** Another city's requests, kept as records: no message, no token; those already imported are skipped. */
  async importExternal(tenant: string, rows: readonly ImportRow[]): Promise<{ imported: number; skipped: number }> {
    let imported = 0;
    let skipped = 0;
    for (const row of rows) {
      // One request at a time, letting the city's other requests through between them.
      await new Promise((resolve) => setImmediate(resolve));
      const requestedAt = new Date(row.requestedAt);
      if (!row.externalId || Number.isNaN(requestedAt.getTime())) {
        skipped++;
        continue;
      }
      if (await store.findReportByExternalId(this.#db, tenant, row.externalId)) {
        skipped++;
        continue;
      }
      const service = serviceByCode(row.serviceCode);
      const location: LonLat | undefined =
        row.lon !== undefined && row.lat !== undefined && Number.isFinite(row.lon) && Number.isFinite(row.lat)
          ? [row.lon, row.lat]
          : undefined;
      // Another city's places are outside Hà Nội: kept where they are, routed by their service only.
      const ward = location && inHanoi(location) ? wardAt(location) : undefined;
      const department = service ? departmentFor(service, ward) : cityOffice();
      const updatedAt =
        row.updatedAt && !Number.isNaN(Date.parse(row.updatedAt)) ? new Date(row.updatedAt) : requestedAt;
      const closed = row.status === 'closed';
      const moderated = moderate(row.description.slice(0, MAX_TEXT));
      // Another city's answers are public here too: masked as the city's own officers' are.
      const statusNotes = row.statusNotes ? moderate(row.statusNotes.slice(0, MAX_TEXT)).text : undefined;
      let mediaUrls: string[] = [];
      try {
        mediaUrls = row.mediaUrl ? [checkMediaUrl(row.mediaUrl)] : [];
      } catch {
        mediaUrls = [];
      }
      await this.#write(async (tx) => {
        const id = await store.nextReportId(tx, tenant, requestedAt.getUTCFullYear());
        const report = await store.insertReport(
          tx,
          tenant,
          {
            id,
            serviceCode: row.serviceCode,
            state: closed ? 'resolved' : 'received',
            level: service?.level ?? 'normal',
            resolveWorkingDays: service?.resolveWorkingDays ?? 10,
            departmentId: department.id,
            channel: 'import',
            language: 'vi',
            ...(location ? { location } : {}),
            ...(row.address ? { address: row.address.slice(0, 500) } : {}),
            ...(ward ? { wardCode: ward.code, wardName: ward.name } : {}),
            description: moderated.hidden ? '' : moderated.text,
            hidden: moderated.hidden,
            originalDescription: null,
            contact: noContact,
            attributes: {},
            mediaUrls,
            mediaIds: [],
            tokenSealed: null,
            ...(statusNotes ? { statusNotes } : {}),
            ...(row.serviceName ? { externalService: row.serviceName.slice(0, 200) } : {}),
            ...(row.agencyResponsible ? { externalAgency: row.agencyResponsible.slice(0, 200) } : {}),
            requestedAt: requestedAt.toISOString(),
            updatedAt: updatedAt.toISOString(),
            receivedAt: requestedAt.toISOString(),
            ...(closed ? { closedAt: updatedAt.toISOString() } : {}),
            pauses: [],
            externalId: row.externalId,
          },
          { phoneIndex: null, emailIndex: null, tokenHash: null },
        );
        await this.#event(tx, tenant, report, requestedAt, 'submitted', { public: true, actor: 'import' });
        if (closed) {
          await this.#event(tx, tenant, report, updatedAt, 'resolved', {
            public: true,
            actor: 'import',
            ...(statusNotes ? { text: statusNotes } : {}),
          });
        }
        return [undefined, [await this.#mirror(tx, tenant, report)], []];
      });
      imported++;
    }
    return { imported, skipped };
  }

  // --- the public --------------------------------------------------------------------------------

  async listPublic(tenant: string, q: PublicQuery): Promise<PublicReport[]> {
    const states = q.status === undefined ? undefined : q.status === 'open' ? OPEN_STATES : CLOSED_STATES;
    const codes =
      q.serviceCode === undefined ? undefined : typeof q.serviceCode === 'string' ? [q.serviceCode] : q.serviceCode;
    const filter: store.ReportFilter = {
      ids: q.ids,
      serviceCodes: codes,
      states,
      from: q.from,
      to: q.to,
      limit: q.limit,
      offset: q.offset,
    };
    return this.#publicViews(
      tenant,
      await store.listReports(this.#db, tenant, q.near ? { ...filter, near: q.near } : filter),
    );
  }

  async getPublic(tenant: string, id: string): Promise<PublicReport> {
    const r = await this.#find(this.#db, tenant, id);
    return (await this.#publicViews(tenant, [r]))[0] as PublicReport;
  }

  /** Open reports of the service near a point: proposed as the same while a report is typed. */
  async nearby(
    tenant: string,
    at: LonLat,
    serviceCode?: string,
    radiusM?: number,
    except?: string,
  ): Promise<PublicReport[]> {
    if (!inHanoi(at)) throw reportErrors.outsideCity(at);
    const radius = Math.min(radiusM ?? this.#settings.duplicateRadiusM, 2000);
    const rows = await store.listReports(this.#db, tenant, {
      ...(serviceCode ? { serviceCodes: [serviceCode] } : {}),
      states: OPEN_STATES,
      near: { lon: at[0], lat: at[1], radiusM: radius },
      limit: 21,
    });
    return this.#publicViews(tenant, rows.filter((r) => r.id !== except).slice(0, 20));
  }

  /** The reporter's view: the report, its public events and what is asked of them. */
  async byToken(
    tenant: string,
    token: string,
  ): Promise<{
    report: PublicReport;
    events: ReportEvent[];
    asked?: string;
    outcome?: { report: PublicReport; events: ReportEvent[] };
  }> {
    const r = await this.#byToken(tenant, token);
    const [report] = await this.#publicViews(tenant, [r]);
    const events = (await store.eventsOf(this.#db, tenant, [r.id], true)).map(publicEvent);
    const asked = r.state === 'waiting' ? events.filter((e) => e.kind === 'asked').at(-1)?.text : undefined;
    // A duplicate's outcome is its target's: the reporter reads it here, as the merge message promised.
    const target = r.mergedInto ? await store.findReport(this.#db, tenant, r.mergedInto) : null;
    const outcome = target
      ? {
          report: (await this.#publicViews(tenant, [target]))[0] as PublicReport,
          events: await store.eventsOf(this.#db, tenant, [target.id], true),
        }
      : undefined;
    return { report: report as PublicReport, events, ...(asked ? { asked } : {}), ...(outcome ? { outcome } : {}) };
  }

  /** The public events of some reports, by report (Open311 `extensions=true` notes). */
  async publicEventsOf(tenant: string, ids: readonly string[]): Promise<Map<string, ReportEvent[]>> {
    const byReport = new Map<string, ReportEvent[]>();
    if (ids.length === 0) return byReport;
    for (const e of await store.eventsOf(this.#db, tenant, ids, true)) {
      const list = byReport.get(e.reportId) ?? [];
      list.push(publicEvent(e));
      byReport.set(e.reportId, list);
    }
    return byReport;
  }

  /** Public events (Open311 servicerequestupdates), oldest first. */
  async publicUpdates(
    tenant: string,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      ids?: readonly string[] | undefined;
      limit: number;
      offset: number;
    },
  ): Promise<PublicUpdate[]> {
    const events = await store.publicEvents(this.#db, tenant, {
      from: q.from,
      to: q.to,
      reportIds: q.ids,
      limit: q.limit,
      offset: q.offset,
    });
    const media = await store.mediaInfo(this.#db, tenant, [...new Set(events.flatMap((e) => e.mediaIds ?? []))]);
    const shown = new Set(media.filter((m) => !m.hidden).map((m) => m.id));
    return events.map((e) => {
      const urls = (e.mediaIds ?? []).filter((id) => shown.has(id)).map((id) => this.#mediaUrl(id));
      return {
        updateId: e.id,
        serviceRequestId: e.reportId,
        status: open311Status(e.state),
        extendedStatus: EXTENDED_STATUS[e.state],
        description: publicEvent(e).text ?? '',
        updatedAt: e.at,
        ...some('mediaUrl', urls[0]),
        mediaUrls: urls,
      };
    });
  }

  // --- staff -------------------------------------------------------------------------------------

  /** A department's queue, least time left first; contacts masked (a report's detail shows them). */
  async queue(tenant: string, f: QueueFilter): Promise<StaffReport[]> {
    const now = this.#now();
    const rows = await store.listReports(this.#db, tenant, {
      departmentId: f.departmentId,
      states: f.state ? [f.state] : OPEN_STATES,
      overdue: f.overdue,
      limit: 5000,
      order: 'oldest',
    });
    const offset = f.cursor && /^\d+$/.test(f.cursor) ? Number(f.cursor) : 0;
    // Ordered by the clocks first: only the page's reports are opened and masked.
    const page = rows
      .map((r) => ({ r, left: this.#clockOf(r, now).minutesLeft ?? Number.POSITIVE_INFINITY }))
      .sort((a, b) => a.left - b.left)
      .slice(offset, offset + f.limit)
      .map((x) => x.r);
    return this.#staffViews(tenant, page, systemReader(tenant), now);
  }

  async detail(
    tenant: string,
    id: string,
    reader: Reader,
  ): Promise<{ report: StaffReport; events: ReportEvent[]; duplicates: PublicReport[] }> {
    const r = await this.#find(this.#db, tenant, id);
    const [report] = await this.#staffViews(tenant, [r], reader, this.#now());
    const events = await this.#revealWords(reader, await store.eventsOf(this.#db, tenant, [r.id]));
    const duplicates =
      r.location && OPEN_STATES.includes(r.state) && inHanoi(r.location)
        ? await this.nearby(tenant, r.location, r.serviceCode, undefined, r.id)
        : [];
    return { report: report as StaffReport, events, duplicates };
  }

  receive(tenant: string, actor: string, id: string): Promise<StaffReport> {
    return this.#transition(tenant, id, 'received', ['submitted'], async (tx, r, now) => {
      const next: StoredReport = { ...r, state: 'received', receivedAt: now.toISOString(), ...noOverdue };
      const dept = this.department(r.departmentId);
      return { next, kind: 'received', public: true, actor, ...(dept ? { text: dept.name.vi } : {}) };
    });
  }

  ask(tenant: string, actor: string, id: string, text: string): Promise<StaffReport> {
    const question = required(text, 'A question to the reporter');
    return this.#transition(tenant, id, 'asked', ['submitted', 'received'], async (tx, r, now) => ({
      next: {
        ...r,
        state: 'waiting',
        receivedAt: r.receivedAt ?? now.toISOString(),
        pauses: [...r.pauses, { from: now.toISOString() }],
        ...noOverdue,
      },
      kind: 'asked',
      public: true,
      actor,
      text: moderate(question).text,
      words: question,
    }));
  }

  /** The reporter's answer to a question (by the staff, who took it by phone, or by the token). */
  async supplement(
    tenant: string,
    actor: string,
    id: string,
    input: { text: string; mediaIds?: readonly string[] | undefined },
  ): Promise<StaffReport> {
    const answer = required(input.text, 'A supplement');
    const mediaIds = await this.#checkMediaIds(tenant, input.mediaIds ?? [], 'citizen');
    const moderated = moderate(answer);
    // A reply moderation hides (mostly abuse) still moves the report on, but is not a public update.
    return this.#transition(tenant, id, 'supplemented', ['waiting'], async (tx, r, now) => {
      await this.#takeMedia(tx, tenant, mediaIds, 'citizen', now);
      return {
        next: {
          ...r,
          state: 'received',
          pauses: r.pauses.map((p, k) => (k === r.pauses.length - 1 && !p.to ? { ...p, to: now.toISOString() } : p)),
          mediaIds: [...r.mediaIds, ...mediaIds],
        },
        kind: 'supplemented',
        public: !moderated.hidden,
        actor,
        text: moderated.hidden ? '' : moderated.text,
        ...(mediaIds.length > 0 ? { mediaIds } : {}),
      };
    });
  }

  async supplementByToken(
    tenant: string,
    token: string,
    input: { text: string; mediaIds?: readonly string[] | undefined },
  ): Promise<PublicReport> {
    const r = await this.#byToken(tenant, token);
    await this.supplement(tenant, 'reporter', r.id, input);
    return this.getPublic(tenant, r.id);
  }

  transfer(tenant: string, actor: string, id: string, departmentId: string, reason: string): Promise<StaffReport> {
    const why = required(reason, 'A transfer');
    const to = this.department(departmentId);
    if (!to) throw reportErrors.departmentUnknown(departmentId);
    return this.#transition(tenant, id, 'transferred', ['submitted', 'received'], async (tx, r) => {
      if (r.departmentId === to.id) {
        throw problems.badRequest('REPORTS_TRANSFER_SAME', `Report ${r.id} is already ${to.name.en}'s.`);
      }
      // The new department receives it; the time limits stay the citizen's, counted from the report.
      const { receivedAt: _, ...rest } = r;
      return {
        next: { ...rest, state: 'submitted', departmentId: to.id },
        kind: 'transferred',
        public: true,
        actor,
        text: `${to.name.vi}: ${moderate(why).text}`,
        words: `${to.name.vi}: ${why}`,
        departmentId: to.id,
      };
    });
  }

  async merge(tenant: string, actor: string, id: string, into: string): Promise<StaffReport> {
    if (id === into) throw problems.badRequest('REPORTS_MERGE_INVALID', 'A report is not merged into itself.');
    return this.#transition(tenant, id, 'merged', OPEN_STATES, async (tx, r, now) => {
      const target = await this.#find(tx, tenant, into, true);
      if (!OPEN_STATES.includes(target.state)) {
        throw problems.conflict(
          'REPORTS_MERGE_INVALID',
          `Report ${target.id} is ${target.state}: a report is merged only into an open one.`,
        );
      }
      await this.#event(tx, tenant, target, now, 'note', {
        public: false,
        actor,
        text: `Report ${r.id} merged into this one.`,
      });
      // Reports already merged into this one follow it on: their reporters read the report that is answered.
      await store.repointMerged(tx, tenant, r.id, target.id);
      return {
        next: {
          ...closePauses(r, now),
          state: 'duplicate',
          mergedInto: target.id,
          closedAt: now.toISOString(),
          statusNotes: `→ ${target.id}`,
        },
        kind: 'merged',
        public: true,
        actor,
        text: target.id,
      };
    });
  }

  async resolve(
    tenant: string,
    actor: string,
    id: string,
    input: { answer: string; mediaIds?: readonly string[] | undefined },
  ): Promise<StaffReport> {
    const answer = required(input.answer, 'An answer');
    // The public reads the answer (status notes, updates) masked as a citizen's words are; officers read it as written.
    const shown = moderate(answer).text;
    const mediaIds = await this.#checkMediaIds(tenant, input.mediaIds ?? [], 'answer');
    return this.#transition(tenant, id, 'resolved', OPEN_STATES, async (tx, r, now) => {
      await this.#takeMedia(tx, tenant, mediaIds, 'answer', now);
      return {
        next: {
          ...closePauses(r, now),
          state: 'resolved',
          receivedAt: r.receivedAt ?? now.toISOString(),
          closedAt: now.toISOString(),
          statusNotes: shown,
          mediaIds: [...r.mediaIds, ...mediaIds],
        },
        kind: 'resolved',
        public: true,
        actor,
        text: shown,
        words: answer,
        ...(mediaIds.length > 0 ? { mediaIds } : {}),
      };
    });
  }

  reject(tenant: string, actor: string, id: string, reason: string): Promise<StaffReport> {
    const why = required(reason, 'A rejection');
    const shown = moderate(why).text;
    return this.#transition(tenant, id, 'rejected', OPEN_STATES, async (tx, r, now) => ({
      next: {
        ...closePauses(r, now),
        state: 'rejected',
        receivedAt: r.receivedAt ?? now.toISOString(),
        closedAt: now.toISOString(),
        statusNotes: shown,
      },
      kind: 'rejected',
      public: true,
      actor,
      text: shown,
      words: why,
    }));
  }

  /** An internal note, in any state. */
  note(tenant: string, actor: string, id: string, text: string): Promise<StaffReport> {
    const body = required(text, 'A note');
    return this.#transition(tenant, id, 'noted', null, async (tx, r) => ({
      next: r,
      kind: 'note',
      public: false,
      actor,
      words: body,
    }));
  }

  setLevel(tenant: string, actor: string, id: string, level: ReportLevel, reason: string): Promise<StaffReport> {
    const why = required(reason, 'A change of level');
    return this.#transition(tenant, id, 'given another level', OPEN_STATES, async (tx, r) => {
      if (r.level === level) {
        throw problems.conflict('REPORTS_STATE', `Report ${r.id} is already ${level}. Nothing changed.`);
      }
      return { next: { ...r, level }, kind: 'level', public: false, actor, words: `${r.level} → ${level}: ${why}` };
    });
  }

  // --- clocks, overdue and insight ---------------------------------------------------------------

  /** Marks the reports that have just passed a deadline: an event, the entity's flag and an alarm. */
  async markOverdue(): Promise<number> {
    const now = this.#now();
    const open = await store.openNotOverdue(this.#db, 2000);
    let marked = 0;
    for (const r of open) {
      const clock = this.#clockOf(r, now);
      if (!clock.overdue) continue;
      const done = await this.#write(async (tx) => {
        const saved = await store.markOverdue(tx, r.tenant, r.id, now);
        if (!saved) return [null, [], []];
        await this.#event(tx, r.tenant, saved, now, 'overdue', {
          public: false,
          actor: 'system',
          text: saved.state === 'submitted' ? `receipt due ${clock.receiveBy}` : `resolution due ${clock.resolveBy}`,
        });
        return [saved, [await this.#mirror(tx, r.tenant, saved)], []];
      });
      if (!done) continue;
      marked++;
      await this.#alarms.raise({
        tenant: r.tenant,
        source: serviceRequestEntityId(r.id),
        condition: OVERDUE_CONDITION,
        severity: r.level === 'urgent' ? 'high' : 'medium',
        title: `Report ${r.id} (${serviceByCode(r.serviceCode)?.name.en ?? r.serviceCode}) is overdue`,
        params: { report: r.id, service: r.serviceCode, due: r.state === 'submitted' ? 'receipt' : 'resolution' },
        description:
          r.state === 'submitted'
            ? `Not received by ${this.department(r.departmentId)?.name.vi ?? r.departmentId} in time (due ${clock.receiveBy}).`
            : `Not resolved in time (due ${clock.resolveBy}).`,
        ...(r.location ? { location: { type: 'Point', coordinates: [r.location[0], r.location[1]] } } : {}),
        ...(r.wardCode ? { area: r.wardCode } : {}),
        at: now,
        raisedBy: 'reports',
      });
    }
    return marked;
  }

  /** On-time rates of reports submitted in the period, by department and ward; backlog and hot spots now. */
  async insight(tenant: string, range: { from: string; to: string }): Promise<Insight> {
    const now = this.#now();
    const period = await store.listReports(this.#db, tenant, {
      from: range.from,
      to: range.to,
      limit: 200_000,
      order: 'oldest',
    });
    const rates = new Map<string, Insight['onTime'][number]>();
    for (const r of period) {
      // A duplicate is counted in the report it joined; another city's records have no clock here.
      if (r.state === 'duplicate' || r.channel === 'import') continue;
      const key = `${r.departmentId}\u0000${r.wardCode ?? ''}`;
      const row = rates.get(key) ?? {
        department: r.departmentId,
        departmentName: this.#departmentNames(r.departmentId),
        ward: r.wardCode ?? '',
        wardName: wardNames(r.wardCode, r.wardName),
        total: 0,
        closed: 0,
        onTime: 0,
        rate: null,
      };
      row.total++;
      const clock = this.#clockOf(r, now);
      if (r.closedAt) {
        row.closed++;
        if (clock.onTime) row.onTime++;
      }
      row.rate = row.closed === 0 ? null : Math.round((row.onTime / row.closed) * 1000) / 1000;
      rates.set(key, row);
    }
    const open = await store.listReports(this.#db, tenant, { states: OPEN_STATES, limit: 200_000, order: 'oldest' });
    const backlog = new Map<string, Insight['backlog'][number]>();
    const spots = new Map<string, Insight['hotSpots'][number]>();
    for (const r of open) {
      if (r.channel === 'import') continue;
      const overdue = this.#clockOf(r, now).overdue;
      const b = backlog.get(r.departmentId) ?? {
        department: r.departmentId,
        departmentName: this.#departmentNames(r.departmentId),
        open: 0,
        overdue: 0,
        waiting: 0,
      };
      b.open++;
      if (overdue) b.overdue++;
      if (r.state === 'waiting') b.waiting++;
      backlog.set(r.departmentId, b);
      if (r.wardCode) {
        const names = wardNames(r.wardCode, r.wardName);
        const s = spots.get(r.wardCode) ?? {
          wardCode: r.wardCode,
          wardName: names.vi,
          wardNames: names,
          open: 0,
          overdue: 0,
        };
        s.open++;
        if (overdue) s.overdue++;
        spots.set(r.wardCode, s);
      }
    }
    return {
      onTime: [...rates.values()].sort(
        (a, b) => a.department.localeCompare(b.department) || a.ward.localeCompare(b.ward),
      ),
      backlog: [...backlog.values()].sort((a, b) => b.open - a.open || a.department.localeCompare(b.department)),
      hotSpots: [...spots.values()].sort((a, b) => b.open - a.open || b.overdue - a.overdue).slice(0, 20),
    };
  }

  /**
   * The operations centre's figure: the open reports counted in the database, and the on-time rate of
   * those closed in the last ON_TIME_WINDOW_DAYS days from their clocks (as insight counts it).
   */
  async summary(tenant: string, now: Date = this.#now()): Promise<ReportsSummary> {
    const since = new Date(now.getTime() - ON_TIME_WINDOW_DAYS * 86_400_000);
    const [counts, closed] = await Promise.all([
      store.openCounts(this.#db, tenant),
      store.closedSince(this.#db, tenant, since),
    ]);
    let onTime = 0;
    for (const r of closed) if (this.#closedOnTime(tenant, r, now)) onTime++;
    const rate = closed.length === 0 ? null : onTime / closed.length;
    return { ...counts, closed: closed.length, onTime, onTimeRate: rate };
  }

  /**
   * Whether a closed report met its time limits. The verdict of a closed report does not change, and
   * the strip asks every few seconds for a month of them: each is worked out once (while it stays closed
   * as it was), the memory bounded.
   */
  #closedOnTime(tenant: string, r: store.ClosedClockRow, now: Date): boolean {
    const key = `${tenant}\u0000${r.id}\u0000${r.receivedAt ?? ''}\u0000${r.closedAt ?? ''}\u0000${r.pauses.length}`;
    let verdict = this.#onTimeOf.get(key);
    if (verdict === undefined) {
      verdict = this.#clockOf(r, now).onTime === true;
      if (this.#onTimeOf.size >= MAX_ON_TIME_MEMO) this.#onTimeOf.clear();
      this.#onTimeOf.set(key, verdict);
    }
    return verdict;
  }

  // --- messages to reporters ---------------------------------------------------------------------

  /** Sends the messages due: each at least once; a failure is tried again later, further apart each time. */
  async deliverMessages(limit = 50): Promise<{ delivered: number; failed: number }> {
    const now = this.#now();
    const due = await this.#db.transaction((tx) => store.takeDueMessages(tx, now, OUTBOX_LEASE_MS, limit));
    let delivered = 0;
    let failed = 0;
    for (const m of due) {
      try {
        const report = await store.findReport(this.#db, m.tenant, m.reportId);
        const to = {
          ...some('email', await this.#personal.open(report?.contact.email ?? null)),
          ...some('phone', await this.#personal.open(report?.contact.phone ?? null)),
        };
        await this.#sender.send({
          tenant: m.tenant,
          reportId: m.reportId,
          to,
          language: m.language,
          subject: (await this.#personal.open(m.subject)) ?? '',
          text: (await this.#personal.open(m.text)) ?? '',
          link: (await this.#personal.open(m.link)) ?? '',
        });
        await store.markDelivered(this.#db, m.id, this.#sender.name, this.#now());
        delivered++;
      } catch (err) {
        failed++;
        const backoffMs = Math.min(3600_000, 30_000 * 2 ** Math.min(m.attempts, 7));
        this.#log.warn(
          { err, tenant: m.tenant, reportId: m.reportId, attempts: m.attempts },
          'reporter message not sent; tried again later',
        );
        await store.markFailed(
          this.#db,
          m.id,
          err instanceof Error ? err.message : String(err),
          new Date(now.getTime() + backoffMs),
        );
      }
    }
    return { delivered, failed };
  }

  /** The outbox as the reader may see it: the words and links (with follow tokens) in clear for pii:read, audited. */
  async messages(
    tenant: string,
    f: { reportId?: string | undefined; limit: number },
    reader: Reader,
  ): Promise<OutboxView[]> {
    const rows = await store.listMessages(this.#db, tenant, f);
    const shown = await this.#personal.reveal(
      reader,
      'reports-messages',
      MESSAGE_FIELDS,
      rows.map((m) => ({ id: m.id, tenant, values: { subject: m.subject, text: m.text, link: m.link } })),
    );
    return rows.map(({ tenant: _, subject: _s, text: _t, link: _l, ...m }, k) => ({
      ...m,
      subject: shown[k]?.['subject'] ?? '',
      text: shown[k]?.['text'] ?? '',
      link: shown[k]?.['link'] ?? '',
    }));
  }

  /** The module's personal data, for data-subject requests. */
  personalDataSource(): PersonalDataSource {
    return {
      name: PERSONAL_SOURCE,
      clearFor: HANDLERS,
      fields: REPORT_PERSONAL_FIELDS,
      find: async (tenant, subject) => {
        if (subject.kind !== 'phone') return [];
        const reports = await store.reportsByIndex(this.#db, tenant, 'phone_index', subject.index);
        return reports.map((r) => ({ id: r.id, tenant: r.tenant, values: personalValues(r) }));
      },
      // The messages and browsers have sources of their own (counted apart); erased here too, whatever the order.
      erase: async (tenant, id) => {
        await this.#db.transaction((tx) => store.eraseReporter(tx, tenant, id));
        return 'anonymised';
      },
    };
  }

  /**
   * The messages queued or sent to a person about their reports (the words, and the link with the token),
   * for data-subject requests: erased outright. Declared before the contacts, whose erasure takes the phone away.
   */
  messagesDataSource(): PersonalDataSource {
    return {
      name: 'reports-messages',
      fields: MESSAGE_FIELDS,
      find: async (tenant, subject) => {
        if (subject.kind !== 'phone') return [];
        const found = await store.messagesByPhoneIndex(this.#db, tenant, subject.index);
        return found.map((m) => ({
          id: m.id,
          tenant: m.tenant,
          values: { subject: m.subject, text: m.text, link: m.link },
        }));
      },
      erase: async (tenant, id) => {
        await store.deleteMessage(this.#db, tenant, id);
        return 'erased';
      },
    };
  }

  /**
   * The officers' words on a person's reports (notes, questions, answers, reasons), for data-subject
   * requests: found by the phone on the report; erasure takes the words as written, and what the public
   * reads of them (masked) stays on the record. Declared before the contacts, whose erasure takes the phone away.
   */
  wordsDataSource(): PersonalDataSource {
    return {
      name: WORDS_SOURCE,
      clearFor: HANDLERS,
      fields: WORDS_FIELDS,
      find: async (tenant, subject) => {
        if (subject.kind !== 'phone') return [];
        const found = await store.wordsByPhoneIndex(this.#db, tenant, subject.index);
        return found.map((e) => ({ id: e.id, tenant: e.tenant, values: { text: wordsOf(e) } }));
      },
      erase: async (tenant, id) => {
        const e = await store.findEvent(this.#db, tenant, id);
        if (e) await store.eraseEventWords(this.#db, tenant, id, e.public ? (publicEvent(e).text ?? null) : null);
        return 'anonymised';
      },
    };
  }

  /** The last event the sealing of words kept in clear reached. */
  #clearUpTo = '0';

  /**
   * Seals the officers' words of events written in clear before they were personal (marked by the
   * migration), a batch at a time: the public's text masked, an internal note's text kept sealed only.
   * A row whose tenant's key cannot be had is logged and left for a later run.
   */
  async sealWordsInClear({ batch = 200 } = {}): Promise<{ sealed: number; failed: number }> {
    let sealed = 0;
    let failed = 0;
    const found = await store.eventsInClear(this.#db, this.#clearUpTo, batch);
    // From the start again once the end is reached: a row that failed is tried on a later pass, not in a loop.
    this.#clearUpTo = found.length < batch ? '0' : (found.at(-1)?.id ?? '0');
    for (const e of found) {
      try {
        const seal: Sealer = await this.#personal.sealer(e.tenant);
        const done = await this.#db.transaction((tx) =>
          store.sealEventWords(tx, {
            tenant: e.tenant,
            id: e.id,
            reportId: e.reportId,
            written: e.text,
            shown: e.public ? moderate(e.text).text : null,
            sealed: seal.value(e.text),
          }),
        );
        if (done) sealed++;
      } catch (err) {
        failed++;
        this.#log.warn(
          { err, tenant: e.tenant, event: e.id },
          "a report event's words kept in clear could not be sealed",
        );
      }
    }
    if (sealed > 0 || failed > 0) this.#log.info({ sealed, failed }, "report events' words kept in clear sealed");
    return { sealed, failed };
  }

  /** A report's timeline as the reader may see it: officers' words in clear for handlers (audited), else as the public reads them. */
  async #revealWords(reader: Reader, events: readonly StoredEvent[]): Promise<ReportEvent[]> {
    const personal = events.filter((e) => wordsOf(e) !== null);
    const shown =
      personal.length === 0
        ? []
        : await this.#personal.reveal(
            reader,
            WORDS_SOURCE,
            WORDS_FIELDS,
            personal.map((e) => ({ id: e.id, tenant: reader.tenant, values: { text: wordsOf(e) } })),
          );
    const clear = this.#personal.canRead(reader.roles) || reader.roles.some((r) => HANDLERS.includes(r as never));
    const byId = new Map(personal.map((e, k) => [e.id, shown[k]?.['text'] ?? null]));
    return events.map((e) => {
      const { sealedText: _, inClear: _c, ...event } = e;
      if (!byId.has(e.id)) return event;
      const text = clear ? byId.get(e.id) : e.public ? publicEvent(e).text : byId.get(e.id);
      const { text: _t, ...rest } = event;
      return text === null || text === undefined ? rest : { ...rest, text };
    });
  }

  // --- inside ------------------------------------------------------------------------------------

  #takeRate(apiKey: string | undefined, clientIp: string | undefined, now: Date): void {
    const app = apiKey ? this.#appLimiters.get(apiKey) : undefined;
    const wait = app
      ? app.limiter.take(`app:${app.app.name}`, now.getTime())
      : this.#sourceLimiter.take(`ip:${clientIp ?? 'unknown'}`, now.getTime());
    if (wait > 0) throw reportErrors.rateLimited(wait);
  }

  /**
   * Photo ids a report, supplement (citizen) or answer (answer) may take: uploaded, of that kind, and
   * taken by nothing yet; `#takeMedia` takes them in the step's transaction.
   */
  async #checkMediaIds(tenant: string, ids: readonly string[], kind: store.MediaKind): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    if (unique.length > 10) throw reportErrors.badMedia('At most 10 photos at a time.');
    const found = unique.every(isUuidLike) ? await store.mediaInfo(this.#db, tenant, unique) : [];
    const missing = unique.find((id) => !found.some((m) => m.id === id));
    if (missing) {
      throw problems.badRequest('REPORTS_MEDIA_UNKNOWN', `There is no uploaded photo "${missing}": upload it first.`);
    }
    const other = found.find((m) => m.kind !== kind || m.taken);
    if (other) throw mediaNotYours(other.id, kind);
    return unique;
  }

  /** Takes the photos for the step being written, or refuses it whole (another step took one first). */
  async #takeMedia(tx: Sql, tenant: string, ids: readonly string[], kind: store.MediaKind, now: Date): Promise<void> {
    const taken = await store.takeMedia(tx, tenant, ids, kind, now);
    const other = ids.find((id) => !taken.includes(id));
    if (other !== undefined) throw mediaNotYours(other, kind);
  }

  async #sealContact(tenant: string, c: ReporterContact): Promise<store.SealedContact> {
    const seal = (v: string | undefined) => this.#personal.seal(tenant, v?.trim() ? v.trim().slice(0, 200) : null);
    return {
      email: await seal(c.email),
      phone: await seal(c.phone),
      firstName: await seal(c.firstName),
      lastName: await seal(c.lastName),
      deviceId: await seal(c.deviceId),
      accountId: await seal(c.accountId),
    };
  }

  #clockOf(
    r: Pick<StoredReport, 'level' | 'resolveWorkingDays' | 'requestedAt' | 'pauses'> & {
      receivedAt?: string | undefined;
      closedAt?: string | undefined;
    },
    now: Date,
  ): ReportClock {
    return reportClock(
      {
        level: r.level,
        resolveWorkingDays: r.resolveWorkingDays,
        submittedAt: new Date(r.requestedAt),
        ...(r.receivedAt ? { receivedAt: new Date(r.receivedAt) } : {}),
        ...(r.closedAt ? { closedAt: new Date(r.closedAt) } : {}),
        pauses: r.pauses.map((p) => ({ from: new Date(p.from), ...(p.to ? { to: new Date(p.to) } : {}) })),
      },
      now,
      this.#calendar,
    );
  }

  /** A department's names; one the catalogue no longer knows is named by its id. */
  #departmentNames(id: string): Names {
    const d = this.department(id);
    return d ? { vi: d.name.vi, en: d.name.en } : { vi: id, en: id };
  }

  async #find(sql: Sql, tenant: string, id: string, forUpdate = false): Promise<StoredReport> {
    const r = /^[\w-]{1,60}$/.test(id) ? await store.findReport(sql, tenant, id, forUpdate) : null;
    if (!r) throw reportErrors.notFound(id);
    return r;
  }

  async #byToken(tenant: string, token: string): Promise<StoredReport> {
    const r = /^[\w-]{20,100}$/.test(token) ? await store.findReportByToken(this.#db, sha256(token)) : null;
    if (!r || r.tenant !== tenant) throw reportErrors.tokenUnknown();
    return r;
  }

  /**
   * One step of a report: read under lock, checked against the states it may be taken from (null:
   * any), saved with its event, its entity and (public) its message; the overdue alarm is cleared
   * once the report no longer runs late.
   */
  async #transition(
    tenant: string,
    id: string,
    action: string,
    from: readonly ReportState[] | null,
    apply: (
      tx: Sql,
      r: StoredReport,
      now: Date,
    ) => Promise<{
      next: StoredReport;
      kind: ReportEvent['kind'];
      public: boolean;
      actor: string;
      /** What the public reads of the event (masked), when it is public. */
      text?: string;
      /** The officer's words as written: personal data, sealed. */
      words?: string;
      departmentId?: string;
      mediaIds?: readonly string[];
    }>,
  ): Promise<StaffReport> {
    const now = this.#now();
    // Before the transaction: the tenant's key may have to be read (the embedded database has one connection).
    const seal = await this.#personal.sealer(tenant);
    const saved = await this.#write(async (tx) => {
      const r = await this.#find(tx, tenant, id, true);
      if (from && !from.includes(r.state)) throw reportErrors.state(r, action, from);
      const step = await apply(tx, r, now);
      const changed = step.next !== r;
      const next: StoredReport = changed
        ? { ...step.next, updatedAt: now.toISOString(), expectedAt: this.#clockOf(step.next, now).resolveBy }
        : r;
      const saved = changed ? await store.saveReport(tx, tenant, next) : r;
      const event = await this.#event(tx, tenant, saved, now, step.kind, {
        public: step.public,
        actor: step.actor,
        ...(step.text === undefined ? {} : { text: step.text }),
        ...(step.words === undefined ? {} : { sealedText: seal.value(step.words) }),
        ...(step.departmentId === undefined ? {} : { departmentId: step.departmentId }),
        ...(step.mediaIds === undefined ? {} : { mediaIds: step.mediaIds }),
      });
      if (step.public) await this.#tell(tx, tenant, saved, event);
      // The merge promised the duplicates' reporters the outcome here: they are told it too.
      if (step.public && OUTCOME_EVENTS.has(event.kind)) {
        for (const d of await store.mergedReports(tx, tenant, saved.id)) await this.#tell(tx, tenant, d, event);
      }
      const after: AfterCommit[] = [];
      if (r.overdueAt && (!saved.overdueAt || !OPEN_STATES.includes(saved.state))) {
        after.push(async () => {
          await this.#alarms.clear(tenant, serviceRequestEntityId(saved.id), OVERDUE_CONDITION, now);
        });
      }
      return [saved, changed ? [await this.#mirror(tx, tenant, saved)] : [], after];
    });
    const [view] = await this.#staffViews(tenant, [saved], systemReader(tenant), now);
    return view as StaffReport;
  }

  #event(
    tx: Sql,
    tenant: string,
    r: StoredReport,
    at: Date,
    kind: ReportEvent['kind'],
    e: {
      public: boolean;
      actor: string;
      text?: string;
      sealedText?: string;
      departmentId?: string;
      mediaIds?: readonly string[];
    },
  ): Promise<StoredEvent> {
    return store.addEvent(tx, tenant, { reportId: r.id, at: at.toISOString(), kind, state: r.state, ...e });
  }

  /** Queues the event's message to the reporter, when they left a way to reach them. */
  async #tell(tx: Sql, tenant: string, r: StoredReport, event: ReportEvent): Promise<void> {
    const message = await this.#message(tx, tenant, r, event);
    if (message)
      await store.queueMessage(tx, {
        tenant,
        reportId: r.id,
        eventKind: event.kind,
        language: r.language,
        createdAt: event.at,
        ...message,
      });
  }

  /** The event's message to the reporter, sealed; none when they left no way to reach them. */
  async #message(
    sql: Sql,
    tenant: string,
    r: StoredReport,
    event: Omit<ReportEvent, 'id'>,
    token?: string,
  ): Promise<store.SealedMessage | undefined> {
    if (!NOTIFIED_EVENTS.has(event.kind)) return undefined;
    if (!r.contact.email && !r.contact.phone && !r.contact.deviceId) return undefined;
    const followToken = token ?? (await this.#personal.open(r.tokenSealed));
    const link = followToken ? `${this.#baseUrl}${FOLLOW_PATH}${followToken}` : `${this.#baseUrl}${FOLLOW_PATH}`;
    const [view] = await this.#publicViews(tenant, [r], sql);
    const message = messageFor(event, view as PublicReport, r.language, link);
    return {
      subject: await this.#personal.seal(tenant, message.subject),
      text: await this.#personal.seal(tenant, message.text),
      link: await this.#personal.seal(tenant, link),
    };
  }

  #mediaUrl(id: string): string {
    return `${this.#baseUrl}${MEDIA_PATH}${id}`;
  }

  async #publicViews(tenant: string, rows: readonly StoredReport[], sql: Sql = this.#db): Promise<PublicReport[]> {
    const media = await store.mediaInfo(sql, tenant, [...new Set(rows.flatMap((r) => r.mediaIds))]);
    const byId = new Map(media.map((m) => [m.id, m]));
    const now = this.#now();
    return rows.map((r) => {
      const service = serviceByCode(r.serviceCode);
      // The deadline is the clock's, on today's calendar (holidays added since are counted), as the
      // officer's; another city's records keep the date they came with.
      const expectedAt = r.channel === 'import' ? r.expectedAt : this.#clockOf(r, now).resolveBy;
      const department = this.department(r.departmentId);
      const photos: ReportMedia[] = [
        ...r.mediaUrls.map((url, k) => ({ id: `${r.id}-url-${k + 1}`, url, hidden: false })),
        ...r.mediaIds.flatMap((id) => {
          const m = byId.get(id);
          return m && !m.hidden
            ? [{ id, url: this.#mediaUrl(id), contentType: m.contentType, bytes: m.size, hidden: false }]
            : [];
        }),
      ];
      return {
        id: r.id,
        serviceCode: r.serviceCode,
        serviceName: service?.name.vi ?? r.externalService ?? r.serviceCode,
        state: r.state,
        status: open311Status(r.state),
        ...some('statusNotes', r.statusNotes),
        description: r.hidden ? '' : r.description,
        agencyResponsible: r.externalAgency ?? department?.name.vi ?? r.departmentId,
        ...(r.externalAgency === undefined && department
          ? { agencyNames: { vi: department.name.vi, en: department.name.en } }
          : {}),
        ...some('serviceNotice', r.serviceNotice),
        requestedAt: r.requestedAt,
        updatedAt: r.updatedAt,
        ...some('expectedAt', expectedAt),
        ...some('address', r.address),
        ...some('addressId', r.addressId),
        ...some('wardCode', r.wardCode),
        ...some('wardName', r.wardName),
        ...(r.location ? { location: r.location } : {}),
        media: photos,
        ...some('mergedInto', r.mergedInto),
      };
    });
  }

  async #staffViews(tenant: string, rows: readonly StoredReport[], reader: Reader, now: Date): Promise<StaffReport[]> {
    const views = await this.#publicViews(tenant, rows);
    const shown = await this.#personal.reveal(
      reader,
      PERSONAL_SOURCE,
      REPORT_PERSONAL_FIELDS,
      rows.map((r) => ({ id: r.id, tenant, values: personalValues(r) })),
    );
    return rows.map((r, k) => {
      const v = shown[k] ?? {};
      const contact: ReporterContact = {
        ...some('email', v['email']),
        ...some('phone', v['phone']),
        ...some('firstName', v['firstName']),
        ...some('lastName', v['lastName']),
        ...some('deviceId', v['deviceId']),
        ...some('accountId', v['accountId']),
      };
      return {
        ...(views[k] as PublicReport),
        level: r.level,
        departmentId: r.departmentId,
        clock: this.#clockOf(r, now),
        channel: r.channel,
        contact,
        ...some('originalDescription', v['originalDescription']),
        attributes: r.attributes,
        hidden: r.hidden,
      };
    });
  }

  /** Runs a write in a transaction; once committed, its entity changes are published and its follow-ups run. */
  async #write<T>(work: (tx: Sql) => Promise<[T, Publish[], AfterCommit[]]>): Promise<T> {
    let publish: Publish[] = [];
    let after: AfterCommit[] = [];
    const value = await this.#db.transaction(async (tx) => {
      const [v, p, a] = await work(tx);
      publish = p;
      after = a;
      return v;
    });
    for (const p of publish) p();
    for (const a of after) {
      await a().catch((err: unknown) => this.#log.error({ err }, 'reports: a follow-up after a write failed'));
    }
    return value;
  }

  /** The report's entity for the operations centre's map: no personal data, no text. */
  async #mirror(tx: Sql, tenant: string, r: StoredReport): Promise<Publish> {
    const terms = await this.#resolver.core();
    const n = (s: string) => terms.expand(s);
    const p = (value: unknown): Instance[] => [{ type: 'Property', value }];
    const service = serviceByCode(r.serviceCode);
    const open = OPEN_STATES.includes(r.state);
    const attrs: Record<string, Instance[]> = {
      [n('serviceCode')]: p(r.serviceCode),
      [n('category')]: p(service?.name.vi ?? r.serviceCode),
      [n('status')]: p(r.state),
      [n('level')]: p(r.level),
      [n('department')]: p(r.departmentId),
      [n('requestedAt')]: p(r.requestedAt),
      [n('overdue')]: p(open && r.overdueAt !== undefined),
    };
    if (r.location) {
      attrs[n('location')] = [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [...r.location] } }];
    }
    if (r.wardCode) attrs[n('ward')] = p(r.wardCode);
    if (r.expectedAt && open) attrs[n('expectedAt')] = p(r.expectedAt);
    if (r.closedAt) attrs[n('closedAt')] = p(r.closedAt);
    return this.#context.upsertInTransaction(
      tx,
      tenant,
      [{ id: serviceRequestEntityId(r.id), types: [n(SERVICE_REQUEST_TYPE)], attrs }],
      'replace',
    );
  }
}

// --- rules without state ---------------------------------------------------------------------------

const CLOSED_STATES: readonly ReportState[] = ['resolved', 'rejected', 'duplicate'];
const noContact: store.SealedContact = {
  email: null,
  phone: null,
  firstName: null,
  lastName: null,
  deviceId: null,
  accountId: null,
};
/** A report that no longer runs late (received, asked, moved): the overdue mark goes. */
const noOverdue = { overdueAt: undefined } as const;

/** A ward's official names by its code (the report's own name if the city no longer has it); none without a ward. */
function wardNames(code: string | undefined, name: string | undefined): Names {
  if (!code) return { vi: '', en: '' };
  const ward = wardOf(code);
  return ward ? { vi: ward.name, en: ward.nameEn } : { vi: name || code, en: name || code };
}

function some<K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } {
  return (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

const isUuidLike = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

function required(text: string | undefined, what: string): string {
  const t = (text ?? '').trim();
  if (t === '') throw reportErrors.textRequired(what);
  return t.slice(0, MAX_TEXT);
}

function closePauses(r: StoredReport, now: Date): StoredReport {
  const last = r.pauses.at(-1);
  if (!last || last.to) return r;
  return { ...r, pauses: [...r.pauses.slice(0, -1), { ...last, to: now.toISOString() }] };
}

/** The officer's words an event keeps as written (sealed, or in clear from before), or null. */
function wordsOf(e: StoredEvent): string | null {
  return e.sealedText ?? (e.inClear ? (e.text ?? null) : null);
}

/** An event as the public reads it: words kept in clear from before are masked on the way. */
function publicEvent(e: StoredEvent): ReportEvent {
  const { sealedText: _, inClear, ...event } = e;
  return inClear && event.text !== undefined ? { ...event, text: moderate(event.text).text } : event;
}

function personalValues(r: StoredReport): Record<string, string | null> {
  return { ...r.contact, originalDescription: r.originalDescription };
}

/** The City People's Committee's office takes an imported request of a service the city does not have. */
function cityOffice(): Department {
  return departmentFor(serviceByCode('question') as ReportService, undefined);
}

/** The required questions of the service answered, each list answer one of its values. */
export function checkAttributes(
  service: ReportService,
  given: Readonly<Record<string, string | readonly string[]>>,
): void {
  // A question the service does not ask is refused: it would be free text no moderation looked at.
  const unknown = Object.keys(given).find((code) => !service.attributes.some((a) => a.variable && a.code === code));
  if (unknown !== undefined) {
    throw problems.badRequest(
      'REPORTS_ATTRIBUTE_INVALID',
      `${service.name.en} asks no question "${unknown.slice(0, 60)}": its questions are ${
        service.attributes
          .filter((a) => a.variable)
          .map((a) => a.code)
          .join(', ') || 'none'
      }.`,
      { attribute: unknown.slice(0, 60) },
    );
  }
  for (const a of service.attributes) {
    if (!a.variable) continue;
    const v = given[a.code];
    const values = v === undefined ? [] : (typeof v === 'string' ? [v] : [...v]).filter((x) => x.trim() !== '');
    if (a.required && values.length === 0) {
      throw problems.badRequest(
        'REPORTS_ATTRIBUTE_REQUIRED',
        `${service.name.en} asks "${a.description.en}" (attribute[${a.code}]): it is required.`,
        { attribute: a.code },
      );
    }
    if (a.values && values.length > 0) {
      const bad = values.find((x) => !a.values!.some((o) => o.key === x));
      if (bad !== undefined) {
        throw problems.badRequest(
          'REPORTS_ATTRIBUTE_INVALID',
          `attribute[${a.code}] is one of ${a.values.map((o) => o.key).join(', ')} (got "${bad}").`,
          { attribute: a.code },
        );
      }
    }
  }
}

/** Made once: a DateTimeFormat is costly to make, and every report says its due time. */
const DUE_FORMAT = {
  vi: new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }),
};

function noticeOf(department: Department, clock: ReportClock, language: 'vi' | 'en'): string {
  const due = DUE_FORMAT[language].format(new Date(clock.resolveBy));
  return language === 'vi'
    ? `${department.name.vi} tiếp nhận và trả lời trước ${due}.`
    : `${department.name.en} receives it and answers by ${due}.`;
}
