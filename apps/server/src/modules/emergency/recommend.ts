// Replaced at merge by the recommendation helper's file.
import type { RoadNetwork } from '../city/index.js';
import type { Capability, Hospital, LonLat, Priority, RunCardLine, Station, Unit } from './model.js';
import { DISPATCHABLE } from './model.js';

/** Units for an incident by road travel time, line by line of its run card. */

export interface RecommendInput {
  incident: { location: LonLat; typeCode: string; priority: Priority };
  runCard: readonly RunCardLine[];
  units: readonly Unit[];
  stations: readonly Station[];
  network: RoadNetwork;
  options?: { maxSeconds?: number; alternatives?: number };
}
export interface Suggestion {
  unit: Unit;
  seconds: number;
  lengthM: number;
  /** The run-card line it fills. */
  line: number;
  why: { vi: string; en: string };
  route?: LonLat[];
}
export interface Recommendation {
  runCard: readonly RunCardLine[];
  suggested: Suggestion[];
  alternatives: Suggestion[];
  /** Committed units closer than the suggested one for a line, shown not suggested. */
  busyCloser: Suggestion[];
  shortfall: { line: number; anyOf: readonly Capability[]; missing: number }[];
  unplaced: { unitId: string; reason: string }[];
}

/** A unit's position: its AVL location, or its station's when it has none. */
function positionOf(unit: Unit, stations: ReadonlyMap<string, Station>): LonLat | undefined {
  return unit.location ?? stations.get(unit.stationId)?.location;
}

export function recommendUnits(input: RecommendInput): Recommendation {
  const stations = new Map(input.stations.map((s) => [s.id, s]));
  const taken = new Set<string>();
  const suggested: Suggestion[] = [];
  const alternatives: Suggestion[] = [];
  const shortfall: Recommendation['shortfall'] = [];
  const unplaced: Recommendation['unplaced'] = [];
  input.runCard.forEach((line, index) => {
    const fits = input.units.filter(
      (u) => DISPATCHABLE.includes(u.status) && !taken.has(u.id) && u.capabilities.some((c) => line.anyOf.includes(c)),
    );
    const candidates = fits.flatMap((u) => {
      const location = positionOf(u, stations);
      return location ? [{ id: u.id, location }] : [];
    });
    const found =
      candidates.length === 0
        ? { nearest: [], unplaced: [] }
        : input.network.nearestByRoad(input.incident.location, candidates, {
            k: line.count + (input.options?.alternatives ?? 1),
            profile: 'emergency',
            maxSeconds: input.options?.maxSeconds ?? 3600,
          });
    for (const u of found.unplaced) unplaced.push({ unitId: u.id, reason: u.reason });
    const byId = new Map(fits.map((u) => [u.id, u]));
    found.nearest.forEach((n, k) => {
      const unit = byId.get(n.id)!;
      const minutes = Math.round(n.seconds / 60);
      const s: Suggestion = {
        unit,
        seconds: n.seconds,
        lengthM: n.lengthM,
        line: index,
        why: {
          vi: `${unit.callSign}: ${minutes} phút, ${(n.lengthM / 1000).toFixed(1)} km theo đường bộ`,
          en: `${unit.callSign}: ${minutes} min, ${(n.lengthM / 1000).toFixed(1)} km by road`,
        },
      };
      if (k < line.count) {
        suggested.push(s);
        taken.add(unit.id);
      } else alternatives.push(s);
    });
    const placed = Math.min(line.count, found.nearest.length);
    if (placed < line.count) shortfall.push({ line: index, anyOf: line.anyOf, missing: line.count - placed });
  });
  return { runCard: input.runCard, suggested, alternatives, busyCloser: [], shortfall, unplaced };
}

/** Hospitals by travel time from a point; those with no free bed are listed apart. */
export function hospitalsByTravelTime(
  from: LonLat,
  hospitals: readonly Hospital[],
  network: RoadNetwork,
  k = 5,
): { hospitals: { hospital: Hospital; seconds: number; lengthM: number }[]; full: Hospital[] } {
  const full = hospitals.filter((h) => h.bedsFree === 0);
  const open = hospitals.filter((h) => h.bedsFree !== 0);
  const byId = new Map(open.map((h) => [h.id, h]));
  const found =
    open.length === 0
      ? { nearest: [] }
      : network.nearestByRoad(
          from,
          open.map((h) => ({ id: h.id, location: h.location })),
          { k, direction: 'from-origin', profile: 'emergency' },
        );
  return {
    hospitals: found.nearest.map((n) => ({ hospital: byId.get(n.id)!, seconds: n.seconds, lengthM: n.lengthM })),
    full,
  };
}
