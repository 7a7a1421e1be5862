// The fleet both parts of bench:emergency use: units at the city's real fire, ambulance and police
// stations (apps/server/data/city/places.json), some reporting a position elsewhere, some busy.
import { readFileSync } from 'node:fs';
import type { LonLat } from '../../apps/server/src/modules/city/index.js';
// The emergency module's index.ts is written beside this bench, at the same time: until the two are
// joined, the shared words' own file (switch to ../../apps/server/src/modules/emergency/index.js then).
// eslint-disable-next-line thanglong/module-boundaries
import type { Capability, Station, Unit, UnitKind, UnitStatus } from '../../apps/server/src/modules/emergency/model.js';

interface Places {
  emergencyStations: { id: string; kind: 'fire' | 'ambulance' | 'police'; name: string; location: [number, number] }[];
}

/** A seeded generator (Park–Miller), so that every run places the same fleet and incidents. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

/** A random place in the urban area (where the road graph has every street) and its ring. */
export const randomPlace = (random: () => number): LonLat => [105.74 + random() * 0.17, 20.95 + random() * 0.13];

/**
 * `count` units: each fire station 2 engines, every third a ladder, every third a rescue team; each
 * ambulance station 3 ambulances (one advanced); then police patrols round the police stations. With
 * `busy`, about a fifth are committed or out of service and a third report a position away from their
 * station; otherwise all are available at their stations.
 */
export function hanoiFleet(count: number, random: () => number, busy: boolean): { stations: Station[]; units: Unit[] } {
  const places = JSON.parse(
    readFileSync(new URL('../../apps/server/data/city/places.json', import.meta.url), 'utf8'),
  ) as Places;
  const agencyOf = { fire: 'fire', ambulance: 'medical', police: 'police' } as const;
  const stations: Station[] = places.emergencyStations.map((s) => ({
    id: s.id,
    name: s.name,
    agency: agencyOf[s.kind],
    location: s.location,
  }));
  const ofKind = (kind: string) => places.emergencyStations.filter((s) => s.kind === kind);
  const plan: { kind: UnitKind; capabilities: Capability[]; stationId: string; sign: string }[] = [];
  ofKind('fire').forEach((s, i) => {
    const sign = `F${String(i + 1).padStart(2, '0')}`;
    plan.push({ kind: 'fire_engine', capabilities: ['engine'], stationId: s.id, sign: `${sign}-E1` });
    plan.push({ kind: 'fire_engine', capabilities: ['engine', 'water_rescue'], stationId: s.id, sign: `${sign}-E2` });
    if (i % 3 === 0)
      plan.push({ kind: 'ladder_truck', capabilities: ['ladder', 'engine'], stationId: s.id, sign: `${sign}-L1` });
    if (i % 3 === 1)
      plan.push({ kind: 'rescue_team', capabilities: ['rescue', 'hazmat'], stationId: s.id, sign: `${sign}-R1` });
  });
  ofKind('ambulance').forEach((s, i) => {
    (['als', 'bls', 'bls'] as Capability[]).forEach((c, k) =>
      plan.push({
        kind: 'ambulance',
        capabilities: [c],
        stationId: s.id,
        sign: `A${String(i + 1).padStart(2, '0')}-${k + 1}`,
      }),
    );
  });
  const police = ofKind('police');
  for (let i = 0; plan.length < count; i++)
    plan.push({
      kind: 'police_patrol',
      capabilities: ['patrol'],
      stationId: police[i % police.length]!.id,
      sign: `P${String(i + 1).padStart(3, '0')}`,
    });
  const units: Unit[] = plan.slice(0, count).map((p, i) => {
    const roll = busy ? random() : 1;
    const status: UnitStatus =
      roll < 0.05
        ? 'out_of_service'
        : roll < 0.12
          ? 'en_route'
          : roll < 0.2
            ? 'on_scene'
            : roll < 0.25
              ? 'returning'
              : 'available';
    const moving = busy && random() < 0.33;
    return {
      id: `u${String(i).padStart(3, '0')}`,
      callSign: p.sign,
      kind: p.kind,
      agency: p.kind === 'ambulance' ? 'medical' : p.kind === 'police_patrol' ? 'police' : 'fire',
      capabilities: p.capabilities,
      stationId: p.stationId,
      crew: 4,
      status,
      statusAt: '2026-12-04T10:00:00Z',
      ...(moving ? { location: randomPlace(random) } : {}),
    };
  });
  return { stations, units };
}
