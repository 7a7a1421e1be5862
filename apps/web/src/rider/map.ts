import type { Words } from './words.js';

/**
 * The rider page's small maps, drawn in SVG without tiles or WebGL and loaded only when a map is opened:
 * a route's shape with its stops and live buses, and the city's stops to pick a point on when the phone
 * gives no location. Light grey roads from the city module (`/api/v1/city/roads`, bounded in bytes) give
 * them context; without them the map still has its scale bar and north arrow. A rider pans (drag, one
 * finger, arrow keys) and zooms (pinch, wheel, the + and − buttons, + and − keys); closer in, the roads
 * (and the pick map's stops) of the part in view are asked for again, in more detail.
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
/** The closest zoom: about a metre and a half of the city per unit. */
const FINEST_METRES_PER_UNIT = 1.5;
/** How far (units) a pointer moves before a tap becomes a drag. */
const DRAG_FROM = 6;
/** A click this soon (ms) after a tap that followed a link is the browser's own copy of that tap. */
const TAP_CLICK_MS = 800;
/** How long the map rests after a move before it asks for the detail of the part in view. */
const SETTLE_MS = 350;
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

/** `decimals` grow with the zoom, so a road drawn close in keeps its bends. */
const pathOf = (p: Projection, line: readonly LonLat[], decimals = 1) =>
  line
    .map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${p.x(lon).toFixed(decimals)} ${p.y(lat).toFixed(decimals)}`)
    .join('');

type Box = [number, number, number, number];
const inside = (inner: Box, outer: Box) =>
  inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];

/** The roads of a box, drawn in the drawing's own units; false when none came (a map without them is still a map). */
async function drawRoads(p: Projection, box: Box, into: SVGGElement, decimals: number): Promise<boolean> {
  const [w, s, e, n] = box;
  if (e - w > 1.5 || n - s > 1.5) return false;
  try {
    const res = await fetch(`/api/v1/city/roads?bbox=${[w, s, e, n].map((v) => v.toFixed(5)).join(',')}`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return false;
    const sketch = (await res.json()) as { roads: { class: string; line: LonLat[] }[] };
    const main = new Set(['motorway', 'trunk', 'primary', 'secondary']);
    const minor: string[] = [];
    const major: string[] = [];
    for (const r of sketch.roads) (main.has(r.class) ? major : minor).push(pathOf(p, r.line, decimals));
    into.replaceChildren(
      svg('path', { d: minor.join(''), class: 'road' }),
      svg('path', { d: major.join(''), class: 'road main' }),
    );
    return true;
  } catch {
    // No roads: the shape, the stops, the scale bar and the north arrow remain.
    return false;
  }
}

/** A scale bar of a round length near a quarter of the width, at the zoom shown. */
function scaleBar(p: Projection, zoom: number, into: SVGGElement): void {
  const metresPerUnit = METRES_PER_DEGREE / p.k / zoom;
  const target = (WIDTH / 4) * metresPerUnit;
  const step = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * step).find((m) => m <= target) ?? step;
  const length = metres / metresPerUnit;
  const [x0, y0] = [10, p.height - 10];
  into.replaceChildren(
    svg('path', { d: `M${x0} ${y0 - 6}V${y0}H${(x0 + length).toFixed(1)}V${y0 - 6}`, class: 'scale' }),
    svg(
      'text',
      { x: x0 + 4, y: y0 - 8, class: 'scale-text', 'data-metres': metres },
      metres >= 1000 ? `${metres / 1000} km` : `${metres} m`,
    ),
  );
}

/** A thing drawn at a place that keeps its size at any zoom (a stop, a bus, the picked point). */
interface Marker {
  el: SVGElement;
  /** Where it is in the drawing at the whole view. */
  x: number;
  y: number;
}

/**
 * A map the rider can move: `world` holds what grows with the zoom (roads, the shape, the stops' dots),
 * markers keep their size and follow their place. The view is a zoom (1: the whole drawing) and an
 * offset, kept so the drawing always fills the frame.
 */
interface Movable {
  /** The map with its + and − buttons. */
  element: HTMLElement;
  root: SVGSVGElement;
  world: SVGGElement;
  markers: SVGGElement;
  place(marker: Marker): void;
  /** Drawing units at the whole view, from a point of the frame (units) as it is shown now. */
  toWhole(x: number, y: number): [number, number];
  /** A point of the frame (units) from client pixels. */
  fromClient(clientX: number, clientY: number): [number, number];
  /** The place under the frame now: west, south, east, north. */
  shown(): Box;
  zoom(): number;
  zoomBy(factor: number, at?: [number, number]): void;
  panBy(dx: number, dy: number): void;
  /** Moves the view so a point of the drawing (whole-view units) is in sight. */
  reveal(x: number, y: number): void;
  /** Called when the view has rested after a move. */
  onSettle(listener: () => void): void;
  /** Called with a point of the frame (units) when one pointer went down and up without moving the map. */
  onTap(listener: (x: number, y: number) => void): void;
}

function movable(p: Projection, label: string, w: Words): Movable {
  const world = svg('g', { class: 'world' });
  const markers = svg('g', { class: 'markers' });
  const bar = svg('g', { class: 'furniture', 'aria-hidden': 'true' });
  const root = svg(
    'svg',
    { viewBox: `0 0 ${p.width} ${p.height}`, class: 'map', role: 'group', 'aria-label': label },
    svg('rect', { width: p.width, height: p.height, class: 'ground' }),
    world,
    markers,
    bar,
    svg(
      'g',
      { class: 'furniture', 'aria-hidden': 'true' },
      svg('path', { d: `M${WIDTH - 20} 8l7 18h-14z`, class: 'north' }),
      svg('text', { x: WIDTH - 20, y: 40, class: 'north-text', 'text-anchor': 'middle' }, w.northLetter),
    ),
  );
  const maxZoom = Math.max(1, METRES_PER_DEGREE / p.k / FINEST_METRES_PER_UNIT);
  let [zoom, tx, ty] = [1, 0, 0];
  const placed = new Set<Marker>();
  const listeners: (() => void)[] = [];
  const tapListeners: ((x: number, y: number) => void)[] = [];
  let settle: ReturnType<typeof setTimeout> | undefined;
  const position = (m: Marker) =>
    m.el.setAttribute('transform', `translate(${(m.x * zoom + tx).toFixed(1)} ${(m.y * zoom + ty).toFixed(1)})`);
  const apply = () => {
    // The drawing always covers the frame: no empty margin past its edges.
    zoom = Math.min(maxZoom, Math.max(1, zoom));
    tx = Math.min(0, Math.max(p.width * (1 - zoom), tx));
    ty = Math.min(0, Math.max(p.height * (1 - zoom), ty));
    world.setAttribute('transform', `matrix(${zoom} 0 0 ${zoom} ${tx} ${ty})`);
    root.dataset['zoom'] = zoom.toFixed(3);
    for (const m of placed) {
      // A marker taken off the map (a bus redrawn) is forgotten.
      if (m.el.parentNode) position(m);
      else placed.delete(m);
    }
    scaleBar(p, zoom, bar);
    clearTimeout(settle);
    settle = setTimeout(() => listeners.forEach((l) => l()), SETTLE_MS);
  };
  const toWhole = (x: number, y: number): [number, number] => [(x - tx) / zoom, (y - ty) / zoom];
  const fromClient = (cx: number, cy: number): [number, number] => {
    const rect = root.getBoundingClientRect();
    const scale = p.width / rect.width; // the drawing keeps its aspect, so one scale for both axes
    return [(cx - rect.left) * scale, (cy - rect.top) * scale];
  };
  const zoomBy = (factor: number, at: [number, number] = [p.width / 2, p.height / 2]) => {
    const [wx, wy] = toWhole(...at);
    zoom = Math.min(maxZoom, Math.max(1, zoom * factor));
    // The point under the fingers (or the cursor) stays where it is.
    [tx, ty] = [at[0] - wx * zoom, at[1] - wy * zoom];
    apply();
  };
  const panBy = (dx: number, dy: number) => {
    tx += dx;
    ty += dy;
    apply();
  };

  // Pointers: one drags, two pinch; a tap stays a tap (a stop's link, a picked point).
  const down = new Map<number, [number, number]>();
  let start: [number, number] | undefined;
  let dragging = false;
  let dragged = false;
  // Still a tap: one pointer, not moved past DRAG_FROM. A tap is read from the pointer itself, not from the
  // click the browser makes of it: Chromium on a phone makes no click of a tap right after a one-finger
  // drag, and a rider who drags the map to their place and taps it at once would pick nothing.
  let tapping = false;
  root.addEventListener('pointerdown', (e) => {
    // A primary pointer starts a new gesture: whatever was held from one that ended unseen is let go.
    if (e.isPrimary) down.clear();
    down.set(e.pointerId, fromClient(e.clientX, e.clientY));
    if (down.size === 1)
      [start, dragging, dragged, tapping] = [fromClient(e.clientX, e.clientY), false, false, e.button === 0];
    else tapping = false;
  });
  root.addEventListener('pointermove', (e) => {
    const before = down.get(e.pointerId);
    if (!before) return;
    const now = fromClient(e.clientX, e.clientY);
    if (down.size >= 2) {
      const [a, b] = [...down.entries()].slice(0, 2).map(([id, at]) => (id === e.pointerId ? now : at)) as [
        [number, number],
        [number, number],
      ];
      const [a0, b0] = [...down.values()].slice(0, 2) as [[number, number], [number, number]];
      const gap0 = Math.hypot(b0[0] - a0[0], b0[1] - a0[1]);
      const gap = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const mid0: [number, number] = [(a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2];
      const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      down.set(e.pointerId, now);
      [dragging, dragged] = [true, true];
      panBy(mid[0] - mid0[0], mid[1] - mid0[1]);
      if (gap0 > 0) zoomBy(gap / gap0, mid);
      return;
    }
    let from = before;
    if (!dragging && start && Math.hypot(now[0] - start[0], now[1] - start[1]) >= DRAG_FROM) {
      [dragging, dragged, tapping] = [true, true, false];
      // Captured only once it is a drag, so a tap still reaches the stop it is on; the map then
      // catches up with the finger from where it went down.
      root.setPointerCapture(e.pointerId);
      from = start;
    }
    down.set(e.pointerId, now);
    if (dragging) panBy(now[0] - from[0], now[1] - from[1]);
  });
  // When a tap followed a link, the click the browser may still make of it is not followed again.
  let followedAt = -Infinity;
  const up = (e: PointerEvent) => {
    if (!down.delete(e.pointerId)) return;
    if (down.size > 0) return;
    dragging = false;
    if (!tapping || e.type !== 'pointerup') return;
    tapping = false;
    // A stop's link is followed from the tap too, for the same reason: right after a drag there is no click.
    const href = e.target instanceof Element ? e.target.closest('a[href]')?.getAttribute('href') : null;
    if (href) {
      followedAt = e.timeStamp;
      location.assign(href);
      return;
    }
    const at = fromClient(e.clientX, e.clientY);
    tapListeners.forEach((l) => l(...at));
  };
  root.addEventListener('pointerup', up);
  root.addEventListener('pointercancel', up);
  // The click that ends a drag or a pinch is not a tap.
  root.addEventListener(
    'click',
    (e) => {
      const ofFollowedTap = e.timeStamp - followedAt < TAP_CLICK_MS;
      if (!dragged && !ofFollowedTap) return;
      dragged = false;
      followedAt = -Infinity;
      e.preventDefault();
      e.stopImmediatePropagation();
    },
    true,
  );
  root.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const lines = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? p.height : 1;
      zoomBy(Math.exp((-e.deltaY * lines) / 300), fromClient(e.clientX, e.clientY));
    },
    { passive: false },
  );
  root.addEventListener('keydown', (e) => {
    if (e.key === '+' || e.key === '=') zoomBy(2);
    else if (e.key === '-' || e.key === '_') zoomBy(0.5);
    else return;
    e.preventDefault();
  });

  const button = (text: string, name: string, factor: number) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', name);
    b.addEventListener('click', () => zoomBy(factor));
    return b;
  };
  const controls = document.createElement('div');
  controls.className = 'map-zoom';
  controls.append(button('+', w.zoomIn, 2), button('−', w.zoomOut, 0.5));
  const element = document.createElement('div');
  element.className = 'map-frame';
  element.append(root, controls);
  apply();
  return {
    element,
    root,
    world,
    markers,
    place(marker) {
      placed.add(marker);
      position(marker);
    },
    toWhole,
    fromClient,
    shown() {
      const [x0, y0] = toWhole(0, 0);
      const [x1, y1] = toWhole(p.width, p.height);
      const [west, north] = p.lonLat(x0, y0);
      const [east, south] = p.lonLat(x1, y1);
      return [west, south, east, north];
    },
    zoom: () => zoom,
    zoomBy,
    panBy,
    reveal(x, y) {
      const [sx, sy] = [x * zoom + tx, y * zoom + ty];
      const margin = 20;
      const dx = sx < margin ? margin - sx : sx > p.width - margin ? p.width - margin - sx : 0;
      const dy = sy < margin ? margin - sy : sy > p.height - margin ? p.height - margin - sy : 0;
      if (dx !== 0 || dy !== 0) panBy(dx, dy);
    },
    onSettle(listener) {
      listeners.push(listener);
    },
    onTap(listener) {
      tapListeners.push(listener);
    },
  };
}

/**
 * The roads under the map: the whole drawing's first, then, as the rider zooms in, those of the part in
 * view (and around it), in the detail the city module gives a smaller box.
 */
function followRoads(p: Projection, m: Movable): void {
  const roads = svg('g', { class: 'roads' });
  m.world.prepend(roads);
  let loaded: Box = p.box;
  let asked = 0;
  void drawRoads(p, p.box, roads, 1);
  m.onSettle(() => {
    const view = m.shown();
    const [w, s, e, n] = view;
    // Enough while what is in view is inside what was drawn, and that was not much wider than the view.
    if (inside(view, loaded) && loaded[2] - loaded[0] <= (e - w) * 3) return;
    const [dx, dy] = [(e - w) / 2, (n - s) / 2];
    const box: Box = m.zoom() <= 1 ? p.box : [w - dx, s - dy, e + dx, n + dy];
    const ask = ++asked;
    const decimals = Math.min(4, 1 + Math.ceil(Math.log10(m.zoom())));
    const into = svg('g', {});
    void drawRoads(p, box, into, decimals).then((drawn) => {
      if (!drawn || ask !== asked) return;
      loaded = box;
      roads.replaceChildren(...into.childNodes);
    });
  });
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
): { element: HTMLElement; setBuses(buses: readonly MapBus[]): void } {
  const stops = direction.stops.filter(located);
  const line: LonLat[] = direction.shape ?? stops.map((s) => [s.lon, s.lat]);
  const p = fit([...line, ...stops.map((s): LonLat => [s.lon, s.lat])], 220, 440);
  const m = movable(p, w.routeMap(title), w);
  followRoads(p, m);
  m.world.append(
    svg('path', { d: pathOf(p, line, 2), class: 'shape-casing' }),
    svg('path', { d: pathOf(p, line, 2), class: direction.shape ? 'shape' : 'shape straight', stroke: colour }),
  );
  const stopLayer = svg('g', { class: 'map-stops' });
  for (const s of stops) {
    const link = svg(
      'a',
      { href: `#/stop/${encodeURIComponent(s.id)}`, 'aria-label': w.stopOnMap(s.name ?? s.id), class: 'map-stop' },
      // A thumb's target around a small dot.
      svg('circle', { r: 18, class: 'hit' }),
      svg('circle', { r: 5, class: 'dot' }),
    );
    stopLayer.append(link);
    m.place({ el: link, x: p.x(s.lon), y: p.y(s.lat) });
  }
  const busLayer = svg('g', { class: 'map-buses' });
  m.markers.append(stopLayer, busLayer);
  // Arrows pan the map when it has the focus (its links take Tab).
  m.root.setAttribute('tabindex', '0');
  m.root.addEventListener('keydown', (e) => {
    const step = 40;
    const pans: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const pan = pans[e.key];
    if (!pan || e.target !== m.root) return;
    m.panBy(...pan);
    e.preventDefault();
  });
  return {
    element: m.element,
    setBuses(buses) {
      const drawn = buses.map((b) => {
        const el = svg(
          'g',
          { class: 'map-bus', role: 'img', 'aria-label': w.busOnMap(b.label, b.near) },
          svg('circle', { r: 11 }),
          svg('path', { d: 'M-5 -5h10v8h-10zM-4 5v1M4 5v1', class: 'bus-icon' }),
        );
        return { el, x: p.x(b.lon), y: p.y(b.lat) };
      });
      busLayer.replaceChildren(...drawn.map((b) => b.el));
      for (const b of drawn) m.place(b);
    },
  };
}

/**
 * The city's stops as dots on their roads, to tap where one is when the phone gives no location: `onPick`
 * gets the point. Closer in, `stopsIn` brings the stops of the part in view (the first dots are the city's
 * grid). Arrow keys move the cross and Enter picks, for a keyboard.
 */
export function pickMap(
  stops: readonly MapStop[],
  w: Words,
  onPick: (lon: number, lat: number) => void,
  stopsIn?: (box: [number, number, number, number]) => Promise<readonly LonLat[] | null>,
): HTMLElement {
  const dots = stops.filter(located).map((s): LonLat => [s.lon, s.lat]);
  const p = fit(dots, 260, 480);
  const m = movable(p, w.pickMapLabel, w);
  const root = m.root;
  followRoads(p, m);
  root.setAttribute('role', 'application');
  root.setAttribute('tabindex', '0');
  root.classList.add('pick');
  const dotsOf = (list: readonly LonLat[]) =>
    list.map(([lon, lat]) => `M${p.x(lon).toFixed(2)} ${p.y(lat).toFixed(2)}h0`).join('');
  const cityDots = svg('path', { d: dotsOf(dots), class: 'stop-dots' });
  m.world.append(cityDots);
  if (stopsIn) {
    // The stops of a box in view replace the city's grid there (a grid cell's dot is the mean of its stops).
    let asked = 0;
    let detail: Box | undefined;
    m.onSettle(() => {
      const view = m.shown();
      if (m.zoom() < 2) {
        asked++;
        detail = undefined;
        cityDots.setAttribute('d', dotsOf(dots));
        return;
      }
      if (detail && inside(view, detail)) return;
      const [w0, s0, e0, n0] = view;
      const [dx, dy] = [(e0 - w0) / 2, (n0 - s0) / 2];
      const box: Box = [w0 - dx, s0 - dy, e0 + dx, n0 + dy];
      const ask = ++asked;
      void stopsIn(box).then((found) => {
        if (!found || ask !== asked) return;
        detail = box;
        const [bw, bs, be, bn] = box;
        const outside = dots.filter(([lon, lat]) => lon < bw || lon > be || lat < bs || lat > bn);
        cityDots.setAttribute('d', dotsOf([...outside, ...found]));
      });
    });
  }
  let at: [number, number] = [p.width / 2, p.height / 2];
  const cross = svg('path', { d: 'M-12 0h24M0 -12v24', class: 'cross' });
  const pin = svg('g', { class: 'picked', 'aria-hidden': 'true' }, svg('circle', { r: 8 }), cross);
  const marker: Marker = { el: pin, x: at[0], y: at[1] };
  const place = (x: number, y: number, pick: boolean) => {
    at = [Math.max(0, Math.min(p.width, x)), Math.max(0, Math.min(p.height, y))];
    [marker.x, marker.y] = at;
    if (!pin.parentNode) m.markers.append(pin);
    m.place(marker);
    m.reveal(...at);
    if (pick) onPick(...(p.lonLat(...at) as [number, number]));
  };
  m.onTap((x, y) => place(...m.toWhole(x, y), true));
  // A click no pointer made (a screen reader's activation) picks where it says; a pointer's own click was
  // a tap, already picked.
  root.addEventListener('click', (e) => {
    if (e.detail === 0) place(...m.toWhole(...m.fromClient(e.clientX, e.clientY)), true);
  });
  root.addEventListener('keydown', (e) => {
    // The cross moves a steady distance on the screen, whatever the zoom.
    const step = 12 / m.zoom();
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
  return m.element;
}
