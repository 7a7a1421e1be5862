import type { Logger } from 'pino';
import type { Change, Notifier } from '../context/index.js';
import type { EventBus } from '../platform/bus.js';
import { parseDeviceJson } from './decode.js';
import { ingestErrors, PayloadRejected } from './errors.js';
import type { Downlink, Proof } from './uplink.js';
import { provenFor, type IngestPipeline } from './pipeline.js';
import type { DeviceRegistry, KnownDevice } from './registry.js';
import { downlinkTopic, type DeviceTopic } from './topics.js';

/**
 * Commands, the IoT Agent way: writing a command attribute on a device's entity (for a `reboot`
 * command: `POST /ngsi-ld/v1/entities/{id}/attrs {"reboot": {"type": "Property", "value": …}}`) sends
 * `{"reboot": …}` to the device on /{apikey}/{deviceId}/cmd and sets `reboot_status` to DELIVERED;
 * the device answers on /{apikey}/{deviceId}/cmdexe with `{"reboot": <result>}`, which sets
 * `reboot_status` to OK and `reboot_info` to the result. Commands are read from the durable change
 * log, so a command written while no instance could send it is sent when one can (at least once).
 */

const CONSUMER = 'ingest.commands';
const CACHE_MS = 60_000;

export class CommandDispatcher {
  readonly #registry: DeviceRegistry;
  readonly #pipeline: IngestPipeline;
  readonly #downlink: () => Downlink | undefined;
  readonly #log: Logger;
  readonly #devices = new Map<string, { device: KnownDevice | null; until: number }>();

  constructor(deps: {
    registry: DeviceRegistry;
    pipeline: IngestPipeline;
    downlink: () => Downlink | undefined;
    bus: EventBus;
    log: Logger;
  }) {
    this.#registry = deps.registry;
    this.#pipeline = deps.pipeline;
    this.#downlink = deps.downlink;
    this.#log = deps.log;
    deps.bus.subscribe('ingest.registry', () => this.#devices.clear());
  }

  /** Starts reading commands from the change log (worker role). */
  async start(notifier: Notifier): Promise<void> {
    await notifier.consume(CONSUMER, (changes) => this.#handle(changes));
  }

  async #handle(changes: readonly Change[]): Promise<void> {
    await this.#learnDeviceless(changes);
    for (const change of changes) {
      if (change.kind === 'deleted') continue;
      const known = await this.#deviceOf(change.tenant, change.entityId);
      if (!known || ![...known.commands.values()].some((iri) => commandOf(change, iri) !== undefined)) continue;
      // Read again, not from the cache: the terminal heard last for the entity may have changed within its minute.
      const device = await this.#deviceOf(change.tenant, change.entityId, true);
      if (!device) continue;
      for (const [name, iri] of device.commands) {
        const instance = commandOf(change, iri);
        if (instance !== undefined) await this.#send(device, name, instance.value);
      }
    }
  }

  async #send(device: KnownDevice, name: string, value: unknown): Promise<void> {
    const { profile } = device;
    const downlink = this.#downlink();
    const apikey = profile.apikey;
    if (!downlink || apikey === undefined) {
      await this.#pipeline.record(device, {
        [`${name}_status`]: 'ERROR',
        [`${name}_info`]: 'No MQTT connection to the device.',
      });
      return;
    }
    try {
      await downlink.publish(downlinkTopic(apikey, profile.deviceId, 'cmd'), JSON.stringify({ [name]: value }), 1);
      await this.#pipeline.record(device, { [`${name}_status`]: 'DELIVERED' });
      this.#log.info({ tenant: profile.tenant, deviceId: profile.deviceId, command: name }, 'command sent');
    } catch (err) {
      this.#log.warn({ err, deviceId: profile.deviceId, command: name }, 'command not sent');
      throw err; // the change comes again: the command is sent once the downlink works
    }
  }

  /** A device's answer on /cmdexe: `{"<command>": <result>}` for commands it has. */
  async result(topic: DeviceTopic, payload: Buffer, proof?: Proof): Promise<void> {
    const device = await this.#registry.device(topic.apikey, topic.deviceId, 'mqtt');
    // A terminal answers for itself only, as it reports for itself only.
    if (!provenFor(device, { proof })) throw ingestErrors.deviceSecret(topic.deviceId, device.profile.tenant);
    this.#pipeline.checkAccount(device, proof);
    // Nesting is bounded before the result is parsed (and written back as JSON text).
    const body = parseDeviceJson(payload.toString('utf8'), 'The command result');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new PayloadRejected('invalid_payload', 'A command result must be a JSON object {"<command>": <result>}.');
    }
    const values: Record<string, unknown> = {};
    for (const [name, result] of Object.entries(body)) {
      if (!device.commands.has(name)) {
        throw new PayloadRejected('invalid_payload', `The device has no command "${name.slice(0, 64)}".`);
      }
      values[`${name}_status`] = 'OK';
      values[`${name}_info`] = typeof result === 'string' ? result : JSON.stringify(result);
    }
    if (Object.keys(values).length > 0) await this.#pipeline.record(device, values);
  }

  /**
   * Marks the entities of a batch that no device writes (most: reports, incidents, stops) in one query
   * per tenant, so the loop does not look them up one by one.
   */
  async #learnDeviceless(changes: readonly Change[]): Promise<void> {
    const now = Date.now();
    const unknown = new Map<string, Set<string>>();
    for (const c of changes) {
      if (c.kind === 'deleted') continue;
      const cached = this.#devices.get(`${c.tenant}\u0000${c.entityId}`);
      if (cached && cached.until > now) continue;
      let ids = unknown.get(c.tenant);
      if (!ids) unknown.set(c.tenant, (ids = new Set()));
      ids.add(c.entityId);
    }
    for (const [tenant, ids] of unknown) {
      const written = await this.#registry.entitiesWithDevices(tenant, [...ids]);
      if (this.#devices.size > 100_000) this.#devices.clear();
      for (const id of ids) {
        if (!written.has(id)) this.#devices.set(`${tenant}\u0000${id}`, { device: null, until: now + CACHE_MS });
      }
    }
  }

  async #deviceOf(tenant: string, entityId: string, fresh = false): Promise<KnownDevice | null> {
    const key = `${tenant}\u0000${entityId}`;
    const now = Date.now();
    const cached = this.#devices.get(key);
    if (!fresh && cached && cached.until > now) return cached.device;
    const device = await this.#registry.deviceOfEntity(tenant, entityId);
    if (this.#devices.size > 100_000) this.#devices.clear();
    this.#devices.set(key, { device, until: now + CACHE_MS });
    return device;
  }
}

/** The value written on a command attribute in this change, if any. */
function commandOf(change: Change, iri: string): { value: unknown } | undefined {
  const instance = change.attrs[iri]?.find((i) => i.datasetId === undefined);
  return instance !== undefined && 'value' in instance ? { value: instance.value } : undefined;
}
