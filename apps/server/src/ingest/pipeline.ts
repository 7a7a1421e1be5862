import type { Logger } from 'pino';
import type { ContextService, Instance, MeasureInstance, Measures, TermMap, TypeOwnership } from '../context/index.js';
import type { Permission } from '../platform/auth/index.js';
import type { Database } from '../platform/db/index.js';
import type { IngestMetrics } from '../platform/metrics.js';
import {
  decodeJsonPayload,
  decodeMeasures,
  isStorableText,
  MAX_DEPTH,
  nestsDeeperThan,
  payloadText,
  tooDeep,
  unstorableText,
  type DecodeLimits,
  type Reading,
} from './decode.js';
import { ingestErrors, PayloadRejected } from './errors.js';
import { inferredType, isGeoType, toInstance } from './mapping.js';
import { deviceEntity } from './device-entity.js';
import { deviceSecretMatches } from './device-secrets.js';
import type { DeviceRegistry, KnownDevice, MeasureTarget } from './registry.js';
import * as store from './store.js';
import { decodeUltralight } from './ultralight.js';

/** The attribute by which a device says whether it is in service (Smart Data Models Vehicle), and its "no". */
const SERVICE_STATUS = 'serviceStatus';
const OUT_OF_SERVICE = 'outOfService';

/**
 * The path every device message takes: identify the device, decode and check the whole payload, map
 * it onto the device's entity, then store it with many others in one transaction. A message is
 * acknowledged (its promise resolves) only once the batch holding it has committed, so nothing
 * acknowledged is lost; what cannot be stored yet holds the sender back instead of filling memory.
 * A value the database refuses costs only the message that carried it: the batch is split until the
 * messages at fault are found, and everyone else's are stored.
 */

export type PayloadFormat = 'json' | 'ultralight';
export type Transport = 'http' | 'mqtt' | 'internal';

export interface DeviceMessage {
  readonly apikey: string;
  readonly deviceId: string;
  /** A single measure whose value is the whole payload (MQTT `.../attrs/{objectId}`). */
  readonly objectId?: string | undefined;
  readonly payload: Buffer | string;
  readonly format: PayloadFormat;
  readonly transport: Transport;
  readonly receivedAt: Date;
  /**
   * What the sender proved beyond the API key: the device's own secret (MQTT password, HTTP header),
   * or that it is a platform account acting for devices (an API key with iot:write). A device of a
   * group with deviceAuth `secret` is taken only with one or the other.
   */
  readonly proof?: { readonly secret: string } | AccountProof | undefined;
}

/** A platform account acting for devices (a gateway's API key): what its roles grant. */
export interface AccountProof {
  readonly account: string;
  allows(permission: Permission): boolean;
}

const isAccount = (proof: DeviceMessage['proof']): proof is AccountProof =>
  typeof proof === 'object' && 'account' in proof;

/** What to do when more is pending than IOT_MAX_PENDING: wait for room (MQTT) or refuse (HTTP 503). */
export type WhenFull = 'wait' | 'refuse';

export interface PipelineOptions {
  readonly batchMeasures: number;
  readonly batchWaitMs: number;
  readonly maxPendingMeasures: number;
  /** Batches written at once; devices are spread over them, so one device's messages stay in order. */
  readonly writers: number;
  readonly limits: DecodeLimits;
}

interface MappedReading {
  readonly observedAt: string;
  readonly timed: boolean;
  readonly attrs: (readonly [iri: string, instance: Instance, geo: boolean])[];
}

interface Pending {
  readonly device: KnownDevice;
  readonly readings: MappedReading[];
  readonly measures: number;
  readonly receivedAt: number;
  resolve(): void;
  reject(err: unknown): void;
}

interface Lane {
  queue: Pending[];
  queued: number;
  writing: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** The sub-property naming the device on what it writes to an entity of a kept type. */
export const REPORTED_BY = 'reportedBy';

const RESERVED = new Set(['id', 'type', 'scope', '@context']);
const ERROR_FLUSH_MS = 5_000;

export interface PipelineStats {
  readonly pendingMeasures: number;
  readonly batches: number;
  readonly stored: number;
}

export class IngestPipeline {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #registry: DeviceRegistry;
  readonly #context: ContextService;
  readonly #measures: Measures;
  readonly #terms: () => TermMap;
  readonly #ownership: Pick<TypeOwnership, 'ownerOf' | 'ownerOfId' | 'types'> | undefined;
  readonly #metrics: IngestMetrics | undefined;
  readonly #options: PipelineOptions;
  readonly #lanes: Lane[];
  readonly #room: (() => void)[] = [];
  /** Rejected messages of known devices, counted in their health with the next write. */
  readonly #errors = new Map<string, { device: KnownDevice; count: number }>();
  readonly #errorTimer: NodeJS.Timeout;
  #pending = 0;
  #batches = 0;
  #stored = 0;
  #stopping = false;

  constructor(deps: {
    db: Database;
    log: Logger;
    registry: DeviceRegistry;
    context: ContextService;
    /** The broker's set-wise writes of measures. */
    measures: Measures;
    terms: () => TermMap;
    metrics?: IngestMetrics | undefined;
    options: PipelineOptions;
    /** Entity types a module keeps (expanded): what devices write on them says which device it was. */
    ownership?: Pick<TypeOwnership, 'ownerOf' | 'ownerOfId' | 'types'> | undefined;
  }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#registry = deps.registry;
    this.#context = deps.context;
    this.#measures = deps.measures;
    this.#ownership = deps.ownership;
    this.#terms = deps.terms;
    this.#metrics = deps.metrics;
    this.#options = deps.options;
    this.#lanes = Array.from({ length: Math.max(1, deps.options.writers) }, () => ({
      queue: [],
      queued: 0,
      writing: false,
      timer: undefined,
    }));
    this.#errorTimer = setInterval(() => void this.#flushErrors(), ERROR_FLUSH_MS);
    this.#errorTimer.unref();
  }

  stats(): PipelineStats {
    return { pendingMeasures: this.#pending, batches: this.#batches, stored: this.#stored };
  }

  /**
   * Accepts one device message: resolves with the number of measures once they are committed;
   * rejects with PayloadRejected (bad payload, unknown key or device) or a storage error.
   */
  async accept(message: DeviceMessage, whenFull: WhenFull): Promise<number> {
    const transport = message.transport;
    let device: KnownDevice | undefined;
    try {
      if (!isStorableText(message.apikey) || !isStorableText(message.deviceId)) {
        throw unstorableText('The API key or the device id');
      }
      device = await this.#registry.device(message.apikey, message.deviceId, transport);
      if (!provenFor(device, message)) throw ingestErrors.deviceSecret(message.deviceId, device.profile.tenant);
      this.checkAccount(device, message.proof);
      const readings = this.#decode(message);
      const mapped = readings.map((r) => this.#map(device as KnownDevice, r, message.proof));
      const count = mapped.reduce((n, r) => n + r.attrs.length, 0);
      if (count > 0) await this.#submit(device, mapped, count, message.receivedAt.getTime(), whenFull);
      this.#metrics?.messages.inc({ transport, outcome: 'accepted' });
      return count;
    } catch (err) {
      if (err instanceof PayloadRejected) {
        this.#metrics?.messages.inc({ transport, outcome: 'rejected' });
        this.#metrics?.rejected.inc({ transport, reason: err.reason });
        if (device) this.#countError(device);
        this.#log.info(
          { apikey: message.apikey, deviceId: message.deviceId, transport, reason: err.reason, detail: err.message },
          'device message rejected',
        );
      }
      throw err;
    }
  }

  /**
   * An account speaking for a device of a type a module keeps (a unit's terminal) writes the module's
   * records, as binding the device does: it needs the module's permission (emergency:write).
   */
  checkAccount(device: KnownDevice, proof: DeviceMessage['proof']): void {
    if (!isAccount(proof)) return;
    const claim = this.#ownership?.ownerOf(device.types);
    if (claim && !(claim.devices && proof.allows(claim.devices))) {
      throw ingestErrors.accountNotPermitted(
        device.profile.deviceId,
        claim.owner,
        claim.devices,
        device.profile.tenant,
      );
    }
  }

  /** Values the platform itself records on a device's entity (command status and results). */
  async record(device: KnownDevice, values: Record<string, unknown>, observedAt = new Date()): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' && !isStorableText(value)) throw unstorableText(name);
    }
    const terms = this.#terms();
    const at = observedAt.toISOString();
    const attrs = Object.entries(values).map(
      ([name, value]) =>
        [terms.expand(name), toInstance(inferredType(value), value, name, { observedAt: at }), false] as const,
    );
    await this.#submit(device, [{ observedAt: at, timed: false, attrs }], attrs.length, Date.now(), 'wait');
  }

  /** Stores what is pending, then refuses new messages. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#errorTimer);
    for (const lane of this.#lanes) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      if (!lane.writing && lane.queue.length > 0) void this.#drain(lane);
    }
    while (this.#lanes.some((l) => l.writing || l.queue.length > 0)) await new Promise((r) => setTimeout(r, 10));
    await this.#flushErrors();
  }

  #decode(message: DeviceMessage): Reading[] {
    const limits = this.#options.limits;
    if (message.objectId !== undefined) {
      // The payload is the bare value: JSON when it parses as such (numbers, true), text otherwise.
      const text = payloadText(message.payload, limits);
      // The bare value sits one level below where a payload's outer object would.
      if (nestsDeeperThan(text, MAX_DEPTH - 1)) throw tooDeep(`Measure ${message.objectId}`);
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // text
      }
      return decodeMeasures({ [message.objectId]: value }, message.receivedAt, limits);
    }
    return message.format === 'ultralight'
      ? decodeUltralight(message.payload, message.receivedAt, limits)
      : decodeJsonPayload(message.payload, message.receivedAt, limits);
  }

  #map(device: KnownDevice, reading: Reading, proof: DeviceMessage['proof']): MappedReading {
    const terms = this.#terms();
    const attrs: [string, Instance, boolean][] = [];
    const timed = reading.timed;
    // On a kept type the owning module tells a device's report from its own writes, and trusts it
    // as far as the device proved who it is (its own secret, or only its group's API key); an account
    // speaking for it (a gateway) is never the terminal itself.
    const reportedByIri = terms.expand(REPORTED_BY);
    const deviceAuth = isAccount(proof) ? 'account' : device.profile.secretRequired ? 'secret' : 'apikey';
    const reportedBy = this.#ownership?.ownerOf(device.types)
      ? {
          type: 'Property',
          value: {
            deviceId: device.profile.deviceId,
            deviceAuth,
            ...(isAccount(proof) ? { account: proof.account } : {}),
          },
        }
      : undefined;
    for (const [objectId, value] of reading.measures) {
      let target: MeasureTarget | undefined = device.target(objectId);
      if (!target) {
        // Undeclared measures are kept under their own name unless the device says explicitAttrs.
        if (device.profile.explicitAttrs) continue;
        if (RESERVED.has(objectId)) {
          throw new PayloadRejected(
            'invalid_payload',
            `"${objectId}" cannot be a measure: it names the entity itself.`,
          );
        }
        target = { iri: terms.expand(objectId), name: objectId, type: undefined, unitCode: undefined, geo: false };
      }
      const type = target.type ?? inferredType(value);
      const instance = toInstance(type, value, `Measure ${objectId}`, {
        observedAt: reading.observedAt,
        unitCode: target.unitCode,
      });
      if (reportedBy) instance[reportedByIri] = reportedBy;
      attrs.push([target.iri, instance, isGeoType(type) || instance.type === 'GeoProperty']);
    }
    return { observedAt: reading.observedAt, timed, attrs };
  }

  async #submit(
    device: KnownDevice,
    readings: MappedReading[],
    count: number,
    receivedAt: number,
    whenFull: WhenFull,
  ): Promise<void> {
    if (this.#stopping) throw ingestErrors.stopping();
    while (this.#pending > 0 && this.#pending + count > this.#options.maxPendingMeasures) {
      if (whenFull === 'refuse') throw ingestErrors.busy();
      await new Promise<void>((resolve) => this.#room.push(resolve));
      if (this.#stopping) throw ingestErrors.stopping();
    }
    const lane = this.#lanes[laneOf(device, this.#lanes.length)] as Lane;
    this.#pending += count;
    await new Promise<void>((resolve, reject) => {
      lane.queue.push({ device, readings, measures: count, receivedAt, resolve, reject });
      lane.queued += count;
      this.#schedule(lane);
    });
  }

  #schedule(lane: Lane): void {
    if (lane.writing || lane.timer) return;
    if (lane.queued >= this.#options.batchMeasures || this.#options.batchWaitMs === 0 || this.#stopping) {
      void this.#drain(lane);
      return;
    }
    lane.timer = setTimeout(() => {
      lane.timer = undefined;
      void this.#drain(lane);
    }, this.#options.batchWaitMs);
  }

  /** Writes batches from the lane until it is empty; what arrives meanwhile forms the next batch. */
  async #drain(lane: Lane): Promise<void> {
    if (lane.writing) return;
    lane.writing = true;
    try {
      while (lane.queue.length > 0) {
        const batch: Pending[] = [];
        let size = 0;
        while (
          lane.queue.length > 0 &&
          (batch.length === 0 || size + (lane.queue[0] as Pending).measures <= this.#options.batchMeasures)
        ) {
          const next = lane.queue.shift() as Pending;
          batch.push(next);
          size += next.measures;
        }
        lane.queued -= size;
        try {
          const taken = await this.#withoutSquatters(batch);
          if (taken.length > 0) await this.#store(taken);
        } catch (err) {
          this.#log.error({ err, messages: batch.length, measures: size }, 'a batch of measures could not be stored');
          // Those already stored by a part of the batch stay resolved.
          for (const p of batch) p.reject(err);
        } finally {
          this.#pending -= size;
          for (const wake of this.#room.splice(0)) wake();
        }
      }
    } finally {
      lane.writing = false;
    }
  }

  /**
   * A device bound as another type (a Thing) to an entity that is now of a kept type (a unit the
   * dispatcher added under that id) would drive the module's records: the entity's types decide,
   * at each write. Its messages are refused; the rest of the batch goes on. Only an entity whose id
   * names a kept type can become one (the modules name theirs so, and nothing else may be made under
   * such an id), so other devices' batches cost no read here.
   */
  async #withoutSquatters(batch: Pending[]): Promise<Pending[]> {
    const kept = this.#ownership?.types ?? [];
    if (kept.length === 0) return batch;
    const byTenant = new Map<string, Set<string>>();
    for (const p of batch) {
      if (this.#ownership?.ownerOf(p.device.types)) continue;
      const { tenant, entityId } = p.device.profile;
      if (!this.#ownership?.ownerOfId(entityId)) continue;
      let ids = byTenant.get(tenant);
      if (!ids) byTenant.set(tenant, (ids = new Set()));
      ids.add(entityId);
    }
    if (byTenant.size === 0) return batch;
    const refused = new Set<string>();
    for (const [tenant, ids] of byTenant) {
      for (const id of await this.#measures.entitiesOfTypes(tenant, [...ids], kept))
        refused.add(`${tenant}\u0000${id}`);
    }
    if (refused.size === 0) return batch;
    const taken: Pending[] = [];
    for (const p of batch) {
      const { tenant, entityId, deviceId } = p.device.profile;
      // Counted and logged by accept(), as any refused message is.
      if (refused.has(`${tenant}\u0000${entityId}`) && !this.#ownership?.ownerOf(p.device.types)) {
        p.reject(ingestErrors.entityKept(deviceId, entityId));
      } else taken.push(p);
    }
    return taken;
  }

  /**
   * Writes a batch in one transaction. When the database refuses a value in it (a data error, not a
   * lost connection), the batch is halved and each half written on its own, down to the single
   * message at fault, which is rejected; everyone else's messages are stored and acknowledged.
   * Any other error rejects (the caller refuses what is left, so devices send it again).
   */
  async #store(batch: Pending[]): Promise<void> {
    try {
      await this.#write(
        batch,
        batch.reduce((n, p) => n + p.measures, 0),
      );
    } catch (err) {
      if (!refusedData(err)) throw err;
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.#store(batch.slice(0, half));
        await this.#store(batch.slice(half));
        return;
      }
      const [p] = batch as [Pending];
      this.#log.warn(
        { err, tenant: p.device.profile.tenant, deviceId: p.device.profile.deviceId },
        'the database refused a device message',
      );
      p.reject(
        new PayloadRejected(
          'not_storable',
          `The database refused a value of this message (SQLSTATE ${refusedData(err)}); nothing of it was stored.`,
        ),
      );
      return;
    }
    for (const p of batch) p.resolve();
  }

  async #write(batch: Pending[], size: number): Promise<void> {
    const now = new Date();
    const iso = now.toISOString();
    await this.#ensureEntities(batch);
    const locationIri = this.#terms().expand('location');
    // A device that says whether it is in service (a vehicle's serviceStatus) is not offline when it is not.
    const serviceIri = this.#terms().expand(SERVICE_STATUS);

    // Per tenant: the newest instance of each attribute of each entity, and every instance for history.
    const tenants = new Map<
      string,
      {
        entities: Map<string, Record<string, Instance>>;
        locations: Map<string, unknown>;
        history: MeasureInstance[];
        seen: Set<string>;
      }
    >();
    const health = new Map<
      string,
      {
        tenant: string;
        deviceId: string;
        lastSeenAt: string;
        messages: number;
        errors: number;
        inService?: boolean;
        serviceAt?: string;
      }
    >();
    for (const p of batch) {
      const { profile } = p.device;
      let t = tenants.get(profile.tenant);
      if (!t)
        tenants.set(profile.tenant, (t = { entities: new Map(), locations: new Map(), history: [], seen: new Set() }));
      let latest = t.entities.get(profile.entityId);
      if (!latest) t.entities.set(profile.entityId, (latest = {}));
      for (const reading of p.readings) {
        for (const [iri, source, geo] of reading.attrs) {
          const instance: Instance = { ...source, createdAt: iso, modifiedAt: iso };
          const key = `${profile.entityId}\u0000${iri}\u0000${reading.observedAt}`;
          // The same timed reading twice in one batch (a redelivery racing the original) is stored once.
          if (reading.timed && t.seen.has(key)) continue;
          if (reading.timed) t.seen.add(key);
          t.history.push({
            entityId: profile.entityId,
            attr: iri,
            observedAt: reading.observedAt,
            instance,
            timed: reading.timed,
          });
          const current = latest[iri];
          if (!current || (current.observedAt ?? '') <= reading.observedAt) {
            latest[iri] = instance;
            if (geo && iri === locationIri) t.locations.set(profile.entityId, instance.value);
          }
        }
      }
      const hkey = `${profile.tenant}\u0000${profile.deviceId}`;
      const seen = new Date(p.receivedAt).toISOString();
      let h = health.get(hkey);
      if (h) {
        h.messages++;
        if (seen > h.lastSeenAt) h.lastSeenAt = seen;
      } else
        health.set(
          hkey,
          (h = { tenant: profile.tenant, deviceId: profile.deviceId, lastSeenAt: seen, messages: 1, errors: 0 }),
        );
      for (const reading of p.readings) {
        const said = reading.attrs.find(([iri]) => iri === serviceIri)?.[1].value;
        if (typeof said !== 'string' || (h.serviceAt !== undefined && h.serviceAt > reading.observedAt)) continue;
        h.inService = said !== OUT_OF_SERVICE;
        h.serviceAt = reading.observedAt;
      }
    }
    const counted: [string, { device: KnownDevice; count: number }][] = [];
    for (const [key, e] of this.#errors) {
      const h = health.get(key);
      if (h) {
        h.errors += e.count;
        counted.push([key, e]);
        this.#errors.delete(key);
      }
    }

    const measured = [...tenants].map(([tenant, t]) => ({
      tenant,
      entities: [...t.entities].map(([entityId, attrs]) => ({ entityId, attrs, location: t.locations.get(entityId) })),
      history: t.history,
    }));
    const announce = await this.#db
      .transaction(async (tx) => {
        const written = await this.#measures.write(tx, measured, now);
        await store.recordHealth(tx, [...health.values()]);
        return written;
      })
      .catch((err: unknown) => {
        // The error counts ride with the next write instead.
        for (const [key, e] of counted) {
          const later = this.#errors.get(key);
          if (later) later.count += e.count;
          else this.#errors.set(key, e);
        }
        throw err;
      });

    this.#batches++;
    this.#stored += size;
    this.#metrics?.measures.inc(size);
    this.#metrics?.batchMeasures.observe(size);
    const done = Date.now();
    for (const p of batch) this.#metrics?.lag.observe((done - p.receivedAt) / 1000);
    announce();
  }

  /** Creates the entities of devices this instance has not written to yet (with their static attributes). */
  async #ensureEntities(batch: Pending[]): Promise<void> {
    const fresh = new Map<string, KnownDevice>();
    for (const p of batch)
      if (!p.device.entityReady) fresh.set(`${p.device.profile.tenant}\u0000${p.device.profile.entityId}`, p.device);
    if (fresh.size === 0) return;
    const terms = this.#terms();
    const byTenant = new Map<string, KnownDevice[]>();
    for (const d of fresh.values()) byTenant.set(d.profile.tenant, [...(byTenant.get(d.profile.tenant) ?? []), d]);
    for (const [tenant, devices] of byTenant) {
      // Those that exist already come back as errors: exactly what "create if missing" wants.
      // (Two instances autoprovisioning one device at the same instant: the loser's first batch finds
      // the entity created by the other only after its snapshot; its history is kept, its state
      // update may wait for the device's next message.)
      await this.#context.createBatch(
        tenant,
        devices.map((d) => ({ entity: deviceEntity(d.profile, terms) })),
      );
      for (const d of devices) d.entityReady = true;
    }
  }

  #countError(device: KnownDevice): void {
    const key = `${device.profile.tenant}\u0000${device.profile.deviceId}`;
    const e = this.#errors.get(key);
    if (e) e.count++;
    else this.#errors.set(key, { device, count: 1 });
  }

  async #flushErrors(): Promise<void> {
    if (this.#errors.size === 0) return;
    const rows = [...this.#errors.values()].map((e) => ({
      tenant: e.device.profile.tenant,
      deviceId: e.device.profile.deviceId,
      lastSeenAt: undefined,
      messages: 0,
      errors: e.count,
    }));
    this.#errors.clear();
    await store
      .recordHealth(this.#db, rows)
      .catch((err: unknown) => this.#log.warn({ err }, 'device error counts not stored'));
  }
}

/**
 * The SQLSTATE of an error the database raised because of the data it was given (class 22 data
 * exception, 23 integrity constraint, 54 program limit), or undefined: a lost connection, a
 * shutdown or a conflict is no fault of any one message.
 */
function refusedData(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code) ? code : undefined;
}

/** Is the message's sender entitled to speak for its device (its own secret, when its group asks for one)? */
export function provenFor(device: KnownDevice, message: Pick<DeviceMessage, 'proof'>): boolean {
  if (!device.profile.secretRequired || isAccount(message.proof)) return true;
  return deviceSecretMatches(message.proof?.secret, device.profile.secretHash);
}

/** A device always writes through the same lane: its messages are stored (and acknowledged) in order. */
function laneOf(device: KnownDevice, lanes: number): number {
  if (lanes === 1) return 0;
  const key = device.profile.entityId;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}
