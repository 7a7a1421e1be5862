import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { Logger } from 'pino';
import type { AuthService, Principal } from '../platform/auth/index.js';
import { rolesGrant } from '../platform/auth/permissions.js';
import type { IngestPipeline } from './pipeline.js';
import type { DeviceRegistry } from './registry.js';
import { parseTopic, type DeviceTopic } from './topics.js';
import { receiveFromDevice, type CommandResultHandler, type Downlink } from './uplink.js';

/**
 * The embedded MQTT broker devices connect to (when MQTT_URL is not set).
 *
 * Who may do what:
 * - a device connecting with username = its device id and password = its API key speaks for that
 *   device only: it publishes its measures and command results, and reads its commands and errors;
 * - with MQTT_DEVICE_AUTH=apikey (the FIWARE way, the default) a device may also connect without
 *   credentials: the API key in its topics is its secret, and the connection belongs to the first
 *   device it speaks for;
 * - a platform account (password = a platform API key, `tl_…`) with iot:write may publish for any
 *   device and subscribe to anything (gateways, the simulator, integration tools).
 *
 * A QoS 1 message is acknowledged only after its measures are committed: the broker holds the PUBACK
 * (and reads nothing more from that connection) until then.
 */

export type DeviceAuth = 'apikey' | 'credentials';

type Binding =
  | { readonly kind: 'device'; apikey: string | undefined; deviceId: string | undefined }
  | { readonly kind: 'platform'; readonly principal: Principal };

const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;

function refusal(message: string, returnCode: number): AuthenticateError {
  return Object.assign<Error, { returnCode: number }>(new Error(message), { returnCode });
}

export class EmbeddedBroker implements Downlink {
  readonly #pipeline: IngestPipeline;
  readonly #registry: DeviceRegistry;
  readonly #auth: AuthService;
  readonly #log: Logger;
  readonly #deviceAuth: DeviceAuth;
  readonly #onCommandResult: CommandResultHandler;
  readonly #bindings = new WeakMap<Client, Binding>();
  #aedes: Aedes | undefined;
  #server: Server | undefined;

  constructor(deps: {
    pipeline: IngestPipeline;
    registry: DeviceRegistry;
    auth: AuthService;
    log: Logger;
    deviceAuth: DeviceAuth;
    onCommandResult: CommandResultHandler;
  }) {
    this.#pipeline = deps.pipeline;
    this.#registry = deps.registry;
    this.#auth = deps.auth;
    this.#log = deps.log;
    this.#deviceAuth = deps.deviceAuth;
    this.#onCommandResult = deps.onCommandResult;
  }

  /** Listens on host:port; resolves with the port bound (useful with port 0). */
  async start(host: string, port: number): Promise<number> {
    const aedes = await Aedes.createBroker({
      id: 'thanglong',
      // A slow database holds PUBACKs back, and the broker reads no more from a held connection.
      concurrency: 1000,
      authenticate: (client, username, password, done) => {
        this.#authenticate(client, username, password).then(
          () => done(null, true),
          (err: AuthenticateError) => done(err, false),
        );
      },
      authorizePublish: (client, packet, done) => {
        if (!client) return done(null);
        this.#publish(client, packet).then(
          () => done(null),
          (err: Error) => done(err),
        );
      },
      authorizeSubscribe: (client, subscription, done) => {
        this.#subscribe(client, subscription).then(
          (allowed) => done(null, allowed),
          (err: Error) => done(err, null),
        );
      },
    });
    aedes.on('clientError', (client, err) =>
      this.#log.debug({ clientId: client.id, err: err.message }, 'MQTT client error'),
    );
    this.#aedes = aedes;
    const server = createServer(aedes.handle);
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    const aedes = this.#aedes;
    this.#server = undefined;
    this.#aedes = undefined;
    // Stop accepting first, then hang up on every device: the server's close waits for its connections.
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await closed;
  }

  publish(topic: string, payload: string, qos: 0 | 1): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) return Promise.reject(new Error('the MQTT broker is not running'));
    return new Promise((resolve, reject) =>
      aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  async #authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<void> {
    const secret = password?.toString('utf8');
    if (secret !== undefined && secret.startsWith('tl_')) {
      let principal: Principal | null = null;
      try {
        principal = await this.#auth.authenticate(undefined, secret);
      } catch {
        principal = null;
      }
      if (!principal) throw refusal('The API key is not valid.', BAD_CREDENTIALS);
      if (!rolesGrant(principal.roles, 'iot:write'))
        throw refusal('This account may not act for devices.', NOT_AUTHORIZED);
      this.#bindings.set(client, { kind: 'platform', principal });
      return;
    }
    if (username !== undefined && username !== '' && secret !== undefined) {
      try {
        await this.#registry.device(secret, username, 'mqtt');
      } catch {
        throw refusal('Unknown device or wrong API key.', BAD_CREDENTIALS);
      }
      this.#bindings.set(client, { kind: 'device', apikey: secret, deviceId: username });
      return;
    }
    if (this.#deviceAuth === 'credentials') {
      throw refusal('Devices connect with username = device id and password = API key.', NOT_AUTHORIZED);
    }
    this.#bindings.set(client, { kind: 'device', apikey: undefined, deviceId: undefined });
  }

  /** May this connection speak for the device of this topic? A connection without credentials is bound on first use. */
  #mayAct(client: Client, topic: DeviceTopic): boolean {
    const binding = this.#bindings.get(client);
    if (!binding) return false;
    if (binding.kind === 'platform') return true;
    if (binding.apikey === undefined) {
      binding.apikey = topic.apikey;
      binding.deviceId = topic.deviceId;
      return true;
    }
    return binding.apikey === topic.apikey && binding.deviceId === topic.deviceId;
  }

  async #publish(client: Client, packet: PublishPacket): Promise<void> {
    const topic = parseTopic(packet.topic);
    const binding = this.#bindings.get(client);
    if (!topic) {
      // Topics outside the device conventions are for platform accounts only.
      if (binding?.kind === 'platform') return;
      throw new Error(`${packet.topic} is not a device topic`);
    }
    if (topic.kind === 'cmd' || topic.kind === 'errors') {
      if (binding?.kind === 'platform') return;
      throw new Error(`devices do not publish on ${packet.topic}`);
    }
    if (!this.#mayAct(client, topic)) throw new Error(`this connection does not speak for ${topic.deviceId}`);
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    await receiveFromDevice(topic, packet.topic, payload, {
      pipeline: this.#pipeline,
      onCommandResult: this.#onCommandResult,
      downlink: this,
    });
  }

  async #subscribe(client: Client, subscription: Subscription): Promise<Subscription | null> {
    const binding = this.#bindings.get(client);
    if (binding?.kind === 'platform') return subscription;
    const topic = parseTopic(subscription.topic);
    if (!topic || (topic.kind !== 'cmd' && topic.kind !== 'errors') || !this.#mayAct(client, topic)) {
      this.#log.info({ clientId: client.id, topic: subscription.topic }, 'MQTT subscription refused');
      return null;
    }
    return subscription;
  }
}
