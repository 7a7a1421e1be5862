import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit trail. A record's hash is SHA-256 over the previous record's hash and
 * the record's canonical content, so changing, removing or reordering any record breaks every link
 * after it. Computed here, not in SQL, so both database drivers produce the same bytes.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** `device`: a device that tried to speak (its refused credentials), named by its device id. */
export type ActorKind = 'user' | 'api-key' | 'anonymous' | 'system' | 'device';

export interface AuditActor {
  readonly kind: ActorKind;
  readonly id: string | null;
  readonly name: string | null;
  readonly roles: readonly string[];
}

/** What happened, before it has a place in the chain. */
export interface AuditEntry {
  readonly at: Date;
  readonly actor: AuditActor;
  readonly tenant: string;
  readonly action: string;
  readonly target: string | null;
  readonly requestId: string | null;
  readonly outcome: number | null;
  readonly detail: Readonly<Record<string, unknown>> | null;
}

/** A record as stored: an entry with its id and its links. */
export interface AuditRecord extends AuditEntry {
  readonly id: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** JSON with object keys sorted at every level: one text for one value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashOf(id: number, entry: AuditEntry, prevHash: string): string {
  const content = canonicalJson([
    id,
    entry.at.toISOString(),
    entry.actor.kind,
    entry.actor.id,
    entry.actor.name,
    entry.actor.roles,
    entry.tenant,
    entry.action,
    entry.target,
    entry.requestId,
    entry.outcome,
    entry.detail,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Links entries after the record `last`: consecutive ids, each hash covering the one before. */
export function link(entries: readonly AuditEntry[], last: { id: number; hash: string }): AuditRecord[] {
  let prev = last;
  return entries.map((entry) => {
    const id = prev.id + 1;
    const hash = hashOf(id, entry, prev.hash);
    const record: AuditRecord = { ...entry, id, prevHash: prev.hash, hash };
    prev = { id, hash };
    return record;
  });
}

export interface ChainBreak {
  /** The first record that is not what the chain says it should be (or the first one missing). */
  readonly recordId: number;
  readonly reason: string;
}

/**
 * Walks records in id order, starting after `anchor`; returns the first break, or null. Feed it
 * page after page with the state it returns.
 */
export class ChainWalker {
  #prev: { id: number; hash: string };
  #count = 0;
  #first: number | null = null;

  constructor(anchor: { id: number; hash: string }) {
    this.#prev = anchor;
  }

  get count(): number {
    return this.#count;
  }
  get firstId(): number | null {
    return this.#first;
  }
  get last(): { id: number; hash: string } {
    return this.#prev;
  }

  check(record: AuditRecord): ChainBreak | null {
    const expectedId = this.#prev.id + 1;
    if (record.id < expectedId) {
      return {
        recordId: record.id,
        reason: `record ${record.id} lies before the chain's anchor (record ${this.#prev.id})`,
      };
    }
    if (record.id > expectedId) {
      const missing =
        record.id - 1 === expectedId ? `record ${expectedId} is` : `records ${expectedId}-${record.id - 1} are`;
      return {
        recordId: expectedId,
        reason: `${missing} missing: the chain goes from record ${this.#prev.id} to record ${record.id}`,
      };
    }
    if (hashOf(record.id, record, record.prevHash) !== record.hash) {
      return { recordId: record.id, reason: `record ${record.id} was changed: its content does not match its hash` };
    }
    if (record.prevHash !== this.#prev.hash) {
      return {
        recordId: record.id,
        reason: `record ${record.id} does not follow record ${this.#prev.id}: the previous-record hash it carries differs`,
      };
    }
    this.#prev = { id: record.id, hash: record.hash };
    this.#count++;
    this.#first ??= record.id;
    return null;
  }

  /** After the last record: does the chain end where its head says? */
  end(head: { id: number; hash: string }): ChainBreak | null {
    if (head.id > this.#prev.id) {
      const from = this.#prev.id + 1;
      return {
        recordId: from,
        reason: `${from === head.id ? `record ${from} is` : `records ${from}-${head.id} are`} missing at the end of the chain`,
      };
    }
    if (head.id !== this.#prev.id || head.hash !== this.#prev.hash) {
      return { recordId: this.#prev.id, reason: `record ${this.#prev.id} is not the chain head the database recorded` };
    }
    return null;
  }
}
