/** Seeded randomness: every draw of the simulator comes from here, so a seed replays a run exactly. */

/** A 32-bit hash of a seed and keys (FNV-1a then a murmur finaliser): independent streams by name. */
export function hashSeed(seed: number, ...keys: (string | number)[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const key of keys) {
    const text = `${key}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  chance(probability: number): boolean;
}

/** mulberry32: small, fast and good enough for a simulation. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    normal: () => {
      const u = 1 - next(); // (0, 1]: log(0) never happens
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    chance: (probability) => next() < probability,
  };
}

/** A stream named by keys under a seed: `randomFor(seed, 'trip', id)`. */
export const randomFor = (seed: number, ...keys: (string | number)[]): Random => createRandom(hashSeed(seed, ...keys));

/**
 * An AR(1) process on integer steps (days, hours) with stationary standard deviation `sd`:
 * x[i] = φ·x[i-1] + √(1-φ²)·sd·ε. Meant to be read forwards in time; the last 64 steps are kept.
 */
export class Ar1Process {
  readonly #phi: number;
  readonly #sd: number;
  readonly #random: Random;
  #first = 0;
  #values: number[] = [];

  constructor(phi: number, sd: number, random: Random) {
    this.#phi = phi;
    this.#sd = sd;
    this.#random = random;
  }

  at(step: number): number {
    const end = this.#first + this.#values.length;
    if (this.#values.length === 0 || step < this.#first || step - end > 200) {
      // First read, far ahead, or back in time: start afresh from the stationary distribution.
      this.#first = step;
      this.#values = [this.#sd * this.#random.normal()];
    }
    const innovation = Math.sqrt(1 - this.#phi * this.#phi) * this.#sd;
    while (this.#first + this.#values.length <= step) {
      const last = this.#values[this.#values.length - 1] ?? 0;
      this.#values.push(this.#phi * last + innovation * this.#random.normal());
    }
    if (this.#values.length > 64) {
      const drop = this.#values.length - 64;
      this.#values = this.#values.slice(drop);
      this.#first += drop;
    }
    return this.#values[Math.max(0, step - this.#first)] ?? 0;
  }
}
