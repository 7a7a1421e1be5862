import type { StyleSpecification } from 'maplibre-gl';

/**
 * The offline basemap: Thang Long's own city facts (GET /api/v1/city/basemap: boundary, wards with
 * names, main roads, water, hospitals and emergency stations), drawn without any tile server. Text
 * is rendered by the browser's own fonts (no glyph server), so Vietnamese names show with their marks.
 */
export function cityStyle(attribution: string): StyleSpecification {
  return {
    version: 8,
    sources: {
      city: { type: 'geojson', data: '/api/v1/city/basemap', attribution },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
      {
        id: 'city-fill',
        type: 'fill',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'boundary'],
        paint: { 'fill-color': '#f8f6f1' },
      },
      {
        id: 'ward-fill',
        type: 'fill',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'ward'],
        paint: { 'fill-color': ['case', ['==', ['get', 'kind'], 'ward'], '#f3efe6', '#f6f7f0'], 'fill-opacity': 0.9 },
      },
      {
        id: 'water',
        type: 'fill',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'water'],
        paint: { 'fill-color': '#a9d3e6' },
      },
      {
        id: 'ward-line',
        type: 'line',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'ward'],
        paint: { 'line-color': '#b4bcc6', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2] },
      },
      {
        id: 'road-casing',
        type: 'line',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'road'],
        minzoom: 11,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': '#d3d7dd',
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            11,
            1.5,
            16,
            ['match', ['get', 'class'], 'primary', 12, 'secondary', 9, 7],
          ],
        },
      },
      {
        id: 'road',
        type: 'line',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'road'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': ['match', ['get', 'class'], 'primary', '#fbd38d', '#ffffff'],
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            11,
            0.8,
            16,
            ['match', ['get', 'class'], 'primary', 10, 'secondary', 7, 5],
          ],
        },
      },
      {
        id: 'boundary',
        type: 'line',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'boundary'],
        paint: { 'line-color': '#5b6b7c', 'line-width': 2, 'line-dasharray': [3, 1.5] },
      },
      {
        id: 'place',
        type: 'circle',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'place'],
        minzoom: 13.5,
        paint: {
          'circle-radius': 3,
          'circle-color': '#b66a6a',
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1,
        },
      },
      {
        id: 'ward-label',
        type: 'symbol',
        source: 'city',
        filter: ['==', ['get', 'layer'], 'ward-label'],
        minzoom: 10.5,
        layout: {
          'text-field': ['coalesce', ['get', 'shortName'], ['get', 'name']],
          'text-font': ['sans-serif'],
          'text-size': ['interpolate', ['linear'], ['zoom'], 10.5, 10, 14, 13],
          'text-max-width': 8,
        },
        paint: { 'text-color': '#5b6575', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'road-label',
        type: 'symbol',
        source: 'city',
        filter: ['all', ['==', ['get', 'layer'], 'road'], ['has', 'name']],
        minzoom: 14,
        layout: {
          'symbol-placement': 'line',
          'text-field': ['get', 'name'],
          'text-font': ['sans-serif'],
          'text-size': 11,
        },
        paint: { 'text-color': '#6b5b3e', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
      },
    ],
  };
}
