import type { MqttClient } from 'mqtt';

/** The first wait before connecting again, and the longest once the server has answered nothing for a while. */
export const RECONNECT_MS = 2_000;
const MAX_RECONNECT_MS = 60_000;

/**
 * A simulated device waits twice as long (with jitter) before each new attempt while the server
 * answers none: a server too busy to accept is not flooded by every device retrying every 2 seconds,
 * which would keep its accept queue full of connections already given up.
 */
export function backOffWhileUnanswered(client: MqttClient): void {
  let answered = false;
  client.on('connect', () => {
    answered = true;
    client.options.reconnectPeriod = RECONNECT_MS;
  });
  // Before the client's own handler, which schedules the next attempt with the period set here.
  client.prependListener('close', () => {
    if (!answered) {
      const doubled = Math.min(MAX_RECONNECT_MS, 2 * (client.options.reconnectPeriod ?? RECONNECT_MS));
      client.options.reconnectPeriod = Math.round(doubled * (0.75 + Math.random() * 0.25));
    }
    answered = false;
  });
}
