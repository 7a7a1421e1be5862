import { isIP } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { OutboundGuard } from '../../platform/outbound.js';
import type { OutboxMessage } from './store.js';

/** How a notification reaches its receiver: HTTP(S) POST, or a publish to an MQTT broker. */

export interface Sender {
  /** Resolves when the receiver has taken the notification; rejects with why it did not. */
  send(endpoint: string, message: OutboxMessage): Promise<void>;
  close(): Promise<void>;
}

export class DeliveryFailed extends Error {}

/** Headers that describe the connection or the body framing: the sender sets them, never receiverInfo. */
const CONNECTION_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/** Most of a receiver's answer read (and thrown away): enough for a status, nothing to fill memory with. */
const ANSWER_LIMIT = 64 * 1024;

export class HttpSender implements Sender {
  readonly #timeoutMs: number;
  readonly #outbound: OutboundGuard;

  constructor(timeoutMs: number, outbound: OutboundGuard) {
    this.#timeoutMs = timeoutMs;
    this.#outbound = outbound;
  }

  /** Checked again at each delivery (a name can come to resolve elsewhere), and sent to the address checked. */
  async send(endpoint: string, message: OutboxMessage): Promise<void> {
    const headers = Object.fromEntries(
      Object.entries(message.headers).filter(([k]) => !CONNECTION_HEADERS.has(k.toLowerCase())),
    );
    let status: number;
    try {
      ({ status } = await this.#outbound.request(endpoint, {
        method: 'POST',
        headers: { ...headers, 'content-type': message.contentType },
        body: message.body,
        timeoutMs: message.timeoutMs ?? this.#timeoutMs,
        maxBytes: ANSWER_LIMIT,
      }));
    } catch (err) {
      throw new DeliveryFailed(`POST ${endpoint}: ${(err as Error).message}`);
    }
    if (status < 200 || status > 299) throw new DeliveryFailed(`POST ${endpoint}: HTTP ${status}`);
  }

  async close(): Promise<void> {}
}

/**
 * MQTT endpoints (mqtt://[user:pass@]host[:port]/topic): one connection per broker and credentials,
 * reused by every subscription that notifies there. The payload is {metadata, body}: the headers an
 * HTTP notification would carry, and the notification.
 */
export class MqttSender implements Sender {
  readonly #clients = new Map<string, MqttClient>();
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #outbound: OutboundGuard;

  constructor(timeoutMs: number, log: Logger, outbound: OutboundGuard) {
    this.#timeoutMs = timeoutMs;
    this.#log = log;
    this.#outbound = outbound;
  }

  async send(endpoint: string, message: OutboxMessage): Promise<void> {
    const url = new URL(endpoint);
    const topic = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (topic === '') throw new DeliveryFailed(`${redact(url)}: the endpoint names no topic`);
    // MQTT-Version tells which protocol to speak; it is not a header for the receiver.
    const { ['MQTT-Version']: version, ...headers } = message.headers;
    let address: string;
    try {
      ({ address } = await this.#outbound.check(url));
    } catch (err) {
      throw new DeliveryFailed(`${redact(url)}: ${(err as Error).message}`);
    }
    const client = this.#client(url, address, version === 'mqtt5.0' ? 5 : 4);
    const payload = JSON.stringify({
      metadata: { 'Content-Type': message.contentType, ...headers },
      body: JSON.parse(message.body) as unknown,
    });
    const timeoutMs = message.timeoutMs ?? this.#timeoutMs;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DeliveryFailed(`${redact(url)}: no acknowledgement in ${timeoutMs} ms`)),
        timeoutMs,
      );
      // A broker that is down: the client queues while it reconnects; the timer above gives up.
      client.publish(topic, payload, { qos: message.qos }, (err) => {
        clearTimeout(timer);
        if (err) reject(new DeliveryFailed(`${redact(url)}: ${err.message}`));
        else resolve();
      });
    });
  }

  /** A connection to the checked address (the broker's name still names it for TLS). */
  #client(url: URL, address: string, protocolVersion: 4 | 5): MqttClient {
    const key = `${protocolVersion} ${url.protocol}//${url.username}:${url.password}@${url.host} ${address}`;
    let client = this.#clients.get(key);
    if (!client) {
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      client = mqtt.connect({
        protocol: url.protocol === 'mqtts:' ? 'mqtts' : 'mqtt',
        host: address,
        port: url.port === '' ? (url.protocol === 'mqtts:' ? 8883 : 1883) : Number(url.port),
        ...(url.protocol === 'mqtts:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
        username: url.username ? decodeURIComponent(url.username) : undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        clientId: `thanglong-notify-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
        protocolVersion,
        reconnectPeriod: 1000,
        connectTimeout: this.#timeoutMs,
      });
      client.on('error', (err) => this.#log.warn({ err, broker: redact(url) }, 'MQTT notification broker error'));
      this.#clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  }
}

/** The endpoint without its password, for logs and errors. */
function redact(url: URL): string {
  return `${url.protocol}//${url.username ? `${url.username}:***@` : ''}${url.host}${url.pathname}`;
}

/** Chooses the sender by the endpoint's scheme. */
export class Senders implements Sender {
  readonly #http: HttpSender;
  readonly #mqtt: MqttSender;

  constructor(timeoutMs: number, log: Logger, outbound: OutboundGuard) {
    this.#http = new HttpSender(timeoutMs, outbound);
    this.#mqtt = new MqttSender(timeoutMs, log, outbound);
  }

  send(endpoint: string, message: OutboxMessage): Promise<void> {
    const scheme = endpoint.slice(0, endpoint.indexOf(':')).toLowerCase();
    if (scheme === 'http' || scheme === 'https') return this.#http.send(endpoint, message);
    if (scheme === 'mqtt' || scheme === 'mqtts') return this.#mqtt.send(endpoint, message);
    return Promise.reject(new DeliveryFailed(`unsupported endpoint scheme "${scheme}"`));
  }

  async close(): Promise<void> {
    await Promise.all([this.#http.close(), this.#mqtt.close()]);
  }
}
