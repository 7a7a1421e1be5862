import './rider.css';
import { WORDS, type Language, type Words } from './words.js';

/**
 * The rider's page: stops near me, the next departures at a stop (live or scheduled), a route's buses on
 * its line, and service alerts. Plain DOM and SVG, no map library and no framework, so the first view is a
 * few kilobytes and needs no WebGL; everything comes from the public transit API and GTFS-Realtime JSON.
 */

const API = '/api/v1/transit';
const REFRESH_MS = 30_000;
/** Nearest first within 800 m; where none is, wider, up to the 5 km the API allows. */
const NEAR_METRES = [800, 2000, 5000];
const LANGUAGE_KEY = 'thanglong.rider.language';

interface Stop {
  id: string;
  code: string | null;
  name: string | null;
  lon: number | null;
  lat: number | null;
  distance?: number;
}
interface StopDetail extends Stop {
  routes: { id: string; shortName: string | null; longName: string | null }[];
}
interface RouteBrief {
  id: string;
  shortName: string | null;
  longName: string | null;
  color: string | null;
  textColor: string | null;
}
interface Departure {
  tripId: string;
  stopId: string;
  route: RouteBrief;
  headsign: string | null;
  scheduled: string;
  live: boolean;
  predicted: string | null;
  delaySeconds: number | null;
  terminates: boolean;
  headwaySeconds: number | null;
}
interface Board {
  timezone: string;
  departures: Departure[];
}
interface RouteDetail extends RouteBrief {
  directions: {
    directionId: number | null;
    headsign: string | null;
    stops: Stop[];
    shape: [number, number][] | null;
  }[];
}
interface Translated {
  translation?: { text: string; language?: string }[];
}
/** GTFS-Realtime FeedMessage as JSON (field names in lowerCamelCase). */
interface FeedMessage {
  entity?: {
    id: string;
    vehicle?: {
      trip?: { tripId?: string; routeId?: string; directionId?: number };
      vehicle?: { id?: string; label?: string; licensePlate?: string };
      position?: { latitude: number; longitude: number };
    };
    alert?: {
      activePeriod?: { start?: number; end?: number }[];
      headerText?: Translated;
      descriptionText?: Translated;
      informedEntity?: { routeId?: string; stopId?: string }[];
    };
  }[];
}

let language: Language = localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
let w: Words = WORDS[language];
let timer: ReturnType<typeof setInterval> | undefined;
const root = document.getElementById('rider') as HTMLElement;

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; `on*` attributes take handlers. */
type Attribute = string | number | boolean | null | undefined | ((event: Event) => void);

function h(tag: string, attrs: Record<string, Attribute> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const svg = (tag: string, attrs: Record<string, string | number>): SVGElement => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

/** JSON of a GET, or null when the server has none (404, a feed not served yet) or cannot be reached. */
async function getJson<T>(path: string): Promise<T | null> {
  try {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

const textOf = (t: Translated | undefined): string => {
  const list = t?.translation ?? [];
  return (list.find((x) => x.language === language) ?? list.find((x) => !x.language) ?? list[0])?.text ?? '';
};

const stopName = (s: Stop): string => s.name ?? s.code ?? s.id;

function routeBadge(r: RouteBrief): HTMLElement {
  const bg = /^[0-9A-Fa-f]{6}$/.test(r.color ?? '') ? `#${r.color}` : '#0b5c3b';
  const fg = /^[0-9A-Fa-f]{6}$/.test(r.textColor ?? '') ? `#${r.textColor}` : '#ffffff';
  const name = r.shortName ?? r.id;
  return h('span', { class: 'badge', style: `background:${bg};color:${fg}`, title: name }, name);
}

function header(back: boolean): HTMLElement {
  return h(
    'header',
    {},
    back ? h('a', { class: 'back', href: '#/' }, `← ${w.back}`) : null,
    h('h1', {}, w.title),
    h(
      'button',
      {
        type: 'button',
        class: 'language',
        lang: language === 'vi' ? 'en' : 'vi',
        'aria-label': w.switchLabel,
        onclick: () => {
          language = language === 'vi' ? 'en' : 'vi';
          localStorage.setItem(LANGUAGE_KEY, language);
          void show();
        },
      },
      w.switchTo,
    ),
  );
}

/**
 * The alerts about what the page shows: the server keeps to the stop and routes named (a city's whole
 * feed is not fetched for one stop); `match` keeps the same on this side.
 */
async function alertsSection(
  match: (e: { routeId?: string; stopId?: string }) => boolean,
  about: { stop?: string; routes?: readonly string[] } = {},
): Promise<HTMLElement> {
  const query = new URLSearchParams({ format: 'json' });
  if (about.stop !== undefined) query.set('stop', about.stop);
  if (about.routes !== undefined && about.routes.length > 0) query.set('route', about.routes.join(','));
  const feed = await getJson<FeedMessage>(`${API}/gtfs-rt/service-alerts?${query.toString()}`);
  const alerts = (feed?.entity ?? []).filter((e) => e.alert && (e.alert.informedEntity ?? []).some(match));
  const section = h(
    'section',
    { class: 'alerts', 'aria-labelledby': 'alerts-title' },
    h('h2', { id: 'alerts-title' }, w.alerts),
  );
  if (alerts.length === 0) section.append(h('p', { class: 'quiet' }, w.noAlerts));
  for (const a of alerts) {
    section.append(
      h(
        'article',
        { class: 'alert', role: 'note' },
        h('strong', {}, textOf(a.alert?.headerText)),
        whenOf(a.alert?.activePeriod ?? []),
        h('p', {}, textOf(a.alert?.descriptionText)),
      ),
    );
  }
  return section;
}

/**
 * When an alert applies, said plainly: one that has not begun says from when (it is in the feed ahead
 * of time for riders planning), one that ends says until when. Hanoi's clock.
 */
function whenOf(periods: readonly { start?: number; end?: number }[]): HTMLElement | null {
  const now = Date.now() / 1000;
  const current = periods.find((p) => (p.start ?? 0) <= now && (p.end === undefined || p.end > now));
  const next = periods.filter((p) => (p.start ?? 0) > now).sort((a, b) => (a.start ?? 0) - (b.start ?? 0))[0];
  const at = (seconds: number) =>
    new Date(seconds * 1000).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      day: 'numeric',
      month: 'numeric',
    });
  if (!current && next?.start !== undefined) {
    return h(
      'p',
      { class: 'when upcoming' },
      w.alertFrom(at(next.start), next.end === undefined ? null : at(next.end)),
    );
  }
  if (current?.end !== undefined) return h('p', { class: 'when' }, w.alertUntil(at(current.end)));
  return null;
}

function stopList(stops: Stop[], empty: string): HTMLElement {
  if (stops.length === 0) return h('p', { class: 'quiet' }, empty);
  return h(
    'ul',
    { class: 'stops' },
    ...stops.map((s) =>
      h(
        'li',
        {},
        h(
          'a',
          { class: 'stop', href: `#/stop/${encodeURIComponent(s.id)}` },
          h('span', {}, stopName(s)),
          s.distance === undefined ? null : h('span', { class: 'quiet' }, w.distance(s.distance)),
        ),
      ),
    ),
  );
}

/** The stops nearest a point, as a list: within 800 m, else wider. */
async function nearStops(lon: number, lat: number): Promise<HTMLElement> {
  let found: { stops: Stop[] } | null = null;
  for (const radius of NEAR_METRES) {
    found = await getJson<{ stops: Stop[] }>(
      `${API}/stops?near=${lon.toFixed(6)},${lat.toFixed(6)}&radius=${radius}&limit=10`,
    );
    if (!found || found.stops.length > 0) break;
  }
  return found ? stopList(found.stops, w.noneNear) : h('p', {}, w.failed);
}

/**
 * The stops on a small map to tap where the rider is (the map's code loads only now): for a phone that
 * gives no location, or a rider who would rather not.
 */
async function pickOnMap(into: HTMLElement, lead: string): Promise<void> {
  const list = h('div', { id: 'picked-results' });
  into.replaceChildren(h('p', {}, lead));
  // Every stop, as the server's grid of at most 96 × 96 cells: a dot per cell, whatever the feed's size.
  const [map, grid] = await Promise.all([
    import('./map.js'),
    getJson<{ cells: { lon: number; lat: number; count: number }[] }>(`${API}/stop-grid?cells=96`),
  ]);
  if (!grid) return into.replaceChildren(h('p', {}, w.failed));
  if (grid.cells.length === 0) return into.replaceChildren(h('p', {}, w.noStops));
  const dots = grid.cells.map((c, i) => ({ id: String(i), name: null, lon: c.lon, lat: c.lat }));
  const picker = map.pickMap(
    dots,
    w,
    (lon, lat) => {
      list.replaceChildren(h('p', { class: 'quiet' }, w.locating));
      void nearStops(lon, lat).then((found) => list.replaceChildren(found));
    },
    // Closer in, the stops of the part in view, each its own dot.
    async (box) => {
      const bbox = box.map((v) => v.toFixed(5)).join(',');
      const cells = await getJson<{ cells: { lon: number; lat: number }[] }>(`${API}/stop-grid?cells=96&bbox=${bbox}`);
      return cells ? cells.cells.map((c): [number, number] => [c.lon, c.lat]) : null;
    },
  );
  into.replaceChildren(h('p', {}, lead), picker, list);
}

async function showHome(): Promise<HTMLElement[]> {
  const results = h('div', { id: 'near-results' });
  const pick = h('button', { type: 'button', onclick: () => void pickOnMap(results, w.pickHint) }, w.pickOnMap);
  const near = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      onclick: () => {
        results.replaceChildren(h('p', { class: 'quiet' }, w.locating));
        if (!('geolocation' in navigator)) return void pickOnMap(results, w.noLocation);
        navigator.geolocation.getCurrentPosition(
          (p) => void nearStops(p.coords.longitude, p.coords.latitude).then((list) => results.replaceChildren(list)),
          () => void pickOnMap(results, w.noLocation),
          { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
        );
      },
    },
    w.useLocation,
  );
  const matches = h('div', { id: 'search-results' });
  let typing: ReturnType<typeof setTimeout> | undefined;
  let asked = '';
  const input = h('input', {
    id: 'stop-search',
    type: 'search',
    autocomplete: 'off',
    placeholder: w.searchPlaceholder,
    oninput: (e: Event) => {
      const q = (e.target as HTMLInputElement).value.trim();
      clearTimeout(typing);
      if (q === '') return matches.replaceChildren();
      // One request once the rider stops typing, and only the latest answer shown.
      typing = setTimeout(() => {
        asked = q;
        void getJson<{ stops: Stop[] }>(`${API}/stops?q=${encodeURIComponent(q)}&limit=30`).then((found) => {
          if (asked !== q) return;
          matches.replaceChildren(found ? stopList(found.stops, w.noStops) : h('p', {}, w.failed));
        });
      }, 250);
    },
  });
  return [
    h(
      'section',
      { 'aria-labelledby': 'near-title' },
      h('h2', { id: 'near-title' }, w.nearMe),
      h('div', { class: 'near-buttons' }, near, pick),
      results,
    ),
    h('section', {}, h('label', { for: 'stop-search', class: 'label' }, w.search), input, matches),
    await alertsSection(() => true),
  ];
}

function departureRow(d: Departure, timezone: string): HTMLElement {
  const at = new Date(d.predicted ?? d.scheduled);
  const clock = new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  const inMinutes = Math.round((at.getTime() - Date.now()) / 60_000);
  const status = d.live
    ? h(
        'span',
        { class: 'status live' },
        `● ${w.live}`,
        d.delaySeconds === null ? '' : ` · ${w.late(Math.round(d.delaySeconds / 60))}`,
      )
    : h(
        'span',
        { class: 'status scheduled' },
        clockIcon(),
        ` ${w.scheduled}`,
        d.headwaySeconds === null ? '' : ` · ${w.every(Math.round(d.headwaySeconds / 60))}`,
      );
  return h(
    'li',
    { class: `departure ${d.live ? 'is-live' : 'is-scheduled'}` },
    h(
      'a',
      {
        href: `#/route/${encodeURIComponent(d.route.id)}`,
        'aria-label': `${w.route} ${d.route.shortName ?? d.route.id}`,
      },
      routeBadge(d.route),
    ),
    h(
      'div',
      { class: 'where' },
      h('span', { class: 'headsign' }, d.headsign ?? d.route.longName ?? ''),
      status,
      d.terminates ? h('span', { class: 'quiet' }, w.ends) : null,
    ),
    h(
      'div',
      { class: 'when' },
      h('strong', {}, w.minutes(inMinutes)),
      h('time', { datetime: at.toISOString() }, clock),
    ),
  );
}

async function showStop(id: string): Promise<HTMLElement[]> {
  const stop = await getJson<StopDetail>(`${API}/stops/${encodeURIComponent(id)}`);
  if (!stop) return [h('p', {}, w.notFound)];
  const list = h('div', { id: 'departures' });
  const updated = h('p', { class: 'quiet' });
  const load = async () => {
    const board = await getJson<Board>(`${API}/stops/${encodeURIComponent(id)}/departures?minutes=120&limit=20`);
    if (!board) return list.replaceChildren(h('p', {}, w.failed));
    const zone =
      board.timezone === 'Asia/Ho_Chi_Minh' || board.timezone === 'Asia/Bangkok' ? w.hanoiTime : board.timezone;
    list.replaceChildren(
      board.departures.length === 0
        ? h('p', { class: 'quiet' }, w.noDepartures)
        : h('ul', { class: 'departures' }, ...board.departures.map((d) => departureRow(d, board.timezone))),
    );
    const now = new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: board.timezone,
      timeStyle: 'short',
    });
    updated.textContent = `${w.updated} ${now.format(new Date())} (${zone})`;
  };
  await load();
  timer = setInterval(() => void load(), REFRESH_MS);
  const routes = new Set(stop.routes.map((r) => r.id));
  return [
    h('h2', {}, stopName(stop)),
    h('section', { 'aria-labelledby': 'next-title' }, h('h3', { id: 'next-title' }, w.next), list, updated),
    await alertsSection((e) => e.stopId === id || (e.routeId !== undefined && routes.has(e.routeId)), {
      stop: id,
      routes: [...routes].slice(0, 99),
    }),
  ];
}

function nearestIndex(stops: Stop[], lon: number, lat: number): number {
  let best = -1;
  let bestD = Infinity;
  stops.forEach((s, i) => {
    if (s.lon === null || s.lat === null) return;
    const d = (s.lon - lon) ** 2 * Math.cos((lat * Math.PI) / 180) ** 2 + (s.lat - lat) ** 2;
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}

/**
 * A button's words per direction: where it goes (headsign, else last stop). Where two would read the same (a
 * feed whose headsigns name the district both ends are in), its first and last stops, then its second, too.
 */
function directionLabels(directions: RouteDetail['directions']): string[] {
  type Direction = RouteDetail['directions'][number];
  const name = (s: Stop | undefined) => (s ? stopName(s) : '');
  const labels = directions.map((d) => `${w.direction} ${d.headsign?.trim() || name(d.stops.at(-1))}`);
  const more = [
    (d: Direction) => `${name(d.stops[0])} → ${name(d.stops.at(-1))}`,
    (d: Direction) => w.via(name(d.stops[1])),
  ];
  for (const tier of more) {
    const clash = labels.map((l, i) => labels.some((m, j) => j !== i && m === l));
    if (!clash.includes(true)) break;
    directions.forEach((d, i) => {
      if (clash[i]) labels[i] = `${labels[i]} · ${tier(d)}`;
    });
  }
  return labels;
}

/** A small bus, drawn: an emoji's glyph is missing from many phones' fonts. */
function busIcon(): SVGElement {
  const icon = svg('svg', { class: 'bus-icon', width: 16, height: 16, viewBox: '-7 -7 14 14', 'aria-hidden': 'true' });
  icon.append(svg('path', { d: 'M-5 -5h10v8h-10zM-5 0h10M-4 5v1M4 5v1' }));
  return icon;
}

/** A clock face, drawn: the "◷" glyph is missing from many phones' fonts. */
function clockIcon(): SVGElement {
  const icon = svg('svg', {
    class: 'clock-icon',
    width: 12,
    height: 12,
    viewBox: '-7 -7 14 14',
    'aria-hidden': 'true',
  });
  icon.append(svg('circle', { r: 6 }), svg('path', { d: 'M0 -4V0h3' }));
  return icon;
}

async function showRoute(id: string, directionAt = 0): Promise<HTMLElement[]> {
  // The map's code comes with the route, not with the first view.
  const [route, map] = await Promise.all([
    getJson<RouteDetail>(`${API}/routes/${encodeURIComponent(id)}`),
    import('./map.js'),
  ]);
  if (!route) return [h('p', {}, w.notFound)];
  const direction = route.directions[directionAt] ?? route.directions[0];
  const colour = /^[0-9A-Fa-f]{6}$/.test(route.color ?? '') ? `#${route.color}` : '#0b5c3b';
  const drawn = direction && map.routeMap(direction, colour, route.shortName ?? route.id, w);
  const diagram = h('div', { class: 'diagram' });
  const status = h('p', { class: 'quiet', id: 'positions' });
  const load = async () => {
    if (!direction) return;
    const feed = await getJson<FeedMessage>(`${API}/gtfs-rt/vehicle-positions?format=json`);
    const buses = (feed?.entity ?? [])
      .map((e) => e.vehicle)
      .filter((v) => v?.trip?.routeId === id && v.position)
      .filter(
        (v) =>
          v?.trip?.directionId === undefined ||
          direction.directionId === null ||
          v.trip.directionId === direction.directionId,
      );
    status.textContent = feed === null || buses.length === 0 ? w.noPositions : `${w.vehicles}: ${buses.length}`;
    const at = new Map<number, string[]>();
    const onMap = [];
    for (const v of buses) {
      const [lon, lat] = [v?.position?.longitude ?? 0, v?.position?.latitude ?? 0];
      const i = nearestIndex(direction.stops, lon, lat);
      // The operator's label as riders know the bus, with its plate to tell it apart at the kerb.
      const name = v?.vehicle?.label ?? v?.vehicle?.id ?? '';
      const plate = v?.vehicle?.licensePlate;
      const label = plate && plate !== name ? `${name} (${plate})` : name;
      if (i >= 0) at.set(i, [...(at.get(i) ?? []), label]);
      const near = direction.stops[i];
      onMap.push({ label, lon, lat, near: near ? stopName(near) : null });
    }
    drawn?.setBuses(onMap);
    // Each stop's dot sits in its own row, beside its name: one layout, so they line up whatever wraps.
    const names = h('ol', { class: 'line-stops', style: `--line:${colour}` });
    direction.stops.forEach((s, i) => {
      const bus = at.get(i);
      names.append(
        h(
          'li',
          {},
          h(
            'a',
            { href: `#/stop/${encodeURIComponent(s.id)}` },
            h('span', { class: bus ? 'dot has-bus' : 'dot', 'aria-hidden': 'true' }),
            h('span', { class: 'name' }, stopName(s)),
          ),
          bus ? h('span', { class: 'bus' }, busIcon(), w.vehicleAt(bus.join(', '), stopName(s))) : null,
        ),
      );
    });
    diagram.replaceChildren(names);
  };
  await load();
  timer = setInterval(() => void load(), REFRESH_MS);
  const labels = directionLabels(route.directions);
  return [
    h('h2', {}, routeBadge(route), ' ', route.longName ?? ''),
    h(
      'div',
      { class: 'directions', role: 'group', 'aria-label': w.direction },
      ...route.directions.map((d, i) =>
        h(
          'button',
          {
            type: 'button',
            'aria-pressed': d === direction ? 'true' : 'false',
            onclick: () => void show(() => showRoute(id, i)),
          },
          labels[i],
        ),
      ),
    ),
    status,
    ...(drawn ? [h('figure', { class: 'route-map' }, drawn.element)] : []),
    diagram,
    await alertsSection((e) => e.routeId === id, { routes: [id] }),
  ];
}

async function show(view?: () => Promise<HTMLElement[]>): Promise<void> {
  if (timer) clearInterval(timer);
  timer = undefined;
  w = WORDS[language];
  document.documentElement.lang = language;
  document.title = `${w.title} · Thăng Long`;
  const [, kind, id] = /^#\/(stop|route)\/(.+)$/.exec(location.hash) ?? [];
  const content = view
    ? await view()
    : kind === 'stop' && id
      ? await showStop(decodeURIComponent(id))
      : kind === 'route' && id
        ? await showRoute(decodeURIComponent(id))
        : await showHome();
  root.replaceChildren(header(kind !== undefined), ...content);
}

window.addEventListener('hashchange', () => void show());
void show();
