import Flatbush from 'flatbush';
import FlatQueue from 'flatqueue';
import createGraph, { type Graph, type Link, type Node } from 'ngraph.graph';
import { nba } from 'ngraph.path';
import { AppError } from '../../../platform/errors.js';
import { ROAD_PROFILES, speedKmh, type RoadProfile } from './speeds.js';

/** [lon, lat], WGS 84. */
export type LonLat = readonly [lon: number, lat: number];

/** The road graph as apps/server/data/city/roads.json.gz stores it (scripts/city/road-graph.mjs). */
export interface RoadGraphData {
  readonly classes: readonly string[];
  readonly names: readonly string[];
  /** lon, lat pairs in 1e-5 degrees. */
  readonly nodes: readonly number[];
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly class: readonly number[];
  /** 1: travel only from `from` to `to`. */
  readonly oneway: readonly number[];
  readonly lengthDm: readonly number[];
  /** Index in `names`, -1 for none. */
  readonly name: readonly number[];
  readonly shapeCount: readonly number[];
  /** Interior points, 1e-5 degree deltas from the point before. */
  readonly shape: readonly number[];
}

/** A place on the network: a point of an edge. */
export interface RoadSnap {
  readonly edge: number;
  /** Metres from the edge's `from` node along it. */
  readonly offsetM: number;
  /** 0 at `from`, 1 at `to`. */
  readonly fraction: number;
  /** The point on the road. */
  readonly point: LonLat;
  /** From the point asked to the road, metres. */
  readonly distanceM: number;
  readonly roadClass: string;
  readonly roadName: string | undefined;
}

export interface RoadRoute {
  readonly lengthM: number;
  readonly seconds: number;
  /** The path along the roads, from the snapped start to the snapped end. */
  readonly coordinates: LonLat[];
  readonly from: RoadSnap;
  readonly to: RoadSnap;
}

export interface RouteThrough {
  readonly lengthM: number;
  readonly seconds: number;
  readonly coordinates: LonLat[];
  /** One per pair of consecutive stops; null where no road leads from one to the next. */
  readonly legs: readonly (RoadRoute | null)[];
  /**
   * False when a leg has no road path: the coordinates then go straight across it, its length is the
   * straight line's and its time that length at the profile's speed on a minor street.
   */
  readonly complete: boolean;
  /** Metres along `coordinates` at which each stop's snapped point lies. */
  readonly stopOffsetsM: readonly number[];
  /** Stops farther than 3 km from every road: kept where they are, their legs straight. */
  readonly unplacedStops: readonly number[];
  /** Legs not searched, their stops farther apart than `maxLegM`: straight (and null in `legs`). */
  readonly farLegs: readonly number[];
}

export interface RoadCandidate<Id> {
  readonly id: Id;
  readonly location: LonLat;
}

export interface ReachedCandidate<Id> {
  readonly id: Id;
  readonly seconds: number;
  readonly lengthM: number;
}

export interface NearestByRoad<Id> {
  /** Best first, at most k. */
  readonly nearest: readonly ReachedCandidate<Id>[];
  /** Candidates placed too far from any road to be reached (id and why). */
  readonly unplaced: readonly { readonly id: Id; readonly reason: string }[];
}

export interface NearestByRoadOptions<Id = unknown> {
  /** How many (default 1). */
  readonly k?: number;
  /** Default 'emergency'. */
  readonly profile?: RoadProfile;
  /** Candidates farther than this in time are left out (default 3600). */
  readonly maxSeconds?: number;
  /** 'to-origin' (default): each candidate's time to drive to the origin; 'from-origin': the origin's to each. */
  readonly direction?: 'to-origin' | 'from-origin';
  /**
   * Told of each candidate as soon as its time is certain, nearest first; returning true ends the search
   * there (the answer then holds only those it was told of). For a caller that knows when it has enough.
   */
  readonly until?: (reached: ReachedCandidate<Id>) => boolean;
}

export interface RouteOptions {
  readonly profile?: RoadProfile;
  /**
   * Either end may be placed on any road within this many metres of its nearest (at most three roads),
   * the pair that gives the fastest route (still one search): a point beside a dual carriageway or under an elevated road is
   * not sent round a long loop for having been put on the wrong one. 0 (the default): the nearest road.
   */
  readonly snapSlackM?: number;
}

export interface RouteThroughOptions extends RouteOptions {
  /**
   * A stop may be placed on any road within this many metres of its nearest (at most three roads), the
   * one that makes the whole path fastest: a stop beside a dual carriageway goes on the side the bus
   * drives. 0 (the default): always the nearest road.
   */
  readonly stopSlackM?: number;
  /**
   * A leg whose stops are farther apart than this (straight line, metres) is not searched but drawn
   * straight: no bus leg is that long, and a search across the city is what costs. Default: no limit.
   */
  readonly maxLegM?: number;
  /**
   * A search of a leg that has followed this many links without reaching the next stop gives up (the
   * leg is straight): one with no way round would otherwise cover the whole graph. Default: no limit.
   */
  readonly maxLinksPerLeg?: number;
  /**
   * Raises maxLinksPerLeg for long legs: a leg may follow this many links per kilometre between its stops
   * (straight line) when that is more. A search spreads over an area, so a longer leg needs more links.
   */
  readonly maxLinksPerLegKm?: number;
  /**
   * A tally shared by many routings (one import's): every search adds the links it followed, and none
   * follows more than what is left of `max`, so the work of all of them together is bounded.
   */
  readonly linkTally?: RoadLinkTally;
}

/** Links followed by the searches of several routings, and how many they may follow in all. */
export interface RoadLinkTally {
  followed: number;
  readonly max: number;
}

export interface SnapOptions {
  /** Farther than this from every road, a point is refused (default 3 km). */
  readonly maxDistanceM?: number;
  /** Only roads with a name: a street to tell someone, not the unnamed alley or service way nearer. */
  readonly named?: boolean;
}

const M_PER_DEG = 111_320;
const DEFAULT_MAX_SNAP_M = 3000;
/** Beyond the network's bounding box by more than this, a point is not in the city. */
const BBOX_MARGIN_M = 5000;
const START = -1;
const END = -2;
/** Thrown out of a path search that followed more links than it may (searchAmong's maxLinks). */
const GAVE_UP = new Error('road search gave up');

interface LinkData {
  /** Edge index; -1 for the links of a search's own start and end. */
  readonly edge: number;
  readonly forward: boolean;
  /** Seconds per profile, for the virtual links of a search (a real link's come from its edge). */
  readonly seconds?: Readonly<Record<RoadProfile, number>>;
  readonly lengthM?: number;
  /** The part of the edge a virtual link covers: fractions along it, in travel order. */
  readonly part?: {
    readonly edge: number;
    readonly f0: number;
    readonly f1: number;
    readonly snap: RoadSnap;
    /** Index of the start place a link from the search's start leaves; -1 on links to its end. */
    readonly index: number;
  };
}
interface NodeData {
  readonly x: number;
  readonly y: number;
}

const invalid = (detail: string) => new AppError('ROAD_POSITION_INVALID', 400, detail);
const offNetwork = (detail: string) => new AppError('ROAD_POSITION_OFF_NETWORK', 400, detail);

/**
 * A road network loaded in memory: the graph (ngraph.graph, a directed multigraph: a two-way edge is two
 * links), a spatial index of its segments (flatbush) to snap points onto it, and the searches: NBA*
 * (ngraph.path) from point to point, and a Dijkstra bounded by time (flatqueue) from one point to many.
 * Costs are seconds at the profile's free-flow speed by class; lengths are metres. A point-to-point search
 * joins two temporary nodes to the shared graph and removes them before it returns; every call is
 * synchronous, so no other call ever sees them.
 */
export class RoadNetwork {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Every vertex of every edge, lon, lat (degrees) interleaved; edge e's are [vertexStart[e], vertexStart[e+1]). */
  private readonly lonLat: Float64Array;
  /** Projected metres (x east, y north) of the same vertices. */
  private readonly xy: Float64Array;
  private readonly vertexStart: Uint32Array;
  /** Metres along each edge's simplified line to each vertex. */
  private readonly along: Float64Array;
  private readonly from: Uint32Array;
  private readonly to: Uint32Array;
  private readonly oneway: Uint8Array;
  private readonly lengthM: Float64Array;
  private readonly cls: Uint8Array;
  private readonly nameOf: Int32Array;
  private readonly classes: readonly string[];
  private readonly names: readonly string[];
  private readonly seconds: Record<RoadProfile, Float64Array>;
  private readonly maxSpeed: Record<RoadProfile, number>;
  private readonly graph: Graph<NodeData, LinkData>;
  private readonly segments: Flatbush;
  private readonly segmentEdge: Uint32Array;
  private readonly segmentVertex: Uint32Array;
  private readonly lon0: number;
  private readonly lat0: number;
  private readonly kx: number;
  private readonly ky: number;
  private readonly bbox: readonly [number, number, number, number];

  constructor(data: RoadGraphData) {
    const n = data.nodes.length / 2;
    const m = data.from.length;
    this.nodeCount = n;
    this.edgeCount = m;
    this.classes = data.classes;
    this.names = data.names;
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      const [lon, lat] = [data.nodes[2 * i]! / 1e5, data.nodes[2 * i + 1]! / 1e5];
      bbox[0] = Math.min(bbox[0], lon);
      bbox[1] = Math.min(bbox[1], lat);
      bbox[2] = Math.max(bbox[2], lon);
      bbox[3] = Math.max(bbox[3], lat);
    }
    this.bbox = bbox;
    // A local plane around the network's centre: within 0.5 % across a city of a degree.
    this.lon0 = (bbox[0] + bbox[2]) / 2;
    this.lat0 = (bbox[1] + bbox[3]) / 2;
    this.kx = M_PER_DEG * Math.cos((this.lat0 * Math.PI) / 180);
    this.ky = M_PER_DEG;

    this.from = Uint32Array.from(data.from);
    this.to = Uint32Array.from(data.to);
    this.oneway = Uint8Array.from(data.oneway);
    this.lengthM = Float64Array.from(data.lengthDm, (d) => d / 10);
    this.cls = Uint8Array.from(data.class);
    this.nameOf = Int32Array.from(data.name);

    const vertices = m * 2 + data.shape.length / 2;
    this.lonLat = new Float64Array(vertices * 2);
    this.xy = new Float64Array(vertices * 2);
    this.along = new Float64Array(vertices);
    this.vertexStart = new Uint32Array(m + 1);
    let v = 0;
    let s = 0;
    let e = 0;
    const put = (x5: number, y5: number) => {
      this.lonLat[2 * v] = x5 / 1e5;
      this.lonLat[2 * v + 1] = y5 / 1e5;
      this.xy[2 * v] = (x5 / 1e5 - this.lon0) * this.kx;
      this.xy[2 * v + 1] = (y5 / 1e5 - this.lat0) * this.ky;
      this.along[v] = v === this.vertexStart[e]! ? 0 : this.along[v - 1]! + this.segmentLength(v - 1);
      v++;
    };
    for (; e < m; e++) {
      this.vertexStart[e] = v;
      const a = data.from[e]!;
      let [x, y] = [data.nodes[2 * a]!, data.nodes[2 * a + 1]!];
      put(x, y);
      for (let k = 0; k < data.shapeCount[e]!; k++, s++) {
        x += data.shape[2 * s]!;
        y += data.shape[2 * s + 1]!;
        put(x, y);
      }
      const b = data.to[e]!;
      put(data.nodes[2 * b]!, data.nodes[2 * b + 1]!);
    }
    this.vertexStart[m] = v;

    this.seconds = {} as Record<RoadProfile, Float64Array>;
    this.maxSpeed = {} as Record<RoadProfile, number>;
    for (const profile of ROAD_PROFILES) {
      const speeds = this.classes.map((c) => speedKmh(c, profile) / 3.6);
      this.seconds[profile] = Float64Array.from(this.lengthM, (len, k) => len / speeds[this.cls[k]!]!);
      this.maxSpeed[profile] = Math.max(...speeds);
    }

    this.graph = createGraph<NodeData, LinkData>({ multigraph: true });
    for (let i = 0; i < n; i++) {
      const [x, y] = this.project([data.nodes[2 * i]! / 1e5, data.nodes[2 * i + 1]! / 1e5]);
      this.graph.addNode(i, { x, y });
    }
    for (let k = 0; k < m; k++) {
      this.graph.addLink(this.from[k]!, this.to[k]!, { edge: k, forward: true });
      if (this.oneway[k] === 0) this.graph.addLink(this.to[k]!, this.from[k]!, { edge: k, forward: false });
    }

    const segmentCount = vertices - m;
    this.segments = new Flatbush(Math.max(1, segmentCount));
    this.segmentEdge = new Uint32Array(segmentCount);
    this.segmentVertex = new Uint32Array(segmentCount);
    let k = 0;
    for (let edge = 0; edge < m; edge++) {
      for (let w = this.vertexStart[edge]!; w < this.vertexStart[edge + 1]! - 1; w++, k++) {
        const [ax, ay, bx, by] = [this.xy[2 * w]!, this.xy[2 * w + 1]!, this.xy[2 * w + 2]!, this.xy[2 * w + 3]!];
        this.segments.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
        this.segmentEdge[k] = edge;
        this.segmentVertex[k] = w;
      }
    }
    if (segmentCount === 0) this.segments.add(0, 0, 0, 0);
    this.segments.finish();
  }

  private segmentLength(w: number): number {
    return Math.hypot(this.xy[2 * w + 2]! - this.xy[2 * w]!, this.xy[2 * w + 3]! - this.xy[2 * w + 1]!);
  }

  private project([lon, lat]: LonLat): [number, number] {
    return [(lon - this.lon0) * this.kx, (lat - this.lat0) * this.ky];
  }

  private unproject(x: number, y: number): LonLat {
    return [round6(x / this.kx + this.lon0), round6(y / this.ky + this.lat0)];
  }

  /** Checks a position: two finite numbers, in range, within the network's reach. */
  private check(p: unknown): LonLat {
    if (!Array.isArray(p) || p.length !== 2) throw invalid('A position is [lon, lat]: an array of two numbers.');
    const [lon, lat] = p as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
      throw invalid(`A position is [lon, lat] in finite numbers; got [${String(lon)}, ${String(lat)}].`);
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90)
      throw invalid(`[${lon}, ${lat}] is no position: lon is within ±180 and lat within ±90 (is it [lat, lon]?).`);
    const [w, s, e, n] = this.bbox;
    const mx = BBOX_MARGIN_M / this.kx;
    const my = BBOX_MARGIN_M / this.ky;
    if (lon < w - mx || lon > e + mx || lat < s - my || lat > n + my)
      throw offNetwork(`[${lon}, ${lat}] is outside the area of the road network.`);
    return [lon, lat];
  }

  /** Whether p lies within the network's bounding box (the area its roads cover, without margin). */
  covers(p: LonLat): boolean {
    const [w, s, e, n] = this.bbox;
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) && p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n;
  }

  /** The nearest point of the network to p. Throws ROAD_POSITION_INVALID / ROAD_POSITION_OFF_NETWORK. */
  snap(p: LonLat, options: SnapOptions = {}): RoadSnap {
    const at = this.check(p);
    const maxDistance = options.maxDistanceM ?? DEFAULT_MAX_SNAP_M;
    const [px, py] = this.project(at);
    // The nearest segment by its box, then every segment whose box is nearer than that one's true distance.
    const named = options.named ? (k: number) => this.nameOf[this.segmentEdge[k]!]! >= 0 : undefined;
    const [first] = this.segments.neighbors(px, py, 1, Infinity, named);
    let best = { d: Infinity, k: 0, t: 0 };
    if (first !== undefined) {
      const probe = this.nearestOnSegment(first, px, py);
      const candidates = this.segments.neighbors(px, py, Infinity, probe.d, named);
      best = probe;
      for (const k of candidates) {
        const c = this.nearestOnSegment(k, px, py);
        if (c.d < best.d || (c.d === best.d && k < best.k)) best = c;
      }
    }
    if (best.d > maxDistance)
      throw offNetwork(
        `[${at[0]}, ${at[1]}] is ${Math.round(best.d)} m from the nearest road (at most ${maxDistance}).`,
      );
    return this.snapOf(best);
  }

  /**
   * The nearest point of each road within `slackM` of the nearest one (at most `max`, nearest first): the
   * places a stop beside a dual carriageway or a junction may belong to.
   */
  snapCandidates(p: LonLat, slackM: number, max: number): RoadSnap[] {
    const nearest = this.snap(p);
    const [px, py] = this.project(p);
    const byEdge = new Map<number, { d: number; k: number; t: number }>();
    for (const k of this.segments.neighbors(px, py, Infinity, nearest.distanceM + slackM)) {
      const c = this.nearestOnSegment(k, px, py);
      const edge = this.segmentEdge[k]!;
      const now = byEdge.get(edge);
      if (c.d <= nearest.distanceM + slackM && (!now || c.d < now.d)) byEdge.set(edge, c);
    }
    const others = [...byEdge.entries()]
      .filter(([edge]) => edge !== nearest.edge)
      .sort((a, b) => a[1].d - b[1].d || a[0] - b[0])
      .slice(0, max - 1)
      .map(([, c]) => this.snapOf(c));
    return [nearest, ...others];
  }

  private snapOf(best: { d: number; k: number; t: number }): RoadSnap {
    const edge = this.segmentEdge[best.k]!;
    const w = this.segmentVertex[best.k]!;
    const x = this.xy[2 * w]! + best.t * (this.xy[2 * w + 2]! - this.xy[2 * w]!);
    const y = this.xy[2 * w + 1]! + best.t * (this.xy[2 * w + 3]! - this.xy[2 * w + 1]!);
    const lineLength = this.along[this.vertexStart[edge + 1]! - 1]!;
    const along = this.along[w]! + best.t * this.segmentLength(w);
    const fraction = lineLength === 0 ? 0 : along / lineLength;
    const name = this.nameOf[edge]!;
    return {
      edge,
      offsetM: round1(fraction * this.lengthM[edge]!),
      fraction,
      point: this.unproject(x, y),
      distanceM: round1(best.d),
      roadClass: this.classes[this.cls[edge]!]!,
      roadName: name < 0 ? undefined : this.names[name],
    };
  }

  private nearestOnSegment(k: number, px: number, py: number) {
    const w = this.segmentVertex[k]!;
    const [ax, ay, bx, by] = [this.xy[2 * w]!, this.xy[2 * w + 1]!, this.xy[2 * w + 2]!, this.xy[2 * w + 3]!];
    const [dx, dy] = [bx - ax, by - ay];
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    return { d: Math.hypot(px - (ax + t * dx), py - (ay + t * dy)), k, t };
  }

  /** The fastest path by road from one point to another for the profile (default car); null when there is none. */
  route(from: LonLat, to: LonLat, options: RouteOptions = {}): RoadRoute | null {
    const profile = options.profile ?? 'car';
    const slack = options.snapSlackM ?? 0;
    if (slack <= 0) return this.routeBetween(this.snap(from), this.snap(to), profile);
    return this.routeAmong(this.snapCandidates(from, slack, 3), this.snapCandidates(to, slack, 3), profile);
  }

  /** One path through every stop in order (at least two): what a bus shape needs. */
  routeThrough(stops: readonly LonLat[], options: RouteThroughOptions = {}): RouteThrough {
    const steps = this.routeThroughSteps(stops, options);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * routeThrough one leg search at a time: the generator stops after each, so a caller can let other work
   * run between them (a long trip is not routed in one go), and returns the path when done.
   */
  *routeThroughSteps(stops: readonly LonLat[], options: RouteThroughOptions = {}): Generator<void, RouteThrough, void> {
    const list: unknown = stops;
    if (!Array.isArray(list) || list.length < 2) throw invalid('A route through stops needs at least two of them.');
    const profile = options.profile ?? 'bus';
    const slack = options.stopSlackM ?? 0;
    // A stop beyond the network's reach (a village lane the graph lacks) is kept where it is, off the roads.
    const choices = stops.map((p) => {
      try {
        return slack > 0 ? this.snapCandidates(p, slack, 3) : [this.snap(p)];
      } catch (err) {
        if (err instanceof AppError && err.code === 'ROAD_POSITION_OFF_NETWORK') return null;
        throw err;
      }
    });
    const maxLegM = options.maxLegM ?? Infinity;
    const far = stops.map((p, i) => i > 0 && this.metres(stops[i - 1]!, p) > maxLegM);
    const floor = options.maxLinksPerLeg ?? Infinity;
    const perKm = options.maxLinksPerLegKm ?? 0;
    const maxLinks = stops.map((p, i) =>
      i > 0 ? Math.max(floor, (perKm * this.metres(stops[i - 1]!, p)) / 1000) : floor,
    );
    const chosen = yield* this.choosePlaces(choices, profile, far, maxLinks, options.linkTally);
    const snaps = chosen.map((c) => c?.snap ?? null);
    const legs: (RoadRoute | null)[] = [];
    const coordinates: LonLat[] = [];
    const stopOffsetsM: number[] = [0];
    const pointOf = (i: number): LonLat => snaps[i]?.point ?? [stops[i]![0], stops[i]![1]];
    const slowest = speedKmh('minor', profile) / 3.6;
    let lengthM = 0;
    let seconds = 0;
    for (let i = 1; i < snaps.length; i++) {
      const leg = chosen[i]?.leg ?? null;
      legs.push(leg);
      const line = leg?.coordinates ?? [pointOf(i - 1), pointOf(i)];
      for (const p of line) {
        const last = coordinates[coordinates.length - 1];
        if (last && last[0] === p[0] && last[1] === p[1]) continue;
        coordinates.push(p);
      }
      const straight = this.metres(pointOf(i - 1), pointOf(i));
      lengthM += leg ? leg.lengthM : straight;
      seconds += leg ? leg.seconds : straight / slowest;
      stopOffsetsM.push(round1(lengthM));
    }
    return {
      lengthM: round1(lengthM),
      seconds: round1(seconds),
      coordinates,
      legs,
      complete: legs.every((l) => l !== null),
      stopOffsetsM,
      unplacedStops: snaps.flatMap((s, i) => (s ? [] : [i])),
      farLegs: far.flatMap((f, i) => (f ? [i - 1] : [])),
    };
  }

  /** Straight-line metres between two points (the local plane). */
  metres(a: LonLat, b: LonLat): number {
    const [ax, ay] = this.project(a);
    const [bx, by] = this.project(b);
    return Math.hypot(bx - ax, by - ay);
  }

  /**
   * The k candidates nearest by road to the origin, in time (default emergency profile): by default the
   * time each candidate takes to drive to the origin (a unit to a call); with `direction: 'from-origin'`,
   * the time from the origin to each (a patient to hospitals). One Dijkstra from the origin (over the
   * links reversed for 'to-origin'), stopped as soon as the k best are certain or at maxSeconds (default
   * 3600). A candidate farther than 3 km from any road is listed in `unplaced`; one not reached within
   * the time is left out.
   */
  nearestByRoad<Id>(
    origin: LonLat,
    candidates: readonly RoadCandidate<Id>[],
    options: NearestByRoadOptions<Id> = {},
  ): NearestByRoad<Id> {
    const profile = options.profile ?? 'emergency';
    const k = options.k ?? 1;
    const maxSeconds = options.maxSeconds ?? 3600;
    const toOrigin = (options.direction ?? 'to-origin') === 'to-origin';
    if (!Number.isInteger(k) || k < 1) throw invalid('k is a whole number of at least 1.');
    if (!ROAD_PROFILES.includes(profile)) throw invalid(`No routing profile "${String(profile)}".`);
    const o = this.snap(origin);
    const unplaced: { id: Id; reason: string }[] = [];
    const placed: { id: Id; snap: RoadSnap }[] = [];
    for (const c of candidates) {
      try {
        placed.push({ id: c.id, snap: this.snap(c.location) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        unplaced.push({ id: c.id, reason: err.message });
      }
    }
    const sec = this.seconds[profile];
    // The search runs from the origin; toward it, it runs backwards, so "ahead" is towards `from`.
    // ahead(e): the node a search leaving a point of e reaches by moving with the search, always allowed;
    // behind(e): the other end, allowed only on a two-way edge. f is the part of e from the point to ahead.
    const ahead = (e: number) => (toOrigin ? this.from[e]! : this.to[e]!);
    const behind = (e: number) => (toOrigin ? this.to[e]! : this.from[e]!);
    const partAhead = (e: number, fraction: number) => (toOrigin ? fraction : 1 - fraction);
    const best = new Map<number, { seconds: number; lengthM: number }>();
    const until = options.until;
    // Offers by time, for `until`: an offer no later than the search's frontier can no longer improve.
    const offered = new FlatQueue<number>();
    const told = new Uint8Array(placed.length);
    let enough = false;
    const offer = (i: number, seconds: number, lengthM: number) => {
      const now = best.get(i);
      if (seconds <= maxSeconds && (!now || seconds < now.seconds)) {
        best.set(i, { seconds, lengthM });
        if (until) offered.push(i, seconds);
      }
    };
    const tell = (frontier: number) => {
      while (until && !enough && offered.length > 0 && offered.peekValue()! <= frontier) {
        const i = offered.pop()!;
        if (told[i]) continue;
        told[i] = 1;
        const b = best.get(i)!;
        enough = until({ id: placed[i]!.id, seconds: round1(b.seconds), lengthM: round1(b.lengthM) });
      }
    };
    // The candidates at each node: a candidate on edge e is met at behind(e) moving with the search, or
    // at ahead(e) moving against it (two-way only).
    const atNode = new Map<number, { i: number; s: number; m: number }[]>();
    const add = (node: number, i: number, f: number, e: number) => {
      const entry = { i, s: f * sec[e]!, m: f * this.lengthM[e]! };
      const list = atNode.get(node);
      if (list) list.push(entry);
      else atNode.set(node, [entry]);
    };
    placed.forEach(({ snap }, i) => {
      const e = snap.edge;
      const f = partAhead(e, snap.fraction);
      add(behind(e), i, 1 - f, e);
      // Against a one-way street only for no distance at all: a point at its junction is at the junction.
      if (this.oneway[e] === 0 || f === 0) add(ahead(e), i, f, e);
      // On the origin's own edge, straight along it: the candidate lies ahead of the origin in the search.
      if (e === o.edge && (f <= partAhead(e, o.fraction) || this.oneway[e] === 0)) {
        const d = Math.abs(snap.fraction - o.fraction);
        offer(i, d * sec[e]!, d * this.lengthM[e]!);
      }
    });

    const time = new Float64Array(this.nodeCount).fill(Infinity);
    const length = new Float64Array(this.nodeCount);
    const done = new Uint8Array(this.nodeCount);
    const queue = new FlatQueue<number>();
    const seed = (node: number, s: number, m: number) => {
      if (s < time[node]!) {
        time[node] = s;
        length[node] = m;
        queue.push(node, s);
      }
    };
    const e0 = o.edge;
    const f0 = partAhead(e0, o.fraction);
    seed(ahead(e0), f0 * sec[e0]!, f0 * this.lengthM[e0]!);
    if (this.oneway[e0] === 0 || f0 === 1) seed(behind(e0), (1 - f0) * sec[e0]!, (1 - f0) * this.lengthM[e0]!);
    const kth = () => {
      if (best.size < k) return Infinity;
      return [...best.values()].map((b) => b.seconds).sort((x, y) => x - y)[k - 1]!;
    };
    let bound = kth();
    // Where the search stopped: every offer up to it is final (all of them when the queue ran dry).
    let frontier = Infinity;
    while (queue.length > 0) {
      const t = queue.peekValue()!;
      const node = queue.pop()!;
      if (done[node]) continue;
      tell(t);
      if (enough || t > maxSeconds || t > bound) {
        frontier = t;
        break;
      }
      done[node] = 1;
      const here = atNode.get(node);
      if (here) {
        for (const c of here) offer(c.i, t + c.s, length[node]! + c.m);
        bound = kth();
      }
      // Every link at the node (ngraph gives both directions): those leaving it, or, toward the origin,
      // those entering it.
      this.graph.forEachLinkedNode(node, (other, link) => {
        if ((toOrigin ? link.toId : link.fromId) !== node) return;
        const e = link.data.edge;
        seed(other.id as number, t + sec[e]!, length[node]! + this.lengthM[e]!);
      });
    }
    tell(frontier);
    const nearest = [...best.entries()]
      .filter(([i]) => !until || told[i])
      .sort((x, y) => x[1].seconds - y[1].seconds)
      .slice(0, k)
      .map(([i, b]) => ({ id: placed[i]!.id, seconds: round1(b.seconds), lengthM: round1(b.lengthM) }));
    return { nearest, unplaced };
  }

  /**
   * Which of each stop's places makes the whole path fastest (dynamic programming over consecutive
   * stops), and the leg that reaches it from the one before. A stop with one place keeps it. A stop
   * reached by a `far` leg is not searched for (the leg is straight); it yields after each search.
   */
  private *choosePlaces(
    choices: readonly (RoadSnap[] | null)[],
    profile: RoadProfile,
    far: readonly boolean[],
    maxLinks: readonly number[],
    tally?: RoadLinkTally,
  ): Generator<void, ({ snap: RoadSnap; leg: RoadRoute | null } | null)[], void> {
    // Per stop, per place: the best total seconds to it, where it came from, and its leg.
    const steps: { total: number; from: number; leg: RoadRoute | null }[][] = [];
    for (const [i, places] of choices.entries()) {
      const before = i > 0 ? choices[i - 1] : null;
      const previous = steps[i - 1];
      const step: { total: number; from: number; leg: RoadRoute | null }[] = [];
      for (const place of places ?? []) {
        if (!before || !previous) {
          step.push({ total: 0, from: -1, leg: null });
          continue;
        }
        // One search from every place of the stop before, each starting with its best total so far.
        const totals = previous.map((p) => p.total);
        const found = far[i] ? null : this.searchAmong(before, [place], profile, totals, maxLinks[i], tally);
        if (found)
          step.push({ total: totals[found.start]! + found.route.seconds, from: found.start, leg: found.route });
        else {
          // No road from any: counted as a long way, so a place with one wins, else the straight line.
          const from = totals.reduce((b, t, k) => (t < totals[b]! ? k : b), 0);
          step.push({ total: totals[from]! + 1e7, from, leg: null });
        }
        if (!far[i]) yield;
      }
      steps.push(step);
    }
    const out: ({ snap: RoadSnap; leg: RoadRoute | null } | null)[] = choices.map(() => null);
    let pick = -1;
    for (let i = choices.length - 1; i >= 0; i--) {
      const places = choices[i];
      if (!places) {
        pick = -1;
        continue;
      }
      const step = steps[i]!;
      if (pick < 0) pick = step.reduce((b, s, k) => (s.total < step[b]!.total ? k : b), 0);
      out[i] = { snap: places[pick]!, leg: step[pick]!.leg };
      pick = step[pick]!.from;
    }
    return out;
  }

  /** The fastest path between two snapped points, or null. */
  private routeBetween(a: RoadSnap, b: RoadSnap, profile: RoadProfile): RoadRoute | null {
    return this.routeAmong([a], [b], profile);
  }

  /**
   * The fastest path from any of the start places to any of the end places, or null: one NBA* search
   * from a node joined to every start place to a node joined to every end place.
   */
  private routeAmong(starts: readonly RoadSnap[], ends: readonly RoadSnap[], profile: RoadProfile): RoadRoute | null {
    return this.searchAmong(starts, ends, profile)?.route ?? null;
  }

  /**
   * The search of routeAmong, each start place beginning with its offset in seconds (default 0): the path
   * that is fastest counting the offset, its seconds without it, and the index of its start place.
   */
  private searchAmong(
    starts: readonly RoadSnap[],
    ends: readonly RoadSnap[],
    profile: RoadProfile,
    offsets: readonly number[] = starts.map(() => 0),
    maxLinks = Infinity,
    tally?: RoadLinkTally,
  ): { route: RoadRoute; start: number } | null {
    const cap = tally ? Math.min(maxLinks, Math.max(0, tally.max - tally.followed)) : maxLinks;
    if (!ROAD_PROFILES.includes(profile)) throw invalid(`No routing profile "${String(profile)}".`);
    const sec = this.seconds[profile];
    const virtual = (snap: RoadSnap, f0: number, f1: number, index = -1): LinkData => {
      const edge = snap.edge;
      const seconds = {} as Record<RoadProfile, number>;
      for (const p of ROAD_PROFILES) seconds[p] = Math.abs(f1 - f0) * this.seconds[p][edge]!;
      if (index >= 0) seconds[profile] += offsets[index]!;
      return {
        edge: -1,
        forward: f1 >= f0,
        seconds,
        lengthM: Math.abs(f1 - f0) * this.lengthM[edge]!,
        part: { edge, f0, f1, snap, index },
      };
    };
    // Straight along one edge, when a start and an end are on it and its direction allows.
    let direct: { route: RoadRoute; start: number; total: number } | null = null;
    for (const [i, a] of starts.entries())
      for (const b of ends) {
        const e = a.edge;
        if (e !== b.edge || (b.fraction < a.fraction && this.oneway[e] === 1)) continue;
        const seconds = Math.abs(b.fraction - a.fraction) * sec[e]!;
        const total = offsets[i]! + seconds;
        if (direct && direct.total <= total) continue;
        direct = {
          route: {
            lengthM: round1(Math.abs(b.fraction - a.fraction) * this.lengthM[e]!),
            seconds: round1(seconds),
            coordinates: this.slice(e, a.fraction, b.fraction, a.point, b.point),
            from: a,
            to: b,
          },
          start: i,
          total,
        };
      }

    const g = this.graph;
    const [ax, ay] = this.project(starts[0]!.point);
    const [bx, by] = this.project(ends[0]!.point);
    // How far the other places are from the first, so the straight-line estimate never overshoots.
    const spread = (places: readonly RoadSnap[], x: number, y: number) =>
      Math.max(
        ...places.map((p) => {
          const [px, py] = this.project(p.point);
          return Math.hypot(px - x, py - y);
        }),
      );
    const slack = spread(starts, ax, ay) + spread(ends, bx, by);
    g.addNode(START, { x: ax, y: ay });
    g.addNode(END, { x: bx, y: by });
    let followed = 0;
    try {
      for (const [i, a] of starts.entries()) {
        g.addLink(START, this.to[a.edge]!, virtual(a, a.fraction, 1, i));
        // Against a one-way street only from its very start: a point at a junction leaves by any street.
        if (this.oneway[a.edge] === 0 || a.fraction === 0)
          g.addLink(START, this.from[a.edge]!, virtual(a, a.fraction, 0, i));
      }
      for (const b of ends) {
        g.addLink(this.from[b.edge]!, END, virtual(b, 0, b.fraction));
        if (this.oneway[b.edge] === 0 || b.fraction === 1) g.addLink(this.to[b.edge]!, END, virtual(b, 1, b.fraction));
      }

      const cost = (link: Link<LinkData>) => link.data.seconds?.[profile] ?? sec[link.data.edge]!;
      const speed = this.maxSpeed[profile];
      const finder = nba<NodeData, LinkData>(g, {
        oriented: true,
        distance: (_from, _to, link) => {
          // The path finder has no bound of its own: leaving it is how a search that went too far stops.
          if (++followed > cap) throw GAVE_UP;
          return cost(link);
        },
        heuristic: (p: Node<NodeData>, q: Node<NodeData>) =>
          Math.max(0, Math.hypot(p.data.x - q.data.x, p.data.y - q.data.y) - slack) / speed,
      });
      let found: Node<NodeData>[];
      try {
        found = finder.find(START, END);
      } catch (err) {
        if (err !== GAVE_UP) throw err;
        found = [];
      }
      if (found.length === 0) return direct && { route: direct.route, start: direct.start };
      const path = found[0]!.id === START ? found : [...found].reverse();

      let seconds = 0;
      let lengthM = 0;
      let [from, to, start] = [starts[0]!, ends[0]!, 0];
      const coordinates: LonLat[] = [];
      const push = (line: readonly LonLat[]) => {
        for (const p of line) {
          const last = coordinates[coordinates.length - 1];
          if (last && last[0] === p[0] && last[1] === p[1]) continue;
          coordinates.push(p);
        }
      };
      for (let i = 1; i < path.length; i++) {
        const [u, v] = [path[i - 1]!.id, path[i]!.id];
        let chosen: Link<LinkData> | undefined;
        for (const link of g.getLinks(u) ?? []) {
          if (link.fromId === u && link.toId === v && (!chosen || cost(link) < cost(chosen))) chosen = link;
        }
        if (!chosen) throw new Error(`road path broken between ${u} and ${v}`);
        const d = chosen.data;
        seconds += cost(chosen);
        if (d.part) {
          const { edge, f0, f1, snap, index } = d.part;
          if (u === START) [from, start] = [snap, index];
          if (v === END) to = snap;
          lengthM += d.lengthM ?? 0;
          push(this.slice(edge, f0, f1, u === START ? snap.point : undefined, v === END ? snap.point : undefined));
        } else {
          lengthM += this.lengthM[d.edge]!;
          push(this.slice(d.edge, d.forward ? 0 : 1, d.forward ? 1 : 0));
        }
      }
      if (direct && direct.total <= seconds) return { route: direct.route, start: direct.start };
      const route = { lengthM: round1(lengthM), seconds: round1(seconds - offsets[start]!), coordinates, from, to };
      return { route, start };
    } finally {
      if (tally) tally.followed += Math.min(followed, cap);
      g.removeNode(START);
      g.removeNode(END);
    }
  }

  /** The edge's line from fraction f0 to f1 (reversed when f1 < f0), with the given exact end points. */
  private slice(e: number, f0: number, f1: number, start?: LonLat, end?: LonLat): LonLat[] {
    const first = this.vertexStart[e]!;
    const last = this.vertexStart[e + 1]! - 1;
    const total = this.along[last]!;
    const [lo, hi] = [Math.min(f0, f1) * total, Math.max(f0, f1) * total];
    const point = (w: number): LonLat => [this.lonLat[2 * w]!, this.lonLat[2 * w + 1]!];
    const at = (d: number): LonLat => {
      let w = first;
      while (w < last - 1 && this.along[w + 1]! < d) w++;
      const seg = this.along[w + 1]! - this.along[w]!;
      const t = seg === 0 ? 0 : Math.max(0, Math.min(1, (d - this.along[w]!) / seg));
      const x = this.xy[2 * w]! + t * (this.xy[2 * w + 2]! - this.xy[2 * w]!);
      const y = this.xy[2 * w + 1]! + t * (this.xy[2 * w + 3]! - this.xy[2 * w + 1]!);
      return this.unproject(x, y);
    };
    const line: LonLat[] = [lo <= 0 ? point(first) : at(lo)];
    for (let w = first + 1; w < last; w++) if (this.along[w]! > lo && this.along[w]! < hi) line.push(point(w));
    line.push(hi >= total ? point(last) : at(hi));
    if (f1 < f0) line.reverse();
    if (start) line[0] = start;
    if (end) line[line.length - 1] = end;
    return line;
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
