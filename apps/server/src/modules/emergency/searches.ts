import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import { SourceLimiter } from '../../platform/source-limiter.js';

/**
 * What keeps the road searches behind recommendations affordable: each costs the CPU of a search
 * over the city's roads, so readers share a recent answer, and an account (or an address) searching
 * more than its allowance a minute is told to wait (EMERGENCY_SEARCHES_LIMITED, with Retry-After).
 * The accounts that only read share one reader's allowance between them, per tenant: a leader or a
 * viewer has no shift to keep up with, and several of them must not add up to the dispatchers' CPU.
 */

/** How long an answer is shared: units report positions every few seconds, and a change of one is a new answer. */
export const RECOMMENDATION_TTL_MS = 5_000;
/**
 * Road searches a minute: an account (a dispatcher's console reads again as units change status, at
 * most every 300 ms, and a busy shift changes a few a minute), an address (a room of dispatchers).
 */
export const SEARCHES_PER_ACCOUNT = 60;
export const SEARCHES_PER_ADDRESS = 300;
const WINDOW_MS = 60_000;

const MAX_ANSWERS = 500;

/** Who asks for a search: the account and the address of the request. */
export interface Searcher {
  readonly tenant: string;
  readonly account: string;
  readonly address?: string | undefined;
  /**
   * The account may dispatch (emergency:write): it has the whole allowance. One that only reads (a
   * leader, a viewer) has a quarter of it: it has no shift to keep up with, and its searches take the
   * same CPU the dispatchers' do.
   */
  readonly dispatches?: boolean | undefined;
}

/** A reader's share of an account's allowance. */
export const readersAllowance = (perAccount: number): number => Math.max(5, Math.floor(perAccount / 4));

export class SearchLimits {
  readonly #perAccount: number;
  readonly #perReader: number;
  readonly #perAddress: number;
  readonly #accounts: SourceLimiter;
  readonly #readers: SourceLimiter;
  /** All the readers of a tenant together: several read-only accounts are not several allowances. */
  readonly #readersTogether: SourceLimiter;
  readonly #addresses: SourceLimiter;

  /** A larger allowance an account (EMERGENCY_SEARCHES_PER_MINUTE) gives a room of five dispatchers theirs. */
  constructor(perAccount = SEARCHES_PER_ACCOUNT) {
    this.#perAccount = perAccount;
    this.#perAddress = Math.max(SEARCHES_PER_ADDRESS, 5 * perAccount);
    this.#perReader = readersAllowance(perAccount);
    this.#accounts = new SourceLimiter(perAccount, WINDOW_MS);
    this.#readers = new SourceLimiter(this.#perReader, WINDOW_MS);
    this.#readersTogether = new SourceLimiter(this.#perReader, WINDOW_MS);
    this.#addresses = new SourceLimiter(this.#perAddress, WINDOW_MS);
  }

  /**
   * Refuses (429) a caller whose allowance is spent, before anything is read: a refusal costs nothing,
   * and a reader firing at every open incident is turned away at the door. Shared answers are refused
   * too then; a console keeps the one it has until Retry-After.
   */
  refuseSpent(caller: Searcher, now = Date.now()): void {
    const [limiter, limit] = this.#accountLimit(caller);
    const spent = limiter.wait(accountKey(caller), now);
    if (spent > 0) throw limited(spent, limit, 'this account');
    const readers = caller.dispatches === false ? this.#readersTogether.wait(caller.tenant, now) : 0;
    if (readers > 0) throw limited(readers, this.#perReader, 'the accounts that only read');
    const address = caller.address === undefined ? 0 : this.#addresses.wait(caller.address, now);
    if (address > 0) throw limited(address, this.#perAddress, 'this address');
  }

  #accountLimit(caller: Searcher): [SourceLimiter, number] {
    return caller.dispatches === false ? [this.#readers, this.#perReader] : [this.#accounts, this.#perAccount];
  }

  /** Counts one search of the caller, or refuses it (429) saying how long to wait. */
  take(caller: Searcher, now = Date.now()): void {
    const [limiter, limit] = this.#accountLimit(caller);
    const account = limiter.take(accountKey(caller), now);
    if (account > 0) throw limited(account, limit, 'this account');
    const readers = caller.dispatches === false ? this.#readersTogether.take(caller.tenant, now) : 0;
    if (readers > 0) throw limited(readers, this.#perReader, 'the accounts that only read');
    const address = caller.address === undefined ? 0 : this.#addresses.take(caller.address, now);
    if (address > 0) throw limited(address, this.#perAddress, 'this address');
  }
}

const accountKey = (caller: Searcher) => `${caller.tenant}\u0000${caller.account}`;

const limited = (waitMs: number, limit: number, who: string) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError(
    'EMERGENCY_SEARCHES_LIMITED',
    429,
    `Recommendations need a search of the roads: at most ${limit} a minute from ${who}. Retry in ${seconds} seconds.`,
    { headers: { 'retry-after': String(seconds) } },
  );
};

/**
 * What a recommendation depends on, as a key: a unit's `locationAt` is left out, so a parked unit that
 * reports the same position every few seconds does not make every reader's answer a new search.
 */
export const recommendationKey = <U extends { readonly locationAt?: string | undefined }>(parts: {
  readonly tenant: string;
  readonly incident: unknown;
  readonly units: readonly U[];
  readonly stations: unknown;
}): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        parts.tenant,
        parts.incident,
        parts.units.map(({ locationAt: _heard, ...unit }) => unit),
        parts.stations,
      ]),
    )
    .digest('base64url');

/** Answers kept a few seconds, by key; the oldest go first past a bound. */
export class RecentAnswers<T> {
  readonly #ttlMs: number;
  readonly #answers = new Map<string, { value: T; until: number }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get(key: string, now = Date.now()): T | undefined {
    const found = this.#answers.get(key);
    if (found && found.until > now) return found.value;
    if (found) this.#answers.delete(key);
    return undefined;
  }

  set(key: string, value: T, now = Date.now()): void {
    this.#answers.delete(key);
    this.#answers.set(key, { value, until: now + this.#ttlMs });
    for (const [k, v] of this.#answers) {
      if (this.#answers.size <= MAX_ANSWERS && v.until > now) break;
      this.#answers.delete(k);
    }
  }
}
