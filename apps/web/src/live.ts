import { api, authHeaders, type AlarmJson, type Entity, type Kpis, type Warning } from './api';

/**
 * The page's one live stream (GET /api/v1/events, server-sent events) read with fetch, so the
 * session's bearer token goes in a header (EventSource cannot send one, and a token in the URL would
 * end up in logs). It carries the KPIs, the open alarms and the warnings (the server pushes them:
 * nothing is polled) and, while the map shows, the changes of the entities in its view. Reconnects
 * after a drop with Last-Event-ID, so no change in between is missed; after a drop longer than the
 * server's replay window, it says `missed` and the map loads its view again.
 */

export interface Change extends Entity {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly at: string;
  /** The change was too large for the stream: only its small attributes came (the entity has the rest). */
  readonly abridged?: true;
}

export type LiveState = 'connecting' | 'live' | 'retrying';

/** What the map follows: entity types in a box, and what to do with their changes. */
export interface Followed {
  readonly types: readonly string[];
  readonly bbox?: readonly number[] | undefined;
  readonly onChanges: (changes: Change[]) => void;
  /** The stream came back too late to replay what changed meanwhile: load the view again. */
  readonly onMissed?: (() => void) | undefined;
  /**
   * The stream is in place (on each opening): every change committed from now on comes on it, so a
   * load of the view begun now misses nothing.
   */
  readonly onOpen?: (() => void) | undefined;
}

export interface LiveHandlers {
  readonly onKpis: (kpis: Kpis) => void;
  /** The open alarms when the stream (re)opens, most severe and newest first. */
  readonly onAlarms: (alarms: AlarmJson[]) => void;
  /** One alarm as it is after a change. */
  readonly onAlarm: (alarm: AlarmJson) => void;
  readonly onWarnings: (warnings: Warning[]) => void;
  readonly onState: (state: LiveState) => void;
}

/**
 * The server's heartbeat is every 15 s: this long without a byte (a heartbeat and a few seconds of
 * grace), the connection is dead and the page says it is reconnecting.
 */
const SILENCE_MS = 20_000;
const FEEDS = 'kpis,alarms,warnings';

export class LiveStream {
  readonly #handlers: LiveHandlers;
  #followed: Followed | null = null;
  #close: (() => void) | undefined;

  constructor(handlers: LiveHandlers) {
    this.#handlers = handlers;
  }

  start(): void {
    this.#open();
  }

  /** Follows the map's view (null: no map); the stream reopens for it, the feeds with it. */
  follow(followed: Followed | null): void {
    this.#followed = followed;
    if (this.#close) this.#open(true);
  }

  stop(): void {
    this.#close?.();
    this.#close = undefined;
  }

  #open(reconnecting = false): void {
    this.#close?.();
    const followed = this.#followed;
    const params = new URLSearchParams({ feeds: FEEDS });
    if (followed) {
      params.set('type', followed.types.join(','));
      if (followed.bbox) params.set('bbox', followed.bbox.map((n) => n.toFixed(5)).join(','));
    }
    const h = this.#handlers;
    this.#close = openStream(params, reconnecting, h.onState, (event, data) => {
      if (event === 'change') followed?.onChanges(data as Change[]);
      else if (event === 'missed') followed?.onMissed?.();
      else if (event === 'open') followed?.onOpen?.();
      else if (event === 'kpis') h.onKpis(data as Kpis);
      else if (event === 'alarms') h.onAlarms((data as { alarms: AlarmJson[] }).alarms);
      else if (event === 'alarm') h.onAlarm(data as AlarmJson);
      else if (event === 'warnings') h.onWarnings((data as { warnings: Warning[] }).warnings);
    });
  }
}

/**
 * Opens the stream; the returned function closes it. Changes are handed over in batches, once per
 * frame (as one `change` event with an array); the feeds' events as they come.
 */
function openStream(
  params: URLSearchParams,
  reconnecting: boolean,
  onState: (state: LiveState) => void,
  onEvent: (event: string, data: unknown) => void,
): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  let retryMs = 2000;
  let refusedMs = 0;
  let pending: Change[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length > 0 && !controller.signal.aborted) onEvent('change', batch);
  };

  // Once the stream was live (or it opens again after a failure), every new attempt is a reconnect.
  let attempt: LiveState = reconnecting ? 'retrying' : 'connecting';
  const run = async () => {
    while (!controller.signal.aborted) {
      onState(attempt);
      // A connection that goes silent (a server or network gone without closing it) is dropped.
      const connection = new AbortController();
      const drop = () => connection.abort();
      controller.signal.addEventListener('abort', drop);
      let silence = setTimeout(drop, SILENCE_MS);
      try {
        const response = await fetch(`/api/v1/events?${params.toString()}`, {
          headers: { accept: 'text/event-stream', ...authHeaders(), ...(lastId ? { 'last-event-id': lastId } : {}) },
          signal: connection.signal,
        });
        // A session that ended: asking through the API client leads to the login page.
        if (response.status === 401) void api.me().catch(() => undefined);
        // Too many streams of this account (other tabs): wait as long as the server asks.
        const retryAfter = Number(response.headers.get('retry-after'));
        if (response.status === 429 && retryAfter > 0) refusedMs = retryAfter * 1000;
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        onState('live');
        attempt = 'retrying';
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          clearTimeout(silence);
          silence = setTimeout(drop, SILENCE_MS);
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let data = '';
            let event = 'message';
            let id: string | undefined;
            for (const line of block.split('\n')) {
              if (line.startsWith('data: ')) data += line.slice(6);
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('id: ')) id = line.slice(4);
              else if (line.startsWith('retry: ')) retryMs = Number(line.slice(7)) || retryMs;
            }
            if (id) lastId = id;
            if (!data) continue;
            if (event !== 'change') {
              onEvent(event, JSON.parse(data));
              continue;
            }
            pending.push(JSON.parse(data) as Change);
            if (!scheduled) {
              scheduled = true;
              requestAnimationFrame(flush);
            }
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      } finally {
        clearTimeout(silence);
        controller.signal.removeEventListener('abort', drop);
      }
      if (controller.signal.aborted) return;
      onState('retrying');
      attempt = 'retrying';
      const waitMs = Math.max(retryMs, refusedMs);
      refusedMs = 0;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
  void run();
  return () => controller.abort();
}
