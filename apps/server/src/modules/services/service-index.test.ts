import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamCalendar } from '../../platform/calendar/index.js';
import { handlingMinutes } from './service-index.js';

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
