// Where each derived fact comes from, and the credit its licence asks for. Every output file names the
// sources it used (see PROVENANCE.md in each folder of ../shared/data for the snapshots).

export const SOURCES = {
  osmAdmin: {
    name: 'Hanoi wards and communes after the 1 July 2025 reform, and the city boundary (OSM relation 1903516)',
    from: 'OpenStreetMap, via github.com/Baobonk/GIS_Hanoi-bus-stops @ 7cde0af0 (snapshot 2025-10/12)',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  dvhcvn: {
    name: 'Official 2025 commune codes and the old → new mapping (GSO letters 915 and 1027/CTK-CSCL)',
    from: 'github.com/dvhcvn/20250701 @ dd94887c',
    licence: 'MIT',
    credit: 'dvhcvn contributors',
  },
  osmHospitals: {
    name: 'Hospitals and health facilities (amenity=hospital)',
    from: 'OpenStreetMap, Overpass export of 2024-09-27 via github.com/TrieuThanhTung/location-based-service',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  osmRoads: {
    name: 'Drivable road network of central Hanoi and a full extract around Văn Miếu',
    from: 'OpenStreetMap, Overpass/OSM XML of 2023-12 via github.com/thuantop2003/OSMmapNMAI @ 9aa0124a',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  osmRoadNetwork: {
    name: 'Drivable road network of the whole of Hà Nội (OpenMapTiles transportation layer, Aug 2021)',
    from: 'OpenStreetMap via github.com/tokenless-tiles/vietnam (gh-pages) @ dcfed9ab, zoom-14 tiles',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  osmWater: {
    name: 'Lakes, rivers and waterway centrelines of Hà Nội (OpenMapTiles water and waterway layers, Aug 2021)',
    from: 'OpenStreetMap via github.com/tokenless-tiles/vietnam (gh-pages) @ dcfed9ab, zoom-14 tiles',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  osmBusRoutes: {
    name: 'Bus route relations (route=bus) as road-following lines',
    from: 'OpenStreetMap, Overpass of 2025-12 via github.com/Baobonk/GIS_Hanoi-bus-stops @ dcd56805',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  osmEmergency: {
    name: 'Police and fire stations (amenity=police, amenity=fire_station)',
    from:
      'OpenStreetMap via github.com/tokenless-tiles/vietnam @ dcfed9ab (2021) and ' +
      'github.com/Dinhthaitung/Doan-webgis-bds-hanoi @ e12f905c (2025)',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  osmBusStops: {
    name: 'Bus stops (highway=bus_stop) and their names',
    from: 'OpenStreetMap, Overpass of 2025-10/12 via github.com/Baobonk/GIS_Hanoi-bus-stops @ 7cde0af0',
    licence: 'ODbL-1.0',
    credit: '© OpenStreetMap contributors',
  },
  gtfs: {
    name: 'Hanoi, Vietnam – GTFS (World Bank Data Catalog 0038236), produced by Arup; AM and midday feeds',
    from: 'github.com/Promagicshow95/plugin_MIDOC (hanoi_gtfs_am @ 54c39f6f, HanoiFilter_gtfs @ cea878ae)',
    licence: 'CC-BY-4.0',
    credit: 'World Bank / Arup, Hanoi GTFS',
  },
  usEmbassy: {
    name: 'Hourly PM2.5 at the U.S. Embassy Hanoi, 2016-01 to 2020-07 (provisional data; a U.S. Government work)',
    from: 'U.S. Department of State Air Quality Monitoring Program (AirNow), via github.com/kikyou21/hanoiair',
    licence: 'public domain',
    credit: 'U.S. Department of State, AirNow',
  },
};

export function credits(...keys) {
  const sources = keys.map((k) => SOURCES[k]);
  const credit = [...new Set(sources.map((s) => `${s.credit} (${s.licence})`))].join('; ');
  return { credit, sources };
}

/** Files holding facts taken from OpenStreetMap are derived databases: ODbL applies to them. */
export const ODBL_NOTE =
  'Contains information from OpenStreetMap, made available under the Open Database Licence (ODbL 1.0): ' +
  'this file is a derived database, available under the ODbL; the code that made it is under Apache-2.0.';
