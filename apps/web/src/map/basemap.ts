import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { iconId, SHAPES } from './shapes';

/**
 * The offline basemap: Thang Long's own city facts as vector tiles (GET /api/v1/city/basemap/tiles/
 * {z}/{x}/{y}: boundary, wards with names, roads of the whole city, rivers and lakes, bus routes,
 * hospitals, police and fire stations), cut by the server per zoom so a view loads only what it shows.
 * Text is drawn by the browser's own fonts (no glyph server: the style has no `glyphs`), so labels work
 * offline and Vietnamese names show with their marks.
 */

const TILES = '/api/v1/city/basemap/tiles/{z}/{x}/{y}';
const FONT = ['sans-serif'];
const MAIN_ROADS = ['motorway', 'trunk', 'primary', 'secondary'];
const cls = (...classes: string[]): ExpressionSpecification => ['in', ['get', 'class'], ['literal', classes]];

/** Road width in pixels by class, interpolated by zoom. */
const roadWidth = (casing: boolean): ExpressionSpecification => {
  const extra = casing ? 2 : 0;
  return [
    'interpolate',
    ['exponential', 1.6],
    ['zoom'],
    9,
    ['match', ['get', 'class'], ['motorway', 'trunk'], 1.4 + extra / 2, 'primary', 1 + extra / 2, 0.5],
    13,
    [
      'match',
      ['get', 'class'],
      ['motorway', 'trunk'],
      4 + extra,
      'primary',
      3.5 + extra,
      'secondary',
      3 + extra,
      'tertiary',
      2.2 + extra,
      0.8 + extra / 2,
    ],
    17,
    [
      'match',
      ['get', 'class'],
      ['motorway', 'trunk'],
      16 + extra,
      'primary',
      14 + extra,
      'secondary',
      12 + extra,
      'tertiary',
      10 + extra,
      'minor',
      7 + extra,
      4 + extra,
    ],
  ];
};

const placeIcon: ExpressionSpecification = [
  'match',
  ['get', 'category'],
  'hospital',
  iconId('hospital', SHAPES.hospital.fill as string),
  'police',
  iconId('police', SHAPES.police.fill as string),
  'fire',
  iconId('fire', SHAPES.fire.fill as string),
  iconId('ambulance', SHAPES.ambulance.fill as string),
];

export function cityStyle(attribution: string): StyleSpecification {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const source = 'city';
  return {
    version: 8,
    sources: {
      city: { type: 'vector', tiles: [`${origin}${TILES}`], minzoom: 0, maxzoom: 14, attribution },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
      {
        id: 'city-fill',
        type: 'fill',
        source,
        'source-layer': 'boundary',
        paint: { 'fill-color': '#f8f6f1' },
      },
      {
        id: 'ward-fill',
        type: 'fill',
        source,
        'source-layer': 'ward',
        paint: { 'fill-color': ['case', ['==', ['get', 'kind'], 'phường'], '#f3efe6', '#f1f4ea'], 'fill-opacity': 0.9 },
      },
      {
        id: 'water',
        type: 'fill',
        source,
        'source-layer': 'water',
        paint: { 'fill-color': '#a9d3e6' },
      },
      {
        id: 'waterway',
        type: 'line',
        source,
        'source-layer': 'waterway',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': '#8cc4dc',
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            9,
            ['match', ['get', 'class'], 'river', 1.5, 0.6],
            15,
            ['match', ['get', 'class'], 'river', 5, 2.5],
          ],
        },
      },
      {
        id: 'ward-line',
        type: 'line',
        source,
        'source-layer': 'ward',
        paint: { 'line-color': '#b4bcc6', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2] },
      },
      {
        id: 'road-casing',
        type: 'line',
        source,
        'source-layer': 'road',
        minzoom: 12,
        filter: ['!', cls('service')],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#c9ced6', 'line-width': roadWidth(true) },
      },
      {
        id: 'road',
        type: 'line',
        source,
        'source-layer': 'road',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': [
            'match',
            ['get', 'class'],
            ['motorway', 'trunk'],
            '#f4a259',
            'primary',
            '#fbd38d',
            'secondary',
            '#fdf0b8',
            '#ffffff',
          ],
          'line-width': roadWidth(false),
        },
      },
      {
        id: 'bus-route',
        type: 'line',
        source,
        'source-layer': 'bus-route',
        minzoom: 13,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#6a4fb3', 'line-opacity': 0.35, 'line-width': 1.5, 'line-dasharray': [3, 2] },
      },
      {
        id: 'boundary',
        type: 'line',
        source,
        'source-layer': 'boundary',
        paint: { 'line-color': '#5b6b7c', 'line-width': 2, 'line-dasharray': [3, 1.5] },
      },
      {
        id: 'ward-label',
        type: 'symbol',
        source,
        'source-layer': 'ward-label',
        minzoom: 10.5,
        layout: {
          'text-field': ['coalesce', ['get', 'shortName'], ['get', 'name']],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 10.5, 10, 14, 13],
          'text-max-width': 8,
        },
        paint: { 'text-color': '#5b6575', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'road-label',
        type: 'symbol',
        source,
        'source-layer': 'road',
        filter: ['all', ['has', 'name'], ['any', cls(...MAIN_ROADS), ['>=', ['zoom'], 14]]],
        minzoom: 11,
        layout: {
          'symbol-placement': 'line',
          'symbol-spacing': 300,
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 11, 10, 16, 12],
        },
        paint: { 'text-color': '#5b4a2e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'waterway-label',
        type: 'symbol',
        source,
        'source-layer': 'waterway',
        filter: ['all', ['has', 'name'], ['==', ['get', 'class'], 'river']],
        layout: {
          'symbol-placement': 'line',
          'symbol-spacing': 400,
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 9, 11, 15, 14],
          'text-letter-spacing': 0.08,
        },
        paint: { 'text-color': '#1d5f8a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'water-label',
        type: 'symbol',
        source,
        'source-layer': 'water-label',
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 10, 11, 15, 13],
          'text-max-width': 8,
        },
        paint: { 'text-color': '#1d5f8a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'place',
        type: 'symbol',
        source,
        'source-layer': 'place',
        // Hospitals, police and fire from zoom 12; clinics and health stations closer in.
        filter: [
          'any',
          ['!=', ['get', 'category'], 'hospital'],
          ['in', ['get', 'kind'], ['literal', ['hospital', 'medical-centre']]],
          ['>=', ['zoom'], 14],
        ],
        layout: {
          'icon-image': placeIcon,
          'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.7, 16, 1],
          'icon-allow-overlap': true,
          'text-field': ['coalesce', ['get', 'name'], ''],
          'text-font': FONT,
          'text-size': 11,
          'text-offset': [0, 1.1],
          'text-anchor': 'top',
          'text-max-width': 9,
          'text-optional': true,
        },
        paint: {
          'text-color': [
            'match',
            ['get', 'category'],
            'hospital',
            '#9b1c1c',
            'police',
            '#173f7a',
            'fire',
            '#a83c00',
            '#00574b',
          ],
          'text-halo-color': '#ffffff',
          'text-halo-width': 1.2,
        },
      },
    ],
  };
}
