import {
  createCipheriv,
  createECDH,
  createPrivateKey,
  hkdfSync,
  randomBytes,
  sign,
  type ECDH,
  type KeyObject,
} from 'node:crypto';
import type { Logger } from 'pino';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { OutboundRefused, OutboundUnresolved, type OutboundGuard } from '../../platform/outbound.js';
import type { PersonalData, PersonalDataSource } from '../../platform/personal-data/index.js';
import type { ReportEvent } from './model.js';
import { moderate } from './moderation.js';
import { messageFor, NOTIFIED_EVENTS, OUTCOME_EVENTS } from './notify.js';
import * as pushStore from './push-store.js';
import type { ReportsService } from './service.js';

/**
 * Web push to the reporter's browser: the W3C Push API on the page, and here the server's part, the
 * message encrypted to the browser's keys (RFC 8291, aes128gcm of RFC 8188), posted to the browser's
 * push service (RFC 8030) with the platform's VAPID identity (RFC 8292), through the outbound guard.
 * The primitives are node:crypto's (ECDH P-256, HKDF, AES-128-GCM, ES256): no library needed.
 */

/** The platform's VAPID identity: its P-256 key pair and the contact push services may write to. */
export interface Vapid {
  /** The uncompressed public key, base64url: the page's applicationServerKey. */
  readonly publicKey: string;
  readonly privateKey: KeyObject;
  /** mailto: or https: — who runs this server, for the push service. */
  readonly subject: string;
}

/** A browser's subscription, as PushSubscription.toJSON() gives it. */
export interface BrowserSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** A raw P-256 private key (32 bytes, base64url) as the VAPID identity. */
export function vapidFrom(privateKey: string, subject: string): Vapid {
  const d = Buffer.from(privateKey.trim(), 'base64url');
  if (!B64URL.test(privateKey.trim()) || d.length !== 32) throw new Error('must be 32 bytes, base64url');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const pub = ecdh.getPublicKey();
  const key = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: b64url(d), x: b64url(pub.subarray(1, 33)), y: b64url(pub.subarray(33, 65)) },
    format: 'jwk',
  });
  return { publicKey: b64url(pub), privateKey: key, subject };
}

/** A new VAPID private key, base64url (the operator's `REPORTS_VAPID_PRIVATE_KEY`). */
export const newVapidPrivateKey = (): string => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  // The scalar comes without its leading zero bytes (one key in 256 is 31 bytes): written as its 32.
  const d = ecdh.getPrivateKey();
  return b64url(Buffer.concat([Buffer.alloc(32 - d.length), d]));
};

const VAPID_KEY_FILE = 'reports-vapid.key';

/**
 * The VAPID private key: REPORTS_VAPID_PRIVATE_KEY, else one generated once into DATA_DIR (as the
 * personal-data key is), said loudly: every instance needs the same, and browsers subscribed with it.
 */
export function vapidPrivateKey(configured: string | undefined, dataDir: string, log: Logger): string {
  if (configured !== undefined) return configured;
  const path = join(dataDir, VAPID_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(path, `${newVapidPrivateKey()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  log.warn(
    { path },
    'REPORTS_VAPID_PRIVATE_KEY is not set: web push to reporters is signed with the key kept in this file. Give ' +
      'every instance the same one and set REPORTS_VAPID_PRIVATE_KEY in production (browsers subscribed with ' +
      'a key stop receiving when it changes).',
  );
  return readFileSync(path, 'utf8').trim();
}

/** The VAPID header's JWT (RFC 8292 §2): for the push service's origin, 12 hours, signed ES256. */
export function vapidAuthorization(vapid: Vapid, endpoint: string, now: Date): string {
  const header = b64url(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })));
  const claims = b64url(
    Buffer.from(
      JSON.stringify({
        aud: new URL(endpoint).origin,
        exp: Math.floor(now.getTime() / 1000) + 12 * 3600,
        sub: vapid.subject,
      }),
    ),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
    key: vapid.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `vapid t=${header}.${claims}.${b64url(signature)}, k=${vapid.publicKey}`;
}

/** Record size written in the header; the message is one record. */
const RECORD_SIZE = 4096;

/**
 * The payload encrypted to the browser (RFC 8291 §3–4): an ephemeral ECDH key with the browser's
 * p256dh, mixed with its auth secret, then aes128gcm as one record ending with the delimiter 0x02.
 */
export function encryptForBrowser(payload: Uint8Array, keys: BrowserSubscription['keys']): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return encryptWithKey(payload, keys, ecdh, randomBytes(16));
}

/** encryptForBrowser with a given sender key and salt: the RFC 8291 Appendix A example checks it byte for byte. */
export function encryptWithKey(
  payload: Uint8Array,
  keys: BrowserSubscription['keys'],
  ecdh: ECDH,
  salt: Buffer,
): Buffer {
  const uaPublic = Buffer.from(keys.p256dh, 'base64url');
  const authSecret = Buffer.from(keys.auth, 'base64url');
  const asPublic = ecdh.getPublicKey();
  const shared = ecdh.computeSecret(uaPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const sealed = Buffer.concat([
    cipher.update(payload),
    cipher.update(Buffer.from([2])),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header.writeUInt8(asPublic.length, 20);
  return Buffer.concat([header, asPublic, sealed]);
}

/**
 * What became of one message: delivered; the subscription is gone (the push service said 404 or 410);
 * or the outbound guard refuses its endpoint for good (not a public address nor one allowed).
 */
export type PushOutcome = 'delivered' | 'gone' | 'refused';

/** Carries one message to one browser; tests may put another in its place. */
export interface BrowserPushSender {
  readonly name: string;
  /** Resolves 'gone' or 'refused' when the subscription is to be dropped; rejects when to be tried again. */
  push(subscription: BrowserSubscription, payload: Uint8Array): Promise<PushOutcome>;
}

/** RFC 8030 §5: one POST of the encrypted message to the browser's push service, through the guard. */
export function webPushSender(vapid: Vapid, outbound: OutboundGuard, now = () => new Date()): BrowserPushSender {
  return {
    name: 'web-push',
    async push(subscription, payload) {
      const origin = new URL(subscription.endpoint).origin;
      let status: number;
      try {
        ({ status } = await outbound.request(subscription.endpoint, {
          method: 'POST',
          headers: {
            authorization: vapidAuthorization(vapid, subscription.endpoint, now()),
            'content-encoding': 'aes128gcm',
            'content-type': 'application/octet-stream',
            ttl: String(7 * 86_400),
            urgency: 'normal',
          },
          body: encryptForBrowser(payload, subscription.keys),
          timeoutMs: 10_000,
          maxBytes: 16 * 1024,
        }));
      } catch (err) {
        // A refusal stays a refusal (a name that does not resolve now may later).
        if (err instanceof OutboundRefused && !(err instanceof OutboundUnresolved)) return 'refused';
        // The endpoint's path names the browser: only the push service's origin is said.
        throw new Error(`push service ${origin}: ${(err as Error).name}`);
      }
      if (status === 404 || status === 410) return 'gone';
      if (status < 200 || status > 299) throw new Error(`push service ${origin}: HTTP ${status}`);
      return 'delivered';
    },
  };
}

const PUSH_KINDS = [...NOTIFIED_EVENTS];
const OUTCOME_KINDS = [...OUTCOME_EVENTS];
const PUSH_LEASE_MS = 60_000;
/** A browser's endpoint: an https URL of a push service (every browser's is). */
const MAX_ENDPOINT = 2048;
/** Browsers one report's token may subscribe (a phone, a laptop, …): a further one takes the place of the oldest. */
export const MAX_BROWSERS_PER_REPORT = 5;

const invalid = (why: string) =>
  new AppError('REPORTS_PUSH_SUBSCRIPTION_INVALID', 400, `The push subscription is not one a browser gives: ${why}.`);

/** Checks a subscription as the page sends it: a URL, a P-256 public key and a 16-byte secret. */
export function checkSubscription(s: BrowserSubscription): BrowserSubscription {
  let url: URL;
  try {
    url = new URL(s.endpoint);
  } catch {
    throw invalid('endpoint is not a URL');
  }
  if (url.protocol !== 'https:') throw invalid(`endpoint is an https URL of a push service, not ${url.protocol}`);
  if (s.endpoint.length > MAX_ENDPOINT) throw invalid(`endpoint is at most ${MAX_ENDPOINT} characters`);
  const p256dh = B64URL.test(s.keys.p256dh) ? Buffer.from(s.keys.p256dh, 'base64url') : Buffer.alloc(0);
  if (p256dh.length !== 65 || p256dh[0] !== 4) throw invalid('keys.p256dh is an uncompressed P-256 key, base64url');
  try {
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(p256dh);
  } catch {
    throw invalid('keys.p256dh is not a point of P-256');
  }
  const auth = B64URL.test(s.keys.auth) ? Buffer.from(s.keys.auth, 'base64url') : Buffer.alloc(0);
  if (auth.length !== 16) throw invalid('keys.auth is 16 bytes, base64url');
  return s;
}

/**
 * The reporter's browsers that follow a report: subscribed by the report's token, each told of every
 * public step after it subscribed, in order, at least once. The endpoint and keys are sealed personal
 * data; nobody reads them but the sender.
 */
export class ReporterPush {
  readonly #db: Database;
  readonly #personal: PersonalData;
  readonly #reports: ReportsService;
  readonly #sender: BrowserPushSender;
  readonly #outbound: OutboundGuard | undefined;
  readonly #baseUrl: string;
  readonly #log: Logger;
  readonly #now: () => Date;

  constructor(deps: {
    db: Database;
    personal: PersonalData;
    reports: ReportsService;
    sender: BrowserPushSender;
    /** Checks an endpoint when subscribed: one the city may never reach is refused at once. */
    outbound?: OutboundGuard;
    baseUrl: string;
    log: Logger;
    now?: () => Date;
  }) {
    this.#db = deps.db;
    this.#personal = deps.personal;
    this.#reports = deps.reports;
    this.#sender = deps.sender;
    this.#outbound = deps.outbound;
    this.#baseUrl = deps.baseUrl.replace(/\/$/, '');
    this.#log = deps.log;
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * The browsers subscribed to a person's reports, for data-subject requests: found by the phone on the
   * report, erased outright. Declared before the reports' contacts, whose erasure takes the phone away.
   */
  personalDataSource(): PersonalDataSource {
    return {
      name: 'reports-push',
      fields: { endpoint: 'free-text', p256dh: 'free-text', auth: 'free-text' },
      find: async (tenant, subject) => {
        if (subject.kind !== 'phone') return [];
        const found = await pushStore.subscriptionsByPhoneIndex(this.#db, tenant, subject.index);
        return found.map((s) => ({
          id: s.id,
          tenant: s.tenant,
          values: { endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth },
        }));
      },
      erase: async (tenant, id) => {
        await pushStore.eraseSubscription(this.#db, tenant, id);
        return 'erased';
      },
    };
  }

  /**
   * The browser at `endpoint` is told of the report's next public steps (the token proves it is the
   * reporter's). At most MAX_BROWSERS_PER_REPORT browsers follow one report: a further one takes the
   * place of the one subscribed longest ago.
   */
  async subscribe(tenant: string, token: string, s: BrowserSubscription, language: 'vi' | 'en'): Promise<void> {
    checkSubscription(s);
    const { report } = await this.#reports.byToken(tenant, token);
    try {
      // A name that does not resolve now is checked again before each push.
      await this.#outbound?.admit(s.endpoint, { unresolvedLater: true });
    } catch (err) {
      if (!(err instanceof OutboundRefused)) throw err;
      throw invalid('endpoint is not a push service the city may reach (a public address)');
    }
    const seal = (v: string) => this.#personal.seal(tenant, v);
    const kept = {
      tenant,
      reportId: report.id,
      endpointIndex: await this.#personal.index('free-text', s.endpoint),
      endpoint: await seal(s.endpoint),
      p256dh: await seal(s.keys.p256dh),
      auth: await seal(s.keys.auth),
      language,
      at: this.#now(),
      keep: MAX_BROWSERS_PER_REPORT,
    };
    await this.#db.transaction((tx) => pushStore.saveSubscription(tx, kept));
  }

  /** The browser is no longer told; whether it was. */
  async unsubscribe(tenant: string, token: string, endpoint: string): Promise<boolean> {
    const { report } = await this.#reports.byToken(tenant, token);
    return pushStore.deleteSubscription(this.#db, tenant, report.id, await this.#personal.index('free-text', endpoint));
  }

  /** Pushes the public steps due; a failure is tried again later, further apart each time. */
  async deliver(limit = 50): Promise<{ delivered: number; failed: number; gone: number; refused: number }> {
    const now = this.#now();
    const due = await this.#db.transaction((tx) =>
      pushStore.takeDueSubscriptions(tx, now, PUSH_LEASE_MS, PUSH_KINDS, limit, OUTCOME_KINDS),
    );
    const tally = { delivered: 0, failed: 0, gone: 0, refused: 0 };
    for (const s of due) {
      try {
        const browser: BrowserSubscription = {
          endpoint: (await this.#personal.open(s.endpoint)) ?? '',
          keys: {
            p256dh: (await this.#personal.open(s.p256dh)) ?? '',
            auth: (await this.#personal.open(s.auth)) ?? '',
          },
        };
        const report = await this.#reports.getPublic(s.tenant, s.reportId);
        const link = `${this.#baseUrl}/citizen/#/report/${encodeURIComponent(report.id)}`;
        for (const e of await pushStore.pendingEvents(this.#db, s, PUSH_KINDS, OUTCOME_KINDS)) {
          // Words kept in clear from before they were sealed are masked on the way, as for the public.
          const text = e.text === null ? undefined : e.inClear ? moderate(e.text).text : e.text;
          const event = { id: e.id, reportId: s.reportId, at: e.at, kind: e.kind, text };
          const message = messageFor(event as ReportEvent, report, s.language, link);
          const payload = Buffer.from(
            JSON.stringify({ title: message.subject, body: message.text, url: link, reportId: report.id }),
          );
          const outcome = await this.#sender.push(browser, payload);
          if (outcome === 'gone' || outcome === 'refused') {
            // Gone (RFC 8030 §7.3) or never to be reached: dropped, not tried again.
            await pushStore.dropSubscription(this.#db, s.id);
            tally[outcome]++;
            if (outcome === 'refused') {
              this.#log.warn(
                { tenant: s.tenant, reportId: s.reportId },
                'push to a reporter refused by the outbound guard; the subscription is dropped',
              );
            }
            break;
          }
          await pushStore.markPushed(this.#db, s.id, e.id, this.#now());
          tally.delivered++;
        }
      } catch (err) {
        tally.failed++;
        const backoffMs = Math.min(3600_000, 30_000 * 2 ** Math.min(s.attempts, 7));
        // The endpoint names a browser: the log says which report, never where.
        this.#log.warn(
          { tenant: s.tenant, reportId: s.reportId, attempts: s.attempts, error: (err as Error).message },
          'push to a reporter not sent; tried again later',
        );
        await pushStore.markPushFailed(this.#db, s.id, (err as Error).message, new Date(now.getTime() + backoffMs));
      }
    }
    return tally;
  }
}
