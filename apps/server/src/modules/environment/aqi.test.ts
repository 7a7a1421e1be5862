import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dailyVnAqi,
  highest8hMean,
  hourlyVnAqi,
  nowcast,
  subIndex,
  usAqi,
  usAqiCategory,
  vnAqiCategory,
  type HourlyValue,
} from './index.js';

const hours = (n: number, value: HourlyValue): HourlyValue[] => Array.from({ length: n }, () => value);

describe('VN_AQI (Decision 1459/QĐ-TCMT)', () => {
  it('computes the NowCast of the worked example: PM2.5 09:00→20:00 gives 20.3', () => {
    const nineToEight = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6];
    const value = nowcast([...nineToEight].reverse()); // newest first: c1 is 20:00
    assert.ok(value !== undefined, 'value !== undefined');
    assert.equal(Math.round(value * 10) / 10, 20.3);
    // The same by hand: w = 16.5 / 26.9, weights w^(i-1) from the newest hour.
    const w = 16.5 / 26.9;
    const c = [...nineToEight].reverse();
    const expected = c.reduce((s, ci, i) => s + w ** i * ci, 0) / c.reduce((s, _, i) => s + w ** i, 0);
    assert.ok(Math.abs(value - expected) < 1e-9, 'Math.abs(value - expected) < 1e-9');
  });

  it('needs 2 of the last 3 hours for a NowCast, weighs a missing hour 0, and floors the weight at 1/2', () => {
    assert.equal(nowcast([null, null, 30, 30, 30]), undefined);
    assert.equal(nowcast([40, null, null, 30]), undefined);
    // A missing hour counts for nothing, not as zero.
    assert.equal(nowcast([null, 20, 20, 20, null, 20]), 20);
    // min/max = 10/100 < 1/2, so w = 1/2.
    const c = [100, 40, 30, 20, 10, 10, 10, 10, 10, 10, 10, 10];
    const expected = c.reduce((s, ci, i) => s + 0.5 ** i * ci, 0) / c.reduce((s, _, i) => s + 0.5 ** i, 0);
    assert.ok(Math.abs((nowcast(c) ?? 0) - expected) < 1e-9, 'Math.abs((nowcast(c) ?? 0) - expected) < 1e-9');
    assert.equal(Math.round((nowcast(c) ?? 0) * 100) / 100, 65.64);
    // Only the last 12 hours count.
    assert.equal(nowcast([...hours(12, 10), 1000]), 10);
  });

  it('rates the worked hourly example: O3 43, NO2 59, PM2.5 41', () => {
    const result = hourlyVnAqi({ o3: [136.1], no2: [118.7], pm25: [20.3, 20.3, 20.3] });
    assert.deepEqual(result.subIndices, { pm25: 41, o3: 43, no2: 59 });
    // Known discrepancy: the decision prints NO2 = 60 and AQI^h = 60, but its own Formula 1 gives
    // 50 + 50 × 18.7 / 100 = 59.35, which rounds to 59; every other published value rounds half up.
    assert.equal(result.aqi, 59);
    assert.equal(result.dominant, 'no2');
  });

  it('rates the worked daily example: O3 45 (8 h) over 36 (1 h), NO2 65, PM2.5 110: AQI^d 110', () => {
    // A day built to have exactly the example's statistics.
    const o3 = [...hours(8, 89.3), ...hours(12, 0), 114.6, ...hours(3, 0)];
    assert.ok(Math.abs(highest8hMean(o3)! - 89.3) < 1e-9, 'Math.abs(highest8hMean(o3)! - 89.3) < 1e-9');
    const no2 = [...hours(10, 50), 130.8, ...hours(13, 50)];
    const result = dailyVnAqi({ o3, no2, pm25: hours(24, 55.7) });
    assert.equal(Math.round(subIndex('o3_8h', 89.3)!), 45);
    assert.equal(Math.round(subIndex('o3_1h', 114.6)!), 36);
    assert.deepEqual(result.subIndices, { pm25: 110, o3: 45, no2: 65 });
    assert.equal(result.aqi, 110);
    assert.equal(result.dominant, 'pm25');
  });

  it('takes daily O3 from its 1 h maximum alone when an 8 h mean passes 400', () => {
    const o3 = [...hours(8, 450), ...hours(16, 0)];
    const result = dailyVnAqi({ o3, pm25: hours(24, 10) });
    assert.equal(result.subIndices.o3, Math.round(subIndex('o3_1h', 450)!));
    assert.equal(result.subIndices.o3, 213); // 200 + 100 × (450 − 400) / 400 = 212.5
  });

  it('interpolates Table 2 with contiguous bands, tops out at 500, and refuses negative values', () => {
    assert.equal(subIndex('pm25', 0), 0);
    assert.equal(subIndex('pm25', 25), 50);
    assert.equal(subIndex('pm25', 50), 100);
    assert.equal(subIndex('pm25', 500), 500);
    assert.equal(subIndex('pm25', 900), 500);
    assert.equal(subIndex('co', 10_000), 50);
    assert.equal(subIndex('pm10', 420), 300);
    assert.equal(subIndex('pm25', -1), undefined);
    assert.equal(subIndex('pm25', Number.NaN), undefined);
  });

  it('leaves invalid readings out instead of averaging them in, and needs 18 valid hours for a day', () => {
    const day = [...hours(20, 40), -999, -999, null, null];
    assert.equal(dailyVnAqi({ pm25: day }).concentrations.pm25, 40);
    assert.equal(dailyVnAqi({ pm25: [...hours(17, 40), ...hours(7, null)] }).aqi, undefined);
    assert.equal(hourlyVnAqi({ pm25: [-999, 30, 30] }).concentrations.pm25, 30);
  });

  it('gives no index without PM2.5 or PM10, only the gases’ sub-indices', () => {
    const result = hourlyVnAqi({ o3: [250], no2: [90] });
    assert.equal(result.aqi, undefined);
    assert.equal(result.dominant, undefined);
    assert.equal(result.subIndices.o3, 125);
  });

  it('names categories and colours as Table 1, with the advice of Tables 4 and 5 in Vietnamese and English', () => {
    const cases: [number, string, string][] = [
      [0, 'Tốt', '#00E400'],
      [50, 'Tốt', '#00E400'],
      [51, 'Trung bình', '#FFFF00'],
      [101, 'Kém', '#FF7E00'],
      [151, 'Xấu', '#FF0000'],
      [201, 'Rất xấu', '#8F3F97'],
      [301, 'Nguy hại', '#7E0023'],
      [650, 'Nguy hại', '#7E0023'],
    ];
    for (const [aqi, name, hex] of cases) {
      const category = vnAqiCategory(aqi);
      assert.equal(category.name.vi, name, String(aqi));
      assert.equal(category.colour.hex, hex, String(aqi));
      for (const text of [category.healthEffect, category.advice.general, category.advice.sensitive]) {
        assert.ok(text.vi.length > 10 && text.en.length > 10, 'text.vi.length > 10 && text.en.length > 10');
      }
    }
    assert.match(vnAqiCategory(180).advice.sensitive.vi, /khẩu trang/);
  });
});

describe('US EPA AQI (2024), the second scale', () => {
  it('rates PM2.5 with the 2024 breakpoints, higher than VN_AQI for the same air', () => {
    // concentration → [VN_AQI, US AQI 2024]
    const table: [number, number, number][] = [
      [9, 18, 50],
      [15, 30, 62],
      [25, 50, 81],
      [35, 70, 99],
      [50, 100, 137],
      [75, 142, 165],
      [100, 164, 182],
      [150, 200, 225],
      [250, 300, 350],
    ];
    for (const [c, vn, us] of table) {
      assert.equal(Math.round(subIndex('pm25', c)!), vn, `VN ${c}`);
      assert.equal(usAqi('pm25', c), us, `US ${c}`);
    }
    assert.equal(usAqi('pm25', 9.09), 50); // truncated to 9.0 first
    assert.equal(usAqi('pm25', 400), 500);
    assert.equal(usAqi('pm10', 154), 100);
    assert.equal(usAqi('pm10', -3), undefined);
    assert.equal(usAqiCategory(120).name.en, 'Unhealthy for Sensitive Groups');
  });
});
