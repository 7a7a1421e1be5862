// Checks the emergency centre's places (apps/server/data/city/emergency.json), and that the
// derivation still gives exactly this file from ../shared/data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedInput } from '../../apps/server/test/support/shared-input.js';

type LonLat = [number, number];
interface Place {
  id: string;
  name: string;
  nameFrom?: string;
  ward: string;
  wardName: string;
  location: LonLat;
  roadM: number;
  osmId?: string;
}
interface Emergency {
  credit: string;
  licence: string;
  sources: { name: string; licence: string }[];
  fireStations: Place[];
  policeStations: Place[];
  hospitals: (Place & { emergency?: boolean })[];
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'apps/server/data/city');
const read = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const emergency = read<Emergency>(join(dir, 'emergency.json'));
const areas = read<{ city: { outline: { coordinates: LonLat[][] } }; units: { code: string; name: string }[] }>(
  join(dir, 'areas.json'),
);

function insideRing([x, y]: LonLat, ring: LonLat[]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inCity = (p: LonLat) => insideRing(p, areas.city.outline.coordinates[0]!);
const wards = new Map(areas.units.map((u) => [u.code, u.name]));

describe('city facts: emergency places', () => {
  const all = [...emergency.fireStations, ...emergency.policeStations, ...emergency.hospitals];

  it('has the fire stations OSM maps, dozens of police stations and the hospitals, credited to OSM under the ODbL', () => {
    // OSM maps only a handful of Hà Nội's fire and rescue teams: that is the fact the demo builds on.
    assert.ok(
      emergency.fireStations.length >= 4 && emergency.fireStations.length <= 8,
      `${emergency.fireStations.length}`,
    );
    assert.ok(emergency.policeStations.length >= 50, `${emergency.policeStations.length} police stations`);
    assert.ok(emergency.hospitals.length >= 80, `${emergency.hospitals.length} hospitals`);
    assert.ok(
      emergency.hospitals.filter((h) => h.emergency === true).length >= 15,
      'emergency.hospitals.filter((h) => h.emergency === true).length >= 15',
    );
    assert.match(emergency.credit, /© OpenStreetMap contributors/);
    assert.match(emergency.licence, /ODbL/);
    assert.ok(
      emergency.sources.every((s) => s.licence === 'ODbL-1.0'),
      "emergency.sources.every((s) => s.licence === 'ODbL-1.0')",
    );
  });

  it('puts every place inside Hà Nội, in a ward of the city, beside a road, with a name and a unique id', () => {
    for (const p of all) {
      assert.ok(inCity(p.location), `${p.id} ${p.name} at ${p.location.join(',')}`);
      assert.equal(wards.get(p.ward), p.wardName, p.id);
      assert.ok(p.roadM >= 0 && p.roadM <= 800, `${p.id}: ${p.roadM} m from the road graph`);
      assert.ok(p.name.trim().length > 3, p.id);
    }
    assert.equal(new Set(all.map((p) => p.id)).size, all.length);
  });

  it('names hospitals as hospitals, police stations as police, and says where a fire station name is not OSM’s', () => {
    for (const h of emergency.hospitals) {
      assert.match(h.name, /^(bệnh viện|viện |bệnh xá)/i, h.id);
      assert.doesNotMatch(h.name, /thú y/i, h.id); // the veterinary hospital OSM tags as a hospital
    }
    assert.ok(
      emergency.hospitals.some((h) => h.name === 'Bệnh viện Trung ương Quân đội 108'),
      "emergency.hospitals.some((h) => h.name === 'Bệnh viện Trung ương Quân đội 108')",
    );
    assert.ok(
      emergency.policeStations.filter((s) => /^công an/i.test(s.name)).length >= 40,
      'emergency.policeStations.filter((s) => /^công an/i.test(s.name)).length >= 40',
    );
    for (const s of emergency.fireStations) {
      assert.ok(['osm', 'reconstructed', 'placeholder'].includes(s.nameFrom ?? ''), s.id);
      if (s.nameFrom === 'osm') assert.match(s.name, /PCCC|PC&CC|chữa cháy/i, s.id);
    }
  });
});

const shared = resolve(root, process.env.SHARED_DATA ?? '../shared/data');
const datasets = sharedInput(shared, 'the datasets to derive from');
describe('city facts: emergency places derivation', () => {
  it('reproduces emergency.json byte for byte', datasets.options, () => {
    datasets.require();
    const out = mkdtempSync(join(tmpdir(), 'thanglong-emergency-'));
    try {
      const run = spawnSync(process.execPath, [join(root, 'scripts/city/emergency-places.mjs')], {
        env: { ...process.env, SHARED_DATA: shared, CITY_OUT: out },
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(
        readFileSync(join(out, 'emergency.json'), 'utf8'),
        readFileSync(join(dir, 'emergency.json'), 'utf8'),
        'emergency.json differs: run node scripts/city/emergency-places.mjs',
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
