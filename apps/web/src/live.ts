import { authHeaders, type Entity } from './api';

/**
 * The live change stream (GET /api/v1/events, server-sent events) read with fetch, so the session's
 * bearer token goes in a header (EventSource cannot send one, and a token in the URL would end up in
 * logs). Reconnects after a drop with Last-Event-ID, so no change in between is missed.
 */

export interface Change extends Entity {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly at: string;
}

export interface LiveOptions {
  readonly types: readonly string[];
  readonly bbox?: readonly number[] | undefined;
  readonly onChanges: (changes: Change[]) => void;
  readonly onState?: (state: 'connecting' | 'live' | 'retrying') => void;
}

/** Opens the stream; the returned function closes it. Changes are handed over in batches, once per frame. */
export function openLive(options: LiveOptions): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  let retryMs = 2000;
  let pending: Change[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length > 0) options.onChanges(batch);
  };

  const params = new URLSearchParams({ type: options.types.join(',') });
  if (options.bbox) params.set('bbox', options.bbox.map((n) => n.toFixed(5)).join(','));

  const run = async () => {
    while (!controller.signal.aborted) {
      options.onState?.('connecting');
      try {
        const response = await fetch(`/api/v1/events?${params.toString()}`, {
          headers: { accept: 'text/event-stream', ...authHeaders(), ...(lastId ? { 'last-event-id': lastId } : {}) },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        options.onState?.('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let data = '';
            let id: string | undefined;
            for (const line of block.split('\n')) {
              if (line.startsWith('data: ')) data += line.slice(6);
              else if (line.startsWith('id: ')) id = line.slice(4);
              else if (line.startsWith('retry: ')) retryMs = Number(line.slice(7)) || retryMs;
            }
            if (id) lastId = id;
            if (data) {
              pending.push(JSON.parse(data) as Change);
              if (!scheduled) {
                scheduled = true;
                requestAnimationFrame(flush);
              }
            }
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      options.onState?.('retrying');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => controller.abort();
}
