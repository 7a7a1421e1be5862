// `node scripts/city/emergency-places.mjs`: derives apps/server/data/city/emergency.json, the emergency
// centre's places of the demo city: fire stations, police stations and hospitals of Hà Nội as
// OpenStreetMap has them, each placed in its ward and measured against the road graph the units drive
// on. Read from ../shared/data (never copied), deterministic: the same inputs give the same bytes.
//
//   SHARED_DATA  where the datasets are (default: ../shared/data next to the repository)
//   CITY_OUT     where to write (default: apps/server/data/city)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { deriveAreas } from './areas.mjs';
import { byString, formatJson, metres, pt, readJson } from './lib.mjs';
import { ODBL_NOTE, SOURCES } from './sources.mjs';

/** Farther than this from every junction of the road graph, a place is not one a unit drives to. */
const MAX_ROAD_M = 800;
/** Two hospitals this close, one's name within the other's, are one place. */
const SAME_PLACE_M = 150;

const EMERGENCY_POIS = {
  name: 'Fire stations, police stations, hospitals and clinics of Hà Nội (OpenMapTiles poi layer 2021, Geofabrik-style POIs 2025)',
  from: SOURCES.osmEmergency.from,
  licence: 'ODbL-1.0',
  credit: '© OpenStreetMap contributors',
};

/** The road graph's junctions (roads.json.gz, already derived) on a 0.01° grid, to measure how far off-road a place is. */
function roadJunctions(cityDir) {
  const graph = JSON.parse(gunzipSync(readFileSync(join(cityDir, 'roads.json.gz'))).toString('utf8'));
  const cells = new Map();
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < graph.nodes.length; i += 2) {
    const p = [graph.nodes[i] / 1e5, graph.nodes[i + 1] / 1e5];
    [minLon, minLat] = [Math.min(minLon, p[0]), Math.min(minLat, p[1])];
    [maxLon, maxLat] = [Math.max(maxLon, p[0]), Math.max(maxLat, p[1])];
    const key = `${Math.floor(p[0] * 100)},${Math.floor(p[1] * 100)}`;
    const cell = cells.get(key) ?? [];
    cell.push(p);
    cells.set(key, cell);
  }
  const nearestM = (p) => {
    let best = Infinity;
    const [cx, cy] = [Math.floor(p[0] * 100), Math.floor(p[1] * 100)];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of cells.get(`${cx + dx},${cy + dy}`) ?? []) best = Math.min(best, metres(p, q));
    return Math.round(best);
  };
  const inBox = ([lon, lat]) => lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
  return { nearestM, inBox, bbox: [minLon, minLat, maxLon, maxLat].map((x) => Math.round(x * 1e5) / 1e5) };
}

const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * A hospital for people by its OSM name: OSM also tags health stations, clinics, an optician and a
 * veterinary hospital as hospitals, and cosmetic surgeries take no emergencies.
 */
const isHospitalName = (name) => /^(bệnh viện|viện |bệnh xá)/i.test(name.trim()) && !/thú y|thẩm mỹ/i.test(name);

/**
 * What a hospital treats, by its OSM tags (`healthcare:speciality`) and its name: the care a medical
 * call may need. A hospital with none of these words in its name or tags is a general one.
 */
const SPECIALITY_TAGS = {
  cardiology: 'cardiac',
  paediatrics: 'paediatric',
  maternity: 'obstetric',
  gynaecology: 'obstetric',
  obstetrics: 'obstetric',
  ophthalmology: 'eye',
  dentist: 'dental',
  dermatology: 'dermatology',
  psychiatry: 'psychiatric',
  oncology: 'oncology',
  traumatology: 'trauma',
  orthopaedics: 'trauma',
  neurology: 'stroke',
  burns: 'burns',
};
/** Words of a hospital's name (marks folded) and the care they say it gives. */
const SPECIALITY_NAMES = [
  [/\bmat\b/, 'eye', /\brang ham mat\b/],
  [/\brang ham mat\b/, 'dental'],
  [/\bda lieu\b/, 'dermatology'],
  [/\bphu san\b|\bsan nhi\b|\bho sinh\b/, 'obstetric'],
  [/\bnhi\b|\bsan nhi\b/, 'paediatric'],
  [/\btim\b|\btim mach\b/, 'cardiac'],
  [/\by hoc co truyen\b|\bcham cuu\b|\btue tinh\b/, 'traditional'],
  [/\btam than\b/, 'psychiatric'],
  [/\bung buou\b|\bu buou\b|^benh vien k\b/, 'oncology'],
  [/\bbong\b/, 'burns'],
  [/\bviet duc\b|\bchan thuong\b/, 'trauma'],
  [/\bphoi\b/, 'respiratory'],
  [/\btai mui hong\b/, 'ent'],
  [/\bnoi tiet\b/, 'endocrine'],
  [/\bthan\b/, 'renal', /\btam than\b/],
  [/\bnhiet doi\b/, 'infectious'],
  [/\bhuyet hoc\b/, 'haematology'],
  [/\blao khoa\b/, 'geriatric'],
  [/\bphuc hoi chuc nang\b/, 'rehabilitation'],
];
/** Care given in an emergency: a hospital with one of these takes the emergencies of its kind. */
const ACUTE = new Set(['cardiac', 'trauma', 'burns', 'paediatric', 'obstetric', 'stroke']);

/**
 * `emergency`: takes emergencies (OSM's `emergency` tag when set, else a general hospital or one whose
 * care is acute); `general`: a general hospital ("đa khoa", or no speciality named), not a traditional
 * medicine one; `specialities`: the care its name and tags name.
 */
export function hospitalCare(name, tags = {}) {
  const key = fold(name);
  const specialities = new Set();
  for (const [words, care, unless] of SPECIALITY_NAMES)
    if (words.test(key) && !(unless && unless.test(key))) specialities.add(care);
  for (const t of String(tags['healthcare:speciality'] ?? '').split(';')) {
    const care = SPECIALITY_TAGS[t.trim()];
    if (care) specialities.add(care);
  }
  const general = (/\bda khoa\b/.test(key) || specialities.size === 0) && !specialities.has('traditional');
  const tagged = tags.emergency === 'yes' ? true : tags.emergency === 'no' ? false : undefined;
  const emergency = tagged ?? (general || [...specialities].some((c) => ACUTE.has(c)));
  return { emergency, general, specialities: [...specialities].sort() };
}

/**
 * The emergency places: every fire-related point of the POI set (OSM maps only a handful of Hà Nội's
 * fire and rescue teams; that is what there is), the police stations and the hospitals with a name,
 * inside the city and near the road graph.
 */
export function deriveEmergencyPlaces(shared, cityDir) {
  const { unitAt, inCity } = deriveAreas(shared);
  const roads = roadJunctions(cityDir);
  const pois = readJson(shared, 'hanoi-emergency-pois/hanoi_emergency_pois.geojson');
  const osmHospitals = readJson(shared, 'hanoi-osm-hospitals/hanoi_hospitals_osm.geojson');
  const dropped = { outsideCity: 0, offRoad: 0, unnamed: 0, notHospital: 0, duplicates: 0 };

  const place = (kind, props) => {
    const location = pt(props.at);
    if (!inCity(location) || !roads.inBox(location)) {
      dropped.outsideCity++;
      return null;
    }
    const roadM = roads.nearestM(location);
    if (roadM > MAX_ROAD_M) {
      dropped.offRoad++;
      return null;
    }
    const ward = unitAt(location);
    return { kind, ...props.fields, ward: ward.code, wardName: ward.name, location, roadM };
  };

  // Fire: the POIs of category fire_station and the police-tagged offices of the fire police (PCCC).
  const fire = [];
  for (const f of pois.features) {
    const p = f.properties;
    if (!(p.category === 'fire_station' || (p.category === 'police' && p.fire_related))) continue;
    const [name, nameFrom] = p.name
      ? [p.name, 'osm']
      : p.name_guess
        ? [p.name_guess, 'reconstructed']
        : [null, 'placeholder'];
    const at = f.geometry.coordinates;
    const ward = unitAt(pt(at));
    const station = place('fire', {
      at,
      fields: {
        name: name ?? `Trạm chữa cháy (chưa có tên trên OSM), ${ward.name}`,
        nameFrom,
        osmTag: p.category === 'fire_station' ? 'amenity=fire_station' : 'amenity=police',
        osmId: p.osm_id ? `${p.osm_type}/${p.osm_id}` : undefined,
      },
    });
    if (station) fire.push(station);
  }

  // Police: named, not the fire police (above), one per place.
  const police = [];
  for (const f of pois.features) {
    const p = f.properties;
    if (p.category !== 'police' || p.fire_related) continue;
    if (!p.name) {
      dropped.unnamed++;
      continue;
    }
    const station = place('police', {
      at: f.geometry.coordinates,
      fields: { name: p.name, nameFrom: 'osm', osmId: p.osm_id ? `${p.osm_type}/${p.osm_id}` : undefined },
    });
    if (!station) continue;
    if (police.some((s) => fold(s.name) === fold(station.name) && metres(s.location, station.location) < 1000)) {
      dropped.duplicates++;
      continue;
    }
    police.push(station);
  }

  // Hospitals: the Overpass export (ids, the emergency tag), then POIs of the other set not already there.
  const hospitals = [];
  const addHospital = (name, at, fields) => {
    if (!name) {
      dropped.unnamed++;
      return;
    }
    if (!isHospitalName(name)) {
      dropped.notHospital++;
      return;
    }
    const h = place('hospital', { at, fields: { name, ...fields } });
    if (!h) return;
    // One campus often holds several hospitals (Bạch Mai's holds the national tropical-diseases one):
    // close points are one place only when their names say so.
    const alike = (a, b) => fold(a).includes(fold(b)) || fold(b).includes(fold(a));
    const same = hospitals.find(
      (o) =>
        (metres(o.location, h.location) < SAME_PLACE_M && alike(o.name, h.name)) ||
        (fold(o.name) === fold(h.name) && metres(o.location, h.location) < 1000),
    );
    if (same) {
      dropped.duplicates++;
      return;
    }
    hospitals.push(h);
  };
  for (const f of [...osmHospitals.features].sort((a, b) => byString(a.id, b.id))) {
    const p = f.properties;
    addHospital(p.name, f.geometry.coordinates, {
      osmId: `${p.osm_type}/${p.osm_id}`,
      ...hospitalCare(p.name ?? '', p),
    });
  }
  for (const f of pois.features) {
    const p = f.properties;
    if (p.category !== 'hospital') continue;
    addHospital(p.name, f.geometry.coordinates, {
      osmId: p.osm_id ? `${p.osm_type}/${p.osm_id}` : undefined,
      ...hospitalCare(p.name ?? ''),
    });
  }

  // Stable ids: kind, ward, then the place's rank in its ward by position.
  const withIds = (list, prefix) => {
    list.sort((a, b) => byString(a.ward, b.ward) || a.location[0] - b.location[0] || a.location[1] - b.location[1]);
    const seen = new Map();
    return list.map((s) => {
      const n = (seen.get(s.ward) ?? 0) + 1;
      seen.set(s.ward, n);
      return { id: `${prefix}-${s.ward}-${n}`, ...s, kind: undefined };
    });
  };
  const file = {
    about:
      "The emergency centre's places: fire stations, police stations and hospitals of Hà Nội as " +
      "OpenStreetMap maps them (names and positions real; `nameFrom` says whether a name is OSM's, " +
      'reconstructed from a damaged copy, or a placeholder for an unnamed point). Each lies in the city, in its ' +
      `ward (\`ward\`, 2025 code), within ${MAX_ROAD_M} m of a junction of the road graph (\`roadM\`). OSM maps only ` +
      "a handful of the city's fire and rescue teams: the demo bases several units at each. Beds, crews and " +
      "ambulance posts are not in OSM: the demo simulates them (apps/server/src/demo/emergency.ts). A hospital's " +
      '`specialities` (cardiac, paediatric, eye, dental…) come from its `healthcare:speciality` tag and the words ' +
      'of its name; `general` is a general hospital (đa khoa, or none named); `emergency` (takes emergencies) is ' +
      "OSM's `emergency` tag where set, else true for a general hospital or one whose care is acute.",
    credit: '© OpenStreetMap contributors (ODbL-1.0)',
    sources: [EMERGENCY_POIS, SOURCES.osmHospitals, SOURCES.osmAdmin, SOURCES.osmRoadNetwork],
    licence: ODBL_NOTE,
    illustrative: false,
    roadGraphBbox: roads.bbox,
    summary: {
      fireStations: fire.length,
      policeStations: police.length,
      hospitals: hospitals.length,
      hospitalsTakingEmergencies: hospitals.filter((h) => h.emergency === true).length,
      hospitalsGeneral: hospitals.filter((h) => h.general === true).length,
      dropped,
    },
    fireStations: withIds(fire, 'fire'),
    policeStations: withIds(police, 'police'),
    hospitals: withIds(hospitals, 'hospital'),
  };
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const shared = resolve(root, process.env.SHARED_DATA ?? '../shared/data');
  const out = resolve(root, process.env.CITY_OUT ?? 'apps/server/data/city');
  if (!existsSync(shared)) {
    process.stderr.write(`[city] no datasets at ${shared} (set SHARED_DATA)\n`);
    process.exit(2);
  }
  const file = deriveEmergencyPlaces(shared, resolve(root, 'apps/server/data/city'));
  writeFileSync(join(out, 'emergency.json'), formatJson(file));
  process.stdout.write(`[city] emergency.json ${JSON.stringify(file.summary)}\n`);
}
