import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamCalendar } from '../../platform/calendar/index.js';
import type { Procedure } from './model.js';
import { calendarFingerprint, handlingMinutes, indexFigures, noIndexCounts, type IndexGroup } from './service-index.js';

const HOUR_MS = 3_600_000;

describe('the index counted per hour', () => {
  it('sums the working minutes between receipt and return as counting them dossier by dossier does', () => {
    const calendar = vietnamCalendar({ holidays: ['2026-11-20'] });
    // Receipts and returns at all hours over two months, weekends, a holiday and nights included.
    const pairs: { agency: string; from: Date; to: Date }[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const from = Date.UTC(2026, 9, 1) + Math.floor(next() * 50 * 86_400_000);
      pairs.push({
        agency: i % 3 === 0 ? 'a' : 'b',
        from: new Date(from),
        to: new Date(from + next() * 20 * 86_400_000),
      });
    }
    // What store.handlingBuckets returns: per agency and UTC hour, the count and the seconds past the hour.
    const buckets = new Map<string, { agency: string; sign: 1 | -1; hour: Date; count: number; seconds: number }>();
    for (const p of pairs) {
      for (const [sign, at] of [
        [-1, p.from],
        [1, p.to],
      ] as const) {
        const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
        const key = `${p.agency} ${sign} ${hour}`;
        const b = buckets.get(key) ?? { agency: p.agency, sign, hour: new Date(hour), count: 0, seconds: 0 };
        b.count++;
        b.seconds += (at.getTime() - hour) / 1000;
        buckets.set(key, b);
      }
    }
    const sums = handlingMinutes([...buckets.values()], calendar);
    for (const agency of ['a', 'b']) {
      const expected = pairs
        .filter((p) => p.agency === agency)
        .reduce((s, p) => s + calendar.workingMinutesBetween(p.from, p.to), 0);
      assert.ok(Math.abs((sums.get(agency) ?? NaN) - expected) < 1e-6, `${agency}: ${sums.get(agency)} ≠ ${expected}`);
    }
  });

  it('counts nothing when nothing was returned', () => {
    assert.equal(handlingMinutes([], vietnamCalendar()).size, 0);
  });
});

describe('the index leaves out what has nothing to count', () => {
  const points = (f: ReturnType<typeof indexFigures>, group: IndexGroup) =>
    f.groups.find((g) => g.group === group)?.points;

  it('an agency with dossiers but none returned, rated, with a fee or an event: only filing online is scored', () => {
    const f = indexFigures({ ...noIndexCounts(), dossiers: 4, filedOnline: 3 }, []);
    for (const c of f.criteria) assert.equal(c.rate, c.code === 'filed-online' ? 0.75 : null, c.code);
    for (const group of ['transparency', 'progress', 'digitisation', 'satisfaction'] as const) {
      assert.equal(points(f, group), null, group);
    }
    assert.equal(points(f, 'online'), 16.5);
    assert.deepEqual({ points: f.points, outOf: f.outOf }, { points: 16.5, outOf: 22 });
  });

  it('nothing at all: every group null, 0 out of 0', () => {
    const f = indexFigures(noIndexCounts(), []);
    assert.ok(
      f.groups.every((g) => g.points === null),
      'f.groups.every((g) => g.points === null)',
    );
    assert.deepEqual(
      { points: f.points, outOf: f.outOf, average: f.averageHandlingDays },
      {
        points: 0,
        outOf: 0,
        average: null,
      },
    );
  });

  it('returned late and unrated: progress 0 of 20, not left out; satisfaction left out', () => {
    const f = indexFigures({ ...noIndexCounts(), dossiers: 1, returned: 1 }, []);
    assert.equal(points(f, 'progress'), 0);
    assert.equal(points(f, 'digitisation'), 0);
    assert.equal(points(f, 'satisfaction'), null);
    assert.equal(f.outOf, 20 + 22 + 22);
  });

  it('procedures without fees: the online payment of procedures is left out, not scored in full', () => {
    const p = { published: true, fees: [], onlineLevel: 'partial' } as unknown as Procedure;
    const f = indexFigures(noIndexCounts(), [p]);
    const rate = (code: string) => f.criteria.find((c) => c.code === code)?.rate;
    assert.equal(rate('procedures-full-process'), 0);
    assert.equal(rate('procedures-online-payment'), null);
    assert.equal(points(f, 'online'), 0);
  });
});

describe("the calendar's fingerprint", () => {
  it('is the same for the same days and differs with a day off more', () => {
    assert.equal(calendarFingerprint(vietnamCalendar()), calendarFingerprint(vietnamCalendar()));
    assert.notEqual(
      calendarFingerprint(vietnamCalendar()),
      calendarFingerprint(vietnamCalendar({ holidays: ['2026-11-20'] })),
    );
  });
});
