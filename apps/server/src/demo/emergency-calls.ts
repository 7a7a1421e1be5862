import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { roadNetwork, type RoadNetwork } from '../modules/city/index.js';
import { AppError } from '../platform/errors.js';
import { createRandom, type Random } from '../simulator/random.js';
import type {
  CallInput,
  Disposition,
  EmergencyCentre,
  IncidentDetail,
  IncidentGroup,
  IncidentType,
  LonLat,
} from './emergency-centre.js';

/**
 * The demo's simulated calls and its duty dispatcher: nothing of this runs outside the demo
 * (DEMO=on). Every few minutes a fictitious caller (a name marked "(demo)", a 0900 000 xxx number)
 * rings about something that happens in Hanoi — mostly someone taken ill, then road crashes, thefts
 * and fights, now and then a fire — at a place on a street of a ward, weighted by where people live.
 * The duty dispatcher then does what a person at the console would: after a human-like pause it sends
 * the centre's recommendation, and once every unit has cleared it closes the incident with a plausible
 * disposition. A human working the console beside it sees it as another dispatcher ("demo:dispatcher").
 */

const CITY = new URL('../../data/city/', import.meta.url);
const CALL_TAKER = 'demo:call-taker';
const DISPATCHER = 'demo:dispatcher';
const TICK_MS = 10_000;
/** The share of calls Hanoi's 112 gets of each group (demo's assumption, close to reported 113/114/115 loads). */
const GROUP_SHARE: Readonly<Record<IncidentGroup, number>> = {
  medical: 0.5,
  police: 0.27,
  fire_rescue: 0.2,
  disaster: 0.03,
};
/** A second caller about the same thing: the chance, and how long after the first. */
const SECOND_CALL_CHANCE = 0.12;
/** An incident the dispatcher could not staff is given up to the humans after this long. */
const GIVE_UP_MS = 30 * 60_000;

const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hoa',
  'Hùng',
  'Lan',
  'Linh',
  'Minh',
  'Nam',
  'Ngọc',
  'Phương',
  'Quân',
  'Thảo',
  'Trang',
  'Tuấn',
  'Yến',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Thanh'];

/** What callers say, by group (Vietnamese, as the call-taker types it). */
const WORDS: Readonly<Record<IncidentGroup, readonly string[]>> = {
  medical: [
    'Người nhà bị ngất, gọi không tỉnh',
    'Cụ ông đau ngực, khó thở, vã mồ hôi',
    'Cháu bé sốt cao co giật',
    'Người đi đường ngã xuống đường, không cử động',
    'Bà cụ ngã cầu thang, đau hông không đứng dậy được',
    'Sản phụ đau bụng dữ dội, ra máu',
    'Người bị đột quỵ, méo miệng, yếu nửa người',
  ],
  police: [
    'Hai nhóm thanh niên đánh nhau trước quán',
    'Bị cướp giật túi xách, đối tượng đi xe máy',
    'Có người lạ cạy cửa nhà hàng xóm',
    'Va chạm giao thông, hai bên cãi nhau to',
    'Mất trộm xe máy trước cửa nhà',
    'Tiếng ồn, gây rối trật tự lúc khuya',
  ],
  fire_rescue: [
    'Khói bốc ra từ tầng hai nhà ống',
    'Cháy tủ điện trên cột trước ngõ',
    'Ô tô va chạm xe máy, người kẹt trong xe',
    'Cháy bếp quán ăn, lửa lan lên mái',
    'Người bị kẹt trong thang máy chung cư',
    'Mùi gas nồng trong hành lang chung cư',
  ],
  disaster: ['Cây đổ chắn đường sau mưa, đè lên xe', 'Nước ngập sâu, người già mắc kẹt trong nhà'],
};

interface Ward {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly population?: number;
  readonly centroid: LonLat;
  readonly outline: { readonly coordinates: readonly (readonly LonLat[])[] };
}

function insideRing([x, y]: LonLat, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The wards calls come from: the city's phường, each as likely as its people are many. */
export function callWards(): readonly Ward[] {
  const areas = JSON.parse(readFileSync(new URL('areas.json', CITY), 'utf8')) as { units: Ward[] };
  return areas.units.filter((u) => u.kind === 'phường');
}

/** A place of a call: a point on a street of a ward, with its address as a caller gives it. */
export function callPlace(
  random: Random,
  wards: readonly Ward[],
  network: RoadNetwork,
): { location: LonLat; address: string; ward: string } {
  const total = wards.reduce((s, w) => s + (w.population ?? 20_000), 0);
  let pick = random.next() * total;
  const ward = wards.find((w) => (pick -= w.population ?? 20_000) < 0) ?? wards[0];
  if (!ward) throw new Error('no wards to place calls in');
  const ring = ward.outline.coordinates[0] ?? [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const p: LonLat = [
      ward.centroid[0] + random.uniform(-0.012, 0.012),
      ward.centroid[1] + random.uniform(-0.01, 0.01),
    ];
    if (!insideRing(p, ring)) continue;
    const snap = safeSnap(network, p);
    if (!snap || !insideRing(snap.point, ring)) continue;
    const street = snap.roadName;
    const house = street ? `${Math.floor(random.uniform(1, 300))} ${street}` : undefined;
    return { location: round(snap.point), address: [house, ward.name].filter(Boolean).join(', '), ward: ward.code };
  }
  const snap = safeSnap(network, ward.centroid);
  const location = snap ? round(snap.point) : ward.centroid;
  return { location, address: [snap?.roadName, ward.name].filter(Boolean).join(', '), ward: ward.code };
}

const round = (p: LonLat): LonLat => [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];
function safeSnap(network: RoadNetwork, p: LonLat) {
  try {
    return network.snap(p, { maxDistanceM: 250 });
  } catch {
    return undefined;
  }
}

/** One simulated call: an incident type of the centre's list, in Hanoi's mix, and a fictitious caller. */
export function simulatedCall(
  random: Random,
  types: readonly IncidentType[],
  place: { location: LonLat; address: string },
  answeredAt: Date,
): CallInput {
  const groups = (Object.keys(GROUP_SHARE) as IncidentGroup[]).filter((g) => types.some((t) => t.group === g));
  const total = groups.reduce((s, g) => s + GROUP_SHARE[g], 0);
  let pick = random.next() * total;
  const group = groups.find((g) => (pick -= GROUP_SHARE[g]) < 0) ?? groups[0] ?? 'medical';
  // Within a group, the more urgent types are the rarer (a house fire is rarer than a smoking bin).
  const ofGroup = types.filter((t) => t.group === group);
  const weights = ofGroup.map((t) => t.priority);
  let w = random.next() * weights.reduce((s, x) => s + x, 0);
  const type = ofGroup.find((_, i) => (w -= weights[i] ?? 0) < 0) ?? ofGroup[0] ?? types[0];
  if (!type) throw new Error('the centre has no incident types');
  const words = WORDS[group];
  const one = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)] as T;
  return {
    phone: `0900000${String(Math.floor(random.uniform(0, 1000))).padStart(3, '0')}`,
    callerName: `${one(FAMILY)} ${one(MIDDLE)} ${one(GIVEN)} (demo)`,
    answeredAt: answeredAt.toISOString(),
    language: 'vi',
    text: `[Demo] ${one(words)}.`,
    typeCode: type.code,
    location: place.location,
    address: place.address,
  };
}

/** How an incident ended, as a dispatcher would close it once every unit has cleared. */
export function plausibleDisposition(detail: IncidentDetail, random: Random): Disposition {
  const transported =
    detail.units.some((u) => u.hospitalId !== undefined) ||
    detail.timeline.some(
      (e) => e.kind === 'unit_status' && (e.detail['status'] === 'transporting' || e.detail['to'] === 'transporting'),
    );
  switch (detail.incident.group) {
    case 'medical':
      return transported ? 'transported' : 'treated_no_transport';
    case 'fire_rescue':
      return transported ? 'transported' : random.chance(0.15) ? 'false_alarm' : 'resolved';
    case 'police': {
      const r = random.next();
      return r < 0.6 ? 'report_taken' : r < 0.75 ? 'arrest' : 'gone_on_arrival';
    }
    case 'disaster':
      return 'resolved';
  }
}

/** Has every unit sent to it cleared (gone home or free again)? */
export function allUnitsCleared(detail: IncidentDetail): boolean {
  if (detail.responses.length === 0) return false;
  const id = detail.incident.id;
  return detail.units.every(
    (u) => u.incidentId !== id || u.status === 'returning' || u.status === 'available' || u.status === 'out_of_service',
  );
}

export interface DemoCallsOptions {
  /** Mean real time between two calls (ms); 0: no calls. */
  readonly everyMs: number;
  readonly log: Logger;
  readonly seed?: number;
  readonly tenant?: string;
}

interface Tracked {
  readonly id: string;
  readonly loggedAt: number;
  dispatchAt: number;
  dispatched: boolean;
  closeAt?: number;
}

/**
 * The demo's duty dispatcher: it follows the incidents of the simulated calls, sends the centre's
 * recommendation after a human-like pause, and closes each once its units have cleared. One `round`
 * looks at every incident it follows at the time it is given.
 */
export class DutyDispatcher {
  readonly #centre: EmergencyCentre;
  readonly #tenant: string;
  readonly #random: Random;
  readonly #tracked = new Map<string, Tracked>();

  constructor(centre: EmergencyCentre, tenant: string, random: Random) {
    this.#centre = centre;
    this.#tenant = tenant;
    this.#random = random;
  }

  /** Incidents it follows now. */
  get following(): number {
    return this.#tracked.size;
  }

  /** A new incident of a simulated call: dispatched 10–40 s after it was logged (checked on a 10 s tick). */
  follow(incidentId: string, loggedAt: number): void {
    const dispatchAt = loggedAt + this.#random.uniform(10_000, 40_000);
    this.#tracked.set(incidentId, { id: incidentId, loggedAt, dispatchAt, dispatched: false });
  }

  /**
   * After a restart: follows again the open incidents of the demo's own calls (a person's are left alone),
   * so none stays open for ever.
   */
  async resume(now: number): Promise<void> {
    for (const summary of await this.#centre.listIncidents(this.#tenant, { status: 'open', limit: 500 })) {
      const detail = await this.#centre.incident(this.#tenant, summary.id);
      if (!detail.timeline.some((e) => e.actor === CALL_TAKER)) continue;
      const pending = detail.incident.status === 'pending';
      this.#tracked.set(summary.id, { id: summary.id, loggedAt: now, dispatchAt: now, dispatched: !pending });
    }
  }

  async round(now: number): Promise<void> {
    for (const t of [...this.#tracked.values()]) {
      if (!t.dispatched) {
        if (now >= t.dispatchAt) await this.#dispatch(t, now);
        continue;
      }
      const detail = await this.#centre.incident(this.#tenant, t.id);
      if (detail.incident.status === 'closed') {
        this.#tracked.delete(t.id); // a person closed it
      } else if (detail.incident.status === 'pending') {
        // Its units left before arriving (stood down, or a terminal saying available): it is sent again.
        t.dispatched = false;
        t.dispatchAt = now + this.#random.uniform(10_000, 40_000);
      } else if (allUnitsCleared(detail)) {
        t.closeAt ??= now + this.#random.uniform(30_000, 150_000); // the report is written, then closed
        if (now >= t.closeAt) {
          const disposition = plausibleDisposition(detail, this.#random);
          await this.#centre.close(this.#tenant, DISPATCHER, t.id, disposition, 'Demo: simulated call');
          this.#tracked.delete(t.id);
        }
      }
    }
  }

  async #dispatch(t: Tracked, now: number): Promise<void> {
    const recommendation = await this.#centre.recommend(this.#tenant, t.id, { escalateAs: DISPATCHER });
    const unitIds = recommendation.suggested.map((s) => s.unit.id);
    if (unitIds.length === 0) {
      if (now - t.loggedAt > GIVE_UP_MS) this.#tracked.delete(t.id);
      else t.dispatchAt = now + 60_000; // nobody free: the centre escalates; look again in a minute
      return;
    }
    try {
      await this.#centre.dispatch(this.#tenant, DISPATCHER, t.id, unitIds);
      t.dispatched = true;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'EMERGENCY_INCIDENT_CLOSED' || err.code === 'EMERGENCY_INCIDENT_NOT_FOUND') {
        this.#tracked.delete(t.id);
      } else if (err.status !== 409) {
        throw err;
      }
      // Otherwise another dispatcher took a unit first: a fresh recommendation next round.
    }
  }
}

/** Starts the calls and the duty dispatcher; `stop` ends both. */
export function startDemoCalls(centre: EmergencyCentre, options: DemoCallsOptions): { stop(): void } {
  const { log, everyMs } = options;
  const tenant = options.tenant ?? '';
  const random = createRandom(options.seed ?? Date.now() % 2 ** 31);
  const network = roadNetwork();
  const wards = callWards();
  const duty = new DutyDispatcher(centre, tenant, random);
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const later = (ms: number, run: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run().catch((err: unknown) => log.warn({ err }, 'demo emergency: a simulated step failed'));
    }, ms);
    timers.add(timer);
  };

  const call = async (): Promise<void> => {
    // Calls come at random, on average every `everyMs` (a Poisson stream), never two at once.
    later(Math.min(3 * everyMs, Math.max(20_000, -Math.log(1 - random.next()) * everyMs)), call);
    const place = callPlace(random, wards, network);
    // The call-taker questions the caller for 10–40 s before the incident is made.
    const input = simulatedCall(random, centre.types(), place, new Date(Date.now() - random.uniform(10_000, 40_000)));
    const { incident } = await centre.logCall(tenant, CALL_TAKER, input);
    duty.follow(incident.id, Date.now());
    log.info({ incident: incident.number, type: incident.typeCode, address: place.address }, 'demo call logged');
    if (random.chance(SECOND_CALL_CHANCE)) {
      // Someone else rings about the same thing a little later: the call-taker links it to the incident.
      later(random.uniform(40_000, 150_000), async () => {
        const second = simulatedCall(
          random,
          [centre.types().find((t) => t.code === incident.typeCode) ?? centre.types()[0]!],
          place,
          new Date(),
        );
        await centre.logCall(tenant, CALL_TAKER, { ...second, linkTo: incident.id });
      });
    }
  };

  later(0, () => duty.resume(Date.now()));
  later(Math.min(everyMs, 30_000), call);
  let busy = false; // a slow round is not overtaken by the next
  const tick = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    duty
      .round(Date.now())
      .catch((err: unknown) => log.warn({ err }, 'demo emergency: the duty dispatcher failed a round'))
      .finally(() => (busy = false));
  }, TICK_MS);
  return {
    stop() {
      stopped = true;
      clearInterval(tick);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
