import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { actorOf, type AuditActor, type AuditTrail } from '../audit/index.js';
import { rolesGrant, type Role } from '../auth/index.js';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { AppError, problems } from '../errors.js';
import { isUuid } from '../ids.js';
import {
  blindIndex,
  isSealed,
  isSealedBytes,
  keyIdOf,
  keyIdOfBytes,
  mask,
  masterKeyId,
  newDataKey,
  openBytes,
  openValue,
  parseMasterKey,
  sealBytes,
  sealValue,
  unwrapKey,
  wrapKey,
  type PersonalKind,
} from './crypto.js';
import * as store from './store.js';
import type { RequestKind, RequestRow, RequestStatus, SubjectKind } from './store.js';

/**
 * Deadlines of data-subject requests, in hours from receipt. 72 hours is the figure the platform's
 * standards record for Decree 13/2023/NĐ-CP; the deadlines of Law 91/2025/QH15 were not available
 * when this was written, so every kind uses 72 hours until they are.
 */
export const REQUEST_DEADLINE_HOURS: Readonly<Record<RequestKind, number>> = {
  access: 72,
  erasure: 72,
  correction: 72,
  objection: 72,
};

/** The index key is one for the installation: a person is found whichever tenant keeps them. */
const INDEX_TENANT = '*';

export interface MasterKeys {
  readonly current: Buffer;
  /** During a rotation: the key being replaced, still accepted for reading. */
  readonly previous?: Buffer | undefined;
}

/**
 * The master key: PERSONAL_DATA_KEY, else a key generated once and kept in DATA_DIR/personal-data.key
 * (loudly: it must be backed up with the database, and every instance needs the same one).
 */
export function loadMasterKeys(config: Config, log: Logger): MasterKeys {
  const { key, previousKey } = config.personalData;
  const previous = previousKey === undefined ? undefined : parseMasterKey(previousKey);
  if (key !== undefined) return { current: parseMasterKey(key), previous };
  const path = join(config.dataDir, 'personal-data.key');
  if (!existsSync(path)) {
    // The first command of a fresh checkout may be `thanglong user add`, before any start made DATA_DIR.
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(path, `${newDataKey().toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  log.warn(
    { path },
    'PERSONAL_DATA_KEY is not set: personal data is encrypted with a key kept in this file. Back it up with the ' +
      'database (without it the data cannot be read), give every instance the same key, and set ' +
      'PERSONAL_DATA_KEY in production.',
  );
  return { current: parseMasterKey(readFileSync(path, 'utf8')), previous };
}

/** A module's personal data, so data-subject requests can find, export and erase a person across modules. */
export interface PersonalDataSource {
  /** The module, e.g. 'accounts'. */
  readonly name: string;
  /** Its personal fields and their kinds; values are stored sealed. */
  readonly fields: Readonly<Record<string, PersonalKind>>;
  /**
   * Roles that need this source's data in clear for their work (a dispatcher calls a caller back),
   * besides those with pii:read; their reads are audited the same way.
   */
  readonly clearFor?: readonly Role[];
  /** The person's records in this module, found by the blind index of their phone or national id. */
  find(
    tenant: string,
    subject: { kind: SubjectKind; index: string },
  ): Promise<{ id: string; tenant: string; values: Record<string, string | null> }[]>;
  /** Erases the record, or anonymises it where the law requires keeping it; says which. */
  erase(tenant: string, id: string): Promise<'erased' | 'anonymised'>;
}

/** Who reads, as the audit trail and the masking rule see them. */
export interface Reader {
  readonly actor: AuditActor;
  readonly roles: readonly Role[];
  readonly tenant: string;
  readonly requestId: string | null;
}

export function readerOf(request: FastifyRequest): Reader {
  return {
    actor: actorOf(request),
    roles: request.principal?.roles ?? [],
    tenant: request.tenant,
    requestId: String(request.id),
  };
}

export interface Subject {
  readonly phone?: string | undefined;
  readonly nationalId?: string | undefined;
}

export interface SealedRecord {
  readonly id: string;
  readonly tenant: string;
  readonly values: Readonly<Record<string, string | null>>;
}

/** A tenant's data key at hand: seals values and files without a database read. */
export interface Sealer {
  value(value: string): string;
  bytes(bytes: Uint8Array): Buffer;
}

const keyUnavailable = (detail: string) => new AppError('PERSONAL_DATA_KEY_UNAVAILABLE', 500, detail);

export class PersonalData {
  readonly #db: Database;
  readonly #keys: MasterKeys;
  readonly #audit: AuditTrail;
  readonly #log: Logger;
  readonly #sources = new Map<string, PersonalDataSource>();
  readonly #dataKeys = new Map<string, Buffer>();
  readonly #tenantKeys = new Map<string, { id: string; key: Buffer }>();

  constructor(db: Database, keys: MasterKeys, audit: AuditTrail, log: Logger) {
    this.#db = db;
    this.#keys = keys;
    this.#audit = audit;
    this.#log = log;
  }

  /** A module declares its personal fields (and how to find and erase a person in it). */
  declare(source: PersonalDataSource): void {
    if (this.#sources.has(source.name)) throw new Error(`personal data source ${source.name} declared twice`);
    this.#sources.set(source.name, source);
  }

  get sources(): readonly PersonalDataSource[] {
    return [...this.#sources.values()];
  }

  /** May these roles see personal data in clear? (pii:read) */
  canRead(roles: readonly Role[]): boolean {
    return rolesGrant(roles, 'pii:read');
  }

  // --- keys -------------------------------------------------------------------------------------

  #master(masterId: string): Buffer {
    if (masterKeyId(this.#keys.current) === masterId) return this.#keys.current;
    if (this.#keys.previous && masterKeyId(this.#keys.previous) === masterId) return this.#keys.previous;
    throw keyUnavailable(
      `Personal data is encrypted under master key ${masterId}, which this instance does not have: ` +
        'set PERSONAL_DATA_KEY (and PERSONAL_DATA_KEY_PREVIOUS during a rotation) to the right keys.',
    );
  }

  async #tenantKey(tenant: string, purpose: 'data' | 'index'): Promise<{ id: string; key: Buffer }> {
    const cacheKey = `${purpose}:${tenant}`;
    const cached = this.#tenantKeys.get(cacheKey);
    if (cached) return cached;
    let row = await store.findDataKey(this.#db, tenant, purpose);
    if (!row) {
      const id = randomUUID();
      row = await store.ensureDataKey(this.#db, {
        id,
        tenant,
        purpose,
        wrapped: wrapKey(this.#keys.current, newDataKey(), id),
        masterKeyId: masterKeyId(this.#keys.current),
      });
    }
    const entry = { id: row.id, key: unwrapKey(this.#master(row.masterKeyId), row.wrapped, row.id) };
    this.#tenantKeys.set(cacheKey, entry);
    this.#dataKeys.set(entry.id, entry.key);
    return entry;
  }

  async #dataKey(id: string): Promise<Buffer> {
    const cached = this.#dataKeys.get(id);
    if (cached) return cached;
    const row = await store.findDataKeyById(this.#db, id);
    if (!row) throw keyUnavailable(`The data key ${id} that sealed a value does not exist.`);
    const key = unwrapKey(this.#master(row.masterKeyId), row.wrapped, row.id);
    this.#dataKeys.set(id, key);
    return key;
  }

  // --- values -----------------------------------------------------------------------------------

  /** Encrypts a value for storage in the tenant's tables. */
  async seal(tenant: string, value: string): Promise<string>;
  async seal(tenant: string, value: string | null | undefined): Promise<string | null>;
  async seal(tenant: string, value: string | null | undefined): Promise<string | null> {
    if (value === null || value === undefined) return null;
    const { id, key } = await this.#tenantKey(tenant, 'data');
    return sealValue(key, id, value);
  }

  /** Decrypts a stored value; a value written before it was declared personal comes back as it is. */
  async open(stored: string | null): Promise<string | null> {
    if (stored === null || !isSealed(stored)) return stored;
    return openValue(await this.#dataKey(keyIdOf(stored) as string), stored);
  }

  /**
   * The tenant's sealing, ready to use without reading the database: for a transaction (on the embedded
   * database its one connection is the transaction's) and for files, sealed as they are kept.
   */
  async sealer(tenant: string): Promise<Sealer> {
    const { id, key } = await this.#tenantKey(tenant, 'data');
    return {
      value: (value) => sealValue(key, id, value),
      bytes: (bytes) => sealBytes(key, id, bytes),
    };
  }

  /** Decrypts stored bytes (a scan, a signed result); bytes kept before they were sealed come back as they are. */
  async openBytes(stored: Uint8Array): Promise<Uint8Array> {
    if (!isSealedBytes(stored)) return stored;
    const keyId = keyIdOfBytes(stored);
    if (keyId === null) return stored;
    return new Uint8Array(openBytes(await this.#dataKey(keyId), stored));
  }

  /** The blind index of a value: equal for the same person's phone however written, useless without the key. */
  async index(kind: PersonalKind, value: string): Promise<string> {
    const { key } = await this.#tenantKey(INDEX_TENANT, 'index');
    return blindIndex(key, kind, value);
  }

  /**
   * What a reader sees of some records: in clear with pii:read (the read is recorded in the audit
   * trail before anything is returned), masked otherwise. A person reading their own record sees it.
   */
  async reveal(
    reader: Reader,
    source: string,
    fields: Readonly<Record<string, PersonalKind>>,
    records: readonly SealedRecord[],
  ): Promise<Record<string, string | null>[]> {
    const clearFor = this.#sources.get(source)?.clearFor;
    const clear = this.canRead(reader.roles) || reader.roles.some((r) => clearFor?.includes(r));
    const opened = await Promise.all(
      records.map(async (r) => {
        const own = reader.actor.kind === 'user' && reader.actor.id === r.id && source === 'accounts';
        const out: Record<string, string | null> = {};
        for (const [field, kind] of Object.entries(fields)) {
          const value = await this.open(r.values[field] ?? null);
          out[field] = value === null || clear || own ? value : mask(kind, value);
        }
        return { id: r.id, own, out };
      }),
    );
    const read = opened.filter((o) => clear && !o.own).map((o) => o.id);
    if (read.length > 0) {
      await this.#audit.record({
        actor: reader.actor,
        tenant: reader.tenant,
        action: 'personal-data.read',
        target: read.length === 1 ? `${source}:${read[0]}` : source,
        requestId: reader.requestId,
        detail: { source, records: read, fields: Object.keys(fields) },
      });
    }
    return opened.map((o) => o.out);
  }

  /**
   * A look-up of people by a personal value (an ID number, a phone) that found no one: recorded all the
   * same (`personal-data.search`), so a run of numbers probed shows in the audit trail, not only its hits.
   * The value looked for is not kept.
   */
  async searchedInVain(reader: Reader, source: string, fields: readonly string[]): Promise<void> {
    await this.#audit.record({
      actor: reader.actor,
      tenant: reader.tenant,
      action: 'personal-data.search',
      target: source,
      requestId: reader.requestId,
      detail: { source, records: [], fields },
    });
  }

  // --- data-subject requests ----------------------------------------------------------------------

  async #subject(subject: Subject): Promise<{ kind: SubjectKind; value: string; index: string }> {
    const given = [subject.phone, subject.nationalId].filter((v) => v !== undefined && v.trim() !== '');
    if (given.length !== 1) {
      throw problems.badRequest('SUBJECT_REQUIRED', 'Name the person by exactly one of phone or nationalId.');
    }
    const kind: SubjectKind = subject.phone ? 'phone' : 'national-id';
    const value = (subject.phone ?? subject.nationalId) as string;
    return { kind, value, index: await this.index(kind, value) };
  }

  async createRequest(
    reader: Reader,
    input: { kind: RequestKind; subject: Subject; note?: string | undefined },
  ): Promise<RequestRow> {
    const subject = await this.#subject(input.subject);
    return store.insertRequest(this.#db, {
      tenant: reader.tenant,
      kind: input.kind,
      subjectKind: subject.kind,
      subjectIndex: subject.index,
      subjectSealed: await this.seal(reader.tenant, subject.value),
      noteSealed: await this.seal(reader.tenant, input.note),
      recordedBy: reader.actor.name ?? reader.actor.kind,
      dueInHours: REQUEST_DEADLINE_HOURS[input.kind],
    });
  }

  async getRequest(tenant: string, id: string): Promise<RequestRow> {
    const row = isUuid(id) ? await store.findRequest(this.#db, tenant, id) : null;
    if (!row) throw problems.notFound('Data-subject request', id);
    return row;
  }

  listRequests(tenant: string, filter: { open?: boolean | undefined; limit: number; offset: number }) {
    return store.listRequests(this.#db, tenant, filter);
  }

  async updateRequest(
    tenant: string,
    id: string,
    changes: { status?: RequestStatus | undefined; note?: string | undefined },
  ): Promise<RequestRow> {
    await this.getRequest(tenant, id);
    const updated = await store.updateRequest(this.#db, tenant, id, {
      status: changes.status,
      noteSealed: (await this.seal(tenant, changes.note)) ?? undefined,
    });
    if (!updated) throw problems.notFound('Data-subject request', id);
    return updated;
  }

  /** The subject and note of a request as the reader may see them (officers see the number masked). */
  async requestView(reader: Reader, row: RequestRow) {
    const subject = (await this.open(row.subjectSealed)) ?? '';
    const note = await this.open(row.noteSealed);
    const clear = this.canRead(reader.roles);
    return {
      subject: clear ? subject : mask(row.subjectKind === 'phone' ? 'phone' : 'national-id', subject),
      note: note === null ? null : clear ? note : mask('free-text', note),
      overdue: (row.status === 'received' || row.status === 'in-progress') && row.dueAt.getTime() < Date.now(),
    };
  }

  /** Everything the modules keep about the request's person, in clear, for them: recorded in the audit trail. */
  async exportSubject(reader: Reader, id: string) {
    const request = await this.getRequest(reader.tenant, id);
    const subject = { kind: request.subjectKind, index: request.subjectIndex };
    const sources: Record<string, Record<string, string | null>[]> = {};
    for (const source of this.#sources.values()) {
      const found = await source.find(reader.tenant, subject);
      sources[source.name] = await Promise.all(
        found.map(async (r) => {
          const out: Record<string, string | null> = { id: r.id };
          for (const field of Object.keys(source.fields)) out[field] = await this.open(r.values[field] ?? null);
          return out;
        }),
      );
    }
    const consents = await this.consents(reader.tenant, subject.index);
    await this.#audit.record({
      actor: reader.actor,
      tenant: reader.tenant,
      action: 'personal-data.export',
      target: `request:${request.id}`,
      requestId: reader.requestId,
      detail: { sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, v.map((r) => r.id)])) },
    });
    return {
      request: request.id,
      subject: { kind: request.subjectKind, value: await this.open(request.subjectSealed) },
      exportedAt: new Date().toISOString(),
      sources,
      consents,
    };
  }

  /** Erases (or anonymises) the request's person in every module; completes the request. */
  async eraseSubject(reader: Reader, id: string): Promise<RequestRow> {
    const request = await this.getRequest(reader.tenant, id);
    if (request.kind !== 'erasure') {
      throw problems.conflict('NOT_AN_ERASURE_REQUEST', `This is a request for ${request.kind}, not for erasure.`);
    }
    if (request.status === 'completed' || request.status === 'rejected') {
      throw problems.conflict('REQUEST_CLOSED', `This request is already ${request.status}.`);
    }
    const result: Record<string, { erased: number; anonymised: number }> = {};
    for (const source of this.#sources.values()) {
      const counts = { erased: 0, anonymised: 0 };
      for (const r of await source.find(reader.tenant, { kind: request.subjectKind, index: request.subjectIndex })) {
        counts[await source.erase(r.tenant, r.id)]++;
      }
      result[source.name] = counts;
    }
    const done = await store.updateRequest(this.#db, reader.tenant, id, { status: 'completed', result });
    await this.#audit.record({
      actor: reader.actor,
      tenant: reader.tenant,
      action: 'personal-data.erase',
      target: `request:${request.id}`,
      requestId: reader.requestId,
      detail: result,
    });
    this.#log.info({ request: id, result }, 'data subject erased');
    return done as RequestRow;
  }

  // --- consent ---------------------------------------------------------------------------------

  async recordConsent(
    reader: Reader,
    input: { subject: Subject; purpose: string; given: boolean; evidence: string },
  ): Promise<store.ConsentRow & { evidence: string }> {
    const subject = await this.#subject(input.subject);
    const row = await store.insertConsent(this.#db, {
      tenant: reader.tenant,
      subjectKind: subject.kind,
      subjectIndex: subject.index,
      subjectSealed: await this.seal(reader.tenant, subject.value),
      purpose: input.purpose,
      given: input.given,
      evidenceSealed: await this.seal(reader.tenant, input.evidence),
      recordedBy: reader.actor.name ?? reader.actor.kind,
    });
    return { ...row, evidence: input.evidence };
  }

  async consentsOf(tenant: string, subject: Subject) {
    return this.consents(tenant, (await this.#subject(subject)).index);
  }

  /** The ledger and, per purpose, the state its latest entry gives. */
  async consents(tenant: string, subjectIndex: string) {
    const rows = await store.consentsOf(this.#db, tenant, subjectIndex);
    const history = await Promise.all(
      rows.map(async (r) => ({
        purpose: r.purpose,
        given: r.given,
        at: r.at.toISOString(),
        evidence: (await this.open(r.evidenceSealed)) ?? '',
        recordedBy: r.recordedBy,
      })),
    );
    const current = new Map<string, { purpose: string; given: boolean; at: string }>();
    for (const h of history) current.set(h.purpose, { purpose: h.purpose, given: h.given, at: h.at });
    return { current: [...current.values()], history };
  }
}

/**
 * Re-wraps every data key under the current master key (PERSONAL_DATA_KEY), unwrapping with the
 * previous one (PERSONAL_DATA_KEY_PREVIOUS). Values are not touched. One transaction: all or nothing.
 */
export async function rotateMasterKey(db: Database, keys: MasterKeys): Promise<{ rewrapped: number; current: number }> {
  const currentId = masterKeyId(keys.current);
  const previousId = keys.previous ? masterKeyId(keys.previous) : null;
  return db.transaction(async (tx) => {
    let rewrapped = 0;
    let current = 0;
    for (const row of await store.lockAllDataKeys(tx)) {
      if (row.masterKeyId === currentId) {
        current++;
        continue;
      }
      if (!keys.previous || row.masterKeyId !== previousId) {
        throw keyUnavailable(
          `The data key ${row.id} is wrapped by master key ${row.masterKeyId}, which is neither PERSONAL_DATA_KEY ` +
            `(${currentId}) nor PERSONAL_DATA_KEY_PREVIOUS (${previousId ?? 'unset'}): nothing was changed.`,
        );
      }
      const dataKey = unwrapKey(keys.previous, row.wrapped, row.id);
      await store.rewrapDataKey(tx, row.id, wrapKey(keys.current, dataKey, row.id), currentId);
      rewrapped++;
    }
    return { rewrapped, current };
  });
}

export { parseMasterKey, masterKeyId };
