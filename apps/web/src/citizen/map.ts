import { readTile, type TileLayer } from './tile.js';

/**
 * The citizens' light map: the city's own basemap tiles (GET /api/v1/city/basemap/tiles/{z}/{x}/{y})
 * read in the page and drawn as SVG, like the rider's page draws its line. No map library and no
 * WebGL: it works on a slow phone. The pin stays in the middle; the person moves the map under it
 * (a drag, a tap on the place, the arrow keys) and zooms with the buttons, the wheel or + and −.
 */

export type LonLat = readonly [lon: number, lat: number];

export interface MapMarker {
  readonly at: LonLat;
  readonly label: string;
  /** A CSS class: the marker's colour says the report's state. */
  readonly kind: string;
  readonly onSelect?: () => void;
}

export interface LightMapOptions {
  readonly center: LonLat;
  readonly zoom: number;
  /** The map's name for screen readers (what it is for and how to move it). */
  readonly label: string;
  /** Whether a pin stands in the middle (the place being reported). */
  readonly pin: boolean;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly onMove?: (center: LonLat) => void;
}

const TILE = 256;
const MIN_ZOOM = 10;
const MAX_ZOOM = 18;
/** The basemap is cut to zoom 14; past it the tiles of 14 are drawn larger. */
const MAX_TILE_ZOOM = 14;
const NS = 'http://www.w3.org/2000/svg';

const svg = (tag: string, attrs: Record<string, string | number> = {}): SVGElement => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

/** Web Mercator: lon/lat → world pixels at a zoom, and back. */
export function project([lon, lat]: LonLat, zoom: number): [number, number] {
  const size = TILE * 2 ** zoom;
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}
export function unproject([x, y]: readonly [number, number], zoom: number): LonLat {
  const size = TILE * 2 ** zoom;
  const lon = (x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / size;
  return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/** How a basemap layer is drawn: fill or stroke, colour, width in screen pixels. */
function styleOf(layer: string, props: Readonly<Record<string, unknown>>): Record<string, string | number> | null {
  switch (layer) {
    case 'boundary':
      return { fill: '#f8f6f1', stroke: 'none' };
    case 'ward':
      return { fill: 'none', stroke: '#b4bcc6', 'stroke-width': 1 };
    case 'water':
      return { fill: '#a9d3e6', stroke: 'none' };
    case 'waterway':
      return { fill: 'none', stroke: '#8cc4dc', 'stroke-width': props['class'] === 'river' ? 3 : 1.5 };
    case 'road': {
      const c = typeof props['class'] === 'string' ? props['class'] : '';
      const main = ['motorway', 'trunk'].includes(c);
      const width = main ? 5 : c === 'primary' ? 4 : c === 'secondary' ? 3.5 : c === 'tertiary' ? 2.5 : 1.5;
      return {
        fill: 'none',
        stroke: main ? '#f4a259' : c === 'primary' ? '#f7d08a' : c === 'secondary' ? '#fbe7b5' : '#d5d9df',
        'stroke-width': width,
      };
    }
    default:
      return null;
  }
}

const DRAWN = ['boundary', 'water', 'waterway', 'ward', 'road'];

export class LightMap {
  readonly element: HTMLElement;
  #center: LonLat;
  #zoom: number;
  readonly #svg: SVGSVGElement;
  readonly #tiles: SVGGElement;
  readonly #labels: SVGGElement;
  readonly #markers: HTMLElement;
  readonly #cache = new Map<string, Promise<TileLayer[] | null>>();
  readonly #options: LightMapOptions;
  #markerList: readonly MapMarker[] = [];
  #drawn = 0;

  constructor(options: LightMapOptions) {
    this.#options = options;
    this.#center = options.center;
    this.#zoom = options.zoom;
    this.element = document.createElement('div');
    this.element.className = 'light-map';
    this.#svg = svg('svg', { class: 'light-map-tiles', role: 'img', 'aria-hidden': 'true' }) as SVGSVGElement;
    this.#tiles = svg('g') as SVGGElement;
    this.#labels = svg('g', { class: 'light-map-labels' }) as SVGGElement;
    this.#svg.append(this.#tiles, this.#labels);
    this.#markers = document.createElement('div');
    this.#markers.className = 'light-map-markers';
    const surface = document.createElement('div');
    surface.className = 'light-map-surface';
    surface.tabIndex = 0;
    surface.setAttribute('role', 'application');
    surface.setAttribute('aria-label', options.label);
    surface.append(this.#svg, this.#markers);
    if (options.pin) {
      const pin = document.createElement('div');
      pin.className = 'light-map-pin';
      pin.setAttribute('aria-hidden', 'true');
      surface.append(pin);
    }
    const controls = document.createElement('div');
    controls.className = 'light-map-controls';
    for (const [text, label, step] of [
      ['+', options.zoomIn, 1],
      ['−', options.zoomOut, -1],
    ] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', () => this.setZoom(this.#zoom + step));
      controls.append(b);
    }
    this.element.append(surface, controls);
    this.#listen(surface);
    new ResizeObserver(() => this.draw()).observe(this.element);
  }

  get center(): LonLat {
    return this.#center;
  }

  setCenter(center: LonLat, zoom?: number): void {
    this.#center = center;
    if (zoom !== undefined) this.#zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(zoom)));
    this.draw();
    this.#options.onMove?.(center);
  }

  setZoom(zoom: number): void {
    const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(zoom)));
    if (z === this.#zoom) return;
    this.#zoom = z;
    this.draw();
  }

  setMarkers(markers: readonly MapMarker[]): void {
    this.#markerList = markers;
    this.#placeMarkers();
  }

  #size(): [number, number] {
    return [this.element.clientWidth || 360, this.element.clientHeight || 280];
  }

  /** Moves the map by screen pixels (the view follows the finger: the centre goes the other way). */
  #panBy(dx: number, dy: number): void {
    const [cx, cy] = project(this.#center, this.#zoom);
    this.setCenter(unproject([cx - dx, cy - dy], this.#zoom));
  }

  #listen(surface: HTMLElement): void {
    let from: { x: number; y: number; id: number } | null = null;
    let moved = 0;
    surface.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('.light-map-marker')) return;
      from = { x: e.clientX, y: e.clientY, id: e.pointerId };
      moved = 0;
      surface.setPointerCapture(e.pointerId);
    });
    surface.addEventListener('pointermove', (e) => {
      if (!from || e.pointerId !== from.id) return;
      const dx = e.clientX - from.x;
      const dy = e.clientY - from.y;
      moved += Math.abs(dx) + Math.abs(dy);
      // While the finger moves, the drawing slides; the tiles are fetched once it lets go.
      this.#svg.style.transform = this.#markers.style.transform = `translate(${dx}px, ${dy}px)`;
    });
    const end = (e: PointerEvent) => {
      if (!from || e.pointerId !== from.id) return;
      const dx = e.clientX - from.x;
      const dy = e.clientY - from.y;
      from = null;
      this.#svg.style.transform = this.#markers.style.transform = '';
      if (moved > 6) return this.#panBy(dx, dy);
      // A tap: the place tapped comes to the middle, under the pin.
      const rect = surface.getBoundingClientRect();
      this.#panBy(rect.width / 2 - (e.clientX - rect.left), rect.height / 2 - (e.clientY - rect.top));
    };
    surface.addEventListener('pointerup', end);
    surface.addEventListener('pointercancel', end);
    surface.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.setZoom(this.#zoom + (e.deltaY < 0 ? 1 : -1));
      },
      { passive: false },
    );
    surface.addEventListener('keydown', (e) => {
      const [w, h] = this.#size();
      const step: Record<string, [number, number]> = {
        ArrowLeft: [w / 4, 0],
        ArrowRight: [-w / 4, 0],
        ArrowUp: [0, h / 4],
        ArrowDown: [0, -h / 4],
      };
      const move = step[e.key];
      if (move) this.#panBy(...move);
      else if (e.key === '+' || e.key === '=') this.setZoom(this.#zoom + 1);
      else if (e.key === '-' || e.key === '_') this.setZoom(this.#zoom - 1);
      else return;
      e.preventDefault();
    });
  }

  #tile(z: number, x: number, y: number): Promise<TileLayer[] | null> {
    const key = `${z}/${x}/${y}`;
    let tile = this.#cache.get(key);
    if (!tile) {
      tile = fetch(`/api/v1/city/basemap/tiles/${key}`)
        .then(async (res) => (res.status === 200 ? readTile(new Uint8Array(await res.arrayBuffer())) : []))
        .catch(() => null);
      this.#cache.set(key, tile);
    }
    return tile;
  }

  /** Draws the tiles the view needs; an answer that comes after the view moved on is dropped. */
  draw(): void {
    const drawing = ++this.#drawn;
    const [w, h] = this.#size();
    this.#svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    this.#svg.setAttribute('width', String(w));
    this.#svg.setAttribute('height', String(h));
    const z = Math.min(this.#zoom, MAX_TILE_ZOOM);
    const scale = 2 ** (this.#zoom - z);
    const [cx, cy] = project(this.#center, this.#zoom);
    const left = cx - w / 2;
    const top = cy - h / 2;
    const span = TILE * scale;
    const n = 2 ** z;
    const wanted: [number, number][] = [];
    for (let x = Math.floor(left / span); x <= Math.floor((left + w) / span); x++) {
      for (let y = Math.floor(top / span); y <= Math.floor((top + h) / span); y++) {
        if (x >= 0 && y >= 0 && x < n && y < n) wanted.push([x, y]);
      }
    }
    this.#placeMarkers();
    void Promise.all(wanted.map(([x, y]) => this.#tile(z, x, y))).then((tiles) => {
      if (drawing !== this.#drawn) return;
      const groups: SVGElement[] = [];
      const labels: SVGElement[] = [];
      // One pass per layer across the tiles, so roads of one tile never lie under water of the next.
      for (const name of [...DRAWN, 'ward-label']) {
        tiles.forEach((layers, i) => {
          const [x, y] = wanted[i] ?? [0, 0];
          const layer = layers?.find((l) => l.name === name);
          if (!layer) return;
          const k = span / layer.extent;
          const ox = x * span - left;
          const oy = y * span - top;
          if (name === 'ward-label') {
            if (this.#zoom < 13) return;
            for (const f of layer.features) {
              const p = f.parts[0]?.[0];
              const text = f.properties['name'];
              if (!p || typeof text !== 'string') continue;
              const label = svg('text', { x: ox + p[0] * k, y: oy + p[1] * k, 'text-anchor': 'middle' });
              label.textContent = text;
              labels.push(label);
            }
            return;
          }
          const g = svg('g', { transform: `translate(${ox} ${oy}) scale(${k})` });
          for (const f of layer.features) {
            const style = styleOf(name, f.properties);
            if (!style || f.type === 'point') continue;
            const d = f.parts
              .map((part) => 'M' + part.map(([px, py]) => `${px} ${py}`).join('L') + (f.type === 'polygon' ? 'Z' : ''))
              .join('');
            g.append(
              svg('path', {
                d,
                ...style,
                'fill-rule': 'evenodd',
                'vector-effect': 'non-scaling-stroke',
                'stroke-linecap': 'round',
                'stroke-linejoin': 'round',
              }),
            );
          }
          groups.push(g);
        });
      }
      this.#tiles.replaceChildren(...groups);
      this.#labels.replaceChildren(...labels);
    });
  }

  #placeMarkers(): void {
    const [w, h] = this.#size();
    const [cx, cy] = project(this.#center, this.#zoom);
    this.#markers.replaceChildren(
      ...this.#markerList.flatMap((m) => {
        const [x, y] = project(m.at, this.#zoom);
        const sx = x - cx + w / 2;
        const sy = y - cy + h / 2;
        if (sx < -10 || sy < -10 || sx > w + 10 || sy > h + 10) return [];
        const el = document.createElement(m.onSelect ? 'button' : 'span');
        el.className = `light-map-marker ${m.kind}`;
        el.style.left = `${sx}px`;
        el.style.top = `${sy}px`;
        el.title = m.label;
        el.setAttribute('aria-label', m.label);
        if (m.onSelect) {
          (el as HTMLButtonElement).type = 'button';
          el.addEventListener('click', m.onSelect);
        }
        return [el];
      }),
    );
  }
}
