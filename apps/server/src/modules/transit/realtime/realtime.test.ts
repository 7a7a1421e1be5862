import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { checkFeed, decodeFeed } from '../../../../test/support/gtfs-rt-rules.js';
import { sampleAlerts, sampleTripUpdates, sampleVehicles } from '../../../../test/support/gtfs-rt-samples.js';
import { encodeEntities, tripUpdateEntities } from './build.js';
import { encodeTripUpdateEntities } from './trip-update-encoding.js';
import {
  serviceAlertsPublisher,
  tripUpdatesPublisher,
  vehiclePositionsPublisher,
  type FeedResponse,
  type VehiclePositionInput,
} from './index.js';

const NOW = new Date('2026-12-04T08:15:30.400Z');
const T = Math.floor(NOW.getTime() / 1000);
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const bodyOf = (r: FeedResponse): Buffer => {
  assert.equal(r.status, 200);
  assert.ok(Buffer.isBuffer(r.body), 'Buffer.isBuffer(r.body)');
  return r.body;
};

describe('GTFS-Realtime feeds built from plain inputs', () => {
  it('VehiclePositions: every vehicle, as given, and no rule broken', () => {
    const inputs = sampleVehicles(50, NOW);
    const feed = vehiclePositionsPublisher().publish(inputs, NOW);
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
    const decoded = decodeFeed(feed.bytes);
    assert.deepEqual(decoded.header, { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp: T });
    assert.equal(decoded.entity?.length, 50);
    const first = inputs[0]!;
    const json = JSON.parse(feed.json()) as { entity: { id: string; vehicle: Record<string, unknown> }[] };
    const v = json.entity.find((e) => e.id === first.vehicle.id)!.vehicle;
    assert.deepEqual(v['vehicle'], first.vehicle);
    assert.deepEqual(v['trip'], first.trip);
    assert.equal((v['position'] as { latitude: number }).latitude, Math.fround(first.position.lat));
    assert.equal(v['currentStatus'], 'IN_TRANSIT_TO');
    assert.equal(v['occupancyStatus'], 'MANY_SEATS_AVAILABLE');
    assert.equal(v['timestamp'], T - 10);
    assert.equal(v['stopId'], first.stopId);
  });

  it('TripUpdates: 20 predicted stops a trip, times in POSIX seconds, and no rule broken', () => {
    const inputs = sampleTripUpdates(40, 20, NOW);
    const feed = tripUpdatesPublisher().publish(inputs, NOW);
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
    const decoded = decodeFeed(feed.bytes);
    assert.equal(decoded.entity?.length, 40);
    const tu = decoded.entity[0]!.tripUpdate!;
    const given = inputs[0]!;
    assert.equal(tu.trip.tripId, given.trip.tripId);
    assert.equal(tu.stopTimeUpdate?.length, 20);
    assert.equal(tu.stopTimeUpdate[0]!.arrival!.time, given.stopTimeUpdates[0]!.arrival!.time!.getTime() / 1000);
    assert.equal(tu.timestamp, T - 5);
    const json = JSON.parse(feed.json()) as { entity: { tripUpdate: Record<string, unknown> }[] };
    assert.equal(json.entity[0]!.tripUpdate['delay'], given.delay);
    assert.equal((json.entity[0]!.tripUpdate['trip'] as Record<string, unknown>)['scheduleRelationship'], 'SCHEDULED');
  });

  it('TripUpdates: a predicted time goes out without its delay (readers take the time); a delay alone stays', () => {
    const [trip] = sampleTripUpdates(1, 2, NOW);
    const delayOnly = {
      stopSequence: 40,
      stopId: 'S40',
      arrival: { delay: -45, uncertainty: 60 },
      departure: { delay: 0 },
    };
    const feed = tripUpdatesPublisher().publish(
      [{ ...trip!, stopTimeUpdates: [...trip!.stopTimeUpdates, delayOnly] }],
      NOW,
    );
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
    const [first, second, third] = decodeFeed(feed.bytes).entity![0]!.tripUpdate!.stopTimeUpdate!;
    const given = trip!.stopTimeUpdates[0]!;
    assert.deepEqual(first!.arrival, {
      time: given.arrival!.time!.getTime() / 1000,
      uncertainty: given.arrival!.uncertainty,
    });
    assert.deepEqual(first!.departure, {
      time: given.departure!.time!.getTime() / 1000,
      uncertainty: given.departure!.uncertainty,
    });
    assert.equal(second!.arrival!.delay, undefined);
    assert.deepEqual([third!.arrival, third!.departure], [{ delay: -45, uncertainty: 60 }, { delay: 0 }]);
  });

  it('TripUpdates: stop time updates given out of order are published in the order of the trip', () => {
    const [trip] = sampleTripUpdates(1, 4, NOW);
    const shuffled = { ...trip!, stopTimeUpdates: [3, 0, 2, 1].map((k) => trip!.stopTimeUpdates[k]!) };
    const feed = tripUpdatesPublisher().publish([shuffled], NOW);
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
    const sequences = decodeFeed(feed.bytes).entity![0]!.tripUpdate!.stopTimeUpdate!.map((u) => u.stopSequence);
    assert.deepEqual(
      sequences,
      trip!.stopTimeUpdates.map((u) => u.stopSequence),
    );
  });

  it('TripUpdates: a running trip with nothing to predict is left out, a cancelled one is published', () => {
    const [running, cancelled] = sampleTripUpdates(2, 0, NOW);
    const feed = tripUpdatesPublisher().publish(
      [running!, { ...cancelled!, trip: { ...cancelled!.trip, scheduleRelationship: 'CANCELED' } }],
      NOW,
    );
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
    assert.deepEqual(
      decodeFeed(feed.bytes).entity?.map((e) => e.tripUpdate?.trip.scheduleRelationship),
      ['CANCELED'],
    );
  });

  it('TripUpdates: two runs of a trip by frequencies on one day are two entities, each with its start time', () => {
    const [run] = sampleTripUpdates(1, 3, NOW);
    const at = (startTime: string) => ({ ...run!, trip: { ...run!.trip, startDate: '20261204', startTime } });
    const feed = tripUpdatesPublisher().publish([at('25:00:00'), at('25:20:00')], NOW);
    const entities = decodeFeed(feed.bytes).entity ?? [];
    assert.deepEqual(entities.map((e) => e.tripUpdate?.trip.startTime).sort(), ['25:00:00', '25:20:00']);
    assert.equal(new Set(entities.map((e) => e.id)).size, 2);
  });

  it('Alerts: in Vietnamese and English, every informed entity kind; an ended alert is left out', () => {
    const feed = serviceAlertsPublisher().publish(sampleAlerts(NOW), NOW);
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
    const json = JSON.parse(feed.json()) as { entity: { id: string; alert: Record<string, unknown> }[] };
    assert.deepEqual(
      json.entity.map((e) => e.id),
      ['alert-phung-hung', 'alert-tet'],
    );
    const alert = json.entity[0]!.alert;
    assert.equal(alert['cause'], 'CONSTRUCTION');
    assert.equal(alert['effect'], 'DETOUR');
    assert.equal(alert['severityLevel'], 'WARNING');
    assert.deepEqual(alert['headerText'], {
      translation: [
        { text: 'Tuyến 09 đi vòng qua phố Phùng Hưng', language: 'vi' },
        { text: 'Route 09 detours via Phung Hung street', language: 'en' },
      ],
    });
    assert.deepEqual(
      (alert['url'] as { translation: { language: string }[] }).translation.map((t) => t.language),
      ['vi', 'en'],
    );
    assert.deepEqual(alert['informedEntity'], [{ routeId: '09' }, { stopId: 'S12' }]);
    assert.deepEqual(json.entity[1]!.alert['informedEntity'], [{ agencyId: 'HANOIBUS', routeType: 3 }]);
    assert.deepEqual(json.entity[1]!.alert['activePeriod'], [{ start: T + 86_400 }]);
  });

  it('JSON: the same FeedMessage, names in lowerCamelCase, enums by name, times as numbers', () => {
    const feed = vehiclePositionsPublisher().publish(sampleVehicles(3, NOW), NOW);
    const json = JSON.parse(feed.json()) as Record<string, unknown>;
    assert.deepEqual(json['header'], { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp: T });
    assert.deepEqual(json, decodeFeed(feed.bytes));
  });
});

describe('the TripUpdates encoder', () => {
  it('writes the very bytes the binding writes, whatever fields are set', () => {
    const trips = sampleTripUpdates(30, 12, NOW);
    trips.push(
      {
        trip: { tripId: 'Tuyến-Đông_Anh', startDate: '20261204', startTime: '25:10:00', directionId: 1 },
        vehicle: { id: 'xe-đêm', label: 'Số 7', licensePlate: '29B-123.45' },
        timestamp: NOW,
        delay: -2_000_000,
        stopTimeUpdates: [
          { stopId: 'Bến-Yên-Nghĩa', scheduleRelationship: 'SKIPPED' },
          { stopSequence: 300_000, arrival: { delay: -45 }, scheduleRelationship: 'NO_DATA' },
          { stopSequence: 300_001, departure: { time: later(100_000_000), uncertainty: 0 } },
          { stopSequence: 300_002, arrival: { delay: 90, uncertainty: 15 }, departure: { delay: 90 } },
        ],
      },
      { trip: { tripId: 'gone', scheduleRelationship: 'CANCELED' }, timestamp: NOW, stopTimeUpdates: [] },
    );
    const { entities } = tripUpdateEntities(trips, T);
    assert.equal(entities.length, 32);
    assert.deepEqual(Buffer.from(encodeTripUpdateEntities(entities)), Buffer.from(encodeEntities(entities)));
  });

  it('refuses an entity it does not know rather than write it wrong', () => {
    assert.throws(() => encodeTripUpdateEntities([{ id: 'bus', vehicle: {} }]), /not one this encoder knows/);
  });
});

describe('freshness', () => {
  const bus = (id: string, ageSeconds: number): VehiclePositionInput => ({
    ...sampleVehicles(1, NOW)[0]!,
    vehicle: { id },
    timestamp: new Date(NOW.getTime() - ageSeconds * 1000),
  });
  const ids = (bytes: Buffer) => decodeFeed(bytes).entity?.map((e) => e.id) ?? [];

  it('vehicles heard from more than 90 s ago, or more than a minute ahead of the clock, are left out', () => {
    const feed = vehiclePositionsPublisher().publish(
      [bus('fresh', 0), bus('at-90', 90.4), bus('at-91', 91.5), bus('ahead-30', -30), bus('ahead-61', -61.5)],
      NOW,
    );
    assert.deepEqual(ids(feed.bytes), ['fresh', 'at-90', 'ahead-30']);
    // A vehicle's clock a little ahead moves the header with it (E012 holds).
    assert.equal(feed.timestamp, T + 30);
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: NOW }), []);
  });

  it('predictions older than 90 s are left out', () => {
    const [fresh, stale] = sampleTripUpdates(2, 3, NOW);
    const feed = tripUpdatesPublisher().publish([fresh!, { ...stale!, timestamp: later(-95) }], NOW);
    assert.deepEqual(ids(feed.bytes), [fresh!.trip.tripId]);
  });

  it('one entity per vehicle: its latest report', () => {
    const feed = vehiclePositionsPublisher().publish([bus('a', 20), bus('a', 5), bus('a', 30)], NOW);
    const decoded = decodeFeed(feed.bytes);
    assert.equal(decoded.entity?.length, 1);
    assert.equal(decoded.entity[0]!.vehicle!.timestamp, T - 5);
  });

  it('a position that is no place, or a bearing past 360, is not published', () => {
    const good = bus('good', 1);
    const feed = vehiclePositionsPublisher().publish(
      [
        good,
        { ...bus('nowhere', 1), position: { lat: 0, lon: 0 } },
        { ...bus('swapped', 1), position: { lat: 105.85, lon: 21.03 } },
        { ...bus('spinning', 1), position: { ...good.position, bearing: 400 } },
      ],
      NOW,
    );
    assert.deepEqual(ids(feed.bytes), ['good']);
  });
});

describe('the header timestamp', () => {
  it('never goes back, even when the clock does, and moves whenever the content changes', () => {
    const publisher = vehiclePositionsPublisher();
    const first = publisher.publish(sampleVehicles(5, NOW), NOW);
    // The clock goes back a minute and the buses move: the header goes forward all the same.
    const second = publisher.publish(sampleVehicles(5, later(-60)), later(-60));
    assert.equal(second.timestamp, first.timestamp + 1);
    assert.deepEqual(checkFeed(second.bytes, { previous: first.bytes }), []);
    // Same second, new content: a new second (E017).
    const third = publisher.publish(sampleVehicles(6, later(-60)), later(-60));
    assert.equal(third.timestamp, second.timestamp + 1);
    assert.deepEqual(checkFeed(third.bytes, { previous: second.bytes }), []);
    // The clock comes back: it leads again.
    const fourth = publisher.publish(sampleVehicles(6, later(20)), later(20));
    assert.equal(fourth.timestamp, T + 20);
    assert.deepEqual(checkFeed(fourth.bytes, { previous: third.bytes, fetchedAt: later(20) }), []);
  });

  it('stays with unchanged content (same bytes, same ETag) until the feed is 30 s old', () => {
    const publisher = serviceAlertsPublisher({ refreshSeconds: 5 });
    const first = publisher.publish(sampleAlerts(NOW), NOW);
    const same = publisher.publish(sampleAlerts(NOW), later(29));
    assert.equal(same, first);
    const restamped = publisher.publish(sampleAlerts(NOW), later(30));
    assert.equal(restamped.timestamp, T + 30);
    assert.notEqual(restamped.etag, first.etag);
    assert.deepEqual(checkFeed(restamped.bytes, { previous: first.bytes, fetchedAt: later(30) }), []);
    // A shorter restamp may be asked for, a longer one not (W007 would follow).
    assert.equal(serviceAlertsPublisher({ restampSeconds: 60 }).restampSeconds, 30);
  });
});

describe('conditional requests', () => {
  const publisher = vehiclePositionsPublisher({ refreshSeconds: 5 });
  const feed = publisher.publish(sampleVehicles(3, NOW), NOW);
  const lastModified = new Date(T * 1000).toUTCString();

  it('200: the protobuf with a strong ETag, Last-Modified at the header timestamp, Cache-Control', () => {
    const r = publisher.respond({}, 'protobuf');
    assert.deepEqual(bodyOf(r), feed.bytes);
    assert.match(r.headers['etag']!, /^"[\w-]{43}"$/);
    assert.equal(r.headers['last-modified'], lastModified);
    assert.equal(r.headers['cache-control'], 'public, max-age=5');
    assert.equal(r.headers['content-type'], 'application/x-protobuf');
    const j = publisher.respond({}, 'json');
    assert.equal(j.body, feed.json());
    assert.equal(j.headers['content-type'], 'application/json; charset=utf-8');
    assert.notEqual(j.headers['etag'], r.headers['etag']);
  });

  it('304 for If-None-Match naming the current ETag (of its own format), with the validators', () => {
    const { etag } = publisher.respond({}, 'protobuf').headers;
    const r = publisher.respond({ 'if-none-match': `"other", ${etag}` }, 'protobuf');
    assert.equal(r.status, 304);
    assert.equal(r.body, undefined);
    assert.equal(r.headers['etag'], etag);
    assert.equal(r.headers['last-modified'], lastModified);
    assert.equal(publisher.respond({ 'if-none-match': `W/${etag}` }, 'protobuf').status, 304);
    assert.equal(publisher.respond({ 'if-none-match': etag }, 'json').status, 200);
    const jsonTag = publisher.respond({}, 'json').headers['etag']!;
    assert.equal(publisher.respond({ 'if-none-match': jsonTag }, 'json').status, 304);
  });

  it('304 for If-Modified-Since at or after the header timestamp, to the second; 200 before it', () => {
    assert.equal(publisher.respond({ 'if-modified-since': lastModified }, 'protobuf').status, 304);
    assert.equal(publisher.respond({ 'if-modified-since': later(90).toUTCString() }, 'json').status, 304);
    assert.equal(publisher.respond({ 'if-modified-since': later(-1).toUTCString() }, 'protobuf').status, 200);
    assert.equal(publisher.respond({ 'if-modified-since': 'yesterday' }, 'protobuf').status, 200);
  });

  it('brotli or gzip as accepted, compressed once per build; each coding its own ETag, any of them 304', async () => {
    const p = tripUpdatesPublisher();
    const built = p.publish(sampleTripUpdates(20, 20, NOW), NOW);
    // The compression started with the build and is not made yet: answered as it is meanwhile.
    const first = p.respond({ 'accept-encoding': 'gzip' }, 'protobuf');
    assert.equal(first.headers['content-encoding'], undefined);
    assert.deepEqual(first.body, built.bytes);
    await p.ready({ 'accept-encoding': 'gzip' }, 'protobuf');
    const zipped = p.respond({ 'accept-encoding': 'gzip' }, 'protobuf');
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['vary'], 'Accept-Encoding');
    assert.match(zipped.headers['etag']!, /-gzip"$/);
    assert.deepEqual(gunzipSync(bodyOf(zipped)), built.bytes);
    // The same compressed bytes for every request of the build, not compressed again.
    assert.equal(p.respond({ 'accept-encoding': 'gzip' }, 'protobuf').body, zipped.body);
    await p.ready({ 'accept-encoding': 'gzip, deflate, br' }, 'protobuf');
    const br = p.respond({ 'accept-encoding': 'gzip, deflate, br' }, 'protobuf');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(br.headers['etag']!, /-br"$/);
    assert.deepEqual(brotliDecompressSync(bodyOf(br)), built.bytes);
    assert.equal(p.respond({ 'accept-encoding': 'br;q=0.5, gzip' }, 'protobuf').headers['content-encoding'], 'gzip');
    // Any coding's ETag is this content's.
    for (const tag of [first, zipped, br].map((r) => r.headers['etag']!)) {
      assert.equal(p.respond({ 'accept-encoding': 'gzip', 'if-none-match': tag }, 'protobuf').status, 304, tag);
      assert.equal(p.respond({ 'if-none-match': tag }, 'protobuf').status, 304, tag);
    }
    assert.equal(
      new Set([first, zipped, br].map((r) => r.headers['etag'])).size,
      3,
      'three representations, three ETags',
    );
    assert.equal(
      p.respond({ 'accept-encoding': 'gzip;q=0, deflate' }, 'protobuf').headers['content-encoding'],
      undefined,
    );
    await p.ready({ 'accept-encoding': 'gzip' }, 'json');
    const json = p.respond({ 'accept-encoding': 'gzip' }, 'json');
    assert.equal(json.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(bodyOf(json)).toString(), built.json());
    // A new build is compressed anew.
    const next = p.publish(sampleTripUpdates(21, 20, NOW), NOW);
    await p.ready({ 'accept-encoding': 'gzip' }, 'protobuf');
    assert.deepEqual(gunzipSync(bodyOf(p.respond({ 'accept-encoding': 'gzip' }, 'protobuf'))), next.bytes);
  });

  it('If-None-Match decides when both are given', () => {
    const r = publisher.respond({ 'if-none-match': '"old"', 'if-modified-since': lastModified }, 'protobuf');
    assert.equal(r.status, 200);
  });

  it('200 with the new feed once its content changed, whatever was cached', () => {
    const p = vehiclePositionsPublisher();
    p.publish(sampleVehicles(3, NOW), NOW);
    const before = p.respond({}, 'protobuf').headers;
    const changed = p.publish(sampleVehicles(4, NOW), NOW);
    const r = p.respond({ 'if-none-match': before['etag'], 'if-modified-since': before['last-modified'] }, 'protobuf');
    assert.deepEqual(bodyOf(r), changed.bytes);
    assert.equal(r.headers['last-modified'], new Date((T + 1) * 1000).toUTCString());
    const onlyDate = p.respond({ 'if-modified-since': before['last-modified'] }, 'protobuf');
    assert.equal(onlyDate.status, 200);
  });
});
