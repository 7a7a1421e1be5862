import type { Words } from './words.js';

/**
 * The rider page's small maps, drawn in SVG without tiles or WebGL and loaded only when a map is opened:
 * a route's shape with its stops and live buses, and the city's stops to pick a point on when the phone
 * gives no location. Light grey roads from the city module (`/api/v1/city/roads`, bounded in bytes) give
 * them context; without them the map still has its scale bar and north arrow.
 */

export type LonLat = readonly [number, number];
export interface MapStop {
  id: string;
  name: string | null;
  lon: number | null;
  lat: number | null;
}
export interface MapBus {
  label: string;
  lon: number;
  lat: number;
  /** The stop it is nearest to, for its accessible name. */
  near: string | null;
}

/** Width of the drawing in its own units: about a phone's width in CSS pixels, so 1 unit ≈ 1 px. */
const WIDTH = 360;
const PAD = 24;
const METRES_PER_DEGREE = 111_320;

const NS = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** An equirectangular projection fitted to points (a degree of longitude is cos(lat) of one of latitude). */
interface Projection {
  width: number;
  height: number;
  /** Map units per degree of latitude. */
  k: number;
  x(lon: number): number;
  y(lat: number): number;
  lonLat(x: number, y: number): LonLat;
  /** west, south, east, north of the whole drawing. */
  box: [number, number, number, number];
}

function fit(points: readonly LonLat[], minHeight: number, maxHeight: number): Projection {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  if (!Number.isFinite(west)) [west, south, east, north] = [105.8, 21.0, 105.9, 21.06];
  // A single point, or a line due north or east, still gets some 300 m around it.
  const min = 300 / METRES_PER_DEGREE;
  if (north - south < min) [south, north] = [(south + north) / 2 - min / 2, (south + north) / 2 + min / 2];
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  if ((east - west) * cos < min) [west, east] = [(west + east) / 2 - min / cos / 2, (west + east) / 2 + min / cos / 2];
  const inner = WIDTH - 2 * PAD;
  const height = Math.round(
    Math.min(maxHeight, Math.max(minHeight, (inner * (north - south)) / ((east - west) * cos) + 2 * PAD)),
  );
  const k = Math.min(inner / ((east - west) * cos), (height - 2 * PAD) / (north - south));
  const [lon0, lat0] = [(west + east) / 2, (south + north) / 2];
  const x = (lon: number) => WIDTH / 2 + (lon - lon0) * cos * k;
  const y = (lat: number) => height / 2 - (lat - lat0) * k;
  const lonLat = (px: number, py: number): LonLat => [lon0 + (px - WIDTH / 2) / cos / k, lat0 - (py - height / 2) / k];
  const [w, n] = lonLat(0, 0);
  const [e, s] = lonLat(WIDTH, height);
  return { width: WIDTH, height, k, x, y, lonLat, box: [w, s, e, n] };
}

const pathOf = (p: Projection, line: readonly LonLat[]) =>
  line.map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${p.x(lon).toFixed(1)} ${p.y(lat).toFixed(1)}`).join('');

/** The roads under the drawing, once they come (a map without them is still a map). */
async function drawRoads(p: Projection, into: SVGGElement): Promise<void> {
  const [w, s, e, n] = p.box;
  if (e - w > 1.5 || n - s > 1.5) return;
  try {
    const res = await fetch(`/api/v1/city/roads?bbox=${[w, s, e, n].map((v) => v.toFixed(5)).join(',')}`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return;
    const sketch = (await res.json()) as { roads: { class: string; line: LonLat[] }[] };
    const main = new Set(['motorway', 'trunk', 'primary', 'secondary']);
    const minor: string[] = [];
    const major: string[] = [];
    for (const r of sketch.roads) (main.has(r.class) ? major : minor).push(pathOf(p, r.line));
    into.replaceChildren(
      svg('path', { d: minor.join(''), class: 'road' }),
      svg('path', { d: major.join(''), class: 'road main' }),
    );
  } catch {
    // No roads: the shape, the stops, the scale bar and the north arrow remain.
  }
}

/** A scale bar of a round length near a quarter of the width, and an arrow to the north. */
function furniture(p: Projection, w: Words): SVGGElement {
  const metresPerUnit = METRES_PER_DEGREE / p.k;
  const target = (WIDTH / 4) * metresPerUnit;
  const step = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * step).find((m) => m <= target) ?? step;
  const length = metres / metresPerUnit;
  const [x0, y0] = [10, p.height - 10];
  return svg(
    'g',
    { class: 'furniture', 'aria-hidden': 'true' },
    svg('path', { d: `M${x0} ${y0 - 6}V${y0}H${(x0 + length).toFixed(1)}V${y0 - 6}`, class: 'scale' }),
    svg('text', { x: x0 + 4, y: y0 - 8, class: 'scale-text' }, metres >= 1000 ? `${metres / 1000} km` : `${metres} m`),
    svg('path', { d: `M${WIDTH - 20} 8l7 18h-14z`, class: 'north' }),
    svg('text', { x: WIDTH - 20, y: 40, class: 'north-text', 'text-anchor': 'middle' }, w.northLetter),
  );
}

function frame(p: Projection, label: string): { root: SVGSVGElement; roads: SVGGElement } {
  const roads = svg('g', { class: 'roads' });
  const root = svg(
    'svg',
    { viewBox: `0 0 ${p.width} ${p.height}`, class: 'map', role: 'group', 'aria-label': label },
    svg('rect', { width: p.width, height: p.height, class: 'ground' }),
    roads,
  );
  void drawRoads(p, roads);
  return { root, roads };
}

const located = (s: MapStop): s is MapStop & { lon: number; lat: number } => s.lon !== null && s.lat !== null;

/**
 * A route direction's map: its shape (else a line from stop to stop), its stops as links to their boards,
 * and `setBuses` to draw the live buses, each named for a screen reader ("Xe 29B-123.45, gần Bờ Hồ").
 */
export function routeMap(
  direction: { shape: LonLat[] | null; stops: MapStop[] },
  colour: string,
  title: string,
  w: Words,
): { element: SVGSVGElement; setBuses(buses: readonly MapBus[]): void } {
  const stops = direction.stops.filter(located);
  const line: LonLat[] = direction.shape ?? stops.map((s) => [s.lon, s.lat]);
  const p = fit([...line, ...stops.map((s): LonLat => [s.lon, s.lat])], 220, 440);
  const { root } = frame(p, w.routeMap(title));
  root.append(
    svg('path', { d: pathOf(p, line), class: 'shape-casing' }),
    svg('path', { d: pathOf(p, line), class: direction.shape ? 'shape' : 'shape straight', stroke: colour }),
  );
  const stopLayer = svg('g', { class: 'map-stops' });
  for (const s of stops) {
    const [x, y] = [p.x(s.lon).toFixed(1), p.y(s.lat).toFixed(1)];
    stopLayer.append(
      svg(
        'a',
        { href: `#/stop/${encodeURIComponent(s.id)}`, 'aria-label': w.stopOnMap(s.name ?? s.id), class: 'map-stop' },
        // A thumb's target around a small dot.
        svg('circle', { cx: x, cy: y, r: 18, class: 'hit' }),
        svg('circle', { cx: x, cy: y, r: 5, class: 'dot' }),
      ),
    );
  }
  const busLayer = svg('g', { class: 'map-buses' });
  root.append(stopLayer, busLayer, furniture(p, w));
  return {
    element: root,
    setBuses(buses) {
      busLayer.replaceChildren(
        ...buses.map((b) =>
          svg(
            'g',
            {
              class: 'map-bus',
              role: 'img',
              'aria-label': w.busOnMap(b.label, b.near),
              transform: `translate(${p.x(b.lon).toFixed(1)} ${p.y(b.lat).toFixed(1)})`,
            },
            svg('circle', { r: 11 }),
            svg('path', { d: 'M-5 -5h10v8h-10zM-4 5v1M4 5v1', class: 'bus-icon' }),
          ),
        ),
      );
    },
  };
}

/**
 * The city's stops as dots on their roads, to tap where one is when the phone gives no location: `onPick`
 * gets the point. Arrow keys move the cross and Enter picks, for a keyboard.
 */
export function pickMap(
  stops: readonly MapStop[],
  w: Words,
  onPick: (lon: number, lat: number) => void,
): SVGSVGElement {
  const dots = stops.filter(located);
  const p = fit(
    dots.map((s): LonLat => [s.lon, s.lat]),
    260,
    480,
  );
  const { root } = frame(p, w.pickMapLabel);
  root.setAttribute('role', 'application');
  root.setAttribute('tabindex', '0');
  root.classList.add('pick');
  root.append(
    svg('path', {
      d: dots.map((s) => `M${p.x(s.lon).toFixed(1)} ${p.y(s.lat).toFixed(1)}h0`).join(''),
      class: 'stop-dots',
    }),
    furniture(p, w),
  );
  let at: [number, number] = [p.width / 2, p.height / 2];
  const cross = svg('path', { d: 'M-12 0h24M0 -12v24', class: 'cross' });
  const pin = svg('g', { class: 'picked', 'aria-hidden': 'true' }, svg('circle', { r: 8 }), cross);
  const place = (x: number, y: number, pick: boolean) => {
    at = [Math.max(0, Math.min(p.width, x)), Math.max(0, Math.min(p.height, y))];
    pin.setAttribute('transform', `translate(${at[0].toFixed(1)} ${at[1].toFixed(1)})`);
    if (!pin.isConnected) root.append(pin);
    if (pick) onPick(...(p.lonLat(...at) as [number, number]));
  };
  root.addEventListener('click', (e) => {
    const rect = root.getBoundingClientRect();
    const scale = p.width / rect.width; // the drawing keeps its aspect, so one scale for both axes
    place((e.clientX - rect.left) * scale, (e.clientY - rect.top) * scale, true);
  });
  root.addEventListener('keydown', (e) => {
    const step = 12;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (move) place(at[0] + move[0], at[1] + move[1], false);
    else if (e.key === 'Enter' || e.key === ' ') place(...at, true);
    else return;
    e.preventDefault();
  });
  return root;
}
