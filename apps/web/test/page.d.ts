import type { Map } from 'maplibre-gl';

// What the page exposes to browser tests (apps/web/src/map/CityMap.tsx).
declare global {
  interface Window {
    __thanglongMap?: Map;
  }
}
