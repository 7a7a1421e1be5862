/**
 * Just enough of a Mapbox Vector Tile (2.1) reader for the citizens' light map: the layers, each
 * feature's type, its geometry in tile units and its string and number properties. A few hundred bytes
 * of code instead of a map library, so the page needs no WebGL and stays small on a slow phone.
 */

export type TileGeometry = 'point' | 'line' | 'polygon';

export interface TileFeature {
  readonly type: TileGeometry;
  /** Rings or lines (points: one ring of points), in tile units 0..extent. */
  readonly parts: readonly (readonly (readonly [number, number])[])[];
  readonly properties: Readonly<Record<string, string | number | boolean>>;
}

export interface TileLayer {
  readonly name: string;
  readonly extent: number;
  readonly features: readonly TileFeature[];
}

const TYPES: Record<number, TileGeometry> = { 1: 'point', 2: 'line', 3: 'polygon' };

/** A protobuf reader over the tile's bytes: varints, length-delimited fields and the fixed ones. */
class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let shift = 1;
    for (;;) {
      const b = this.bytes[this.pos++] ?? 0;
      result += (b & 0x7f) * shift;
      if (b < 0x80 || this.pos >= this.end) return result;
      shift *= 128;
    }
  }

  /** The bounds of a length-delimited field's content; the reader moves past it. */
  sub(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    this.pos += length;
    return [start, start + length];
  }

  text(): string {
    const [s, e] = this.sub();
    return new TextDecoder().decode(this.bytes.subarray(s, e));
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.sub();
    else if (wire === 5) this.pos += 4;
    else this.pos = this.end; // groups are not used by MVT
  }
}

const zigzag = (n: number): number => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

function value(r: Reader, start: number, end: number): string | number | boolean {
  const v = new Reader(r.bytes, start, end);
  const view = new DataView(r.bytes.buffer, r.bytes.byteOffset);
  let out: string | number | boolean = '';
  while (v.pos < end) {
    const key = v.varint();
    const field = key >> 3;
    if (field === 1) out = v.text();
    else if (field === 2) {
      out = view.getFloat32(v.pos, true);
      v.pos += 4;
    } else if (field === 3) {
      out = view.getFloat64(v.pos, true);
      v.pos += 8;
    } else if (field === 4 || field === 5) out = v.varint();
    else if (field === 6) out = zigzag(v.varint());
    else if (field === 7) out = v.varint() === 1;
    else v.skip(key & 7);
  }
  return out;
}

function packed(r: Reader): number[] {
  const [s, e] = r.sub();
  const p = new Reader(r.bytes, s, e);
  const out: number[] = [];
  while (p.pos < e) out.push(p.varint());
  return out;
}

/** The command stream (MoveTo, LineTo, ClosePath with zigzag deltas) as parts of points. */
function geometry(commands: readonly number[]): [number, number][][] {
  const parts: [number, number][][] = [];
  let part: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < commands.length;) {
    const c = commands[i++] ?? 0;
    const id = c & 7;
    const count = c >> 3;
    if (id === 7) {
      if (part[0]) part.push(part[0]);
      continue;
    }
    for (let k = 0; k < count; k++) {
      x += zigzag(commands[i++] ?? 0);
      y += zigzag(commands[i++] ?? 0);
      if (id === 1 && part.length > 0) {
        parts.push(part);
        part = [];
      }
      part.push([x, y]);
    }
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

export function readTile(bytes: Uint8Array): TileLayer[] {
  const r = new Reader(bytes);
  const layers: TileLayer[] = [];
  while (r.pos < r.end) {
    const key = r.varint();
    if (key >> 3 !== 3 || (key & 7) !== 2) {
      r.skip(key & 7);
      continue;
    }
    const [ls, le] = r.sub();
    const l = new Reader(bytes, ls, le);
    let name = '';
    let extent = 4096;
    const keys: string[] = [];
    const values: (string | number | boolean)[] = [];
    const raw: { type: number; tags: number[]; geometry: number[] }[] = [];
    while (l.pos < le) {
      const k = l.varint();
      const field = k >> 3;
      if (field === 1) name = l.text();
      else if (field === 3) keys.push(l.text());
      else if (field === 4) values.push(value(l, ...l.sub()));
      else if (field === 5) extent = l.varint();
      else if (field === 2) {
        const [fs, fe] = l.sub();
        const f = new Reader(bytes, fs, fe);
        const feature = { type: 0, tags: [] as number[], geometry: [] as number[] };
        while (f.pos < fe) {
          const fk = f.varint();
          const ff = fk >> 3;
          if (ff === 2) feature.tags = packed(f);
          else if (ff === 3) feature.type = f.varint();
          else if (ff === 4) feature.geometry = packed(f);
          else f.skip(fk & 7);
        }
        raw.push(feature);
      } else l.skip(k & 7);
    }
    const features: TileFeature[] = [];
    for (const f of raw) {
      const type = TYPES[f.type];
      if (!type) continue;
      const properties: Record<string, string | number | boolean> = {};
      for (let i = 0; i + 1 < f.tags.length; i += 2) {
        const k = keys[f.tags[i] ?? -1];
        const v = values[f.tags[i + 1] ?? -1];
        if (k !== undefined && v !== undefined) properties[k] = v;
      }
      features.push({ type, parts: geometry(f.geometry), properties });
    }
    layers.push({ name, extent, features });
  }
  return layers;
}
