import type {
  ServiceAlertInput,
  TripUpdateInput,
  VehiclePositionInput,
} from '../../src/modules/transit/realtime/index.js';

/**
 * Sample inputs of the GTFS-Realtime feeds: buses spread over central Hanoi on numbered routes, each
 * with predictions for its next stops, and a few alerts. Deterministic for a given `now`.
 */

const CENTRE = { lat: 21.0287, lon: 105.8522 };

export function sampleVehicles(count: number, now: Date, ageSeconds = 10): VehiclePositionInput[] {
  return Array.from({ length: count }, (_, i) => ({
    vehicle: { id: `29B-${String(10_000 + i)}`, label: `${String(1 + (i % 99)).padStart(2, '0')}-${i}` },
    trip: {
      tripId: `${String(1 + (i % 99)).padStart(2, '0')}_${1 + (i % 2)}-${String(500 + (i % 1700)).padStart(4, '0')}`,
      routeId: String(1 + (i % 99)).padStart(2, '0'),
      directionId: (i % 2) as 0 | 1,
    },
    position: {
      lat: CENTRE.lat + ((i * 37) % 200) / 2000 - 0.05,
      lon: CENTRE.lon + ((i * 53) % 200) / 2000 - 0.05,
      bearing: (i * 17) % 360,
      speed: (i % 12) + 0.5,
    },
    currentStopSequence: 1 + (i % 30),
    stopId: `S${i % 500}`,
    currentStatus: 'IN_TRANSIT_TO',
    timestamp: new Date(now.getTime() - ageSeconds * 1000),
    occupancyStatus: 'MANY_SEATS_AVAILABLE',
  }));
}

/** One trip per vehicle, `stops` upcoming stops each, a stop every 2 minutes, dwelling 20 s. */
export function sampleTripUpdates(count: number, stops: number, now: Date, ageSeconds = 5): TripUpdateInput[] {
  const t0 = Math.floor(now.getTime() / 1000);
  return sampleVehicles(count, now).map((v, i) => {
    const delay = (i % 7) * 30 - 60;
    const first = v.currentStopSequence ?? 1;
    return {
      trip: { ...v.trip, scheduleRelationship: 'SCHEDULED' as const },
      vehicle: { id: v.vehicle.id },
      timestamp: new Date(now.getTime() - ageSeconds * 1000),
      delay,
      stopTimeUpdates: Array.from({ length: stops }, (_, k) => {
        const arrival = t0 + 60 + k * 120 + (i % 60);
        return {
          stopSequence: first + k,
          stopId: `S${(i + k) % 500}`,
          arrival: { delay, time: new Date(arrival * 1000), uncertainty: 30 + k * 10 },
          departure: { delay, time: new Date((arrival + 20) * 1000), uncertainty: 30 + k * 10 },
        };
      }),
    };
  });
}

export function sampleAlerts(now: Date): ServiceAlertInput[] {
  const hour = 3_600_000;
  return [
    {
      id: 'alert-phung-hung',
      activePeriods: [{ start: new Date(now.getTime() - hour), end: new Date(now.getTime() + 2 * hour) }],
      informedEntities: [{ routeId: '09' }, { stopId: 'S12' }],
      cause: 'CONSTRUCTION',
      effect: 'DETOUR',
      severity: 'WARNING',
      header: { vi: 'Tuyến 09 đi vòng qua phố Phùng Hưng', en: 'Route 09 detours via Phung Hung street' },
      description: {
        vi: 'Thi công trên phố Hàng Bông; điểm dừng S12 tạm dời 200 m.',
        en: 'Works on Hang Bong street; stop S12 moved 200 m.',
      },
      url: { vi: 'https://example.org/vi/tb/09', en: 'https://example.org/en/notice/09' },
    },
    {
      id: 'alert-tet',
      activePeriods: [{ start: new Date(now.getTime() + 24 * hour) }],
      informedEntities: [{ agencyId: 'HANOIBUS', routeType: 3 }],
      cause: 'HOLIDAY',
      effect: 'REDUCED_SERVICE',
      severity: 'INFO',
      header: { vi: 'Giảm chuyến dịp Tết', en: 'Fewer buses over Tet' },
    },
    {
      id: 'alert-ended',
      activePeriods: [{ start: new Date(now.getTime() - 3 * hour), end: new Date(now.getTime() - hour) }],
      informedEntities: [{ routeId: '01', directionId: 0 }],
      effect: 'SIGNIFICANT_DELAYS',
      header: { vi: 'Chậm chuyến tuyến 01', en: 'Route 01 delayed' },
    },
  ];
}
