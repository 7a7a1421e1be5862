// The 126 wards (phường) and communes (xã) of Hanoi after the 1 July 2025 reform, and the city boundary.
import { ODBL_NOTE, credits } from './sources.mjs';
import { byString, insidePolygon, metres, pt, readJson, simplifyRing } from './lib.mjs';

const UNIT_TOLERANCE_M = 40; // keeps areas.json near 250 kB; ward edges move by at most this much
const CITY_TOLERANCE_M = 15; // finer: stops and sensors near the edge are tested against this outline

export function deriveAreas(shared) {
  const wards = readJson(shared, 'hanoi-admin-2025-osm/hanoi_wards_communes_2025.geojson');
  const boundary = readJson(shared, 'hanoi-admin-2025-osm/hanoi_city_boundary.geojson');
  const merges = readJson(shared, 'hanoi-admin-mapping-2025/hanoi_merges.json');

  const hanoi = merges.data.find((p) => p.level1_id === '01');
  if (!hanoi) throw new Error('hanoi_merges.json has no province 01');
  const mergesByCode = new Map(hanoi.level2s.map((u) => [u.level2_id, u]));

  const cityFeature = boundary.features[0];
  if (cityFeature.geometry.type !== 'Polygon') throw new Error('the city boundary is expected to be one Polygon');
  const cityRings = cityFeature.geometry.coordinates.map((r) => simplifyRing(r, CITY_TOLERANCE_M));

  const detail = new Map();
  const units = wards.features
    .map((f) => {
      const p = f.properties;
      const code = p.ma_xa_2025;
      const merge = mergesByCode.get(code);
      if (!/^\d{5}$/.test(code ?? '') || !merge) throw new Error(`unit ${p.name}: no official code`);
      if (merge.name !== p.name) throw new Error(`unit ${code}: OSM says ${p.name}, the code list ${merge.name}`);
      if (f.geometry.type !== 'Polygon') throw new Error(`unit ${code}: expected a Polygon`);
      const kind = p.name.startsWith('Phường ') ? 'phường' : p.name.startsWith('Xã ') ? 'xã' : null;
      if (!kind) throw new Error(`unit ${code}: ${p.name} is neither phường nor xã`);
      const rings = f.geometry.coordinates;
      detail.set(code, rings); // full detail, for locating things; not written
      return {
        code,
        name: p.name,
        shortName: p.name.replace(/^(Phường|Xã) /, ''),
        nameEn: p['name:en'],
        kind,
        osmId: `relation/${p.osm_id}`,
        population: p.population ? Number(p.population) : undefined,
        populationDate: p.population ? p['population:date'] : undefined,
        centroid: pt(p.label_point),
        formerUnits: merge.merges.map((m) => ({ code: m.old_id, name: m.name, whole: m.type === 'full' })),
        outline: { type: 'Polygon', coordinates: rings.map((r) => simplifyRing(r, UNIT_TOLERANCE_M)) },
      };
    })
    .sort((a, b) => byString(a.code, b.code));

  if (units.length !== 126) throw new Error(`expected 126 units, found ${units.length}`);
  for (const u of units) {
    if (!insidePolygon(u.centroid, cityRings)) throw new Error(`unit ${u.code}: label point outside the city`);
  }

  /** Whether a point lies in a unit, and which unit it lies in (full-detail outlines; in a gap between
   * outlines, the unit with the nearest label point). */
  const insideUnit = (p, u) => insidePolygon(p, detail.get(u.code));
  const unitAt = (p) =>
    units.find((u) => insideUnit(p, u)) ??
    units.reduce((best, u) => (metres(p, u.centroid) < metres(p, best.centroid) ? u : best));
  const inCity = (p) => insidePolygon(p, cityRings);

  const vertices = (rings) => rings.reduce((n, r) => n + r.length, 0);
  const file = {
    about:
      'Hà Nội after the 1 July 2025 reform (Resolution 1656/NQ-UBTVQH15): the city boundary and its 126 ' +
      'commune-level units (51 phường, 75 xã) with official GSO codes. `centroid` is a label point that ' +
      'lies inside the unit; `outline` is simplified (Douglas–Peucker) and good for maps and for locating ' +
      'things, not for surveying. `formerUnits` are the pre-2025 units merged in (whole or in part).',
    ...credits('osmAdmin', 'dvhcvn'),
    licence: ODBL_NOTE,
    illustrative: false,
    simplification: { unitToleranceMetres: UNIT_TOLERANCE_M, cityToleranceMetres: CITY_TOLERANCE_M },
    summary: {
      units: units.length,
      phuong: units.filter((u) => u.kind === 'phường').length,
      xa: units.filter((u) => u.kind === 'xã').length,
      cityVertices: vertices(cityRings),
      unitVertices: units.reduce((n, u) => n + vertices(u.outline.coordinates), 0),
    },
    city: {
      code: '01',
      name: 'Thành phố Hà Nội',
      nameEn: 'Hanoi',
      osmId: `relation/${cityFeature.properties.osm_id}`,
      outline: { type: 'Polygon', coordinates: cityRings },
    },
    units,
  };
  return { file, units, unitAt, insideUnit, inCity };
}
