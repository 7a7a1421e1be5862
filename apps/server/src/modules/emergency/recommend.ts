import { roadTask, type RoadNetwork } from '../city/index.js';
import { hospitalFit } from './care.js';
import {
  DISPATCHABLE,
  type Capability,
  type CareNeed,
  type Hospital,
  type LonLat,
  type Priority,
  type RunCardLine,
  type Station,
  type Unit,
  type UnitKind,
} from './model.js';

/**
 * Which units to send: for an incident and its run card, the available units that reach it soonest by
 * road (one search from the scene over the links reversed, so one-way streets count the way a unit
 * drives), each run-card line filled by estimated travel time, each choice explained in Vietnamese and
 * English. Pure: the caller gives the units, the stations and the road network.
 */

export interface RecommendInput {
  incident: { location: LonLat; typeCode: string; priority: Priority };
  runCard: readonly RunCardLine[];
  units: readonly Unit[];
  stations: readonly Station[];
  network: RoadNetwork;
  options?: {
    /** Units farther than this by road are not considered (default 3600 s). */
    maxSeconds?: number;
    /** Next best units shown per line (default 1). */
    alternatives?: number;
    /**
     * The road path is drawn for this many suggestions, the suggested ones fastest first then the
     * alternatives (default 0: each is a search of its own).
     */
    routes?: number;
  };
}

export interface Suggestion {
  unit: Unit;
  /** Estimated travel time by road to the scene, emergency profile. */
  seconds: number;
  lengthM: number;
  /** Index in the run card of the line it fills (0 is the first line). */
  line: number;
  why: { vi: string; en: string };
  /** The road path from the unit to the scene, when asked for. */
  route?: LonLat[];
}

export interface Recommendation {
  runCard: readonly RunCardLine[];
  /** In run-card order, each line's units best first. */
  suggested: Suggestion[];
  /** The next best available units of each line (a unit may be the next for two lines). */
  alternatives: Suggestion[];
  /** Committed units closer than the suggested one for a line, shown not suggested. */
  busyCloser: Suggestion[];
  shortfall: { line: number; anyOf: readonly Capability[]; missing: number }[];
  /** Units that could not be placed on the roads (no position, or too far from any road). */
  unplaced: { unitId: string; reason: string }[];
}

const DEFAULT_MAX_SECONDS = 3600;

/** A unit's place: its AVL position, or its station's when it has reported none. */
function positionOf(unit: Unit, stations: ReadonlyMap<string, Station>): LonLat | undefined {
  return unit.location ?? stations.get(unit.stationId)?.location;
}

const qualifies = (unit: Unit, line: RunCardLine) => unit.capabilities.some((c) => line.anyOf.includes(c));

export function recommendUnits(input: RecommendInput): Recommendation {
  const { incident, runCard, units, network } = input;
  const maxSeconds = input.options?.maxSeconds ?? DEFAULT_MAX_SECONDS;
  const alternativesPerLine = input.options?.alternatives ?? 1;
  const routes = input.options?.routes ?? 0;
  const stations = new Map(input.stations.map((s) => [s.id, s]));

  const unplaced: { unitId: string; reason: string }[] = [];
  const candidates: { id: string; location: LonLat }[] = [];
  for (const unit of units) {
    // Out of service is neither sendable nor committed: it has no part in the choice.
    if (unit.status === 'out_of_service') continue;
    const location = positionOf(unit, stations);
    if (!location) {
      unplaced.push({ unitId: unit.id, reason: `no position reported and station ${unit.stationId} unknown` });
      continue;
    }
    candidates.push({ id: unit.id, location });
  }
  const byId = new Map(units.map((u) => [u.id, u]));
  const sendable = (unit: Unit) => DISPATCHABLE.includes(unit.status);

  // Lines whose capability fewer sendable units have go first, so a ladder truck that also pumps water
  // is kept for the ladder line rather than used up as an engine.
  const order = runCard
    .map((line, index) => {
      const supply = candidates.filter((c) => {
        const unit = byId.get(c.id)!;
        return sendable(unit) && qualifies(unit, line);
      }).length;
      return { line, index, supply };
    })
    .sort((a, b) => a.supply - b.supply || a.index - b.index);
  /** The run card filled from sendable units fastest first: each line's picks, then its next best. */
  const fill = (available: readonly Reached[]) => {
    const taken = new Set<string>();
    const picks = new Map<number, Reached[]>();
    for (const { line, index } of order) {
      const mine: Reached[] = [];
      for (const r of available) {
        if (mine.length >= line.count) break;
        if (taken.has(r.unit.id) || !qualifies(r.unit, line)) continue;
        mine.push(r);
        taken.add(r.unit.id);
      }
      picks.set(index, mine);
    }
    const next = new Map<number, Reached[]>();
    let complete = true;
    for (const { line, index } of order) {
      const after = available
        .filter((r) => !taken.has(r.unit.id) && qualifies(r.unit, line))
        .slice(0, alternativesPerLine);
      next.set(index, after);
      if (picks.get(index)!.length < line.count || after.length < alternativesPerLine) complete = false;
    }
    return { picks, next, complete };
  };

  // One search from the scene for every unit, sendable or not (busy ones may be closer). It ends as soon
  // as the units told so far fill every line and its next best: farther units could change nothing, and
  // every busy unit closer than a choice has been told by then.
  const told: Reached[] = [];
  const reached = network.nearestByRoad(incident.location, candidates, {
    k: Math.max(1, candidates.length),
    maxSeconds,
    direction: 'to-origin',
    profile: 'emergency',
    until: (r) => {
      const unit = byId.get(r.id)!;
      if (!sendable(unit)) return false;
      told.push({ unit, seconds: r.seconds, lengthM: r.lengthM });
      return fill(told).complete;
    },
  });
  for (const u of reached.unplaced) unplaced.push({ unitId: u.id, reason: u.reason });
  /** Every unit the search told of, fastest first. */
  const ranked = reached.nearest.map((r) => ({ unit: byId.get(r.id)!, seconds: r.seconds, lengthM: r.lengthM }));
  const available = ranked.filter((r) => sendable(r.unit));
  const busy = ranked.filter((r) => !sendable(r.unit));
  const { picks: chosen, next: nextOf } = fill(available);

  const suggested: Suggestion[] = [];
  const alternatives: Suggestion[] = [];
  const busyCloser: Suggestion[] = [];
  const busyShown = new Set<string>();
  const shortfall: Recommendation['shortfall'] = [];
  runCard.forEach((line, index) => {
    const picks = chosen.get(index) ?? [];
    const next = nextOf.get(index) ?? [];
    for (const r of picks) suggested.push({ ...r, line: index, why: whySuggested(r, line, index, next[0], stations) });
    const last = picks[picks.length - 1];
    for (const r of next) alternatives.push({ ...r, line: index, why: whyAlternative(r, line, index, last) });
  });
  // One row per unit: a unit next best for two lines, or picked for one and next for another, is offered once
  // (a second row would let one key pick it and the next unpick it).
  const offered = new Set(suggested.map((s) => s.unit.id));
  const once = alternatives.filter((s) => !offered.has(s.unit.id) && (offered.add(s.unit.id), true));
  alternatives.splice(0, alternatives.length, ...once);
  runCard.forEach((line, index) => {
    const picks = chosen.get(index) ?? [];
    const last = picks[picks.length - 1];
    const missing = line.count - picks.length;
    if (missing > 0) shortfall.push({ line: index, anyOf: line.anyOf, missing });
    // Busy units that would have been chosen had they been free: those faster than the line's last
    // choice, and while the line is short, the nearest others that could make it up.
    const able = busy.filter((r) => qualifies(r.unit, line) && !busyShown.has(r.unit.id));
    const faster = last ? able.filter((r) => r.seconds < last.seconds) : [];
    const makeUp = missing > 0 ? able.filter((r) => !faster.includes(r)).slice(0, missing) : [];
    for (const r of [...faster, ...makeUp]) {
      busyShown.add(r.unit.id);
      busyCloser.push({ ...r, line: index, why: whyBusy(r, line, index, last) });
    }
  });

  // The suggested units first, then the next best: the dispatcher may pick either, and its road is drawn.
  const routed = [...[...suggested].sort((a, b) => a.seconds - b.seconds), ...alternatives];
  for (const s of routed.slice(0, routes)) {
    const at = positionOf(s.unit, stations)!;
    const path = network.route(at, incident.location, { profile: 'emergency' });
    if (path) s.route = path.coordinates;
  }
  return { runCard, suggested, alternatives, busyCloser, shortfall, unplaced };
}

/** recommendUnits beside the graph, in a road search worker (RECOMMEND_TASK). */
export function recommendBeside(network: RoadNetwork, input: Omit<RecommendInput, 'network'>): Recommendation {
  return recommendUnits({ ...input, network });
}
export const RECOMMEND_TASK = roadTask(import.meta.url, recommendBeside);

interface Reached {
  unit: Unit;
  seconds: number;
  lengthM: number;
}

/**
 * Hospitals for a patient from the scene: those that can treat the care it needs first, each group by
 * travel time (the emergency profile, the way a patient is driven), specialist-only ones last marked
 * not suitable (care.ts); those that say they have no free bed are set apart in `full`, and those no
 * road reaches are left out.
 */
export function hospitalsByTravelTime(
  from: LonLat,
  hospitals: readonly Hospital[],
  network: RoadNetwork,
  k?: number,
  care: CareNeed = 'emergency',
): {
  hospitals: {
    hospital: Hospital;
    seconds: number;
    lengthM: number;
    suitable: boolean;
    why: { vi: string; en: string };
  }[];
  full: Hospital[];
} {
  const full = hospitals.filter((h) => h.bedsFree === 0);
  const open = hospitals.filter((h) => h.bedsFree !== 0);
  if (open.length === 0) return { hospitals: [], full };
  const byId = new Map(open.map((h) => [h.id, h]));
  // One search reaches them all: the ranking needs every one's time, not only the nearest k.
  const found = network.nearestByRoad(
    from,
    open.map((h) => ({ id: h.id, location: h.location })),
    { k: open.length, direction: 'from-origin', profile: 'emergency' },
  );
  const ranked = found.nearest
    .map((r) => {
      const hospital = byId.get(r.id)!;
      return { hospital, seconds: r.seconds, lengthM: r.lengthM, fit: hospitalFit(hospital, care) };
    })
    .sort((a, b) => a.fit.tier - b.fit.tier || a.seconds - b.seconds);
  // The k best that can treat it, then those that cannot but are as near (the eye hospital next door):
  // shown last with the reason, so the dispatcher sees why the nearest is not first.
  const fit = ranked.filter((r) => r.fit.suitable).slice(0, k ?? ranked.length);
  const reach = Math.max(0, ...fit.map((r) => r.seconds));
  const unfit = ranked.filter((r) => !r.fit.suitable && (k === undefined || r.seconds <= reach));
  return {
    hospitals: [...fit, ...unfit].map(({ fit: f, ...r }) => ({ ...r, suitable: f.suitable, why: f.why })),
    full,
  };
}

/** hospitalsByTravelTime beside the graph, in a road search worker (HOSPITALS_TASK). */
export function hospitalsBeside(
  network: RoadNetwork,
  args: { from: LonLat; hospitals: readonly Hospital[]; k?: number; care?: CareNeed },
): ReturnType<typeof hospitalsByTravelTime> {
  return hospitalsByTravelTime(args.from, args.hospitals, network, args.k, args.care);
}
export const HOSPITALS_TASK = roadTask(import.meta.url, hospitalsBeside);

// The words of the explanations.

const KIND: Record<UnitKind, { vi: string; en: string }> = {
  fire_engine: { vi: 'xe chữa cháy', en: 'fire engine' },
  ladder_truck: { vi: 'xe thang', en: 'ladder truck' },
  rescue_team: { vi: 'đội cứu nạn', en: 'rescue team' },
  ambulance: { vi: 'xe cứu thương', en: 'ambulance' },
  police_patrol: { vi: 'xe tuần tra', en: 'police patrol' },
};

const CAPABILITY: Record<Capability, { vi: string; en: string }> = {
  engine: { vi: 'chữa cháy', en: 'engine' },
  ladder: { vi: 'thang', en: 'ladder' },
  rescue: { vi: 'cứu nạn', en: 'rescue' },
  water_rescue: { vi: 'cứu hộ dưới nước', en: 'water rescue' },
  hazmat: { vi: 'hoá chất độc hại', en: 'hazmat' },
  als: { vi: 'cấp cứu nâng cao', en: 'advanced life support' },
  bls: { vi: 'cấp cứu cơ bản', en: 'basic life support' },
  patrol: { vi: 'tuần tra', en: 'patrol' },
};

const STATUS_VI: Record<string, string> = {
  available: 'sẵn sàng',
  returning: 'đang về trạm',
  dispatched: 'đã điều',
  en_route: 'đang đến hiện trường',
  on_scene: 'ở hiện trường',
  transporting: 'đang chở bệnh nhân',
  at_hospital: 'ở bệnh viện',
};

function duration(seconds: number): { vi: string; en: string } {
  const s = Math.round(seconds);
  const [m, r] = [Math.floor(s / 60), String(s % 60).padStart(2, '0')];
  return m === 0 ? { vi: `${s} giây`, en: `${s} s` } : { vi: `${m} phút ${r} giây`, en: `${m} min ${r} s` };
}

function distance(metres: number): { vi: string; en: string } {
  if (metres < 1000) return { vi: `${Math.round(metres)} m`, en: `${Math.round(metres)} m` };
  const km = (metres / 1000).toFixed(1);
  return { vi: `${km.replace('.', ',')} km`, en: `${km} km` };
}

function lineWords(line: RunCardLine, index: number): { vi: string; en: string } {
  const vi = line.anyOf.map((c) => CAPABILITY[c].vi).join(' hoặc ');
  const en = line.anyOf.map((c) => CAPABILITY[c].en).join(' or ');
  return { vi: `dòng ${index + 1} (${vi})`, en: `line ${index + 1} (${en})` };
}

function unitWords(r: Reached, stations?: ReadonlyMap<string, Station>): { vi: string; en: string } {
  const kind = KIND[r.unit.kind];
  const station = stations?.get(r.unit.stationId)?.name;
  const where = r.unit.location ? '' : station ? ', at its station' : '';
  const whereVi = r.unit.location ? '' : station ? ', đang ở trạm' : '';
  return {
    vi: `${r.unit.callSign} (${kind.vi}${station ? `, ${station}` : ''}${whereVi})`,
    en: `${r.unit.callSign} (${kind.en}${station ? `, ${station}` : ''}${where})`,
  };
}

function whySuggested(
  r: Reached,
  line: RunCardLine,
  index: number,
  next: Reached | undefined,
  stations: ReadonlyMap<string, Station>,
): { vi: string; en: string } {
  const [who, eta, km, lw] = [unitWords(r, stations), duration(r.seconds), distance(r.lengthM), lineWords(line, index)];
  const returning =
    r.unit.status === 'returning'
      ? { vi: ' Đang về trạm, điều được.', en: ' Returning, may be sent.' }
      : { vi: '', en: '' };
  const ahead = next ? Math.round(next.seconds - r.seconds) : 0;
  const over = !next
    ? { vi: 'không còn xe sẵn sàng nào khác cho dòng này.', en: 'no other available unit can fill this line.' }
    : ahead <= 0
      ? {
          vi: `nhanh ngang ${next.unit.callSign}, xe kế tiếp.`,
          en: `as fast as ${next.unit.callSign}, the next available.`,
        }
      : {
          vi: `nhanh hơn ${next.unit.callSign}, xe kế tiếp, ${duration(next.seconds - r.seconds).vi}.`,
          en: `${duration(next.seconds - r.seconds).en} ahead of ${next.unit.callSign}, the next available.`,
        };
  return {
    vi: `${who.vi}: ${eta.vi}, ${km.vi} đường bộ; cho ${lw.vi}; ${over.vi}${returning.vi}`,
    en: `${who.en}: ${eta.en}, ${km.en} by road; fills ${lw.en}; ${over.en}${returning.en}`,
  };
}

function whyAlternative(r: Reached, line: RunCardLine, index: number, last: Reached | undefined) {
  const [eta, km, lw] = [duration(r.seconds), distance(r.lengthM), lineWords(line, index)];
  const behind = last ? duration(r.seconds - last.seconds) : undefined;
  return {
    vi: `${r.unit.callSign}: ${eta.vi}, ${km.vi}; phương án tiếp theo cho ${lw.vi}${behind ? `, chậm hơn ${last!.unit.callSign} ${behind.vi}` : ''}.`,
    en: `${r.unit.callSign}: ${eta.en}, ${km.en}; next for ${lw.en}${behind ? `, ${behind.en} behind ${last!.unit.callSign}` : ''}.`,
  };
}

function whyBusy(r: Reached, line: RunCardLine, index: number, last: Reached | undefined) {
  const [eta, km, lw] = [duration(r.seconds), distance(r.lengthM), lineWords(line, index)];
  const status = { vi: STATUS_VI[r.unit.status] ?? r.unit.status, en: r.unit.status.replace('_', ' ') };
  const than =
    last && r.seconds < last.seconds
      ? {
          vi: `, gần hơn ${last.unit.callSign} ${duration(last.seconds - r.seconds).vi}`,
          en: `, ${duration(last.seconds - r.seconds).en} closer than ${last.unit.callSign}`,
        }
      : { vi: '', en: '' };
  return {
    vi: `${r.unit.callSign}: ${eta.vi}, ${km.vi}${than.vi}, nhưng ${status.vi}: không đề xuất cho ${lw.vi}.`,
    en: `${r.unit.callSign}: ${eta.en}, ${km.en}${than.en}, but ${status.en}: not suggested for ${lw.en}.`,
  };
}
