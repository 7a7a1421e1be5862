import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { craftedFeed } from '../../../test/support/gtfs.js';
import { csvRecords } from './csv.js';
import { boardTimesOf, checkFeed, FEED_FILES } from './feed.js';
import { formatGtfsTime, isTimeZone, parseGtfsTime, type FeedIssue } from './model.js';
import { filesOfZip } from './source.js';

const check = (files: Record<string, string>) => checkFeed(new Map(Object.entries(files)));

/** The crafted feed with one file's lines changed. */
function broken(file: string, edit: (lines: string[]) => string[]): Record<string, string> {
  const feed = craftedFeed();
  const lines = (feed[file] ?? '').replace(/\r\n$/, '').split('\r\n');
  feed[file] = `${edit(lines).join('\r\n')}\r\n`;
  return feed;
}

const where = (i: FeedIssue) => `${i.file}:${i.line ?? '-'}:${i.field ?? '-'}`;

describe('the CSV reader', () => {
  it('reads a BOM, CRLF, quoted commas, doubled quotes, line breaks in quotes and blank lines', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\nlines",\n3,,last';
    assert.deepEqual(
      [...csvRecords(text)].map((r) => [r.line, ...r.fields]),
      [
        [1, 'a', 'b', 'c'],
        [2, '1', 'x, y', 'say "hi"'],
        [4, '2', 'two\nlines', ''],
        [6, '3', '', 'last'],
      ],
    );
  });
});

describe('the CSV reader’s bound', () => {
  it('stops at a record longer than allowed, naming its column, before building its field', () => {
    const text = `a,b\n1,2\n3,${'x'.repeat(50)}\n5,6\n`;
    assert.deepEqual(
      [...csvRecords(text, 20)],
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
        { line: 3, fields: ['3'], tooLong: 1 },
      ],
    );
    // A quoted field too, however its quotes end.
    assert.deepEqual([...csvRecords(`a\n"${'x'.repeat(50)}`, 20)].at(-1), { line: 2, fields: [], tooLong: 0 });
  });
});

describe('GTFS times', () => {
  it('count seconds from the service day’s start, past 24:00 too', () => {
    assert.equal(parseGtfsTime('25:35:00'), 92_100);
    assert.equal(parseGtfsTime('6:00:00'), 21_600);
    assert.equal(parseGtfsTime('08:60:00'), undefined);
    assert.equal(parseGtfsTime('8h00'), undefined);
    assert.equal(formatGtfsTime(92_100), '25:35:00');
  });

  it('take time zones by their IANA names only', () => {
    assert.ok(isTimeZone('Asia/Ho_Chi_Minh'), "isTimeZone('Asia/Ho_Chi_Minh')");
    assert.ok(isTimeZone('UTC'), "isTimeZone('UTC')");
    assert.ok(!isTimeZone('Asia/Hanoi'), "!isTimeZone('Asia/Hanoi')");
    assert.ok(!isTimeZone('+07:00'), "!isTimeZone('+07:00')");
    assert.ok(!isTimeZone('GMT+7 Hanoi'), "!isTimeZone('GMT+7 Hanoi')");
  });
});

describe('checking a feed', () => {
  it('accepts a feed written the way real ones are, and warns of columns it does not know', () => {
    const result = check(craftedFeed());
    assert.deepEqual(result.errors, []);
    const feed = result.feed;
    assert.ok(feed, 'feed');
    assert.equal(feed.timezone, 'Asia/Ho_Chi_Minh');
    assert.equal(feed.agencies[0]?.name, 'Hanoi Bus, Transerco');
    assert.equal(feed.stops.find((s) => s.id === 'S1')?.name, 'Bờ Hồ "Hoàn Kiếm"');
    assert.equal(feed.trips.find((t) => t.id === 'T1')?.headsign, 'Yên Nghĩa, via Long Biên');
    const late = feed.stopTimes.find((s) => s.tripId === 'T2' && s.sequence === 2);
    assert.deepEqual([late?.arrival, late?.departure], [92_100, 92_160]);
    assert.deepEqual(
      feed.frequencies.map((f) => [f.start, f.end, f.headwaySecs, f.exactTimes]),
      [
        [21_600, 32_400, 300, 1],
        [32_400, 88_200, 600, 0],
      ],
    );
    assert.deepEqual(
      result.warnings.map((w) => `${where(w)}`),
      ['agency.txt:1:operator_note', 'stops.txt:1:extra_col'],
    );
  });

  const cases: [string, Record<string, string>, string, RegExp][] = [
    [
      'a trip of a route that is not there',
      broken('trips.txt', (l) => [...l, 'R9,WK,T9,x,,0']),
      'trips.txt:5:route_id',
      /"R9" is not in routes.txt/,
    ],
    [
      'a trip of a service that is not there',
      broken('trips.txt', (l) => [...l, 'R1,NOPE,T9,x,,0']),
      'trips.txt:5:service_id',
      /NOPE/,
    ],
    [
      'a trip of a shape that is not there',
      broken('trips.txt', (l) => [...l, 'R1,WK,T9,x,SH9,0']),
      'trips.txt:5:shape_id',
      /SH9/,
    ],
    [
      'a stop time of a trip that is not there',
      broken('stop_times.txt', (l) => [...l, 'T9,09:00:00,09:00:00,S1,1,1']),
      'stop_times.txt:9:trip_id',
      /T9/,
    ],
    [
      'a stop time at a stop that is not there',
      broken('stop_times.txt', (l) => [...l, 'T3,06:30:00,06:30:00,S9,3,1']),
      'stop_times.txt:9:stop_id',
      /S9/,
    ],
    [
      'a departure before its arrival',
      broken('stop_times.txt', (l) => l.map((x) => x.replace('T1,08:20:00,08:21:00', 'T1,08:20:00,08:19:00'))),
      'stop_times.txt:4:departure_time',
      /before arrival_time/,
    ],
    [
      'a trip going back in time',
      broken('stop_times.txt', (l) => l.map((x) => x.replace('T1,08:20:00,08:21:00', 'T1,07:20:00,07:21:00'))),
      'stop_times.txt:4:arrival_time',
      /goes back in time/,
    ],
    [
      'a time in a bad format',
      broken('stop_times.txt', (l) => l.map((x) => x.replace('T3,06:15:00,06:15:00', 'T3,6.15,06:15:00'))),
      'stop_times.txt:8:arrival_time',
      /not a time/,
    ],
    [
      'an unknown time zone',
      broken('agency.txt', (l) => l.map((x) => x.replace('Asia/Ho_Chi_Minh', 'Asia/Hanoi'))),
      'agency.txt:2:agency_timezone',
      /not a time zone/,
    ],
    [
      'a stop id twice',
      broken('stops.txt', (l) => [...l, 'S2,Again,21,105,0,,,,']),
      'stops.txt:8:stop_id',
      /repeated \(first on line 6\)/,
    ],
    [
      'a required file missing',
      (() => {
        const f = craftedFeed();
        delete f['stops.txt'];
        return f;
      })(),
      'stops.txt:-:-',
      /required/,
    ],
    [
      'a required column missing',
      broken('routes.txt', (l) => l.map((x) => x.split(',').slice(0, 4).join(','))),
      'routes.txt:1:route_type',
      /required column/,
    ],
    [
      'a required field empty',
      broken('routes.txt', (l) => [...l, 'R7,HNB,07,,,,,']),
      'routes.txt:4:route_type',
      /required/,
    ],
    [
      'a platform whose parent is no station',
      broken('stops.txt', (l) => [...l, 'P9,Platform,21,105,0,S1,,,']),
      'stops.txt:8:parent_station',
      /must be a station/,
    ],
    [
      'frequencies of a trip that is not there, ending before they start',
      broken('frequencies.txt', (l) => [...l, 'T9,10:00:00,09:00:00,300,2']),
      'frequencies.txt:4:trip_id',
      /T9/,
    ],
    [
      'frequencies of one trip that overlap',
      broken('frequencies.txt', (l) => [...l, 'T3,08:00:00,10:00:00,300,1']),
      'frequencies.txt:4:start_time',
      /overlaps the one at line 2 of the same trip "T3" \(until 09:00:00\)/,
    ],
    [
      'an agency URL that is not http(s)',
      broken('agency.txt', (l) => l.map((x) => x.replace('https://example.vn', 'javascript:alert(1)'))),
      'agency.txt:2:agency_url',
      /agency_url must be a full http:\/\/ or https:\/\/ URL/,
    ],
    [
      'a route URL that is not http(s)',
      broken('routes.txt', (l) => [
        l[0] + ',route_url',
        ...l.slice(1).map((x, i) => x + (i === 0 ? ',javascript:alert(1)' : ',https://a.vn')),
      ]),
      'routes.txt:2:route_url',
      /route_url must be a full http:\/\/ or https:\/\/ URL/,
    ],
    [
      'a stop URL that is not http(s)',
      broken('stops.txt', (l) => [
        l[0] + ',stop_url',
        ...l.slice(1).map((x, i) => x + (i === 1 ? ',data:text/html,x' : ',')),
      ]),
      'stops.txt:3:stop_url',
      /stop_url must be a full http:\/\/ or https:\/\/ URL/,
    ],
    [
      'a stop name of 201 emoji, counted in characters (code points)',
      broken('stops.txt', (l) => [...l, `S8,"${'🚌'.repeat(201)}",21,105,0,,,,`]),
      'stops.txt:8:stop_name',
      /stop_name is 201 characters \(code points\) long; at most 200 are taken/,
    ],
  ];
  for (const [what, files, at, message] of cases) {
    it(`refuses ${what}, naming file, line and field`, () => {
      const result = check(files);
      assert.equal(result.feed, null);
      const found = result.errors.find((e) => where(e) === at);
      assert.ok(found, `no error at ${at}: ${JSON.stringify(result.errors)}`);
      assert.match(found.message, message);
    });
  }

  it('takes a stop name of 200 emoji: 200 characters, though 400 UTF-16 units', () => {
    const result = check(broken('stops.txt', (l) => [...l, `S8,"${'🚌'.repeat(200)}",21,105,0,,,,`]));
    assert.deepEqual(result.errors, []);
    assert.equal(result.feed?.stops.find((s) => s.id === 'S8')?.name, '🚌'.repeat(200));
  });

  it('lists every error of a feed, not only the first', () => {
    const files = broken('frequencies.txt', (l) => [...l, 'T9,10:00:00,09:00:00,300,2']);
    const errors = check(files).errors.map(where);
    assert.deepEqual(errors, [
      'frequencies.txt:4:exact_times',
      'frequencies.txt:4:trip_id',
      'frequencies.txt:4:end_time',
    ]);
  });
});

describe('reading a zip', () => {
  const text = (feed: Record<string, string>) =>
    Object.fromEntries(Object.entries(feed).map(([name, body]) => [name, strToU8(body)]));

  it('reads the feed in one folder of the zip, and a zip written as a stream (sizes after the data)', async () => {
    const feed = craftedFeed();
    const inFolder = await filesOfZip(
      zipSync(Object.fromEntries(Object.entries(text(feed)).map(([n, b]) => [`gtfs/${n}`, b]))),
    );
    assert.equal(inFolder.get('stops.txt'), feed['stops.txt']);
    const parts: Uint8Array[] = [];
    const streamed = new Zip((err, data) => {
      assert.ifError(err);
      parts.push(data);
    });
    for (const [name, body] of Object.entries(text(feed))) {
      const file = new ZipDeflate(name, { level: 6 });
      streamed.add(file);
      file.push(body, true);
    }
    streamed.end();
    const files = await filesOfZip(new Uint8Array(Buffer.concat(parts)));
    assert.deepEqual(
      [...files.keys()].sort(),
      Object.keys(feed)
        .filter((n) => FEED_FILES.includes(n))
        .sort(),
    );
    assert.equal(checkFeed(files).errors.length, 0);
  });

  it('stops unpacking past the limit, counting what the files really unpack to, not what the zip declares', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024).fill(0x30);
    const bomb = zipSync({ 'stop_times.txt': zeros }, { level: 9 });
    await assert.rejects(filesOfZip(bomb, { maxUnpackedBytes: 1024 * 1024 }), /unpacks to more than 1 MB/);
    // The same zip declaring 100 bytes for its file, in its local header and in its directory.
    const lying = bomb.slice();
    const view = new DataView(lying.buffer);
    view.setUint32(22, 100, true);
    const directory = lying.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint32(directory + 24, 100, true);
    await assert.rejects(filesOfZip(lying, { maxUnpackedBytes: 1024 * 1024 }), /unpacks to more than 1 MB/);
    assert.equal((await filesOfZip(bomb)).get('stop_times.txt')?.length, zeros.length, 'within the limit it is read');
  });

  it('says a zip cut short, or not a zip at all, is unreadable', async () => {
    const whole = zipSync(text(craftedFeed()));
    await assert.rejects(filesOfZip(whole.slice(0, Math.floor(whole.length / 2))), /not a zip file|cannot be unpacked/);
    await assert.rejects(filesOfZip(strToU8('agency_id,agency_name\n')), /not a zip file/);
  });
});

describe('the times a board reads, worked out at import', () => {
  it('gives untimed stops times linear by stop_sequence between the timed ones, in any row order', () => {
    const at = (tripId: string, sequence: number, time: number | null) => ({
      tripId,
      sequence,
      stopId: `S${sequence}`,
      arrival: time,
      departure: time,
      headsign: null,
      pickupType: null,
      dropOffType: null,
      distTraveled: null,
      timepoint: null,
    });
    // T1 leaves at 08:00 and is at sequence 10 at 08:10; 4 and 7 are untimed. T2 is timed throughout.
    const rows = [at('T1', 10, 29_400), at('T1', 7, null), at('T2', 1, 30_000), at('T1', 1, 28_800), at('T1', 4, null)];
    const board = boardTimesOf(rows);
    assert.deepEqual(board.untimed, [null, 29_200, null, null, 29_000]);
    assert.deepEqual(board.trips.get('T1'), { firstSecs: 28_800, lastSequence: 10 });
    assert.deepEqual(board.trips.get('T2'), { firstSecs: 30_000, lastSequence: 1 });
  });
});
