import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import { atomFeed, capXml, notXmlCharacter, xmlCharactersOnly, type CapInfo, type CapMessage } from './cap.js';
import {
  airQualityInfo,
  cancelledInfo,
  floodInfo,
  liftedInfo,
  writtenInfo,
  type Place,
  type WrittenWarning,
} from './content.js';
import * as store from './store.js';

/**
 * Public warnings in CAP 1.2. A condition that warrants warning the public starts a run with an Alert;
 * while it lasts, an Update follows when its level changes (or every few hours, before the last one
 * expires); when it ends, a Cancel closes the run. Updates and the Cancel reference every earlier
 * message of their run. Messages keep stable URLs; an Atom feed lists those in force.
 */

const HOUR_MS = 3600_000;
/** A message in force this long without change is re-issued, so the public never sees it expire. */
const REFRESH_MS = 3 * HOUR_MS;
const VALID_MS = 6 * HOUR_MS;
export const AIR_QUALITY_WARNING = 'warning:air-quality';
export const FLOOD_WARNING = 'warning:flood';
/** A warning an operator wrote by hand: in force until it expires or they cancel it. */
export const WRITTEN_WARNING = 'warning:written';
/** How far ahead a written warning may expire: a longer one is reissued, so the public sees it is still meant. */
const WRITTEN_MAX_MS = 7 * 24 * HOUR_MS;

export interface WarningView {
  readonly identifier: string;
  readonly msgType: CapMessage['msgType'];
  readonly source: string;
  readonly condition: string;
  readonly sent: string;
  readonly expires: string;
  readonly severity: string;
  readonly event: { readonly vi: string; readonly en: string };
  readonly headline: { readonly vi: string; readonly en: string };
  readonly area: CapInfo['area'];
  readonly parameters: CapInfo['parameters'];
  readonly url: string;
}

export class WarningService {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #sender: string;
  readonly #baseUrl: () => string | undefined;
  /** When this instance began publishing: the feed's date while a tenant has never had a warning. */
  readonly #publishingSince = new Date();

  constructor(deps: { db: Database; log: Logger; sender: string; baseUrl: () => string | undefined }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#sender = deps.sender;
    this.#baseUrl = deps.baseUrl;
  }

  /** Where a message lives: absolute from PUBLIC_URL, else from the caller's base (a request's host). */
  urlOf(identifier: string, base = this.#baseUrl()): string {
    return `${base ?? ''}/api/v1/warnings/cap/${identifier}`;
  }

  /** A message's own `web` link: only with PUBLIC_URL, since it is written once, away from any request. */
  #webOf(identifier: string): string | undefined {
    return this.#baseUrl() ? this.urlOf(identifier) : undefined;
  }

  /** Air quality at a station warrants a warning (its VN_AQI at the configured level or worse). */
  airQuality(w: { tenant: string; source: string; place: Place; aqi: number; dominant?: string; at: Date }) {
    const level = `vn-aqi-level-${aqiLevel(w.aqi)}`;
    return this.#issue(w.tenant, w.source, AIR_QUALITY_WARNING, level, (t) =>
      airQualityInfo(w.place, w.aqi, w.dominant, t),
    );
  }

  /** A river gauge at or above its danger level. */
  flood(w: {
    tenant: string;
    source: string;
    place: Place & { river?: string | undefined };
    level: number;
    danger: number;
    at: Date;
  }) {
    // Re-issued for every 0.5 m more, so the public sees a rising river.
    const step = `danger+${Math.floor((w.level - w.danger) / 0.5)}`;
    return this.#issue(w.tenant, w.source, FLOOD_WARNING, step, (t) => floodInfo(w.place, w.level, w.danger, t));
  }

  liftAirQuality(tenant: string, source: string) {
    return this.lift(tenant, source, AIR_QUALITY_WARNING);
  }

  liftFlood(tenant: string, source: string) {
    return this.lift(tenant, source, FLOOD_WARNING);
  }

  /** An operator's own warning to the public, issued now as a CAP Alert. */
  async write(tenant: string, warning: WrittenWarning, now = new Date()): Promise<WarningView> {
    const ahead = warning.expires.getTime() - now.getTime();
    if (!(ahead > 0 && ahead <= WRITTEN_MAX_MS)) {
      throw new AppError('WARNING_BAD_EXPIRY', 400, 'A warning expires after now and within 7 days.');
    }
    refuseNonXmlText(warning);
    const source = `written:${randomUUID()}`;
    const issued = await this.#issue(
      tenant,
      source,
      WRITTEN_WARNING,
      'written',
      (t) => writtenInfo(warning, t),
      warning.expires,
    );
    if (!issued) throw new Error('a new written warning was not issued');
    return this.#view(issued);
  }

  /**
   * Cancels a written warning in force: a CAP Cancel referencing every message of its run. Warnings the
   * city's sensors raised are lifted when their condition ends, not by hand (they would come back).
   */
  async cancel(tenant: string, identifier: string, now = new Date()): Promise<WarningView> {
    const found = await store.findMessage(this.#db, tenant, identifier);
    if (!found) throw problems.notFound('Warning', identifier);
    if (found.condition !== WRITTEN_WARNING) {
      throw new AppError(
        'WARNING_LIFTS_ITSELF',
        409,
        'This warning was raised from measurements and is lifted when its condition ends.',
      );
    }
    const lifted =
      found.active && found.expires > now
        ? await this.lift(tenant, found.source, found.condition, cancelledInfo)
        : null;
    if (!lifted) throw new AppError('WARNING_NOT_IN_FORCE', 409, 'This warning is no longer in force.');
    return this.#view(lifted);
  }

  /** The condition has ended: the run's Cancel. */
  async lift(
    tenant: string,
    source: string,
    condition: string,
    infoOf: typeof liftedInfo = liftedInfo,
  ): Promise<store.StoredMessage | null> {
    if (!(await store.hasActive(this.#db, tenant, source, condition))) return null;
    const now = new Date();
    const issued = await this.#db.transaction(async (tx) => {
      const latest = await store.latestOfThread(tx, tenant, source, condition);
      if (!latest?.active) return null;
      const identifier = `thanglong-${randomUUID()}`;
      const run = await store.messagesOfRun(tx, latest.run);
      const message: CapMessage = {
        identifier,
        sender: this.#sender,
        sent: now,
        status: 'Actual',
        msgType: 'Cancel',
        references: run.map((m) => ({ sender: m.message.sender, identifier: m.identifier, sent: m.sent })),
        info: infoOf(latest.message.info, {
          effective: now,
          expires: new Date(now.getTime() + HOUR_MS),
          web: this.#webOf(identifier),
        }),
      };
      const stored: store.StoredMessage = {
        identifier,
        tenant,
        source,
        condition,
        run: latest.run,
        level: 'lifted',
        msgType: 'Cancel',
        sent: now,
        expires: new Date(now.getTime() + HOUR_MS),
        active: false,
        message,
        xml: capXml(message),
      };
      await store.insertMessage(tx, stored);
      return stored;
    });
    if (issued) this.#log.info({ tenant, source, condition, identifier: issued.identifier }, 'public warning lifted');
    return issued;
  }

  async #issue(
    tenant: string,
    source: string,
    condition: string,
    level: string,
    infoOf: (t: { effective: Date; expires: Date; web: string | undefined }) => CapInfo[],
    expiresAt?: Date,
  ): Promise<store.StoredMessage | null> {
    const now = new Date();
    const issued = await this.#db.transaction(async (tx) => {
      const latest = await store.latestOfThread(tx, tenant, source, condition);
      const current = latest?.active ? latest : null;
      if (current && current.level === level && now.getTime() - current.sent.getTime() < REFRESH_MS) return null;
      const identifier = `thanglong-${randomUUID()}`;
      const earlier = current ? await store.messagesOfRun(tx, current.run) : [];
      const expires = expiresAt ?? new Date(now.getTime() + VALID_MS);
      const message: CapMessage = {
        identifier,
        sender: this.#sender,
        sent: now,
        status: 'Actual',
        msgType: current ? 'Update' : 'Alert',
        references: earlier.map((m) => ({ sender: m.message.sender, identifier: m.identifier, sent: m.sent })),
        info: infoOf({ effective: now, expires, web: this.#webOf(identifier) }),
      };
      const stored: store.StoredMessage = {
        identifier,
        tenant,
        source,
        condition,
        run: current?.run ?? identifier,
        level,
        msgType: message.msgType,
        sent: now,
        expires,
        active: true,
        message,
        xml: capXml(message),
      };
      await store.insertMessage(tx, stored);
      return stored;
    });
    if (issued) {
      this.#log.info(
        { tenant, source, condition, msgType: issued.msgType, identifier: issued.identifier },
        'public warning issued',
      );
    }
    return issued;
  }

  /** How many warnings are in force, in every tenant (for metrics). */
  async inForce(): Promise<number> {
    return store.countActive(this.#db, new Date());
  }

  /** The tenant's warnings in force, for the map and citizens' pages. */
  async active(tenant: string): Promise<WarningView[]> {
    return (await store.activeMessages(this.#db, tenant, new Date())).map((m) => this.#view(m));
  }

  /** Any message the tenant ever issued, by its identifier, as the XML that was sent. */
  async xml(tenant: string, identifier: string): Promise<string> {
    const found = await store.findMessage(this.#db, tenant, identifier);
    if (!found) throw problems.notFound('Warning', identifier);
    // Stored before such characters were refused, one would keep the message unreadable for good.
    return xmlCharactersOnly(found.xml);
  }

  /**
   * The tenant's Atom index; `requestBase` (scheme and host of the request) makes links absolute
   * without PUBLIC_URL. The default tenant's feed is identified by its URL; another tenant's, which
   * the same URL serves with a tenant header, by the sender and the tenant.
   */
  async feed(tenant: string, requestBase?: string): Promise<string> {
    const base = this.#baseUrl() ?? requestBase;
    const now = new Date();
    const messages = await store.activeMessages(this.#db, tenant, now);
    const changedAt = await store.feedChangedAt(this.#db, tenant, now);
    const self = `${base ?? ''}/api/v1/warnings/cap.atom`;
    const defaultTenant = tenant === '';
    return atomFeed(
      {
        id: defaultTenant
          ? base
            ? self
            : `urn:thanglong:warnings:${this.#sender}`
          : `urn:thanglong:warnings:${this.#sender}:tenant:${tenant}`,
        title: defaultTenant
          ? 'Cảnh báo công cộng – Hà Nội / Public warnings – Hanoi'
          : `Cảnh báo công cộng – Hà Nội, đơn vị ${tenant} / Public warnings – Hanoi, tenant ${tenant}`,
        self,
        updated: changedAt ?? this.#publishingSince,
      },
      messages.map((m) => ({ message: m.message, url: this.urlOf(m.identifier, base) })),
    );
  }

  #view(m: store.StoredMessage): WarningView {
    const vi = m.message.info.find((i) => i.language === 'vi-VN') ?? m.message.info[0];
    const en = m.message.info.find((i) => i.language === 'en') ?? vi;
    return {
      identifier: m.identifier,
      msgType: m.msgType,
      source: m.source,
      condition: m.condition,
      sent: m.sent.toISOString(),
      expires: m.expires.toISOString(),
      severity: vi?.severity ?? 'Unknown',
      event: { vi: vi?.event ?? '', en: en?.event ?? '' },
      headline: { vi: vi?.headline ?? '', en: en?.headline ?? '' },
      area: vi?.area ?? { areaDesc: '' },
      parameters: vi?.parameters ?? [],
      url: this.urlOf(m.identifier),
    };
  }
}

/** The texts of a written warning, named as the request's fields are. */
function textsOf(w: WrittenWarning): [field: string, text: string][] {
  const bilingual = (name: string, text: { vi: string; en: string } | undefined): [string, string][] =>
    text
      ? [
          [`${name}.vi`, text.vi],
          [`${name}.en`, text.en],
        ]
      : [];
  return [
    ...bilingual('event', w.event),
    ...bilingual('headline', w.headline),
    ...bilingual('description', w.description),
    ...bilingual('instruction', w.instruction),
    ['area.areaDesc', w.area.areaDesc],
  ];
}

/** A character XML cannot carry would make the message and the public feed unreadable: refused, not dropped unseen. */
function refuseNonXmlText(w: WrittenWarning): void {
  for (const [field, text] of textsOf(w)) {
    const character = notXmlCharacter(text);
    if (character) {
      throw new AppError(
        'WARNING_TEXT_NOT_XML',
        400,
        `${field} holds the character ${character}, which a CAP message (XML 1.0) cannot carry: control characters other than tab and line breaks are not allowed.`,
        { extra: { field }, params: { field, character } },
      );
    }
  }
}

const aqiLevel = (aqi: number) => (aqi > 300 ? 6 : aqi > 200 ? 5 : aqi > 150 ? 4 : aqi > 100 ? 3 : aqi > 50 ? 2 : 1);
