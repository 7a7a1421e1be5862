/**
 * Asks /health/live every 20 ms until stopped, and says the slowest answer: how long one request
 * waited while the instance did the work being measured. A probe that gets no answer (undici gives up
 * after 300 s) still counts the time it waited.
 */
export function probeHealth(url: string): { stop: () => Promise<number> } {
  let probing = true;
  let slowestMs = 0;
  const loop = (async () => {
    while (probing) {
      const started = performance.now();
      await fetch(`${url}/health/live`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      probing = false;
      await loop;
      return slowestMs;
    },
  };
}
