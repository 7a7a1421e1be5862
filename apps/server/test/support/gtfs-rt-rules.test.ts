import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import bindings from 'gtfs-realtime-bindings';
import { checkFeed, type RuleId, type RuleOptions } from './gtfs-rt-rules.js';

/** Each rule of the oracle fires on a feed crafted to break it, and only it; a good feed passes all. */

const rt = bindings.transit_realtime;
type Message = bindings.transit_realtime.IFeedMessage;

const T = 1_780_000_000; // 2026-05-28, POSIX seconds
const FETCHED = new Date((T + 5) * 1000);

/** A good feed with one of everything: a bus, its trip's predictions, an alert. */
function goodFeed(): Message {
  return {
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: T },
    entity: [
      {
        id: 'bus-29B-10001',
        vehicle: {
          trip: { tripId: '01_1-0815', routeId: '01' },
          vehicle: { id: '29B-10001', label: '01-12' },
          position: { latitude: 21.0287, longitude: 105.8522, bearing: 90, speed: 8 },
          stopId: 'S1',
          timestamp: T - 10,
        },
      },
      {
        id: '01_1-0815',
        tripUpdate: {
          trip: { tripId: '01_1-0815', routeId: '01' },
          vehicle: { id: '29B-10001' },
          timestamp: T - 5,
          stopTimeUpdate: [
            { stopSequence: 3, stopId: 'S1', arrival: { time: T + 60 }, departure: { time: T + 90 } },
            { stopSequence: 4, stopId: 'S2', arrival: { time: T + 200 }, departure: { time: T + 200 } },
            { stopSequence: 6, stopId: 'S3', arrival: { delay: 120, time: T + 400 } },
          ],
        },
      },
      {
        id: 'alert-1',
        alert: {
          activePeriod: [{ start: T - 3600, end: T + 7200 }],
          informedEntity: [{ routeId: '01', stopId: 'S2' }],
          headerText: { translation: [{ text: 'Điểm dừng tạm dời', language: 'vi' }] },
        },
      },
    ],
  };
}

const encode = (m: Message): Uint8Array => rt.FeedMessage.encode(m).finish();
const rules = (m: Message, options: RuleOptions = { fetchedAt: FETCHED }): RuleId[] =>
  [...new Set(checkFeed(encode(m), options).map((v) => v.rule))].sort();

/** The good feed changed by `change`. */
function broken(change: (m: Message & { entity: bindings.transit_realtime.IFeedEntity[] }) => void) {
  const m = goodFeed() as Message & { entity: bindings.transit_realtime.IFeedEntity[] };
  change(m);
  return m;
}
const vehicleOf = (m: { entity: bindings.transit_realtime.IFeedEntity[] }) =>
  m.entity[0]!.vehicle as bindings.transit_realtime.IVehiclePosition & {
    position: bindings.transit_realtime.IPosition;
  };
const updatesOf = (m: { entity: bindings.transit_realtime.IFeedEntity[] }) =>
  m.entity[1]!.tripUpdate!.stopTimeUpdate as bindings.transit_realtime.TripUpdate.IStopTimeUpdate[] &
    {
      arrival: bindings.transit_realtime.TripUpdate.IStopTimeEvent;
    }[];

const STATIC = {
  tripIds: new Set(['01_1-0815']),
  routeIds: new Set(['01']),
  stopIds: new Set(['S1', 'S2', 'S3']),
  bbox: { west: 105.28, south: 20.56, east: 106.02, north: 21.39 },
};

describe('the GTFS-Realtime rule oracle', () => {
  it('finds nothing wrong in a good feed, with or without the static feed and a previous fetch', () => {
    assert.deepEqual(rules(goodFeed()), []);
    const previous = encode({ ...goodFeed(), header: { ...goodFeed().header, timestamp: T - 30 } });
    assert.deepEqual(rules(goodFeed(), { fetchedAt: FETCHED, previous, known: STATIC }), []);
  });

  const cases: [RuleId, string, (m: Message & { entity: bindings.transit_realtime.IFeedEntity[] }) => void][] = [
    ['E001', 'a time in milliseconds', (m) => (m.entity[2]!.alert!.activePeriod![0]!.end = (T + 7200) * 1000)],
    ['E002', 'stop sequences out of order', (m) => (updatesOf(m)[1]!.stopSequence = 3)],
    ['E012', 'a vehicle newer than its header', (m) => (vehicleOf(m).timestamp = T + 1)],
    ['E022', 'arriving at the next stop before leaving the last', (m) => (updatesOf(m)[1]!.arrival.time = T + 80)],
    ['E025', 'leaving before arriving', (m) => (updatesOf(m)[0]!.departure!.time = T + 50)],
    ['E026', 'a latitude off the Earth', (m) => (vehicleOf(m).position.latitude = 121.0287)],
    ['E026', 'the (0, 0) of a missing fix', (m) => (vehicleOf(m).position = { latitude: 0, longitude: 0 })],
    ['E027', 'a bearing past 360', (m) => (vehicleOf(m).position.bearing = 361)],
    ['E032', 'an alert about nothing', (m) => (m.entity[2]!.alert!.informedEntity = [])],
    ['E038', 'version 3.0', (m) => (m.header.gtfsRealtimeVersion = '3.0')],
    ['E041', 'a running trip with no predictions', (m) => (m.entity[1]!.tripUpdate!.stopTimeUpdate = [])],
    [
      'E048',
      'no header timestamp',
      (m) => (m.header = { gtfsRealtimeVersion: '2.0', incrementality: m.header.incrementality ?? null }),
    ],
    ['E049', 'no incrementality', (m) => (m.header = { gtfsRealtimeVersion: '2.0', timestamp: T })],
    [
      'E050',
      'a header two minutes ahead of the fetch',
      (m) => {
        m.header.timestamp = T + 125;
      },
    ],
    [
      'E052',
      'two entities for one bus',
      (m) => m.entity.push({ ...m.entity[0]!, id: 'bus-again', vehicle: { ...vehicleOf(m) } }),
    ],
    ['W008', 'a header 70 s old at the fetch', (m) => (m.header.timestamp = T - 65)],
  ];
  for (const [rule, what, change] of cases) {
    it(`${rule} fires on ${what}, and alone`, () => {
      // The data's own times move with a header moved back, so that only the rule under test fires.
      const m = broken(change);
      if (rule === 'W008') {
        vehicleOf(m).timestamp = T - 70;
        m.entity[1]!.tripUpdate!.timestamp = T - 70;
      }
      assert.deepEqual(rules(m), [rule]);
    });
  }

  it('a cancelled trip may have no predictions (E041 stays silent)', () => {
    const m = broken((f) => {
      f.entity[1]!.tripUpdate!.stopTimeUpdate = [];
      f.entity[1]!.tripUpdate!.trip.scheduleRelationship = rt.TripDescriptor.ScheduleRelationship.CANCELED;
    });
    assert.deepEqual(rules(m), []);
  });

  it('predictions and alert periods may lie far ahead of the fetch (E050 is for the data’s own times)', () => {
    const m = broken((f) => {
      f.entity[2]!.alert!.activePeriod = [{ start: T + 86_400 }];
    });
    assert.deepEqual(rules(m), []);
  });

  describe('between two successive fetches', () => {
    const at = (
      timestamp: number,
      change?: (m: Message & { entity: bindings.transit_realtime.IFeedEntity[] }) => void,
    ) => encode(broken((m) => ((m.header.timestamp = timestamp), change?.(m))));
    it('E017: the content changed, the header timestamp did not', () => {
      const changed = broken((m) => (vehicleOf(m).position.latitude = 21.03));
      assert.deepEqual(rules(changed, { fetchedAt: FETCHED, previous: at(T) }), ['E017']);
      assert.deepEqual(rules(goodFeed(), { fetchedAt: FETCHED, previous: at(T) }), []);
    });
    it('E018: the header timestamp went back', () => {
      assert.deepEqual(rules(goodFeed(), { fetchedAt: FETCHED, previous: at(T + 1) }), ['E018']);
    });
    it('W007: more than 35 s between two feeds', () => {
      assert.deepEqual(rules(goodFeed(), { fetchedAt: FETCHED, previous: at(T - 36) }), ['W007']);
      assert.deepEqual(rules(goodFeed(), { fetchedAt: FETCHED, previous: at(T - 35) }), []);
    });
  });

  describe('against the static feed', () => {
    const withStatic = (m: Message) => rules(m, { fetchedAt: FETCHED, known: STATIC });
    it('E003: a trip the timetable does not have (an ADDED one may not be there)', () => {
      const m = broken((f) => (f.entity[1]!.tripUpdate!.trip.tripId = '99_1-0000'));
      assert.deepEqual(withStatic(m), ['E003']);
      m.entity[1]!.tripUpdate!.trip.scheduleRelationship = rt.TripDescriptor.ScheduleRelationship.ADDED;
      assert.deepEqual(withStatic(m), []);
    });
    it('E004: a route the timetable does not have, in a trip or an alert', () => {
      assert.deepEqual(withStatic(broken((f) => (vehicleOf(f).trip!.routeId = '99'))), ['E004']);
      assert.deepEqual(withStatic(broken((f) => (f.entity[2]!.alert!.informedEntity = [{ routeId: '99' }]))), ['E004']);
    });
    it('E011: a stop the timetable does not have', () => {
      assert.deepEqual(withStatic(broken((f) => (updatesOf(f)[2]!.stopId = 'S9'))), ['E011']);
    });
    it('E028: a bus outside the area the timetable covers', () => {
      const m = broken((f) => (vehicleOf(f).position = { latitude: 10.77, longitude: 106.7 }));
      assert.deepEqual(withStatic(m), ['E028']);
      assert.deepEqual(rules(m), []);
    });
  });
});
