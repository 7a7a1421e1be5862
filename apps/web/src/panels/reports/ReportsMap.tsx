import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { cityStyle } from '../../map/basemap';
import type { StaffReport } from './api';
import { urgencyOf, URGENCY_COLOURS } from './urgency';

/**
 * The officers' map of the queue: each report where it was made, in the colour of its time left;
 * reports near each other are drawn as one circle with their count (MapLibre clusters the GeoJSON
 * source) that opens on a click. A click on a report opens it.
 */

export interface ReportsMapProps {
  readonly styleUrl: string | null;
  readonly attribution: string;
  readonly label: string;
  readonly reports: readonly StaffReport[];
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
}

const HANOI_CENTRE: [number, number] = [105.8342, 21.0278];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function ReportsMap(props: ReportsMapProps) {
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
      zoom: 11.5,
      minZoom: 8,
      maxZoom: 18,
      attributionControl: { compact: true },
      fadeDuration: 0,
    });
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'bottom-right');
    map.getCanvas().setAttribute('aria-label', props.label);
    mapRef.current = map;
    if (import.meta.env.MODE === 'test') window.__thanglongMap = map;
    map.on('load', () => {
      map.addSource('reports', { type: 'geojson', data: EMPTY, cluster: true, clusterRadius: 40, clusterMaxZoom: 16 });
      map.addSource('reports-selected', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'reports-clusters',
        type: 'circle',
        source: 'reports',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#31506f',
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 50, 24],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      map.addLayer({
        id: 'reports-cluster-count',
        type: 'symbol',
        source: 'reports',
        filter: ['has', 'point_count'],
        layout: {
          'text-field': ['get', 'point_count_abbreviated'],
          'text-font': ['sans-serif'],
          'text-size': 12,
          'text-allow-overlap': true,
        },
        paint: { 'text-color': '#ffffff' },
      });
      map.addLayer({
        id: 'reports-points',
        type: 'circle',
        source: 'reports',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': ['get', 'colour'],
          'circle-radius': 8,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      map.addLayer({
        id: 'reports-selected-ring',
        type: 'circle',
        source: 'reports-selected',
        paint: {
          'circle-color': 'rgba(0,0,0,0)',
          'circle-radius': 13,
          'circle-stroke-color': '#0b1f33',
          'circle-stroke-width': 3,
        },
      });
      map.on('click', 'reports-clusters', (e) => {
        const hit = e.features?.[0];
        const geometry = hit?.geometry;
        if (!hit || geometry?.type !== 'Point') return;
        void map
          .getSource<GeoJSONSource>('reports')
          ?.getClusterExpansionZoom(Number(hit.properties['cluster_id']))
          .then((zoom) => map.easeTo({ center: geometry.coordinates as [number, number], zoom }));
      });
      map.on('click', 'reports-points', (e) => {
        const id: unknown = e.features?.[0]?.properties['id'];
        if (typeof id === 'string') latest.current.onSelect(id);
      });
      for (const layer of ['reports-clusters', 'reports-points']) {
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
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
    const located = p.reports.filter((r) => r.location);
    map.getSource<GeoJSONSource>('reports')?.setData({
      type: 'FeatureCollection',
      features: located.map((r) => ({
        type: 'Feature',
        properties: { id: r.id, colour: URGENCY_COLOURS[urgencyOf(r)] },
        geometry: { type: 'Point', coordinates: [r.location?.[0] ?? 0, r.location?.[1] ?? 0] },
      })),
    });
    const selected = located.find((r) => r.id === p.selected);
    map.getSource<GeoJSONSource>('reports-selected')?.setData({
      type: 'FeatureCollection',
      features: selected?.location
        ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [...selected.location] } }]
        : [],
    });
  };
  useEffect(() => draw.current(), [props.reports, props.selected]);

  useEffect(() => {
    const at = props.reports.find((r) => r.id === props.selected)?.location;
    if (at) mapRef.current?.easeTo({ center: [at[0], at[1]], zoom: Math.max(14, mapRef.current.getZoom()) });
  }, [props.selected]);

  return <div ref={container} className="city-map reports-map" role="region" aria-label={props.label} />;
}
