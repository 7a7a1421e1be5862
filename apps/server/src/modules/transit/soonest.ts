/**
 * A binary heap of the things a departures board walks in time order (each a stream of calls), the
 * soonest on top: the board takes the next call of whichever stream is soonest, so it makes only the
 * calls it shows, however many trips and runs a stop has.
 */
export class Soonest<T> {
  readonly #items: T[] = [];
  constructor(readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as T, items[parent] as T)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes the top. */
  pop(): void {
    const items = this.#items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    items[0] = last;
    this.#down();
  }

  /** The top changed (its stream moved on to a later call): put it back in its place. */
  settleTop(): void {
    this.#down();
  }

  #down(): void {
    const items = this.#items;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let first = i;
      if (l < items.length && this.before(items[l] as T, items[first] as T)) first = l;
      if (r < items.length && this.before(items[r] as T, items[first] as T)) first = r;
      if (first === i) return;
      this.#swap(i, first);
      i = first;
    }
  }

  #swap(a: number, b: number): void {
    const items = this.#items;
    const t = items[a] as T;
    items[a] = items[b] as T;
    items[b] = t;
  }
}
