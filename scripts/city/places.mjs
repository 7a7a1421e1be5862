// Hospitals (real, OSM) and emergency stations: fire/rescue, police and ambulance (115).
import { ODBL_NOTE, credits } from './sources.mjs';
import { byString, metres, offset, pt, readJson, spaced } from './lib.mjs';
import { osmXmlFeatures } from './roads.mjs';

/** What a facility is, from its OSM name (OSM mixes hospitals, health stations and the odd shop). */
function facilityKind(p) {
  const name = p.name.toLowerCase();
  if (
    /dentist/.test(p['healthcare:speciality'] ?? '') ||
    /^(nha khoa|phòng khám|nhà hộ sinh|trung tâm (tiêm|chăm sóc|nghiên cứu))/.test(name)
  )
    return 'clinic';
  if (/^(trạm y tế|trạm xá|tram xa)/.test(name)) return 'health-station';
  if (/^trung tâm y tế/.test(name)) return 'medical-centre';
  if (/^(bệnh viện|viện |bệnh xá)|hospital$/.test(name)) return 'hospital';
  if (p.healthcare === 'hospital' && p.emergency === 'yes') return 'hospital';
  return null; // opticians, tattoo parlours, pharmacies, unnamed points
}

const KIND_ORDER = ['hospital', 'medical-centre', 'clinic', 'health-station'];

// One fire/rescue team per former district (abolished 1 July 2025), placed in the unit that carries
// the district's name or holds its old seat. Positions are illustrative.
const FIRE_AREAS = [
  'Ba Đình',
  'Hoàn Kiếm',
  'Tây Hồ',
  'Long Biên',
  'Cầu Giấy',
  'Đống Đa',
  'Hai Bà Trưng',
  'Hoàng Mai',
  'Thanh Xuân',
  'Sóc Sơn',
  'Đông Anh',
  'Gia Lâm',
  'Từ Liêm',
  'Phú Diễn',
  'Thanh Trì',
  'Mê Linh',
  'Hà Đông',
  'Sơn Tây',
  'Quảng Oai',
  'Phúc Thọ',
  'Đan Phượng',
  'Hoài Đức',
  'Quốc Oai',
  'Thạch Thất',
  'Chương Mỹ',
  'Thanh Oai',
  'Thường Tín',
  'Phú Xuyên',
  'Vân Đình',
  'Mỹ Đức',
];

export function derivePlaces(shared, { units, unitAt, insideUnit, inCity }, roads) {
  const osm = readJson(shared, 'hanoi-osm-hospitals/hanoi_hospitals_osm.geojson');
  const dropped = { outsideCity: 0, notMedical: [], duplicates: [] };

  const facilities = [];
  for (const f of [...osm.features].sort((a, b) => byString(a.id, b.id))) {
    const p = f.properties;
    const at = f.geometry.coordinates;
    if (!inCity(pt(at))) {
      dropped.outsideCity++;
      continue;
    }
    const kind = p.name ? facilityKind(p) : null;
    if (!kind) {
      dropped.notMedical.push(p.name ?? `(unnamed ${p.osm_type}/${p.osm_id})`);
      continue;
    }
    const same = facilities.find((h) => h.name.toLowerCase() === p.name.toLowerCase() && metres(h.at, at) < 500);
    if (same) {
      dropped.duplicates.push(p.name);
      continue;
    }
    facilities.push({ name: p.name, kind, at, osmId: `${p.osm_type}/${p.osm_id}`, p });
  }
  facilities.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byString(a.name, b.name));
  const hospitals = facilities.map((h) => ({
    id: `osm-${h.osmId.replace('/', '-')}`,
    name: h.name,
    nameEn: h.p['name:en'],
    kind: h.kind,
    emergency: h.p.emergency === 'yes' ? true : h.p.emergency === 'no' ? false : undefined,
    speciality: h.p['healthcare:speciality'],
    area: unitAt(h.at).code,
    location: pt(h.at),
    osmId: h.osmId,
  }));

  // A place `shift` metres (east, north) from a unit's label point, kept inside the unit, and moved onto
  // a road of the given classes where the central road network covers it.
  const unitByShort = new Map(units.map((u) => [u.shortName, u]));
  function placeIn(unit, shift, roadClasses) {
    const tries = [shift, [shift[0] / 2, shift[1] / 2]].map(([e, n]) => offset(unit.centroid, e, n));
    const start = tries.find((p) => insideUnit(p, unit)) ?? unit.centroid;
    const onRoad = roads.nearestRoadPoint(start, roadClasses, 400);
    return pt(onRoad && insideUnit(onRoad, unit) ? onRoad : start);
  }

  // Police: real stations from the full OSM extract around Văn Miếu, then one per unit that has none.
  const osmPolice = osmXmlFeatures(shared, 'hanoi-osm-roads-central/van_mieu_area.osm', (t) => t.amenity === 'police');
  const police = osmPolice
    .map((f) => ({
      id: `police-osm-${f.osmId.replace('/', '-')}`,
      kind: 'police',
      name: f.tags.name ?? 'Công an',
      area: unitAt(f.at).code,
      location: pt(f.at),
      real: true,
      osmId: f.osmId,
      note: 'From OpenStreetMap (2023). Names of pre-2025 wards are as tagged in OSM.',
    }))
    .sort((a, b) => byString(a.id, b.id));
  const policed = new Set(police.map((s) => s.area));
  for (const u of units) {
    if (policed.has(u.code)) continue;
    police.push({
      id: `police-${u.code}`,
      kind: 'police',
      name: `Công an ${u.kind} ${u.shortName}`,
      area: u.code,
      location: placeIn(u, [0, -120], ['primary', 'secondary', 'tertiary', 'residential']),
      real: false,
      note: 'Illustrative position: every commune-level unit has its own police; placed near the unit label point.',
    });
  }

  const fire = FIRE_AREAS.map((short) => {
    const u = unitByShort.get(short);
    if (!u) throw new Error(`fire station area ${short} is not a unit name`);
    return {
      id: `fire-${u.code}`,
      kind: 'fire',
      name: `Đội Cảnh sát PCCC và CNCH khu vực ${short}`,
      area: u.code,
      location: placeIn(u, [350, 150], ['primary', 'secondary']),
      real: false,
      note: 'Illustrative: one fire and rescue team per former district, near a main road of the unit.',
    };
  });

  // Ambulance: the city 115 centre (a real organisation; position approximate, on its street in OSM),
  // and satellite stations at real hospitals with an emergency department, spread at least 4 km apart.
  const centre = roads.streets.get('Phố Phan Chu Trinh');
  if (!centre) throw new Error('Phố Phan Chu Trinh is not in the road network');
  const centreAt = centre.ways.flatMap((w) => w.points).reduce((n, p) => (p[1] > n[1] ? p : n)); // the north end
  const hq = {
    id: 'ambulance-115',
    kind: 'ambulance',
    name: 'Trung tâm Cấp cứu 115 Hà Nội',
    area: unitAt(centreAt).code,
    location: pt(centreAt),
    real: true,
    note: 'Real (11 Phan Chu Trinh, Hoàn Kiếm); the position is approximate: the north end of that street in OSM.',
  };
  const candidates = facilities.filter(
    (h) =>
      /^bệnh viện/i.test(h.name) &&
      h.p.emergency !== 'no' &&
      (h.p.emergency === 'yes' || /^bệnh viện đa khoa/i.test(h.name)),
  );
  candidates.sort(
    (a, b) => Number(b.p.emergency === 'yes') - Number(a.p.emergency === 'yes') || byString(a.osmId, b.osmId),
  );
  const satellites = spaced(candidates, (h) => h.at, 4000, Infinity, [centreAt]).map((h) => ({
    id: `ambulance-${h.osmId.replace('/', '-')}`,
    kind: 'ambulance',
    name: `Trạm cấp cứu vệ tinh 115 – ${h.name}`,
    area: unitAt(h.at).code,
    location: pt(h.at),
    real: false,
    hospital: `osm-${h.osmId.replace('/', '-')}`,
    note: 'Illustrative: a 115 satellite station placed at a real hospital (OSM) with an emergency department.',
  }));
  const ambulance = [hq, ...satellites.sort((a, b) => byString(a.id, b.id))];

  const stations = [...fire, ...police, ...ambulance];
  const count = (kind, real) => stations.filter((s) => s.kind === kind && s.real === real).length;
  const file = {
    about:
      'Hospitals and other health facilities from OpenStreetMap (real names and positions; `kind` is read ' +
      'from the name, `emergency` is the OSM tag where set), and emergency stations. Stations with ' +
      '`real: true` exist where shown (from OpenStreetMap, or the 115 centre placed on its street); the others are illustrative: plausible places for real kinds ' +
      'of station (a police post per commune, a fire team per former district, 115 satellites at hospitals).',
    ...credits('osmHospitals', 'osmRoads', 'osmAdmin'),
    licence: ODBL_NOTE,
    illustrative: 'emergencyStations[].real === false',
    summary: {
      hospitals: Object.fromEntries(KIND_ORDER.map((k) => [k, hospitals.filter((h) => h.kind === k).length])),
      hospitalsDropped: {
        outsideCity: dropped.outsideCity,
        notMedical: dropped.notMedical.length,
        duplicates: dropped.duplicates.length,
      },
      stations: Object.fromEntries(
        ['fire', 'police', 'ambulance'].map((k) => [k, { real: count(k, true), illustrative: count(k, false) }]),
      ),
    },
    hospitals,
    emergencyStations: stations,
  };
  return { file, dropped };
}
