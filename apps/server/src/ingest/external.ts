import { connect as connectTcp, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as connectTls } from 'node:tls';
import * as mqttPacket from 'mqtt-packet';
import type { Logger } from 'pino';
import type { IngestPipeline } from './pipeline.js';
import { parseTopic, topicForLog } from './topics.js';
import { receiveFromDevice, type CommandResultHandler, type Downlink } from './uplink.js';

/**
 * Thang Long as a client of an external MQTT broker (MQTT_URL: Mosquitto, EMQX), MQTT 5.
 *
 * Why not a general MQTT client library: they hand incoming messages over one at a time and send
 * the PUBACK before taking the next, so holding an acknowledgement until the batch commits would
 * store one message per commit. Here many messages are in flight at once, each PUBACK is sent
 * after its commit, in the order the messages came (as MQTT requires), and the Receive Maximum we
 * announce is the back-pressure: the broker sends no more than that many unacknowledged messages.
 *
 * The session is persistent (Session Expiry) and subscriptions are shared (`$share/<MQTT_CLIENT_ID>/…`):
 * several instances split the devices' traffic, and what an instance had not acknowledged when it
 * stopped is sent again, to it or to another.
 */

const RECEIVE_MAXIMUM = 2000;
const SESSION_EXPIRY_S = 3600;
const KEEPALIVE_S = 30;
const CONNECT_TIMEOUT_MS = 10_000;
const PUBLISH_TIMEOUT_MS = 10_000;
const PREFIXES = ['', '/', 'json/', '/json/', 'ul/', '/ul/'];
const FILTERS = PREFIXES.flatMap((p) => [`${p}+/+/attrs`, `${p}+/+/attrs/+`, `${p}+/+/cmdexe`]);

interface Inflight {
  readonly messageId: number | undefined;
  settled: 'pending' | 'ack' | 'drop';
}

interface Connection {
  readonly socket: Socket;
  readonly acks: Inflight[];
  alive: boolean;
}

export class ExternalBroker implements Downlink {
  readonly #url: URL;
  readonly #clientId: string;
  readonly #group: string;
  readonly #pipeline: IngestPipeline;
  readonly #log: Logger;
  readonly #onCommandResult: CommandResultHandler;
  readonly #published = new Map<number, { resolve: () => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
  #connection: Connection | undefined;
  #nextId = 0;
  #stopping = false;
  #retryMs = 1000;
  #reconnect: NodeJS.Timeout | undefined;
  #ping: NodeJS.Timeout | undefined;

  constructor(deps: {
    url: string;
    clientId: string;
    pipeline: IngestPipeline;
    log: Logger;
    onCommandResult: CommandResultHandler;
  }) {
    this.#url = new URL(deps.url);
    if (!['mqtt:', 'mqtts:', 'tcp:', 'tls:'].includes(this.#url.protocol)) {
      throw new Error(`MQTT_URL: devices' traffic is read over mqtt:// or mqtts:// (got ${this.#url.protocol})`);
    }
    this.#group = deps.clientId;
    // Stable across restarts of this instance, so its persistent session (and what it holds) is found again.
    this.#clientId = `${deps.clientId}-${hostname()}`.slice(0, 64);
    this.#pipeline = deps.pipeline;
    this.#log = deps.log;
    this.#onCommandResult = deps.onCommandResult;
  }

  /** Connects and subscribes; rejects if the broker cannot be reached or refuses. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#reconnect);
    clearInterval(this.#ping);
    const c = this.#connection;
    this.#connection = undefined;
    if (c?.alive) {
      c.socket.write(mqttPacket.generate({ cmd: 'disconnect' }, { protocolVersion: 5 }));
      c.socket.end();
    }
    for (const [, p] of this.#published) {
      clearTimeout(p.timer);
      p.reject(new Error('stopped'));
    }
    this.#published.clear();
  }

  publish(topic: string, payload: string, qos: 0 | 1): Promise<void> {
    const c = this.#connection;
    if (!c?.alive) return Promise.reject(new Error('not connected to the MQTT broker'));
    if (qos === 0) {
      c.socket.write(
        mqttPacket.generate(
          { cmd: 'publish', topic, payload, qos: 0, dup: false, retain: false },
          { protocolVersion: 5 },
        ),
      );
      return Promise.resolve();
    }
    const messageId = this.#messageId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#published.delete(messageId);
        reject(new Error(`the MQTT broker did not acknowledge ${topic}`));
      }, PUBLISH_TIMEOUT_MS);
      this.#published.set(messageId, { resolve, reject, timer });
      c.socket.write(
        mqttPacket.generate(
          { cmd: 'publish', topic, payload, qos: 1, messageId, dup: false, retain: false },
          { protocolVersion: 5 },
        ),
      );
    });
  }

  #messageId(): number {
    this.#nextId = (this.#nextId % 65535) + 1;
    return this.#nextId;
  }

  #connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const port =
        Number(this.#url.port) || (this.#url.protocol === 'mqtts:' || this.#url.protocol === 'tls:' ? 8883 : 1883);
      const host = this.#url.hostname;
      const socket =
        this.#url.protocol === 'mqtts:' || this.#url.protocol === 'tls:'
          ? connectTls({ host, port, servername: host })
          : connectTcp({ host, port });
      const connection: Connection = { socket, acks: [], alive: false };
      const parser = mqttPacket.parser({ protocolVersion: 5 });
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new Error(`no answer from the MQTT broker at ${host}:${port}`)),
        CONNECT_TIMEOUT_MS,
      );

      parser.on('packet', (packet: mqttPacket.Packet) => {
        switch (packet.cmd) {
          case 'connack': {
            clearTimeout(timer);
            const code = packet.reasonCode ?? packet.returnCode ?? 0;
            if (code !== 0) return fail(new Error(`the MQTT broker refused the connection (reason ${code})`));
            connection.alive = true;
            this.#connection = connection;
            this.#retryMs = 1000;
            socket.write(
              mqttPacket.generate(
                {
                  cmd: 'subscribe',
                  messageId: this.#messageId(),
                  subscriptions: FILTERS.map((f) => ({ topic: `$share/${this.#group}/${f}`, qos: 1 as const })),
                },
                { protocolVersion: 5 },
              ),
            );
            clearInterval(this.#ping);
            this.#ping = setInterval(
              () => {
                if (connection.alive) socket.write(mqttPacket.generate({ cmd: 'pingreq' }, { protocolVersion: 5 }));
              },
              (KEEPALIVE_S * 1000) / 2,
            );
            this.#ping.unref();
            break;
          }
          case 'suback': {
            const refused = (packet.granted as number[]).filter((g) => g >= 0x80).length;
            if (refused > 0) this.#log.error({ refused }, 'the MQTT broker refused subscriptions to device topics');
            if (!settled) {
              settled = true;
              this.#log.info(
                { url: `${host}:${port}`, clientId: this.#clientId },
                'reading devices from the external MQTT broker',
              );
              resolve();
            }
            break;
          }
          case 'publish':
            this.#receive(connection, packet);
            break;
          case 'puback': {
            const p = this.#published.get(packet.messageId as number);
            if (p) {
              clearTimeout(p.timer);
              this.#published.delete(packet.messageId as number);
              p.resolve();
            }
            break;
          }
          case 'disconnect':
            this.#log.warn({ reason: packet.reasonCode }, 'the MQTT broker disconnected us');
            socket.destroy();
            break;
          case 'pingresp':
          case 'unsuback':
          case 'auth':
          case 'connect':
          case 'pingreq':
          case 'pubcomp':
          case 'pubrec':
          case 'pubrel':
          case 'subscribe':
          case 'unsubscribe':
            break; // not part of a QoS 1 subscriber's conversation
        }
      });
      parser.on('error', (err: Error) => {
        this.#log.error({ err }, 'unreadable packet from the MQTT broker');
        socket.destroy();
      });
      socket.on('data', (data: Buffer) => parser.parse(data));
      socket.on('error', (err: Error) => {
        if (!settled) fail(err);
        else this.#log.warn({ err: err.message }, 'MQTT connection error');
      });
      socket.on('close', () => {
        connection.alive = false;
        if (this.#connection === connection) this.#connection = undefined;
        if (settled && !this.#stopping) this.#scheduleReconnect();
      });
      socket.once(
        this.#url.protocol === 'mqtts:' || this.#url.protocol === 'tls:' ? 'secureConnect' : 'connect',
        () => {
          socket.write(
            mqttPacket.generate(
              {
                cmd: 'connect',
                protocolId: 'MQTT',
                protocolVersion: 5,
                clientId: this.#clientId,
                clean: false,
                keepalive: KEEPALIVE_S,
                ...(this.#url.username ? { username: decodeURIComponent(this.#url.username) } : {}),
                ...(this.#url.password ? { password: Buffer.from(decodeURIComponent(this.#url.password)) } : {}),
                properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: RECEIVE_MAXIMUM },
              },
              { protocolVersion: 5 },
            ),
          );
        },
      );
    });
  }

  #scheduleReconnect(): void {
    clearTimeout(this.#reconnect);
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
    this.#log.warn({ retryInMs: wait }, 'lost the MQTT broker; reconnecting');
    this.#reconnect = setTimeout(() => {
      this.#connect().catch((err: unknown) => {
        this.#log.warn({ err: (err as Error).message }, 'MQTT reconnect failed');
        if (!this.#stopping) this.#scheduleReconnect();
      });
    }, wait);
  }

  #receive(connection: Connection, packet: mqttPacket.IPublishPacket): void {
    const slot: Inflight = { messageId: packet.qos > 0 ? packet.messageId : undefined, settled: 'pending' };
    if (packet.qos > 0) connection.acks.push(slot);
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    this.#handle(packet.topic, payload).then(
      () => this.#settle(connection, slot, 'ack'),
      (err: unknown) => {
        // Not stored: no acknowledgement. Closing makes the broker send it (and those after it) again.
        this.#log.error(
          { err, topic: topicForLog(packet.topic) },
          'device message not stored; reconnecting to have it again',
        );
        slot.settled = 'drop';
        connection.socket.destroy();
      },
    );
  }

  /** Sends PUBACKs in the order the messages came, as far as they are settled. */
  #settle(connection: Connection, slot: Inflight, outcome: 'ack'): void {
    slot.settled = outcome;
    while (connection.acks.length > 0 && (connection.acks[0] as Inflight).settled !== 'pending') {
      const next = connection.acks.shift() as Inflight;
      if (next.settled === 'ack' && next.messageId !== undefined && connection.alive) {
        connection.socket.write(
          mqttPacket.generate({ cmd: 'puback', messageId: next.messageId }, { protocolVersion: 5 }),
        );
      }
    }
  }

  async #handle(topicName: string, payload: Buffer): Promise<void> {
    const topic = parseTopic(topicName);
    if (!topic || topic.kind === 'cmd' || topic.kind === 'errors') return;
    await receiveFromDevice(topic, topicName, payload, {
      pipeline: this.#pipeline,
      onCommandResult: this.#onCommandResult,
      downlink: this,
    });
  }
}
