/**
 * Free-flow speeds by road class, km/h, for each routing profile. The source carries no speeds, so these
 * are the platform's assumptions for Hanoi: the legal limits (60 km/h on urban divided roads, 80–90 on
 * expressways) lowered for the mixed, motorcycle-heavy traffic of the city; a bus a little slower than a
 * car (it stops, it is long); an emergency vehicle a little faster (others give way). Not measured: no
 * live or historical traffic is used. docs/roads.md has the table.
 */
export type RoadProfile = 'car' | 'bus' | 'emergency';
export const ROAD_PROFILES: readonly RoadProfile[] = ['car', 'bus', 'emergency'];

export type RoadClass =
  | 'motorway'
  | 'motorway_link'
  | 'trunk'
  | 'trunk_link'
  | 'primary'
  | 'primary_link'
  | 'secondary'
  | 'secondary_link'
  | 'tertiary'
  | 'tertiary_link'
  | 'minor'
  | 'service';

export const ROAD_SPEEDS_KMH: Readonly<Record<RoadClass, Readonly<Record<RoadProfile, number>>>> = {
  motorway: { car: 80, bus: 70, emergency: 90 },
  motorway_link: { car: 50, bus: 40, emergency: 55 },
  trunk: { car: 60, bus: 50, emergency: 70 },
  trunk_link: { car: 40, bus: 35, emergency: 45 },
  primary: { car: 40, bus: 30, emergency: 50 },
  primary_link: { car: 30, bus: 25, emergency: 35 },
  secondary: { car: 35, bus: 28, emergency: 45 },
  secondary_link: { car: 25, bus: 20, emergency: 30 },
  tertiary: { car: 30, bus: 25, emergency: 40 },
  tertiary_link: { car: 25, bus: 20, emergency: 30 },
  minor: { car: 20, bus: 15, emergency: 25 },
  service: { car: 10, bus: 8, emergency: 12 },
};

/** The speed of a class the table does not know (a newer source): that of a minor street. */
export const speedKmh = (cls: string, profile: RoadProfile): number =>
  (ROAD_SPEEDS_KMH as Record<string, Record<RoadProfile, number>>)[cls]?.[profile] ?? ROAD_SPEEDS_KMH.minor[profile];
