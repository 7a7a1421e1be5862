import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { cityStyle } from '../../map/basemap';
import type { IncidentSummary, LonLat, Unit } from './api';
import { PRIORITY_COLOURS, STATUS_COLOURS } from './colours';

/**
 * The dispatcher's map: open incidents by priority, every unit where its AVL last put it (or at its
 * station) in its status colour, the pin of the call being taken, and the roads the recommended and
 * dispatched units would drive. A click on empty map places the call; a click on an incident opens it.
 */

export interface DrawnRoute {
  readonly unitId: string;
  readonly coordinates: readonly LonLat[];
  /** Dispatched (solid) or only suggested (dashed). */
  readonly dispatched: boolean;
}

export interface DispatchMapProps {
  readonly styleUrl: string | null;
  readonly attribution: string;
  readonly label: string;
  readonly units: readonly (Unit & { readonly at?: LonLat | undefined })[];
  readonly incidents: readonly IncidentSummary[];
  readonly selectedIncident: string | null;
  readonly pin: LonLat | null;
  readonly routes: readonly DrawnRoute[];
  readonly focus: { readonly center: LonLat; readonly nonce: number } | null;
  readonly onPlace: (at: LonLat) => void;
  readonly onSelectIncident: (id: string) => void;
}

const HANOI_CENTRE: [number, number] = [105.8342, 21.0278];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const point = (at: LonLat, properties: Record<string, unknown>): GeoJSON.Feature<GeoJSON.Point> => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Point', coordinates: [at[0], at[1]] },
});

export function DispatchMap(props: DispatchMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const ready = useRef(false);
  const latest = useRef(props);
  latest.current = props;
  const draw = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: props.styleUrl ?? cityStyle(props.attribution),
      center: HANOI_CENTRE,
      zoom: 12,
      minZoom: 8,
      maxZoom: 18,
      attributionControl: { compact: true },
      fadeDuration: 0,
    });
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'bottom-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', props.label);
    mapRef.current = map;
    if (import.meta.env.MODE === 'test') window.__thanglongMap = map;
    map.on('load', () => {
      for (const name of ['em-routes', 'em-incidents', 'em-units', 'em-pin']) {
        map.addSource(name, { type: 'geojson', data: EMPTY });
      }
      map.addLayer({
        id: 'em-routes-line',
        type: 'line',
        source: 'em-routes',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': ['get', 'colour'],
          'line-width': ['case', ['get', 'dispatched'], 4, 3],
          'line-opacity': 0.85,
        },
        filter: ['==', ['get', 'dispatched'], true],
      });
      map.addLayer({
        id: 'em-routes-suggested',
        type: 'line',
        source: 'em-routes',
        paint: { 'line-color': ['get', 'colour'], 'line-width': 3, 'line-opacity': 0.8, 'line-dasharray': [2, 1.5] },
        filter: ['==', ['get', 'dispatched'], false],
      });
      map.addLayer({
        id: 'em-incidents-points',
        type: 'circle',
        source: 'em-incidents',
        paint: {
          'circle-color': ['get', 'colour'],
          'circle-radius': ['case', ['get', 'selected'], 12, 8],
          'circle-opacity': 0.9,
          'circle-stroke-color': ['case', ['get', 'selected'], '#0b1f33', '#ffffff'],
          'circle-stroke-width': ['case', ['get', 'selected'], 3, 2],
        },
      });
      map.addLayer({
        id: 'em-incidents-label',
        type: 'symbol',
        source: 'em-incidents',
        layout: {
          'text-field': ['get', 'label'],
          'text-font': ['sans-serif'],
          'text-size': 11,
          'text-offset': [0, 1.4],
          'text-allow-overlap': true,
        },
        paint: { 'text-color': '#0b1f33', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      });
      map.addLayer({
        id: 'em-units-points',
        type: 'circle',
        source: 'em-units',
        paint: {
          'circle-color': ['get', 'colour'],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 15, 8],
          'circle-stroke-color': '#1c2733',
          'circle-stroke-width': 1,
        },
      });
      map.addLayer({
        id: 'em-units-label',
        type: 'symbol',
        source: 'em-units',
        minzoom: 13,
        layout: {
          'text-field': ['get', 'callSign'],
          'text-font': ['sans-serif'],
          'text-size': 10,
          'text-offset': [0, 1.2],
        },
        paint: { 'text-color': '#1c2733', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      });
      map.addLayer({
        id: 'em-pin-point',
        type: 'circle',
        source: 'em-pin',
        paint: {
          'circle-color': '#ffffff',
          'circle-radius': 9,
          'circle-stroke-color': '#b0003a',
          'circle-stroke-width': 4,
        },
      });
      map.on('click', (e) => {
        const hit = map.queryRenderedFeatures(e.point, { layers: ['em-incidents-points'] })[0];
        if (hit) latest.current.onSelectIncident(String(hit.properties['id']));
        else latest.current.onPlace([e.lngLat.lng, e.lngLat.lat]);
      });
      map.on('mouseenter', 'em-incidents-points', () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', 'em-incidents-points', () => (map.getCanvas().style.cursor = ''));
      ready.current = true;
      draw.current();
    });
    return () => {
      map.remove();
      mapRef.current = null;
      ready.current = false;
      if (import.meta.env.MODE === 'test') delete window.__thanglongMap;
    };
    // The map is made once; what it draws follows the props below.
  }, []);

  draw.current = () => {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    const p = latest.current;
    const byId = new Map(p.units.map((u) => [u.id, u]));
    map.getSource<GeoJSONSource>('em-units')?.setData({
      type: 'FeatureCollection',
      features: p.units.flatMap((u) =>
        u.at
          ? [point(u.at, { id: u.id, callSign: u.callSign, status: u.status, colour: STATUS_COLOURS[u.status] })]
          : [],
      ),
    });
    map.getSource<GeoJSONSource>('em-incidents')?.setData({
      type: 'FeatureCollection',
      features: p.incidents.map((i) =>
        point(i.location, {
          id: i.id,
          number: i.number,
          label: `${i.number.split('-').pop() ?? i.number} ${i.typeCode}`,
          priority: i.priority,
          colour: PRIORITY_COLOURS[i.priority],
          selected: i.id === p.selectedIncident,
        }),
      ),
    });
    map.getSource<GeoJSONSource>('em-pin')?.setData({
      type: 'FeatureCollection',
      features: p.pin ? [point(p.pin, { kind: 'pin' })] : [],
    });
    map.getSource<GeoJSONSource>('em-routes')?.setData({
      type: 'FeatureCollection',
      features: p.routes
        .filter((r) => r.coordinates.length >= 2)
        .map((r) => ({
          type: 'Feature' as const,
          properties: {
            unitId: r.unitId,
            dispatched: r.dispatched,
            colour: STATUS_COLOURS[byId.get(r.unitId)?.status ?? 'dispatched'],
          },
          geometry: { type: 'LineString' as const, coordinates: r.coordinates.map(([lon, lat]) => [lon, lat]) },
        })),
    });
  };
  useEffect(() => draw.current(), [props.units, props.incidents, props.selectedIncident, props.pin, props.routes]);

  useEffect(() => {
    if (props.focus)
      mapRef.current?.easeTo({ center: [...props.focus.center], zoom: Math.max(14, mapRef.current.getZoom()) });
  }, [props.focus]);

  return <div ref={container} className="city-map dispatch-map" role="region" aria-label={props.label} />;
}
