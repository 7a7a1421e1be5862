import { AppError } from '../errors.js';

/** Most keys one counter remembers; past that the oldest are forgotten first. */
const MAX_KEYS = 100_000;

/**
 * Failed authentications per key (a source address, an unknown account name), in fixed windows, in
 * the memory of this instance. Only failures count, so people who log in correctly are never slowed.
 */
export class FailureCounter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #failures = new Map<string, { count: number; until: number }>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string, now = Date.now()): number {
    const entry = this.#failures.get(key);
    if (!entry) return 0;
    if (entry.until <= now) {
      this.#failures.delete(key);
      return 0;
    }
    return entry.count >= this.#limit ? entry.until - now : 0;
  }

  /** Counts one failure of `key`. */
  fail(key: string, now = Date.now()): void {
    let entry = this.#failures.get(key);
    if (!entry || entry.until <= now) {
      this.#failures.delete(key);
      if (this.#failures.size >= MAX_KEYS) {
        const oldest = this.#failures.keys().next();
        if (!oldest.done) this.#failures.delete(oldest.value);
      }
      entry = { count: 0, until: now + this.#windowMs };
      this.#failures.set(key, entry);
    }
    entry.count++;
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }
}

/** 429 with the seconds to wait, for a caller who failed too often. */
export function tooManyAttempts(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError(
    'TOO_MANY_ATTEMPTS',
    429,
    `Too many failed attempts: try again in ${wait}, or ask an administrator to unlock the account.`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

/** 429 for a caller over its request rate (API_KEY_RATE_LIMIT, AUTH_LOGIN_RATE_LIMIT). */
export function tooManyRequests(retryAfterMs: number, limit: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(
    'RATE_LIMITED',
    429,
    `Too many requests: at most ${limit} a minute are allowed. Retry in ${seconds} seconds.`,
    { headers: { 'retry-after': String(seconds) } },
  );
}
