/**
 * The shapes of the map's markers, one per kind of thing, so that layers differ by shape and not only by
 * colour: the map draws them as icons (any status colour, hollow when stale) and the legend as SVG from
 * the same paths. Paths are SVG path data in a 24 × 24 box.
 */

export type ShapeKey =
  | 'circle'
  | 'triangle'
  | 'drop'
  | 'bus'
  | 'parking'
  | 'diamond'
  | 'ring'
  | 'bubble'
  | 'hospital'
  | 'police'
  | 'fire'
  | 'ambulance'
  | 'incident'
  | 'unit'
  | 'engine'
  | 'ladder'
  | 'rescue'
  | 'medic'
  | 'patrol'
  | 'cluster';

interface Shape {
  readonly path: string;
  /** A mark drawn over the shape in white (a letter or a cross), as path data or text. */
  readonly mark?: { readonly path?: string; readonly text?: string };
  /** Fixed colours, for places; live layers take their status colour. */
  readonly fill?: string;
}

const CIRCLE = 'M12 3a9 9 0 1 0 0.001 0Z';
/** An emergency unit: a hexagon, with its kind's mark. */
const HEXAGON = 'M12 1.5l9.5 5.25v10.5L12 22.5l-9.5-5.25V6.75Z';
const unit = (mark: string): Shape => ({ path: HEXAGON, mark: { path: mark } });
export const SHAPES: Readonly<Record<ShapeKey, Shape>> = {
  circle: { path: CIRCLE },
  triangle: { path: 'M12 2.5L22 20.5H2Z' },
  drop: { path: 'M12 2C12 2 4.5 10.5 4.5 15a7.5 7.5 0 0 0 15 0C19.5 10.5 12 2 12 2Z' },
  bus: {
    path: 'M6 3.5h12a2.5 2.5 0 0 1 2.5 2.5v12a2.5 2.5 0 0 1-2.5 2.5H6A2.5 2.5 0 0 1 3.5 18V6A2.5 2.5 0 0 1 6 3.5Z',
  },
  parking: { path: 'M3.5 3.5h17v17h-17Z', mark: { text: 'P' } },
  diamond: { path: 'M12 1.5L22.5 12 12 22.5 1.5 12Z' },
  ring: { path: 'M12 2a10 10 0 1 0 0.001 0Zm0 4a6 6 0 1 1-0.001 0Z' },
  // A citizen's report: a speech bubble with an exclamation mark.
  bubble: {
    path: 'M4.5 3h15A2.5 2.5 0 0 1 22 5.5v10a2.5 2.5 0 0 1-2.5 2.5H12l-5 4.5V18H4.5A2.5 2.5 0 0 1 2 15.5v-10A2.5 2.5 0 0 1 4.5 3Z',
    mark: { path: 'M10.8 5.5h2.4l-.4 6.5h-1.6Zm0 8h2.4v2.4h-2.4Z' },
  },
  hospital: {
    path: 'M4 3h16a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Z',
    mark: { path: 'M10 6h4v4h4v4h-4v4h-4v-4H6v-4h4Z' },
    fill: '#c62828',
  },
  police: {
    path: 'M12 2l8.5 3v6c0 5-3.6 9.2-8.5 11-4.9-1.8-8.5-6-8.5-11V5Z',
    mark: { path: 'M12 6.5l1.6 3.4 3.7.4-2.8 2.5.8 3.7L12 14.6l-3.3 1.9.8-3.7-2.8-2.5 3.7-.4Z' },
    fill: '#1a4f9c',
  },
  fire: {
    path: 'M12 1.5c1.2 4 6.5 6.5 6.5 12.5a6.5 6.5 0 0 1-13 0c0-3.5 2-5.5 3.5-7.5.3 2 1.2 3.2 2.4 3.7C11.2 7.5 11.3 4.5 12 1.5Z',
    fill: '#e65100',
  },
  ambulance: { path: CIRCLE, mark: { path: 'M10.5 6h3v4.5H18v3h-4.5V18h-3v-4.5H6v-3h4.5Z' }, fill: '#00796b' },
  // An emergency incident: a burst with an exclamation mark.
  incident: {
    path: 'M12 1l2.6 4.8 5.2-1.6-1.6 5.2L23 12l-4.8 2.6 1.6 5.2-5.2-1.6L12 23l-2.6-4.8-5.2 1.6 1.6-5.2L1 12l4.8-2.6-1.6-5.2 5.2 1.6Z',
    mark: { path: 'M10.8 6.5h2.4l-.4 6.5h-1.6Zm0 8h2.4v2.4h-2.4Z' },
  },
  unit: { path: HEXAGON },
  engine: unit(
    'M12 6c.7 2.3 3.6 3.7 3.6 7a3.6 3.6 0 0 1-7.2 0c0-1.9 1.1-3 1.9-4.1.2 1.1.7 1.8 1.3 2C11.5 9.6 11.6 7.7 12 6Z',
  ),
  ladder: unit('M9 5.5h1.5v13H9Zm4.5 0H15v13h-1.5ZM10.5 8h3v1.4h-3Zm0 3.3h3v1.4h-3Zm0 3.3h3v1.4h-3Z'),
  rescue: unit('M12 6.5a5.5 5.5 0 1 0 .001 0Zm0 2.7a2.8 2.8 0 1 1-.001 0Z'),
  medic: unit('M10.6 6.5h2.8v4.1h4.1v2.8h-4.1v4.1h-2.8v-4.1H6.5v-2.8h4.1Z'),
  patrol: unit('M12 6.5l1.6 3.4 3.7.4-2.8 2.5.8 3.7L12 14.6l-3.3 1.9.8-3.7-2.8-2.5 3.7-.4Z'),
  cluster: { path: CIRCLE, fill: '#3d5a80' },
};

const OUTLINE = '#1c2733';

/** The icon id for a shape in a colour, solid or hollow (stale): what the map's layers ask for. */
export const iconId = (shape: ShapeKey, colour: string, hollow = false) =>
  `shape:${shape}:${colour}:${hollow ? 'hollow' : 'solid'}`;

/** Draws the icon an id names (see iconId), at twice its size for sharp edges; null for another id. */
export function drawIcon(id: string): ImageData | null {
  const [kind, shapeKey, colour, style] = id.split(':');
  const shape = SHAPES[shapeKey as ShapeKey];
  if (kind !== 'shape' || !shape || !colour) return null;
  const hollow = style === 'hollow';
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = 24 * scale;
  canvas.height = 24 * scale;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.scale(scale, scale);
  const path = new Path2D(shape.path);
  g.lineJoin = 'round';
  // A white halo keeps the shape readable on roads and water.
  g.strokeStyle = 'rgba(255,255,255,0.9)';
  g.lineWidth = 3;
  g.stroke(path);
  if (hollow) {
    g.fillStyle = 'rgba(255,255,255,0.85)';
    g.fill(path);
    g.strokeStyle = colour;
    g.lineWidth = 2.2;
    g.stroke(path);
  } else {
    g.fillStyle = colour;
    g.fill(path);
    g.strokeStyle = OUTLINE;
    g.lineWidth = 1;
    g.stroke(path);
  }
  if (shape.mark?.path) {
    g.fillStyle = hollow ? colour : '#ffffff';
    g.fill(new Path2D(shape.mark.path));
  }
  if (shape.mark?.text) {
    g.fillStyle = hollow ? colour : '#ffffff';
    g.font = 'bold 14px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(shape.mark.text, 12, 13);
  }
  return g.getImageData(0, 0, canvas.width, canvas.height);
}
