// Where the demo city's sensors and parking lots stand: air-quality stations, noise sensors, river gauges,
// iParking-style lots and traffic cameras. Positions are illustrative unless `real` says otherwise;
// streets and junctions are real (OSM).
import { ODBL_NOTE, credits } from './sources.mjs';
import { along, byString, metres, offset, pt, spaced } from './lib.mjs';
import { majorJunctions } from './roads.mjs';

const HOAN_KIEM_LAKE = [105.8522, 21.0287];
const CORE_RADIUS_M = 7000;

// River gauges at approximate positions (checked against the ward boundaries, which follow the rivers
// in places). Levels are metres above the national datum (Hòn Dấu). Red River alarm levels follow the
// three-level scheme published for the Hà Nội and Sơn Tây gauges; every other figure is illustrative.
const GAUGES = [
  {
    river: 'hong',
    name: 'Sông Hồng – Hà Nội (cầu Long Biên)',
    at: [105.8585, 21.0445],
    warning: 9.5,
    danger: 11.5,
    alarmLevels: [9.5, 10.5, 11.5],
    normal: [1.5, 6],
  },
  {
    river: 'hong',
    name: 'Sông Hồng – Sơn Tây',
    at: [105.5045, 21.1545],
    warning: 12.4,
    danger: 14.4,
    alarmLevels: [12.4, 13.4, 14.4],
    normal: [3, 9],
  },
  {
    river: 'hong',
    name: 'Sông Hồng – Chèm (cầu Thăng Long)',
    at: [105.7815, 21.0955],
    warning: 10.2,
    danger: 12.2,
    normal: [2, 7],
  },
  {
    river: 'hong',
    name: 'Sông Hồng – Vĩnh Tuy',
    at: [105.8765, 21.0035],
    warning: 9.2,
    danger: 11.2,
    normal: [1.2, 5.5],
  },
  { river: 'hong', name: 'Sông Hồng – Bát Tràng', at: [105.8845, 20.9445], warning: 8.8, danger: 10.8, normal: [1, 5] },
  {
    river: 'to-lich',
    name: 'Sông Tô Lịch – Cầu Giấy',
    at: [105.8005, 21.0295],
    warning: 4.5,
    danger: 5.3,
    normal: [2.5, 3.8],
  },
  {
    river: 'to-lich',
    name: 'Sông Tô Lịch – Láng Thượng',
    at: [105.8045, 21.016],
    warning: 4.4,
    danger: 5.2,
    normal: [2.4, 3.7],
  },
  {
    river: 'to-lich',
    name: 'Sông Tô Lịch – Ngã Tư Sở',
    at: [105.8165, 21.0015],
    warning: 4.3,
    danger: 5.1,
    normal: [2.3, 3.6],
  },
  {
    river: 'to-lich',
    name: 'Sông Tô Lịch – Kim Giang',
    at: [105.8195, 20.985],
    warning: 4.2,
    danger: 5,
    normal: [2.2, 3.5],
  },
  {
    river: 'to-lich',
    name: 'Sông Tô Lịch – đập Thanh Liệt',
    at: [105.814, 20.9625],
    warning: 4,
    danger: 4.8,
    normal: [2, 3.3],
  },
  { river: 'nhue', name: 'Sông Nhuệ – cống Liên Mạc', at: [105.764, 21.088], warning: 6, danger: 7, normal: [3, 5] },
  {
    river: 'nhue',
    name: 'Sông Nhuệ – Cầu Diễn',
    at: [105.7612, 21.0395],
    warning: 5.8,
    danger: 6.8,
    normal: [2.8, 4.8],
  },
  { river: 'nhue', name: 'Sông Nhuệ – Đại Mỗ', at: [105.7628, 21.0], warning: 5.6, danger: 6.6, normal: [2.6, 4.6] },
  { river: 'nhue', name: 'Sông Nhuệ – Hà Đông', at: [105.778, 20.962], warning: 5.4, danger: 6.4, normal: [2.4, 4.4] },
];
const RIVER_NAMES = { hong: 'Sông Hồng', 'to-lich': 'Sông Tô Lịch', nhue: 'Sông Nhuệ' };

// iParking began on these two streets (pilot, May 2017); they come first. The ceremonial streets around
// Ba Đình Square have no public parking.
const PILOT_STREETS = ['Phố Trần Hưng Đạo', 'Phố Lý Thường Kiệt'];
const NO_PARKING = ['Đường Độc Lập', 'Đường Hùng Vương', 'Đường Bắc Sơn'];

const shortStreet = (name) => name.replace(/^(Phố|Đường) /, '');
const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

export function deriveSensors({ units, unitAt, insideUnit, inCity }, roads) {
  const shifted = (u, east, north) => {
    const p = offset(u.centroid, east, north);
    return pt(insideUnit(p, u) ? p : u.centroid);
  };

  // Air quality: the U.S. Embassy monitor; a station in every unit within 7 km of Hoàn Kiếm Lake (the
  // urban core, where most of Hanoi's stations are); then suburban units at least 16 km apart.
  const langHa = roads.streets.get('Phố Láng Hạ');
  if (!langHa) throw new Error('Phố Láng Hạ is not in the road network');
  const embassyAt = langHa.ways.flatMap((w) => w.points).reduce((n, p) => (p[1] > n[1] ? p : n));
  const embassy = {
    id: 'aq-us-embassy',
    name: 'Đại sứ quán Hoa Kỳ (U.S. Embassy), 7 Láng Hạ',
    siting: 'urban',
    area: unitAt(embassyAt).code,
    location: pt(embassyAt),
    real: true,
    note: 'The reference monitor behind air-quality-profile.json; position approximate (north end of Láng Hạ street).',
  };
  const fromCentre = (u) => metres(u.centroid, HOAN_KIEM_LAKE);
  const byDistance = [...units].sort((a, b) => fromCentre(a) - fromCentre(b) || byString(a.code, b.code));
  const core = byDistance.filter((u) => fromCentre(u) < CORE_RADIUS_M);
  const suburbs = spaced(
    byDistance.filter((u) => fromCentre(u) >= CORE_RADIUS_M),
    (u) => u.centroid,
    16_000,
  );
  const stations = [...core, ...suburbs];
  const airQuality = [
    embassy,
    ...stations.map((u) => ({
      id: `aq-${u.code}`,
      name: `Trạm quan trắc không khí ${u.shortName}`,
      siting: fromCentre(u) < CORE_RADIUS_M ? 'urban' : 'suburban',
      area: u.code,
      location: shifted(u, -200, 80),
      real: false,
    })),
  ];

  // Noise and cameras at real junctions of major roads (OSM names of the crossing streets).
  const junctions = majorJunctions(roads);
  const junctionRecord = (j, prefix, label) => ({
    id: `${prefix}-${Math.min(...j.nodeIds)}`,
    name: `${label} ${j.streets.map(shortStreet).join(' – ')}`,
    streets: j.streets,
    area: unitAt(j.at).code,
    location: pt(j.at),
    signalised: j.signalised,
    osmNodes: [...j.nodeIds].sort((a, b) => a - b),
  });
  const cameras = spaced(junctions, (j) => j.at, 150, 48).map((j) => ({
    ...junctionRecord(j, 'cam', 'Camera'),
    real: false,
  }));
  const noise = spaced(junctions, (j) => j.at, 500, 20).map((j) => ({
    ...junctionRecord(j, 'noise', 'Cảm biến tiếng ồn'),
    real: false,
  }));

  const waterLevel = GAUGES.map((g) => {
    const at = pt(g.at);
    if (!inCity(at)) throw new Error(`gauge ${g.name} lies outside the city`);
    return {
      id: `wl-${g.river}-${GAUGES.filter((x) => x.river === g.river).indexOf(g) + 1}`,
      name: g.name,
      river: g.river,
      riverName: RIVER_NAMES[g.river],
      area: unitAt(at).code,
      location: at,
      datum: 'Hòn Dấu (national height datum), metres',
      normalRange: g.normal,
      warning: g.warning,
      danger: g.danger,
      alarmLevels: g.alarmLevels,
      real: false,
    };
  });

  // Parking: iParking-style on-street points, one per real central street (not bridges, alleys or dykes),
  // the pilot streets first then the longest streets, at the middle of the street's longest OSM way.
  const streets = [...roads.streets.values()].filter(
    (s) =>
      !/^(Cầu|Ngõ|Ngách|Đê|Hầm) /.test(s.name) &&
      !NO_PARKING.includes(s.name) &&
      [...s.classes].some((c) => ['secondary', 'tertiary', 'residential'].includes(c)),
  );
  streets.sort(
    (a, b) =>
      Number(PILOT_STREETS.includes(b.name)) - Number(PILOT_STREETS.includes(a.name)) ||
      b.length - a.length ||
      byString(a.name, b.name),
  );
  const lots = streets.map((s) => {
    const way = s.ways.reduce((l, w) => (w.length > l.length || (w.length === l.length && w.id < l.id) ? w : l));
    return { street: s.name, way, at: along(way.points, way.length / 2) };
  });
  const parking = spaced(lots, (l) => l.at, 250, 60).map((l) => ({
    id: `parking-${l.way.id}`,
    name: `Điểm đỗ xe ${l.street}`,
    street: l.street,
    kind: 'on-street',
    area: unitAt(l.at).code,
    location: pt(l.at),
    capacity: clamp(Math.round(l.way.length / 9), 20, 150),
    operator: 'Công ty TNHH MTV Khai thác điểm đỗ xe Hà Nội (iParking)',
    pilot: PILOT_STREETS.includes(l.street) ? true : undefined,
    osmWay: l.way.id,
    real: false,
  }));

  for (const list of [airQuality, noise, cameras, parking]) {
    for (const s of list) if (!inCity(s.location)) throw new Error(`${s.id} lies outside the city`);
  }

  const file = {
    about:
      'Sensor and parking sites of the demo city. Air-quality stations follow the shape of Hanoi’s network ' +
      '(about 35 automatic stations, most in the urban wards) but their positions are illustrative, except ' +
      'the U.S. Embassy monitor. Noise sensors and traffic cameras stand at real junctions of major roads ' +
      '(OSM primary/secondary/tertiary streets, named as OSM names them; `signalised` when OSM has traffic ' +
      'signals there). River gauges are on the Red River, the Tô Lịch and the Nhuệ at approximate ' +
      'positions with plausible, illustrative thresholds (Red River alarm levels as published for the Hà ' +
      'Nội and Sơn Tây gauges; verify before operational use). Parking lots are iParking-style on-street ' +
      'points on real central streets; position along the street and capacity are illustrative.',
    ...credits('osmRoads', 'osmAdmin'),
    licence: ODBL_NOTE,
    illustrative: 'every site with real === false',
    summary: {
      airQuality: airQuality.length,
      noise: noise.length,
      waterLevel: Object.fromEntries(
        Object.keys(RIVER_NAMES).map((r) => [r, waterLevel.filter((g) => g.river === r).length]),
      ),
      parking: parking.length,
      parkingCapacity: parking.reduce((n, p) => n + p.capacity, 0),
      cameras: cameras.length,
      junctionsFound: junctions.length,
    },
    airQuality,
    noise,
    waterLevel,
    parking,
    cameras,
  };
  return { file };
}
