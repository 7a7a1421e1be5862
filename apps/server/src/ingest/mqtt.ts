import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { Logger } from 'pino';
import type { EventBus } from '../platform/bus.js';
import {
  ALL_TENANTS,
  canActInTenant,
  type AuthService,
  type PermissionTable,
  type Principal,
} from '../platform/auth/index.js';
import { rolesGrant } from '../platform/auth/permissions.js';
import { AppError } from '../platform/errors.js';
import type { IngestMetrics } from '../platform/metrics.js';
import { SourceLimiter } from '../platform/source-limiter.js';
import { PayloadRejected } from './errors.js';
import type { AccountProof, IngestPipeline } from './pipeline.js';
import { auditRefusedDevice, type AuditSink } from './device-audit.js';
import type { DeviceRegistry, KnownDevice } from './registry.js';
import { parseTopic, topicForLog, topicLevels, type DeviceTopic } from './topics.js';
import { receiveFromDevice, type CommandResultHandler, type Downlink } from './uplink.js';

/**
 * The embedded MQTT broker devices connect to (when MQTT_URL is not set).
 *
 * Who may do what:
 * - a device connecting with username = its device id and password = its API key, or its own secret,
 *   speaks for that device only: it publishes its measures and command results, and reads its
 *   commands and errors. A device of a group with deviceAuth `secret` connects with its own secret
 *   only: its group's API key is refused, and so are its topics to connections that did not give it;
 * - with MQTT_DEVICE_AUTH=apikey (the FIWARE way, the default) a device may also connect without
 *   credentials: the API key in its topics is its secret, and the connection belongs to the first
 *   device it speaks for;
 * - a platform account (password = a platform API key, `tl_…`) with iot:write acts for the devices
 *   of its tenant (gateways, the simulator, integration tools): it publishes on their topics only, and
 *   its subscriptions, wildcards included, are sent only messages of its tenant's devices. A key of
 *   every tenant (`*`) may publish and read anything. For a device of a type a module keeps (a unit's
 *   terminal) it needs the module's permission too (emergency:write), and what it sends is marked as
 *   an account's, never as the terminal's own;
 * - commands and errors (`…/cmd`, `…/errors`) are the centre's to send: no connection publishes them.
 *
 * A platform key is checked again on every action and whenever access changes (revocation), and the
 * connection is closed once the key no longer holds.
 *
 * A QoS 1 message is acknowledged only after its measures are committed: the broker holds the PUBACK
 * (and reads nothing more from that connection) until then.
 *
 * Each device connection (and each device a platform connection speaks for) may publish at a sustained
 * rate with a burst (IOT_DEVICE_RATE, IOT_DEVICE_BURST), so a flooding client costs little and holds
 * nobody else back. Over it, a QoS 0 message is dropped (neither stored nor relayed) and counted, and a
 * connection that keeps over it (MQTT_FLOOD_DISCONNECT) is closed; a QoS 1 message closes the
 * connection unacknowledged (the device sends it again after reconnecting: nothing acknowledged is lost).
 *
 * A connection must be answered its CONNECT within the connect timeout, or it is closed: a device that
 * went away while waiting, or never sent CONNECT, holds no socket. Credentials are checked a few
 * connections at a time; one whose device hung up while waiting its turn is not checked at all.
 */

export type DeviceAuth = 'apikey' | 'credentials';

type Binding =
  | {
      readonly kind: 'device';
      apikey: string | undefined;
      deviceId: string | undefined;
      /** Its source address, when it connected without credentials: its apikey is then checked on each message. */
      readonly uncheckedFrom: string | undefined;
      /** The device's own secret it connected with: checked again on each message (a rotation ends it). */
      readonly secret: string | undefined;
      readonly address: string | undefined;
    }
  | { readonly kind: 'platform'; principal: Principal; readonly apiKey: string };
type PlatformBinding = Extract<Binding, { kind: 'platform' }>;

/** A connection's share of the publish rate: its keys in the limiter, and its run of dropped messages. */
interface PublishRun {
  readonly serial: number;
  readonly keys: Set<string>;
  /** When its current run of drops began; undefined while nothing is being dropped. */
  overSince: number | undefined;
  lastDropAt: number;
  dropped: number;
}

/** How fast devices may publish, and how long a connection may keep over it before it is closed. */
export interface PublishRate {
  readonly perSecond: number;
  readonly burst: number;
  readonly disconnectAfterMs: number;
}

const SERVER_UNAVAILABLE = 3;
const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;
/** Platform keys are checked this often too, for a revocation made by another instance, or an expiry. */
const RECHECK_MS = 5_000;
/** How many topics' tenants are remembered, for deciding which tenant keys a message is sent to. */
const TOPIC_TENANTS_SIZE = 50_000;
/** Credentials checked at once (each is database work): a storm of reconnections queues instead of swamping it. */
const CONCURRENT_AUTHENTICATIONS = 8;
/** Connections not yet answered their CONNECT beyond which a new one is closed at once, so accepting never stalls. */
const MAX_CONNECTING = 2_000;

function refusal(message: string, returnCode: number): AuthenticateError {
  return Object.assign<Error, { returnCode: number }>(new Error(message), { returnCode });
}

/** The TCP peer of a connection (undefined over a stream that has none). */
const remoteAddressOf = (client: Client): string | undefined =>
  'remoteAddress' in client.conn && typeof client.conn.remoteAddress === 'string'
    ? client.conn.remoteAddress
    : undefined;

const mayActForDevices = (principal: Principal): boolean => rolesGrant(principal.roles, 'iot:write');

export class EmbeddedBroker implements Downlink {
  readonly #pipeline: IngestPipeline;
  readonly #registry: DeviceRegistry;
  readonly #auth: AuthService;
  readonly #permissions: PermissionTable | undefined;
  readonly #log: Logger;
  readonly #deviceAuth: DeviceAuth;
  readonly #connectTimeoutMs: number;
  readonly #onCommandResult: CommandResultHandler;
  readonly #audit: AuditSink | undefined;
  readonly #bus: EventBus | undefined;
  /** Connections made with a device's own secret, by device id. */
  readonly #secretClients = new Map<string, Set<Client>>();
  #stopWatchingDevices: (() => void) | undefined;
  readonly #bindings = new WeakMap<Client, Binding>();
  readonly #platformClients = new Set<Client>();
  /** Topic → the tenant of its device, learnt as messages enter the broker (authorizeForward is synchronous). */
  readonly #topicTenants = new Map<string, string>();
  #aedes: Aedes | undefined;
  #server: Server | undefined;
  #stopWatchingAccess: (() => void) | undefined;
  #recheckTimer: NodeJS.Timeout | undefined;
  #recheck: Promise<void> = Promise.resolve();
  #recheckQueued = false;
  /** Sockets not yet answered their CONNECT, with their deadline. */
  readonly #connecting = new Map<Socket, NodeJS.Timeout>();
  #authenticating = 0;
  readonly #authenticationTurns: (() => void)[] = [];
  readonly #rate: PublishRate;
  /** One bucket per device connection, or per device a platform connection speaks for. */
  readonly #publishLimiter: SourceLimiter;
  readonly #publishRuns = new WeakMap<Client, PublishRun>();
  #publishSerial = 0;
  /** Payloads of dropped messages: aedes relays whatever authorizePublish lets through, so they are not forwarded. */
  readonly #dropped = new WeakSet<Buffer>();
  readonly #metrics: IngestMetrics | undefined;
  readonly #now: () => number;

  constructor(deps: {
    pipeline: IngestPipeline;
    registry: DeviceRegistry;
    auth: AuthService;
    /** What an account's roles grant of the modules' permissions (for kept types' devices). */
    permissions?: PermissionTable | undefined;
    log: Logger;
    deviceAuth: DeviceAuth;
    /** A connection not answered its CONNECT within this is closed (milliseconds). */
    connectTimeoutMs: number;
    onCommandResult: CommandResultHandler;
    audit?: AuditSink | undefined;
    /** Provisioning changes: a device's rotated or revoked secret ends its connections at once. */
    bus?: EventBus | undefined;
    /** How fast a device may publish (the default: IOT_DEVICE_RATE's, IOT_DEVICE_BURST's and MQTT_FLOOD_DISCONNECT's). */
    rate?: PublishRate | undefined;
    metrics?: IngestMetrics | undefined;
    /** The clock the publish rate reads (tests drive it). */
    now?: (() => number) | undefined;
  }) {
    this.#pipeline = deps.pipeline;
    this.#registry = deps.registry;
    this.#auth = deps.auth;
    this.#permissions = deps.permissions;
    this.#log = deps.log;
    this.#deviceAuth = deps.deviceAuth;
    this.#connectTimeoutMs = deps.connectTimeoutMs;
    this.#onCommandResult = deps.onCommandResult;
    this.#audit = deps.audit;
    this.#bus = deps.bus;
    this.#rate = deps.rate ?? { perSecond: 20, burst: 200, disconnectAfterMs: 30_000 };
    this.#publishLimiter = new SourceLimiter(this.#rate.perSecond, 1000, { window: 'bucket', burst: this.#rate.burst });
    this.#metrics = deps.metrics;
    this.#now = deps.now ?? Date.now;
  }

  /** Listens on host:port; resolves with the port bound (useful with port 0). */
  async start(host: string, port: number): Promise<number> {
    const aedes = await Aedes.createBroker({
      id: 'thanglong',
      // A slow database holds PUBACKs back, and the broker reads no more from a held connection.
      concurrency: 1000,
      // Until CONNECT arrives; the deadline in #accept covers it being answered too.
      connectTimeout: this.#connectTimeoutMs,
      authenticate: (client, username, password, done) => {
        this.#authenticateInTurn(client, username, password).then(
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
      authorizeForward: (client, packet) =>
        !this.#dropped.has(packet.payload as Buffer) && this.#mayRead(client, packet.topic) ? packet : null,
    });
    aedes.on('clientError', (client, err) =>
      this.#log.debug({ clientId: client.id, err: err.message }, 'MQTT client error'),
    );
    aedes.on('connackSent', (_connack, client) => this.#connected(client.conn as Socket));
    aedes.on('clientDisconnect', (client) => {
      this.#platformClients.delete(client);
      this.#forgetSecretClient(client);
      for (const key of this.#publishRuns.get(client)?.keys ?? []) this.#publishLimiter.forget(key);
      this.#publishRuns.delete(client);
    });
    this.#stopWatchingDevices = this.#bus?.subscribe('ingest.registry', (e) => {
      if (e.kind === 'device') this.#recheckSecretClients(e.id);
    });
    this.#aedes = aedes;
    this.#stopWatchingAccess = this.#auth.onAccessChange(() => this.#recheckPlatformClients());
    this.#recheckTimer = setInterval(() => this.#recheckPlatformClients(), RECHECK_MS);
    this.#recheckTimer.unref();
    const server = createServer((socket) => this.#accept(aedes, socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        // Accepting goes on after a failed accept (too many open files): it is logged, not fatal.
        server.on('error', (err) => this.#log.warn({ err }, 'MQTT listener error'));
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
    this.#stopWatchingAccess?.();
    this.#stopWatchingAccess = undefined;
    this.#stopWatchingDevices?.();
    this.#stopWatchingDevices = undefined;
    clearInterval(this.#recheckTimer);
    for (const deadline of this.#connecting.values()) clearTimeout(deadline);
    this.#connecting.clear();
    // Stop accepting first, then hang up on every device: the server's close waits for its connections.
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await closed;
    await this.#recheck;
    this.#platformClients.clear();
  }

  async publish(topic: string, payload: string, qos: 0 | 1): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) throw new Error('the MQTT broker is not running');
    await this.#learnTenant(topic);
    return new Promise((resolve, reject) =>
      aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  /**
   * A new connection: it has the connect timeout to be answered its CONNECT. The accept loop does no
   * other work, and beyond MAX_CONNECTING waiting connections a new one is closed at once.
   */
  #accept(aedes: Aedes, socket: Socket): void {
    if (this.#connecting.size >= MAX_CONNECTING) {
      this.#log.warn({ connecting: this.#connecting.size }, 'MQTT connection refused: too many connections waiting');
      socket.destroy();
      return;
    }
    const deadline = setTimeout(() => {
      this.#log.debug({ address: socket.remoteAddress }, 'MQTT connection closed: CONNECT not answered in time');
      socket.destroy();
    }, this.#connectTimeoutMs);
    deadline.unref();
    this.#connecting.set(socket, deadline);
    socket.once('close', () => this.#connected(socket));
    aedes.handle(socket);
  }

  /** Answered its CONNECT (or gone): its deadline no longer applies. */
  #connected(socket: Socket): void {
    clearTimeout(this.#connecting.get(socket));
    this.#connecting.delete(socket);
  }

  /** Checks credentials CONCURRENT_AUTHENTICATIONS at a time; a connection closed while waiting is not checked. */
  async #authenticateInTurn(client: Client, username: string | undefined, password: Buffer | undefined): Promise<void> {
    if (this.#authenticating >= CONCURRENT_AUTHENTICATIONS) {
      await new Promise<void>((resolve) => this.#authenticationTurns.push(resolve));
    } else {
      this.#authenticating++;
    }
    try {
      if (client.closed || !this.#aedes) throw refusal('The connection closed before its turn.', SERVER_UNAVAILABLE);
      await this.#authenticate(client, username, password);
    } finally {
      // The turn passes straight to the next waiting connection, or is given back.
      const next = this.#authenticationTurns.shift();
      if (next) next();
      else this.#authenticating--;
    }
  }

  async #authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<void> {
    const secret = password?.toString('utf8');
    const address = remoteAddressOf(client);
    if (secret !== undefined) {
      // An address that failed too often (wrong passwords, keys, apikeys) is refused before its credentials are looked at.
      try {
        this.#auth.checkAddress(address);
      } catch {
        throw refusal('Too many failed attempts from this address: try again later.', NOT_AUTHORIZED);
      }
    }
    if (secret !== undefined && secret.startsWith('tl_')) {
      const principal = await this.#principalOf(secret, address).catch((err: unknown) => {
        throw this.#unavailable(client, err);
      });
      if (!principal) throw refusal('The API key is not valid.', BAD_CREDENTIALS);
      if (!mayActForDevices(principal)) throw refusal('This account may not act for devices.', NOT_AUTHORIZED);
      this.#bindings.set(client, { kind: 'platform', principal, apiKey: secret });
      this.#platformClients.add(client);
      return;
    }
    if (username !== undefined && username !== '' && secret !== undefined) {
      // The device's own secret first, then the group's API key.
      const own = await this.#registry.deviceBySecret(username, secret).catch((err: unknown) => {
        throw this.#unavailable(client, err);
      });
      if (own?.profile.apikey !== undefined) {
        const apikey = own.profile.apikey;
        this.#bindings.set(client, {
          kind: 'device',
          apikey,
          deviceId: username,
          uncheckedFrom: undefined,
          secret,
          address,
        });
        let clients = this.#secretClients.get(username);
        if (!clients) this.#secretClients.set(username, (clients = new Set()));
        clients.add(client);
        return;
      }
      let device: KnownDevice;
      try {
        device = await this.#registry.device(secret, username, 'mqtt');
      } catch (err) {
        if (!(err instanceof PayloadRejected)) throw this.#unavailable(client, err);
        // A new device past its group's autoprovision cap may come back later: not a wrong credential.
        if (err.reason === 'autoprovision_limit') throw refusal(err.message, SERVER_UNAVAILABLE);
        if (err.reason === 'unknown_apikey') {
          this.#auth.addressFailed(address);
          auditRefusedDevice(this.#audit, {
            deviceId: username,
            transport: 'mqtt',
            address,
            why: 'unknown_credentials',
          });
        }
        throw refusal('Unknown device, or wrong API key or secret.', BAD_CREDENTIALS);
      }
      if (device.profile.secretRequired) {
        this.#auth.addressFailed(address);
        auditRefusedDevice(this.#audit, {
          deviceId: username,
          tenant: device.profile.tenant,
          transport: 'mqtt',
          address,
          why: 'apikey_only',
        });
        throw refusal('This device connects with its own secret as password, not its API key.', BAD_CREDENTIALS);
      }
      this.#bindings.set(client, {
        kind: 'device',
        apikey: secret,
        deviceId: username,
        uncheckedFrom: undefined,
        secret: undefined,
        address,
      });
      return;
    }
    if (this.#deviceAuth === 'credentials') {
      throw refusal('Devices connect with username = device id and password = API key.', NOT_AUTHORIZED);
    }
    this.#bindings.set(client, {
      kind: 'device',
      apikey: undefined,
      deviceId: undefined,
      uncheckedFrom: address,
      secret: undefined,
      address,
    });
  }

  #forgetSecretClient(client: Client): void {
    const binding = this.#bindings.get(client);
    if (binding?.kind !== 'device' || binding.secret === undefined || binding.deviceId === undefined) return;
    const clients = this.#secretClients.get(binding.deviceId);
    clients?.delete(client);
    if (clients?.size === 0) this.#secretClients.delete(binding.deviceId);
  }

  /** A device's secret changed here: its connections with a secret that no longer holds are closed. */
  #recheckSecretClients(deviceId: string): void {
    for (const client of this.#secretClients.get(deviceId) ?? []) {
      const binding = this.#bindings.get(client);
      if (binding?.kind !== 'device' || binding.secret === undefined) continue;
      this.#registry.deviceBySecret(deviceId, binding.secret).then(
        (still) => {
          if (still || client.closed) return;
          this.#log.info({ clientId: client.id, deviceId }, 'MQTT connection closed: its device secret was replaced');
          this.#forgetSecretClient(client);
          client.close();
        },
        (err: unknown) => this.#log.warn({ err, deviceId }, 'could not check the secret of an MQTT connection'),
      );
    }
  }

  /** Credentials that could not be checked (the database is down) are not wrong: the device is told to come back. */
  #unavailable(client: Client, err: unknown): AuthenticateError {
    this.#log.warn({ clientId: client.id, err }, 'MQTT connection refused: its credentials cannot be checked now');
    return refusal('The server cannot check credentials now: try again later.', SERVER_UNAVAILABLE);
  }

  /** The principal of a platform API key, or null when the key does not hold (any more); throws when it cannot be checked. */
  async #principalOf(apiKey: string, address?: string): Promise<Principal | null> {
    try {
      return await this.#auth.authenticate(undefined, apiKey, address);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) return null;
      throw err;
    }
  }

  /** The principal of a platform connection as it is now; a connection whose key no longer holds is closed. */
  async #currentPrincipal(client: Client, binding: PlatformBinding): Promise<Principal> {
    const principal = await this.#principalOf(binding.apiKey);
    if (!principal || !mayActForDevices(principal)) {
      this.#hangUp(client, binding);
      throw new Error('the API key of this connection is no longer valid');
    }
    binding.principal = principal;
    return principal;
  }

  #hangUp(client: Client, binding: PlatformBinding): void {
    this.#platformClients.delete(client);
    if (client.closed) return;
    this.#log.info(
      { clientId: client.id, apiKeyId: binding.principal.id },
      'MQTT connection closed: its API key is no longer valid',
    );
    client.close();
  }

  /** Checks every platform connection's key again (once per key) and closes those that no longer hold. */
  #recheckPlatformClients(): void {
    if (this.#recheckQueued || this.#platformClients.size === 0) return;
    this.#recheckQueued = true;
    this.#recheck = this.#recheck.then(async () => {
      this.#recheckQueued = false;
      const checks = new Map<string, Promise<Principal | null>>();
      await Promise.all(
        [...this.#platformClients].map(async (client) => {
          const binding = this.#bindings.get(client);
          if (client.closed || binding?.kind !== 'platform') {
            this.#platformClients.delete(client);
            return;
          }
          let check = checks.get(binding.apiKey);
          if (!check) checks.set(binding.apiKey, (check = this.#principalOf(binding.apiKey)));
          try {
            const principal = await check;
            if (principal && mayActForDevices(principal)) binding.principal = principal;
            else this.#hangUp(client, binding);
          } catch (err) {
            // Checked again on its next action, or the next round.
            this.#log.warn({ clientId: client.id, err }, 'could not check the API key of an MQTT connection');
          }
        }),
      );
    });
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

  /**
   * Is a message on this topic sent to this connection (which subscribed to it)? A device subscribes
   * only to its own topics; a platform key of one tenant receives only its tenant's devices' messages.
   */
  #mayRead(client: Client, topic: string): boolean {
    const binding = this.#bindings.get(client);
    if (!binding) return false;
    if (binding.kind === 'device' || binding.principal.tenant === ALL_TENANTS) return true;
    const tenant = this.#topicTenants.get(topic);
    return tenant !== undefined && canActInTenant(binding.principal, tenant);
  }

  /** Learns (and remembers) the tenant of a device topic; undefined for other topics, or when it cannot be told. */
  async #learnTenant(topicName: string, known?: string): Promise<string | undefined> {
    const topic = parseTopic(topicName);
    let tenant = known;
    if (tenant === undefined && topic) {
      tenant = await this.#registry.tenantOf(topic.apikey, topic.deviceId).catch(() => undefined);
    }
    this.#topicTenants.delete(topicName);
    if (tenant === undefined) return undefined;
    this.#topicTenants.set(topicName, tenant);
    if (this.#topicTenants.size > TOPIC_TENANTS_SIZE) {
      const oldest = this.#topicTenants.keys().next();
      if (!oldest.done) this.#topicTenants.delete(oldest.value);
    }
    return tenant;
  }

  /**
   * Takes a message from the connection's bucket; false when it is over its rate (the message is then
   * dropped). Throws, closing the connection, once it has kept over it for MQTT_FLOOD_DISCONNECT.
   */
  #withinRate(client: Client, binding: Binding, topic: DeviceTopic | undefined): boolean {
    let run = this.#publishRuns.get(client);
    if (!run) {
      run = { serial: ++this.#publishSerial, keys: new Set(), overSince: undefined, lastDropAt: 0, dropped: 0 };
      this.#publishRuns.set(client, run);
    }
    // A platform connection speaks for many devices: each has its own bucket, as if it connected itself.
    const key = binding.kind === 'platform' ? `${run.serial}\u0000${topic?.deviceId ?? ''}` : String(run.serial);
    // Remembered to be forgotten on disconnect; past a bound the limiter's own eviction takes over.
    if (run.keys.size < 10_000) run.keys.add(key);
    const now = this.#now();
    if (this.#publishLimiter.take(key, now) === 0) return true;
    this.#metrics?.messages.inc({ transport: 'mqtt', outcome: 'rejected' });
    this.#metrics?.rejected.inc({ transport: 'mqtt', reason: 'too_fast' });
    const who = {
      clientId: client.id,
      address: remoteAddressOf(client),
      ...(binding.kind === 'platform' ? { apiKeyId: binding.principal.id } : { deviceId: binding.deviceId }),
    };
    // A quiet spell long enough to refill the burst ends a run.
    const refillMs = (this.#rate.burst * 1000) / this.#rate.perSecond;
    if (run.overSince === undefined || now - run.lastDropAt > refillMs) {
      run.overSince = now;
      run.dropped = 0;
      this.#log.warn({ ...who, perSecond: this.#rate.perSecond }, 'MQTT messages dropped: over the publish rate');
    }
    run.lastDropAt = now;
    run.dropped++;
    if (now - run.overSince >= this.#rate.disconnectAfterMs) {
      this.#log.warn(
        { ...who, dropped: run.dropped, seconds: Math.round((now - run.overSince) / 1000) },
        'MQTT connection closed: it kept publishing over its rate',
      );
      this.#metrics?.floodDisconnects.inc();
      throw new Error('this connection kept publishing over its rate');
    }
    return false;
  }

  async #publish(client: Client, packet: PublishPacket): Promise<void> {
    const binding = this.#bindings.get(client);
    if (!binding) throw new Error('this connection is not authenticated');
    const topic = parseTopic(packet.topic);
    // Before any other work (a platform key's check, a lookup): a flood costs only this.
    if (!this.#withinRate(client, binding, topic)) {
      // A QoS 1 message is never acknowledged and then dropped: the connection is closed without its
      // PUBACK, so the device sends it again once it reconnects, and nothing it was told is taken is lost.
      if (packet.qos > 0) throw new Error('a QoS 1 message over the publish rate: to be sent again after reconnecting');
      if (Buffer.isBuffer(packet.payload)) this.#dropped.add(packet.payload);
      return;
    }
    // A forged assignment on a terminal's cmd topic would reach the terminal as the centre's.
    if (topic?.kind === 'cmd' || topic?.kind === 'errors') {
      this.#log.info(
        { clientId: client.id, topic: topicForLog(packet.topic) },
        'MQTT publish refused: commands and errors are sent by the centre only',
      );
      // Audited as a refused credential: who (the account, or the device the connection proved) tried it.
      auditRefusedDevice(this.#audit, {
        deviceId: topic.deviceId,
        tenant: await this.#registry.tenantOf(topic.apikey, topic.deviceId).catch(() => undefined),
        transport: 'mqtt',
        address: remoteAddressOf(client),
        why: 'centre_topic',
        ...(binding.kind === 'platform' ? { account: binding.principal } : { connectedAs: binding.deviceId }),
      });
      throw new Error(`only the centre publishes on ${topicForLog(packet.topic)}`);
    }
    if (binding.kind === 'platform') {
      const principal = await this.#currentPrincipal(client, binding);
      let tenant: string | undefined;
      if (principal.tenant !== ALL_TENANTS) {
        // A key of one tenant acts for that tenant's devices only; a topic that names none is refused.
        tenant = topic ? await this.#registry.tenantOf(topic.apikey, topic.deviceId) : undefined;
        if (tenant === undefined || !canActInTenant(principal, tenant)) {
          throw new Error(`this API key does not act for the devices of ${topicForLog(packet.topic)}`);
        }
      }
      // Topics outside the device conventions are relayed, not stored.
      if (!topic) {
        await this.#learnTenant(packet.topic, tenant);
        return;
      }
    } else {
      if (!topic) throw new Error(`${topicForLog(packet.topic)} is not a device topic`);
      if (!this.#mayAct(client, topic)) {
        // Refused like a wrong secret, so audited like one: which device's connection tried which device's topic.
        auditRefusedDevice(this.#audit, {
          deviceId: topic.deviceId,
          tenant: await this.#registry.tenantOf(topic.apikey, topic.deviceId).catch(() => undefined),
          transport: 'mqtt',
          address: binding.address,
          why: 'other_device',
          connectedAs: binding.deviceId,
        });
        throw new Error(`this connection does not speak for ${topic.deviceId}`);
      }
      // Without credentials the topic's apikey is the guess: an address that guessed too often is hung up on.
      this.#auth.checkAddress(binding.uncheckedFrom);
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const proof =
      binding.kind === 'platform'
        ? this.#accountProof(binding.principal)
        : binding.secret !== undefined
          ? { secret: binding.secret }
          : undefined;
    const refused = await receiveFromDevice(
      topic,
      packet.topic,
      payload,
      { pipeline: this.#pipeline, onCommandResult: this.#onCommandResult, downlink: this },
      proof,
    );
    if (refused?.reason === 'unknown_apikey' && binding.kind === 'device')
      this.#auth.addressFailed(binding.uncheckedFrom);
    if (refused?.reason === 'device_secret' && binding.kind === 'device') {
      this.#auth.addressFailed(binding.address);
      auditRefusedDevice(this.#audit, {
        deviceId: topic.deviceId,
        tenant: refused.deviceTenant,
        transport: 'mqtt',
        address: binding.address,
        why: binding.secret === undefined ? 'secret_missing' : 'secret_wrong',
      });
      // Its secret was replaced or revoked: the connection ends (the device must connect with its new one).
      if (binding.secret !== undefined) throw new Error(`the secret of ${topic.deviceId} no longer holds`);
    }
    if (refused?.reason === 'account_not_permitted' && binding.kind === 'platform') {
      auditRefusedDevice(this.#audit, {
        deviceId: topic.deviceId,
        tenant: refused.deviceTenant,
        transport: 'mqtt',
        address: remoteAddressOf(client),
        why: 'account_not_permitted',
        account: binding.principal,
      });
      throw new Error(`this API key may not speak for ${topic.deviceId}`);
    }
    // Learnt after the message is stored: an autoprovisioned device is known by then.
    await this.#learnTenant(packet.topic);
  }

  #accountProof(principal: Principal): AccountProof {
    const permissions = this.#permissions;
    return {
      account: principal.id,
      allows: (permission) => permissions?.grants(principal.roles, permission) ?? false,
    };
  }

  async #subscribe(client: Client, subscription: Subscription): Promise<Subscription | null> {
    const binding = this.#bindings.get(client);
    if (binding?.kind === 'platform') {
      const principal = await this.#currentPrincipal(client, binding);
      if (principal.tenant === ALL_TENANTS) return subscription;
      // A filter naming another tenant's devices is refused; any other (wildcards too) is accepted and
      // is sent only the messages of the key's tenant (authorizeForward).
      const { apikey, deviceId } = topicLevels(subscription.topic);
      const tenant = apikey === undefined ? undefined : await this.#registry.tenantOf(apikey, deviceId);
      if (tenant !== undefined && !canActInTenant(principal, tenant)) {
        this.#log.info(
          { clientId: client.id, apiKeyId: principal.id, topic: topicForLog(subscription.topic) },
          "MQTT subscription refused: another tenant's devices",
        );
        return null;
      }
      return subscription;
    }
    const topic = parseTopic(subscription.topic);
    // A device whose group asks for its own secret is read only by a connection that gave it.
    const secretless =
      binding?.kind === 'device' && binding.secret === undefined && topic !== undefined
        ? await this.#registry.requiresSecret(topic.apikey)
        : false;
    if (!topic || (topic.kind !== 'cmd' && topic.kind !== 'errors') || secretless || !this.#mayAct(client, topic)) {
      this.#log.info({ clientId: client.id, topic: topicForLog(subscription.topic) }, 'MQTT subscription refused');
      return null;
    }
    return subscription;
  }
}
