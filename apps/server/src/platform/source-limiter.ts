/** Most keys a limiter remembers; past that the one heard from least recently is forgotten first. */
const MAX_KEYS = 100_000;

export interface SourceLimiterOptions {
  /**
   * fixed: a window opens at a key's first report and the count starts again when it closes (cheap,
   * but twice the allowance can pass across a window's edge); sliding: at most `perWindow` in any
   * `windowMs` (the default: a flood never gets through in a burst at the edge). Sliding keeps up to
   * `perWindow` times per key: for allowances in the thousands, fixed costs less memory. bucket: a
   * token bucket holding `burst` reports, refilled at `perWindow` per `windowMs` (a sustained rate with
   * room for a device's backlog after a reconnection).
   */
  readonly window?: 'fixed' | 'sliding' | 'bucket';
  /** bucket only: the most reports let through at once after a quiet spell (default `perWindow`). */
  readonly burst?: number;
  readonly maxKeys?: number;
}

type Entry = number[] | { count: number; until: number } | { tokens: number; at: number };

/**
 * Reports (or other costly requests: uploads, new road sketches) per source (an address, an app's
 * api_key, a device), in the memory of this instance: a flood from one source is slowed without a
 * database write per report. Unlike the login counter
 * (platform/auth/limits.ts) every report counts, not only failures.
 */
export class SourceLimiter {
  readonly #perWindow: number;
  readonly #windowMs: number;
  readonly #sliding: boolean;
  /** bucket: its size; undefined for the windows. */
  readonly #burst: number | undefined;
  readonly #maxKeys: number;
  /** Per key, the times of the reports counted in its window (fixed: the window's end and a count; bucket: its tokens). */
  readonly #keys = new Map<string, Entry>();

  constructor(perWindow: number, windowMs: number, options: SourceLimiterOptions = {}) {
    if (!Number.isInteger(perWindow) || perWindow < 1) throw new RangeError('perWindow must be a whole number ≥ 1');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be more than 0');
    this.#perWindow = perWindow;
    this.#windowMs = windowMs;
    this.#sliding = (options.window ?? 'sliding') === 'sliding';
    if (options.window === 'bucket') {
      const burst = options.burst ?? perWindow;
      if (!Number.isInteger(burst) || burst < 1) throw new RangeError('burst must be a whole number ≥ 1');
      this.#burst = burst;
    } else if (options.burst !== undefined) {
      throw new RangeError('burst is for a bucket only');
    }
    this.#maxKeys = options.maxKeys ?? MAX_KEYS;
  }

  /**
   * Milliseconds `key` must wait before its next report; 0 when it may report now, and then this
   * report is counted. A refused report is not counted, so waiting the time given always lets one through.
   */
  take(key: string, now = Date.now()): number {
    const entry = this.#keys.get(key);
    // Re-inserted on every report: the map's first key is then the one heard from least recently.
    this.#keys.delete(key);
    if (this.#burst !== undefined) {
      const tokens = this.#tokens(entry, now);
      if (tokens < 1) {
        this.#keys.set(key, { tokens, at: now });
        return Math.max(1, Math.ceil(((1 - tokens) * this.#windowMs) / this.#perWindow));
      }
      this.#remember(key, { tokens: tokens - 1, at: now });
      return 0;
    }
    if (this.#sliding) {
      const times = Array.isArray(entry) ? entry : [];
      const from = now - this.#windowMs;
      while (times.length > 0 && (times[0] as number) <= from) times.shift();
      if (times.length >= this.#perWindow) {
        this.#keys.set(key, times);
        return (times[0] as number) + this.#windowMs - now;
      }
      times.push(now);
      this.#remember(key, times);
      return 0;
    }
    const window = entry && 'until' in entry && entry.until > now ? entry : { count: 0, until: now + this.#windowMs };
    if (window.count >= this.#perWindow) {
      this.#keys.set(key, window);
      return window.until - now;
    }
    window.count++;
    this.#remember(key, window);
    return 0;
  }

  /** Milliseconds `key` must wait before its next report, without counting one: 0 when it may report now. */
  wait(key: string, now = Date.now()): number {
    const entry = this.#keys.get(key);
    if (entry === undefined) return 0;
    if ('tokens' in entry) {
      const tokens = this.#tokens(entry, now);
      return tokens >= 1 ? 0 : Math.max(1, Math.ceil(((1 - tokens) * this.#windowMs) / this.#perWindow));
    }
    if (Array.isArray(entry)) {
      const from = now - this.#windowMs;
      const live = entry.filter((t) => t > from);
      return live.length >= this.#perWindow ? (live[0] as number) + this.#windowMs - now : 0;
    }
    return entry.until > now && entry.count >= this.#perWindow ? entry.until - now : 0;
  }

  /**
   * Gives back the last report `take` counted for `key` (it was refused further on, and nothing of it
   * was kept): only what is kept counts against a source.
   */
  giveBack(key: string): void {
    const entry = this.#keys.get(key);
    if (Array.isArray(entry)) entry.pop();
    else if (entry && 'tokens' in entry) entry.tokens = Math.min(this.#burst ?? 1, entry.tokens + 1);
    else if (entry && entry.count > 0) entry.count--;
  }

  /** Forgets `key` (a connection that closed): its next report starts afresh. */
  forget(key: string): void {
    this.#keys.delete(key);
  }

  /** Keys remembered now (forgotten ones included until they are heard from or pushed out). */
  get size(): number {
    return this.#keys.size;
  }

  /** The tokens of a bucket now: what it held, refilled for the time since, up to its size (full when new). */
  #tokens(entry: Entry | undefined, now: number): number {
    const burst = this.#burst ?? 1;
    if (!entry || !('tokens' in entry)) return burst;
    const refilled = entry.tokens + (Math.max(0, now - entry.at) * this.#perWindow) / this.#windowMs;
    return Math.min(burst, refilled);
  }

  #remember(key: string, value: Entry): void {
    while (this.#keys.size >= this.#maxKeys) {
      const oldest = this.#keys.keys().next();
      if (oldest.done) break;
      this.#keys.delete(oldest.value);
    }
    this.#keys.set(key, value);
  }
}

/**
 * Bytes per source in a sliding window, in the memory of this instance like SourceLimiter: a few large
 * uploads sent over and over cost the disk and the checks what many small ones would.
 */
export class SourceByteBudget {
  readonly #bytes: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #sent = new Map<string, { at: number; bytes: number }[]>();

  constructor(bytesPerWindow: number, windowMs: number, options: { maxKeys?: number } = {}) {
    if (!(bytesPerWindow >= 1)) throw new RangeError('bytesPerWindow must be at least 1');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be more than 0');
    this.#bytes = bytesPerWindow;
    this.#windowMs = windowMs;
    this.#maxKeys = options.maxKeys ?? MAX_KEYS;
  }

  /**
   * Milliseconds `key` must wait before `bytes` more fit its window; 0 when they fit now, and then they
   * are charged. A refusal charges nothing.
   */
  take(key: string, bytes: number, now = Date.now()): number {
    const sent = this.#sent.get(key) ?? [];
    // Re-inserted on every charge: the map's first key is then the one heard from least recently.
    this.#sent.delete(key);
    while (sent.length > 0 && (sent[0] as { at: number }).at <= now - this.#windowMs) sent.shift();
    let used = sent.reduce((sum, s) => sum + s.bytes, 0);
    if (used + bytes > this.#bytes) {
      // When enough of the oldest leave the window for these to fit.
      let freedAt = now;
      for (const s of sent) {
        used -= s.bytes;
        freedAt = s.at + this.#windowMs;
        if (used + bytes <= this.#bytes) break;
      }
      if (sent.length > 0) this.#sent.set(key, sent);
      return Math.max(1, freedAt - now);
    }
    sent.push({ at: now, bytes });
    while (this.#sent.size >= this.#maxKeys) {
      const oldest = this.#sent.keys().next();
      if (oldest.done) break;
      this.#sent.delete(oldest.value);
    }
    this.#sent.set(key, sent);
    return 0;
  }

  /** Gives back the last charge of `key` (refused further on, nothing of it kept). */
  giveBack(key: string): void {
    this.#sent.get(key)?.pop();
  }
}
