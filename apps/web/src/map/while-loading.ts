// No imports: the unit test loads this file as it is. The shapes are those of api.ts's Entity and live.ts's Change.
interface Entity {
  readonly id: string;
  readonly type: string;
  readonly [attribute: string]: unknown;
}
interface Change extends Entity {
  readonly kind: string;
  readonly at: string;
  readonly abridged?: true;
}

/** What a change did to its layer: left it (deleted, a report closed), is on it, or cannot tell yet. */
export type Outcome = 'left' | 'kept' | 'partial' | undefined;

/**
 * What the stream brought since the map began following a box, so its pages, read after the stream
 * was in place, are laid under it: a page neither brings back what left its layer nor undoes a change
 * that came first. Only the stream's attributes win over a page: a copy the map held from before (an
 * earlier box, a load made before the stream opened) is older than the page and gives way to it.
 */
export class StreamedWhileLoading {
  readonly #left = new Set<string>();
  readonly #attrs = new Map<string, Record<string, unknown>>();

  took(change: Change, outcome: Outcome): void {
    if (outcome === undefined) return;
    if (outcome === 'left') {
      this.#left.add(change.id);
      this.#attrs.delete(change.id);
      return;
    }
    this.#left.delete(change.id);
    const { kind: _kind, at: _at, abridged: _abridged, ...attrs } = change;
    this.#attrs.set(change.id, { ...(this.#attrs.get(change.id) ?? {}), ...attrs });
  }

  /** The stream said something of it: the page's silence about it does not remove it. */
  streamed(id: string): boolean {
    return this.#left.has(id) || this.#attrs.has(id);
  }

  /** A page's copy with what the stream brought laid over it; undefined when it has left its layer. */
  over(entity: Entity): Entity | undefined {
    if (this.#left.has(entity.id)) return undefined;
    const attrs = this.#attrs.get(entity.id);
    return attrs ? { ...entity, ...attrs, id: entity.id, type: entity.type } : entity;
  }
}
