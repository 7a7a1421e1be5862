import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  airLimitLines,
  categoryLines,
  chartRange,
  compassPoint,
  delayWords,
  nearestIndex,
  riverState,
} from '../src/panels/inspector-words.js';

describe('the inspector says numbers in words', () => {
  it('gives a heading as the nearest of eight compass points', () => {
    assert.equal(compassPoint(0), 'n');
    assert.equal(compassPoint(45), 'ne');
    assert.equal(compassPoint(67), 'ne');
    assert.equal(compassPoint(68), 'e');
    assert.equal(compassPoint(158), 's');
    assert.equal(compassPoint(203), 'sw');
    assert.equal(compassPoint(293), 'nw');
    assert.equal(compassPoint(338), 'n');
    assert.equal(compassPoint(360), 'n');
    assert.equal(compassPoint(-90), 'w');
  });

  it('gives a delay as late, early or on time, to the minute', () => {
    assert.deepEqual(delayWords(20), { kind: 'onTime', minutes: 0 });
    assert.deepEqual(delayWords(-29), { kind: 'onTime', minutes: 0 });
    assert.deepEqual(delayWords(185), { kind: 'late', minutes: 3 });
    assert.deepEqual(delayWords(-95), { kind: 'early', minutes: 2 });
  });

  it('reads a river level against its warning and danger levels', () => {
    assert.equal(riverState(2.9, 3, 4), 'normal');
    assert.equal(riverState(3, 3, 4), 'warning');
    assert.equal(riverState(4.2, 3, 4), 'danger');
    assert.equal(riverState(9), 'normal');
  });
});

describe('the limit lines of a chart', () => {
  const label = (a: string, v: number) => `${a} ${v}`;

  it('draws the 1-, 8- and 24-hour air limits, never the yearly one', () => {
    assert.deepEqual(
      airLimitLines({ '24h': 45, year: 25 }, label).map((l) => l.label),
      ['24h 45'],
    );
    assert.deepEqual(
      airLimitLines({ '1h': 200, '8h': 120 }, label).map((l) => l.value),
      [200, 120],
    );
    assert.deepEqual(airLimitLines(undefined, label), []);
  });

  it('draws the VN_AQI bounds up to the first above the readings', () => {
    const categories = [
      { to: 50, name: 'Tốt' },
      { to: 100, name: 'Trung bình' },
      { to: 150, name: 'Kém' },
      { to: 500, name: 'Nguy hại' },
    ];
    assert.deepEqual(
      categoryLines(categories, 72).map((l) => l.value),
      [50, 100],
    );
    assert.deepEqual(
      categoryLines(categories, 30).map((l) => l.value),
      [50],
    );
  });

  it("keeps a river gauge's levels on the chart and names a far limit under it instead", () => {
    const river = chartRange(
      [1.2, 1.4, 1.3],
      [
        { value: 3, label: 'warning', kind: 'warning' },
        { value: 4, label: 'danger', kind: 'danger' },
      ],
    );
    assert.equal(river.drawn.length, 2);
    assert.ok(river.high >= 4 && river.low <= 1.2, 'river.high >= 4 && river.low <= 1.2');
    const co = chartRange([900, 1100], [{ value: 30_000, label: 'CO 1h', kind: 'limit' }]);
    assert.equal(co.drawn.length, 0);
    assert.deepEqual(
      co.beyond.map((l) => l.value),
      [30_000],
    );
    assert.ok(co.high < 2000, 'co.high < 2000');
  });

  it('finds the reading nearest a pointer', () => {
    assert.equal(nearestIndex([0, 10, 20, 30], 14), 1);
    assert.equal(nearestIndex([0, 10, 20, 30], 99), 3);
  });
});
