// Small helpers for the city derivation: reading the inputs, plane geometry at Hanoi's latitude,
// rounding, and a deterministic JSON layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Vietnamese text arrives in both composed and decomposed forms; NFC makes equal names equal.
export function readText(dir, path) {
  return readFileSync(join(dir, path), 'utf8').normalize('NFC');
}

export function readJson(dir, path) {
  return JSON.parse(readText(dir, path));
}

/** RFC 4180 CSV (quotes, CRLF, a BOM) → one object per row keyed by the header. */
export function readCsv(dir, path) {
  const text = readText(dir, path).replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header = [], ...body] = rows;
  return body
    .filter((r) => r.length > 1 || r[0] !== '')
    .map((r) => Object.fromEntries(header.map((name, k) => [name.trim(), (r[k] ?? '').trim()])));
}

// --- numbers and ordering -------------------------------------------------------------------------

export const round = (x, digits) => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // no -0 in the output
};

/** A [lon, lat] pair rounded to 5 decimals (about 1 m). */
export const pt = ([lon, lat]) => [round(lon, 5), round(lat, 5)];

/** Code-point order, the same on every machine (no locale tables involved). */
export const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** "01_1_S2" before "01_1_S12": digit runs compare as numbers. */
export function naturalCompare(a, b) {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    return byString(x, y);
  }
  return pa.length - pb.length;
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q; // linear between order statistics (R type 7)
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

// --- geometry (local plane; Hanoi spans ~1°, so an equirectangular projection is within 0.5 %) -----

const M_PER_DEG = 111_320;
const COS_LAT = Math.cos((21.03 * Math.PI) / 180);
const xy = ([lon, lat]) => [lon * M_PER_DEG * COS_LAT, lat * M_PER_DEG];

export function metres(a, b) {
  const [ax, ay] = xy(a);
  const [bx, by] = xy(b);
  return Math.hypot(bx - ax, by - ay);
}

/** The point `east`/`north` metres away from p. */
export const offset = ([lon, lat], east, north) => [lon + east / (M_PER_DEG * COS_LAT), lat + north / M_PER_DEG];

function segmentDistance(p, a, b) {
  const [px, py] = xy(p);
  const [ax, ay] = xy(a);
  const [bx, by] = xy(b);
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Douglas–Peucker on an open line, tolerance in metres. */
export function simplifyLine(points, tolerance) {
  if (points.length < 3) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [i, j] = stack.pop();
    let worst = -1;
    let at = -1;
    for (let k = i + 1; k < j; k++) {
      const d = segmentDistance(points[k], points[i], points[j]);
      if (d > worst) [worst, at] = [d, k];
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([i, at], [at, j]);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}

/** Douglas–Peucker on a closed ring (first point = last), rounded to 5 decimals, still closed. */
export function simplifyRing(ring, tolerance) {
  const open = ring.slice(0, -1);
  let far = 0;
  for (let k = 1; k < open.length; k++) if (metres(open[0], open[k]) > metres(open[0], open[far])) far = k;
  const first = simplifyLine(open.slice(0, far + 1), tolerance);
  const second = simplifyLine([...open.slice(far), open[0]], tolerance);
  const out = [];
  for (const p of [...first, ...second.slice(1)].map(pt)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out.length >= 4 ? out : ring.map(pt);
}

export function insideRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside a GeoJSON Polygon's coordinates (outer ring, then holes). */
export const insidePolygon = (p, rings) => insideRing(p, rings[0]) && !rings.slice(1).some((h) => insideRing(p, h));

export function lineLength(points) {
  let total = 0;
  for (let k = 1; k < points.length; k++) total += metres(points[k - 1], points[k]);
  return total;
}

/** The point `distance` metres along a line. */
export function along(points, distance) {
  let left = distance;
  for (let k = 1; k < points.length; k++) {
    const step = metres(points[k - 1], points[k]);
    if (step >= left && step > 0) {
      const t = left / step;
      const [a, b] = [points[k - 1], points[k]];
      return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    }
    left -= step;
  }
  return points[points.length - 1];
}

/** Greedy pick in the given order, skipping anything closer than `spacing` metres (or spacing(p)) to a pick. */
export function spaced(items, locate, spacing, limit = Infinity, taken = []) {
  const picked = [];
  const seen = [...taken];
  for (const item of items) {
    if (picked.length >= limit) break;
    const p = locate(item);
    const gap = typeof spacing === 'function' ? spacing(p) : spacing;
    if (seen.some((q) => metres(p, q) < gap)) continue;
    picked.push(item);
    seen.push(p);
  }
  return picked;
}

// --- output -----------------------------------------------------------------------------------------

const WIDTH = 120;
const RECORD_WIDTH = 240; // a flat record (a stop, a sensor) stays on one line up to this
const isScalar = (v) => v === null || typeof v !== 'object';
const isLeaf = (v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar));

/**
 * JSON laid out for reading and diffing: anything that fits in 120 columns stays on one line, and so does
 * a flat record up to 240; lists of numbers or coordinate pairs fill lines; everything else gets one
 * member per line. Key order is the
 * order the derivation builds, which is fixed; the output is the same byte for byte on every run.
 */
export function formatJson(value) {
  return `${layout(value, '')}\n`;
}

function layout(value, indent) {
  const flat = JSON.stringify(value);
  if (isScalar(value) || indent.length + flat.length <= WIDTH) return flat;
  if (!Array.isArray(value) && Object.values(value).every(isLeaf) && indent.length + flat.length <= RECORD_WIDTH)
    return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every(isLeaf)) {
      const lines = [];
      let line = '';
      for (const item of value.map((v) => JSON.stringify(v))) {
        if (line && inner.length + line.length + item.length + 1 > WIDTH) {
          lines.push(line);
          line = '';
        }
        line += `${item},`;
      }
      lines.push(line);
      return `[\n${lines
        .map((l) => inner + l)
        .join('\n')
        .slice(0, -1)}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + layout(v, inner)).join(',\n')}\n${indent}]`;
  }
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${members.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** The tags of an OSM XML element's body, with XML entities decoded. */
export function osmTags(body) {
  const decode = (s) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return Object.fromEntries(
    [...body.matchAll(/<tag k="([^"]*)" v="([^"]*)"\/>/g)].map((m) => [decode(m[1]), decode(m[2])]),
  );
}
