import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { airLimit, noiseLimit, type LimitVersion } from './index.js';

describe('legal limits', () => {
  it('judges PM2.5 by the QCVN 05:2023 limit in force on the day: 50 µg/m³ in 2025, 45 from 1 January 2026', () => {
    assert.equal(airLimit('pm25', '24h', new Date('2025-12-31T12:00:00+07:00'))?.value, 50);
    // Midnight in Hanoi is still 31 December in UTC: the Hanoi date decides.
    assert.equal(airLimit('pm25', '24h', new Date('2026-01-01T00:30:00+07:00'))?.value, 45);
    assert.match(airLimit('pm25', '24h', new Date('2026-06-01T00:00:00Z'))!.regulation, /QCVN 05:2023/);
    assert.equal(airLimit('pm25', 'year', new Date('2026-06-01T00:00:00Z'))?.value, 25);
  });

  it('has the other limits of Table 1, and none where the table has none or before it took effect', () => {
    const at = new Date('2026-03-01T08:00:00+07:00');
    assert.equal(airLimit('no2', '1h', at)?.value, 200);
    assert.equal(airLimit('o3', '8h', at)?.value, 120);
    assert.equal(airLimit('co', '8h', at)?.value, 10_000);
    assert.equal(airLimit('so2', '24h', at)?.value, 125);
    assert.equal(airLimit('pm10', '24h', at)?.value, 100);
    assert.equal(airLimit('pm10', '1h', at), undefined);
    assert.equal(airLimit('pm25', '24h', new Date('2023-09-11T12:00:00+07:00')), undefined);
  });

  it('sets noise limits by area and by Hanoi day (06–21) or night, and takes a city’s own table', () => {
    assert.deepEqual(noiseLimit('normal', new Date('2026-03-01T20:59:00+07:00')), {
      value: 70,
      regulation: 'QCVN 26:2010/BTNMT',
      period: 'day',
    });
    assert.equal(noiseLimit('normal', new Date('2026-03-01T21:00:00+07:00'))?.value, 55);
    assert.equal(noiseLimit('special', new Date('2026-03-01T05:59:00+07:00'))?.value, 45);
    assert.equal(noiseLimit('special', new Date('2026-03-01T06:00:00+07:00'))?.value, 55);
    const own: LimitVersion<Record<'special' | 'normal', { day: number; night: number }>>[] = [
      {
        regulation: 'QCVN 26:2010/BTNMT',
        from: '2010-12-16',
        limits: { special: { day: 55, night: 45 }, normal: { day: 70, night: 55 } },
      },
      {
        regulation: 'Hanoi table',
        from: '2026-01-01',
        limits: { special: { day: 50, night: 40 }, normal: { day: 65, night: 50 } },
      },
    ];
    assert.equal(noiseLimit('normal', new Date('2025-06-01T10:00:00+07:00'), own)?.value, 70);
    assert.equal(noiseLimit('normal', new Date('2026-06-01T10:00:00+07:00'), own)?.value, 65);
  });
});
