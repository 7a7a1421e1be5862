import maplibregl, {
  type ExpressionSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  type Map as MapLibreMap,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { entitiesIn, type AlarmJson, type Entity, type Warning } from '../api';
import type { Change, LiveStream } from '../live';
import { cityStyle } from './basemap';
import { isStale, LAYERS, layerOfType, newestOf, onDuty, pointOf, type LayerDef, type LayerKey } from './layers';
import { drawIcon } from './shapes';
import { StreamedWhileLoading, type Outcome } from './while-loading';
import { PRIORITY_COLOURS } from '../panels/emergency/colours';

/**
 * The live city map. Each layer's entities are loaded for the visible area, then kept current by the
 * change stream for that area only; a move of the map reloads and re-subscribes. Sources are
 * redrawn at most a few times a second, however many changes arrive, so thousands of moving buses
 * stay smooth.
 */

export interface Selection {
  readonly id: string;
  readonly type: string;
}

export interface FlyTarget {
  readonly center: readonly [number, number];
  readonly nonce: number;
}

export interface CityMapProps {
  readonly enabled: Readonly<Record<LayerKey, boolean>>;
  readonly usAqi: boolean;
  /** Each bus's deviation from its trip's timetable in seconds (null: matched to no trip), by entity id. */
  readonly punctuality?: ReadonlyMap<string, number | null>;
  readonly warnings: readonly Warning[];
  /**
   * The alarms the console holds (pushed at once on the page's stream): the map rings them without
   * waiting for their mirrored entities to come through the change log, which may lag on a busy database.
   */
  readonly alarms?: readonly AlarmJson[] | undefined;
  readonly styleUrl: string | null;
  readonly attribution: string;
  readonly label: string;
  readonly flyTo: FlyTarget | null;
  readonly onSelect: (selection: Selection) => void;
  /** The page's live stream: the map follows its view on it (no stream of its own). */
  readonly live: LiveStream;
  /** Every change the stream brings, after the map took it (the inspector listens for its entity). */
  readonly onChanges?: (changes: readonly Change[]) => void;
  /** What is drawn in the visible area, for the keyboard's list of it; only computed while someone listens. */
  readonly onInView?: ((items: readonly InViewItem[]) => void) | undefined;
  /** Where the map opens (a map made again for another language keeps the operator's view). */
  readonly initialView?: MapView | undefined;
  readonly onView?: ((view: MapView) => void) | undefined;
  /** MapLibre's own control texts (zoom buttons, compass, attribution) in the page's language. */
  readonly controlTexts?: Readonly<Record<string, string>> | undefined;
  /** Draw buses out of service or silent too (hollow, as stale), on the operator's demand. */
  readonly showIdleBuses?: boolean;
}

/** One thing drawn in the visible area: what the map would open in the inspector when clicked. */
export interface InViewItem {
  readonly id: string;
  readonly type: string;
  readonly layer: LayerKey;
  readonly name: string;
  /** The colour it is drawn in: the legend says what it means. */
  readonly colour: string;
  /** The value drawn beside it (a station's index, a bus's route), if any. */
  readonly label: string;
}

export interface MapView {
  readonly center: readonly [number, number];
  readonly zoom: number;
}

/** How often the list of what is in view is made again while it is open. */
const IN_VIEW_MS = 1000;

const HANOI_CENTRE: [number, number] = [105.8342, 21.0278];
const REDRAW_MS = 250;
/** Each layer's rule for which of its entities it shows, when it shows only some (open reports). */
const onlyOf = new Map(LAYERS.flatMap((l) => (l.only ? [[l.key, l.only] as const] : [])));
/** The layers in the order they are drawn, bottom first: the topmost (open incidents) last. */
const DRAW_ORDER = [...LAYERS.filter((l) => !l.topmost), ...LAYERS.filter((l) => l.topmost)];
/** How long a view waits for its stream to open before it loads without it. */
const STREAM_OPEN_WAIT_MS = 5000;
/** A view whose load failed is followed anew after this long. */
const LOAD_AGAIN_MS = 2000;
const BUS_ARROWS_FROM = 14;
/** How often every layer is redrawn even without changes, so markers age into stale. */
const AGEING_MS = 10_000;

declare global {
  interface Window {
    /** The map, for browser tests and benchmarks that read what is drawn (the test build only: dist-test). */
    __thanglongMap?: MapLibreMap;
  }
}

/** A marker whose data is not current (`stale: true`) is drawn hollow and faded, whatever its layer. */
const STALE: ExpressionSpecification = ['==', ['get', 'stale'], true];

/** The feature's own shape (a unit's by its kind), else the layer's. */
const kindShape = (def: LayerDef): ExpressionSpecification => [
  'concat',
  'shape:',
  ['coalesce', ['get', 'shape'], def.shape],
  ':',
];

/**
 * The layer's shape (or the feature's own, a unit's by its kind) in the feature's colour, hollow when
 * stale (icons are drawn on demand: shapes.ts).
 */
const shapeIcon = (def: LayerDef): ExpressionSpecification => [
  'concat',
  def.kinds ? kindShape(def) : `shape:${def.shape}:`,
  ['get', 'colour'],
  ['case', STALE, ':hollow', ':solid'],
];

/** An incident cluster's colour: that of its most urgent incident (priority 1 the most urgent). */
const URGENT_COLOUR: ExpressionSpecification = [
  'match',
  ['get', 'urgent'],
  1,
  PRIORITY_COLOURS[1],
  2,
  PRIORITY_COLOURS[2],
  3,
  PRIORITY_COLOURS[3],
  PRIORITY_COLOURS[4],
];

function entityLayers(def: LayerDef, clustered: boolean): LayerSpecification[] {
  const key = def.key;
  const source = `live-${key}`;
  const points: LayerSpecification =
    key === 'air'
      ? {
          // Air quality keeps its circle: the AQI is written in it.
          id: `${key}-points`,
          type: 'circle',
          source,
          ...(clustered ? { filter: ['!', ['has', 'point_count']] } : {}),
          paint: {
            'circle-color': ['get', 'colour'],
            'circle-opacity': ['case', STALE, 0.2, 1],
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 6, 14, 12],
            'circle-stroke-color': ['case', STALE, ['get', 'colour'], '#1c2733'],
            'circle-stroke-width': ['case', STALE, 2.5, 1],
          },
        }
      : key === 'alarms'
        ? {
            // An alarm is a ring around what is in alarm, so the station's own colour still shows.
            id: `${key}-points`,
            type: 'circle',
            source,
            // A cleared one still to acknowledge is a small, thin, hollow grey ring (never a severity ring).
            paint: {
              'circle-color': ['get', 'colour'],
              'circle-opacity': ['case', ['==', ['get', 'kind'], 'active'], 0.08, 0],
              'circle-radius': [
                'interpolate',
                ['linear'],
                ['zoom'],
                9,
                ['case', ['==', ['get', 'kind'], 'active'], 10, 4],
                14,
                ['case', ['==', ['get', 'kind'], 'active'], 17, 7],
              ],
              'circle-stroke-color': ['get', 'colour'],
              'circle-stroke-width': ['case', ['==', ['get', 'kind'], 'active'], 3, 1.5],
            },
          }
        : {
            id: `${key}-points`,
            type: 'symbol',
            source,
            ...(clustered ? { filter: ['!', ['has', 'point_count']] } : {}),
            // Buses: a small square in the route's colour for the city, arrows by heading close up.
            ...(key === 'buses' ? { maxzoom: BUS_ARROWS_FROM } : {}),
            layout: {
              'icon-image': shapeIcon(def),
              'icon-size':
                key === 'buses'
                  ? ['interpolate', ['linear'], ['zoom'], 10, 0.45, 14, 0.65]
                  : def.topmost
                    ? // Larger than the basemap's hospitals and stations (0.7 to 1) at every zoom.
                      ['interpolate', ['linear'], ['zoom'], 9, 1, 14, 1.3]
                    : ['interpolate', ['linear'], ['zoom'], 9, 0.65, 14, 0.9],
              'icon-allow-overlap': true,
              'icon-ignore-placement': true,
              ...(def.offset ? { 'icon-offset': [...def.offset] } : {}),
            },
            paint: { 'icon-opacity': ['case', STALE, 0.6, 1] },
          };
  const layers: LayerSpecification[] = [];
  if (key === 'buses') {
    layers.push({
      id: 'buses-arrows',
      type: 'symbol',
      source,
      minzoom: BUS_ARROWS_FROM,
      layout: {
        'icon-image': 'bus-arrow',
        'icon-size': ['interpolate', ['linear'], ['zoom'], 14, 0.7, 17, 1],
        'icon-rotate': ['get', 'heading'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: {
        'icon-color': ['get', 'colour'],
        'icon-halo-color': '#ffffff',
        'icon-halo-width': 1.5,
        'icon-opacity': ['case', STALE, 0.45, 1],
      },
    });
  }
  if (def.topmost) {
    // A halo of the marker's colour around it: it reads as "act here" among the places' icons.
    layers.push({
      id: `${key}-halo`,
      type: 'circle',
      source,
      ...(clustered ? { filter: ['!', ['has', 'point_count']] } : {}),
      paint: {
        'circle-color': ['get', 'colour'],
        'circle-opacity': 0.22,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 15, 14, 22],
        'circle-stroke-color': ['get', 'colour'],
        'circle-stroke-width': 2,
        'circle-stroke-opacity': 0.85,
      },
    });
  }
  if (clustered) {
    layers.push(
      {
        id: `${key}-clusters`,
        type: 'circle',
        source,
        filter: ['has', 'point_count'],
        paint: def.topmost
          ? {
              'circle-color': URGENT_COLOUR,
              'circle-opacity': 0.95,
              'circle-radius': ['step', ['get', 'point_count'], 15, 10, 19, 50, 24],
              'circle-stroke-color': '#ffffff',
              'circle-stroke-width': 3,
            }
          : {
              'circle-color': '#3d5a80',
              'circle-opacity': 0.85,
              'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22],
              'circle-stroke-color': '#ffffff',
              'circle-stroke-width': 1.5,
            },
      },
      {
        id: `${key}-count`,
        type: 'symbol',
        source,
        filter: ['has', 'point_count'],
        layout: {
          'text-field': ['get', 'point_count_abbreviated'],
          'text-font': ['sans-serif'],
          'text-size': def.topmost ? 13 : 11,
          'text-allow-overlap': true,
        },
        paint: { 'text-color': '#ffffff' },
      },
    );
  }
  layers.push(points);
  if (key === 'air') {
    layers.push({
      id: 'air-label',
      type: 'symbol',
      source,
      minzoom: 11,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': ['sans-serif'],
        'text-size': 10,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#1c2733' },
    });
  }
  return layers;
}

/** A north-pointing arrow, drawn once, tinted per route (an SDF icon takes any colour). */
function arrowImage(): ImageData {
  const size = 32;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.fillStyle = '#000';
  g.beginPath();
  g.moveTo(16, 3);
  g.lineTo(27, 28);
  g.lineTo(16, 22);
  g.lineTo(5, 28);
  g.closePath();
  g.fill();
  return g.getImageData(0, 0, size, size);
}

/** The live bus layer: vehicles on duty and heard within the service window; the others on demand. */
const idleBus = (key: LayerKey, e: Entity, newest: number | undefined) =>
  key === 'buses' && (!onDuty(e) || (newest !== undefined && isStale(key, e, newest)));

/** A CAP circle as a polygon of 64 sides (a kilometre of latitude is 1/111.32 of a degree). */
function circleRing(c: { lat: number; lon: number; radiusKm: number }): number[][] {
  const dLat = c.radiusKm / 111.32;
  const dLon = dLat / Math.cos((c.lat * Math.PI) / 180);
  const ring: number[][] = [];
  for (let i = 0; i <= 64; i++) {
    const a = (i / 64) * 2 * Math.PI;
    ring.push([c.lon + dLon * Math.cos(a), c.lat + dLat * Math.sin(a)]);
  }
  return ring;
}

/** Each warning's area as CAP gives it: a polygon, or a circle around a point. */
const warningAreas = (warnings: readonly Warning[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: warnings.flatMap((w) => {
    const ring =
      w.area.polygon && w.area.polygon.length >= 4
        ? w.area.polygon.map(([lon, lat]) => [lon, lat])
        : w.area.circle
          ? circleRing(w.area.circle)
          : null;
    return ring
      ? [
          {
            type: 'Feature' as const,
            properties: { identifier: w.identifier, severity: w.severity },
            geometry: { type: 'Polygon' as const, coordinates: [ring] },
          },
        ]
      : [];
  }),
});

export function CityMap(props: CityMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const ready = useRef(false);
  const stores = useRef(new Map<LayerKey, Map<string, Entity>>(LAYERS.map((l) => [l.key, new Map()])));
  /** The alarms last taken from the console's list. */
  const fromConsole = useRef(new Set<string>());
  const dirty = useRef(new Set<LayerKey>());
  const latest = useRef(props);
  latest.current = props;
  const viewKey = useRef(0);

  // The map itself, once.
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: props.styleUrl ?? cityStyle(props.attribution),
      center: props.initialView ? [...props.initialView.center] : HANOI_CENTRE,
      zoom: props.initialView?.zoom ?? 12,
      ...(props.controlTexts ? { locale: props.controlTexts } : {}),
      minZoom: 8,
      maxZoom: 18,
      attributionControl: { compact: false },
      fadeDuration: 0,
    });
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'bottom-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', props.label);
    // Marker and place icons are drawn when a layer first asks for one (any status colour, solid or hollow).
    map.on('styleimagemissing', (e: { id: string }) => {
      const image = map.hasImage(e.id) ? null : drawIcon(e.id);
      if (image) map.addImage(e.id, image, { pixelRatio: 2 });
    });
    mapRef.current = map;
    // Only the build for browser tests and the bench (vite --mode test) has it: production drops it.
    if (import.meta.env.MODE === 'test') window.__thanglongMap = map;

    map.on('load', () => {
      map.addImage('bus-arrow', arrowImage(), { sdf: true, pixelRatio: 1 });
      map.addSource('warning-areas', { type: 'geojson', data: warningAreas(latest.current.warnings) });
      map.addLayer({
        id: 'warning-fill',
        type: 'fill',
        source: 'warning-areas',
        paint: { 'fill-color': '#d7301f', 'fill-opacity': 0.12 },
      });
      map.addLayer({
        id: 'warning-line',
        type: 'line',
        source: 'warning-areas',
        paint: { 'line-color': '#d7301f', 'line-width': 2, 'line-dasharray': [2, 1] },
      });
      // What needs action now last, so it is drawn above everything else.
      for (const def of DRAW_ORDER) {
        const clustered = def.clusterBelow !== undefined;
        map.addSource(`live-${def.key}`, {
          type: 'geojson',
          data: { type: 'FeatureCollection', features: [] },
          promoteId: 'id',
          ...(clustered
            ? {
                cluster: true,
                clusterMaxZoom: def.clusterBelow - 1,
                clusterRadius: def.clusterRadius ?? 40,
                ...(def.topmost ? { clusterProperties: { urgent: ['min', ['get', 'priority']] } } : {}),
              }
            : {}),
        });
        for (const layer of entityLayers(def, clustered)) map.addLayer(layer);
        map.on('mouseenter', `${def.key}-points`, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', `${def.key}-points`, () => (map.getCanvas().style.cursor = ''));
        if (clustered) {
          map.on('click', `${def.key}-clusters`, (e) => {
            const f = e.features?.[0];
            const source = map.getSource<GeoJSONSource>(`live-${def.key}`);
            if (!f || !source) return;
            void source
              .getClusterExpansionZoom(Number(f.properties['cluster_id']))
              .then((zoom) =>
                map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom }),
              );
          });
        }
      }
      // One click handler for all layers: the topmost thing under the pointer is what was meant, except
      // that a ring of an alarm gives way to the station or device it surrounds (the alarm is in the panel).
      map.on('click', (e) => {
        const layers = [...LAYERS.map((l) => `${l.key}-points`), 'buses-arrows', 'incidents-halo'].filter((id) =>
          map.getLayer(id),
        );
        const found = map.queryRenderedFeatures(e.point, { layers });
        const f = found.find((x) => x.layer.id !== 'alarms-points') ?? found[0];
        if (f) latest.current.onSelect({ id: String(f.properties['id']), type: String(f.properties['type']) });
      });
      ready.current = true;
      applyVisibility(map, latest.current.enabled);
      map.fire('thanglong:ready');
    });

    const redraw = setInterval(() => {
      if (!ready.current || dirty.current.size === 0) return;
      for (const key of dirty.current) {
        const entities = [...(stores.current.get(key)?.values() ?? [])];
        const newest = newestOf(entities);
        const features = entities.flatMap((e) => {
          const idle = idleBus(key, e, newest);
          if (idle && !latest.current.showIdleBuses) return [];
          const f = pointOf(key, e, latest.current.usAqi, newest, latest.current.punctuality);
          if (f && idle) f.properties = { ...f.properties, stale: true, idle: true };
          return f ? [f] : [];
        });
        map.getSource<GeoJSONSource>(`live-${key}`)?.setData({ type: 'FeatureCollection', features });
      }
      dirty.current.clear();
    }, REDRAW_MS);
    // Time passes without changes too: what fell silent turns stale.
    const ageing = setInterval(() => LAYERS.forEach((l) => dirty.current.add(l.key)), AGEING_MS);

    // The keyboard's list of what is in view: every drawn point inside the visible area, by layer.
    let inViewAt = 0;
    const inView = setInterval(() => {
      const listen = latest.current.onInView;
      if (!ready.current || !listen || Date.now() - inViewAt < IN_VIEW_MS) return;
      inViewAt = Date.now();
      const bounds = map.getBounds();
      const items: InViewItem[] = [];
      for (const def of LAYERS) {
        if (!latest.current.enabled[def.key]) continue;
        const entities = [...(stores.current.get(def.key)?.values() ?? [])];
        const newest = newestOf(entities);
        for (const e of entities) {
          // What the map does not draw is not in view: idle buses only when they are shown.
          if (idleBus(def.key, e, newest) && !latest.current.showIdleBuses) continue;
          const f = pointOf(def.key, e, latest.current.usAqi);
          if (!f || !bounds.contains(f.geometry.coordinates as [number, number])) continue;
          const p = f.properties ?? {};
          const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
          items.push({
            id: e.id,
            type: e.type,
            layer: def.key,
            name: text(p['name']) || (e.id.split(':').pop() ?? e.id),
            colour: text(p['colour']),
            label: text(p['label']),
          });
        }
      }
      listen(items);
    }, IN_VIEW_MS / 4);
    const onView = () => {
      const c = map.getCenter();
      latest.current.onView?.({ center: [c.lng, c.lat], zoom: map.getZoom() });
      inViewAt = 0;
    };
    map.on('moveend', onView);

    return () => {
      clearInterval(redraw);
      clearInterval(inView);
      clearInterval(ageing);
      map.remove();
      mapRef.current = null;
      ready.current = false;
      if (import.meta.env.MODE === 'test') delete window.__thanglongMap;
    };
    // The map is made once; later props reach it through the effects below.
  }, []);

  // Layers on and off.
  useEffect(() => {
    const map = mapRef.current;
    if (map && ready.current) applyVisibility(map, props.enabled);
  }, [props.enabled]);

  // US AQI switch: recolour the stations.
  useEffect(() => {
    dirty.current.add('air');
  }, [props.usAqi]);

  // Punctuality of the buses came: recolour them.
  useEffect(() => {
    dirty.current.add('buses');
  }, [props.punctuality]);

  // Warning areas.
  useEffect(() => {
    const map = mapRef.current;
    if (map && ready.current) map.getSource<GeoJSONSource>('warning-areas')?.setData(warningAreas(props.warnings));
  }, [props.warnings]);

  // The console's alarms, as the entities that mirror them.
  useEffect(() => {
    const store = stores.current.get('alarms');
    if (!store || !props.alarms) return;
    const now = Date.now();
    // An alarm that leaves the console's list has closed: its ring goes with it.
    const listed = new Set(props.alarms.map((a) => `urn:ngsi-ld:Alarm:${a.id}`));
    for (const id of fromConsole.current) if (!listed.has(id)) store.delete(id);
    fromConsole.current = listed;
    for (const a of props.alarms) {
      if (!a.location) continue;
      const id = `urn:ngsi-ld:Alarm:${a.id}`;
      store.set(id, {
        ...store.get(id),
        id,
        type: 'Alarm',
        title: a.title,
        location: a.location,
        severity: a.severity,
        alarmState: a.state,
        open: a.state !== 'cleared',
        shelved: a.shelvedUntil !== null && Date.parse(a.shelvedUntil) > now,
      });
    }
    dirty.current.add('alarms');
  }, [props.alarms]);

  // Fly to an alarm.
  useEffect(() => {
    if (props.flyTo) mapRef.current?.flyTo({ center: [...props.flyTo.center], zoom: 15, speed: 1.6 });
  }, [props.flyTo]);

  // Load and follow the visible area: on start, on every move, and when layers change.
  const enabledTypes = LAYERS.filter((l) => props.enabled[l.key]).flatMap((l) => l.types);
  const typesKey = enabledTypes.join(',');
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    let following = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let loading: AbortController | undefined;
    /** The box loaded and followed now; a move that stays inside it needs nothing new. */
    let followed: number[] | undefined;
    let unopened: ReturnType<typeof setTimeout> | undefined;
    let again: ReturnType<typeof setTimeout> | undefined;
    const follow = () => {
      const types = typesKey ? typesKey.split(',') : [];
      const b = map.getBounds();
      const inside =
        followed !== undefined &&
        b.getWest() >= (followed[0] as number) &&
        b.getSouth() >= (followed[1] as number) &&
        b.getEast() <= (followed[2] as number) &&
        b.getNorth() <= (followed[3] as number);
      if (inside || types.length === 0) return;
      const view = ++viewKey.current;
      loading?.abort();
      // A margin around the view, so a short pan shows what is already loaded.
      const padX = (b.getEast() - b.getWest()) * 0.15;
      const padY = (b.getNorth() - b.getSouth()) * 0.15;
      const bbox = [
        Math.max(-180, b.getWest() - padX),
        Math.max(-90, b.getSouth() - padY),
        Math.min(180, b.getEast() + padX),
        Math.min(90, b.getNorth() + padY),
      ];
      followed = bbox;
      const during = new StreamedWhileLoading();
      // The box is loaded once the stream for it is in place, so nothing committed in between is
      // missed. A stream slow to open does not leave the map empty: the box loads all the same, and
      // again once the stream is there (what changed in between came on neither).
      let opened = false;
      const load = () => {
        if (view === viewKey.current) loadBox(view, types, bbox, during);
      };
      latest.current.live.follow({
        types,
        bbox,
        onChanges: (changes) => {
          for (const c of changes) during.took(c, merge(c));
          latest.current.onChanges?.(changes);
        },
        // Changes were lost while the stream was down: load the box again (the stream reopens with it).
        onMissed: () => {
          followed = undefined;
          follow();
        },
        // On its first opening only: a reopening replays what it missed.
        onOpen: () => {
          if (opened) return;
          opened = true;
          clearTimeout(unopened);
          load();
        },
      });
      following = true;
      // A stream that cannot open (refused, the server away): the page says it is not live.
      clearTimeout(unopened);
      unopened = setTimeout(() => {
        if (!opened) load();
      }, STREAM_OPEN_WAIT_MS);
    };
    // Each page is drawn as it arrives, under what this box's stream brought (at least as new as it)
    // and over any copy held from before. Once all are in, what the box no longer holds is dropped.
    const loadBox = (view: number, types: string[], bbox: number[], during: StreamedWhileLoading) => {
      const seen = new Set<string>();
      loading?.abort();
      loading = new AbortController();
      const signal = loading.signal;
      const onPage = (page: Entity[]) => {
        if (view !== viewKey.current) return;
        for (const e of page) {
          const key = layerOfType.get(e.type);
          const store = key && stores.current.get(key);
          const fresh = key && store ? during.over(e) : undefined;
          if (!key || !store || !fresh) continue;
          seen.add(e.id);
          // What the page does not read (an alarm's title from the console) is kept from the copy held.
          const next = { ...(store.get(e.id) ?? {}), ...fresh };
          if (onlyOf.get(key)?.holds(next) === false) store.delete(e.id);
          else store.set(e.id, next);
          dirty.current.add(key);
        }
      };
      // The layers that take every entity of their types in one query; a layer that takes only some
      // (its `q`) in a query of its own, since q applies to every type asked for.
      const shown = LAYERS.filter((l) => l.types.some((t) => types.includes(t)));
      const queries = [
        { layers: shown.filter((l) => !l.only), q: undefined },
        ...shown.filter((l) => l.only).map((l) => ({ layers: [l], q: l.only?.q })),
      ].filter((g) => g.layers.length > 0);
      void Promise.all(
        queries.map((g) =>
          entitiesIn(
            g.layers.flatMap((l) => l.types).filter((t) => types.includes(t)),
            bbox,
            { signal, onPage, attrs: g.layers.flatMap((l) => l.reads), ...(g.q ? { q: g.q } : {}) },
          ),
        ),
      )
        .then(() => {
          if (view !== viewKey.current) return;
          for (const t of types) {
            const key = layerOfType.get(t);
            const store = key && stores.current.get(key);
            if (!key || !store) continue;
            for (const [id, e] of store) if (e.type === t && !seen.has(id) && !during.streamed(id)) store.delete(id);
            dirty.current.add(key);
          }
        })
        .catch(() => {
          // A load that fails (not one given up for a newer view): the server may be gone without the
          // stream noticing yet. The box is followed anew a moment later — the stream reopens (the
          // page says "reconnecting" until it is live) and the box loads once it is in place.
          if (view !== viewKey.current || loading?.signal.aborted) return;
          clearTimeout(again);
          again = setTimeout(() => {
            if (view !== viewKey.current) return;
            followed = undefined;
            follow();
          }, LOAD_AGAIN_MS);
        });
    };
    /**
     * Takes a change into its layer: `left` when the entity left it (deleted, a report closed), `kept`
     * when it is on it, `partial` for an update of an entity not loaded yet whose few attributes do not
     * say whether it belongs (the page brings the rest).
     */
    const merge = (c: Change): Outcome => {
      const key = layerOfType.get(c.type);
      if (!key) return undefined;
      const store = stores.current.get(key) as Map<string, Entity>;
      dirty.current.add(key);
      if (c.kind === 'deleted') {
        store.delete(c.id);
        return 'left';
      }
      const { kind: _kind, at: _at, abridged: _abridged, ...attrs } = c;
      const known = store.get(c.id);
      const next: Entity = { ...(known ?? {}), ...attrs };
      // What no longer belongs on its layer (a report closed) leaves it, as the snapshot would leave it out.
      if (onlyOf.get(key)?.holds(next) === false) {
        store.delete(c.id);
        return known || c.kind === 'created' ? 'left' : 'partial';
      }
      store.set(c.id, next);
      return 'kept';
    };
    // Moves before the map has loaded (the container settling its size) are not the operator's.
    const onMove = () => {
      if (!ready.current) return;
      clearTimeout(timer);
      timer = setTimeout(follow, 400);
    };
    if (ready.current) follow();
    else void map.once('thanglong:ready', follow);
    map.on('moveend', onMove);
    return () => {
      clearTimeout(timer);
      clearTimeout(unopened);
      clearTimeout(again);
      map.off('moveend', onMove);
      if (following) latest.current.live.follow(null);
      loading?.abort();
    };
  }, [typesKey]);

  return <div ref={container} className="city-map" role="region" aria-label={props.label} />;
}

function applyVisibility(map: MapLibreMap, enabled: Readonly<Record<LayerKey, boolean>>): void {
  for (const def of LAYERS) {
    for (const suffix of ['points', 'arrows', 'clusters', 'count', 'label', 'halo']) {
      const id = `${def.key}-${suffix}`;
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', enabled[def.key] ? 'visible' : 'none');
    }
  }
}
