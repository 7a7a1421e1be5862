import { createHash } from 'node:crypto';

/**
 * The papers (forms 01–06) last drawn, by what they are drawn from: a form is a function of the
 * dossier's sheet (its timeline, and the applicant as the reader is shown them), so the same sheet is
 * the same bytes and a repeated GET does not draw it again. Least recently used first out, bounded by
 * bytes.
 */
export class PaperCache {
  readonly #maxBytes: number;
  readonly #papers = new Map<string, Uint8Array>();
  /** Papers being drawn: the same paper asked for twice at once is drawn once. */
  readonly #drawing = new Map<string, Promise<Uint8Array>>();
  #bytes = 0;

  constructor(maxBytes = 32 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  /** The paper drawn from `source` (any JSON), drawn by `draw` only when not kept. */
  async paper(kind: string, source: unknown, draw: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const key = createHash('sha256').update(kind).update('\0').update(JSON.stringify(source)).digest('hex');
    const kept = this.#papers.get(key);
    if (kept) {
      // Read again: to the back of the line.
      this.#papers.delete(key);
      this.#papers.set(key, kept);
      return kept;
    }
    const pending = this.#drawing.get(key);
    if (pending) return pending;
    const drawing = draw();
    this.#drawing.set(key, drawing);
    let drawn: Uint8Array;
    try {
      drawn = await drawing;
    } finally {
      this.#drawing.delete(key);
    }
    if (drawn.byteLength > this.#maxBytes || this.#papers.has(key)) return drawn;
    this.#papers.set(key, drawn);
    this.#bytes += drawn.byteLength;
    for (const [oldest, paper] of this.#papers) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#papers.delete(oldest);
      this.#bytes -= paper.byteLength;
    }
    return drawn;
  }
}
