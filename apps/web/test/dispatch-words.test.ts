import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clock, etaMinutes, fold, parseCoordinates } from '../src/panels/emergency/words.js';

// How the dispatcher console reads what a call-taker types and shows its timers.

describe('the dispatcher console words', () => {
  it('reads coordinates as said (latitude first), or longitude first when the first cannot be a latitude', () => {
    assert.deepEqual(parseCoordinates('21.0285, 105.8542'), [105.8542, 21.0285]);
    assert.deepEqual(parseCoordinates('105.8542 21.0285'), [105.8542, 21.0285]);
    assert.deepEqual(parseCoordinates(' 21.03;105.85 '), [105.85, 21.03]);
    assert.equal(parseCoordinates('Hàng Bài'), null);
    assert.equal(parseCoordinates('200, 300'), null);
  });

  it('matches a search without Vietnamese marks', () => {
    assert.equal(fold('Cháy nhà Đống Đa'), 'chay nha dong da');
    assert.ok(
      fold('Tai nạn giao thông').includes(fold('tai nan')),
      "fold('Tai nạn giao thông').includes(fold('tai nan'))",
    );
  });

  it('shows an age as a running clock and an ETA in whole minutes, at least one', () => {
    assert.equal(clock(0), '0:00');
    assert.equal(clock(245), '4:05');
    assert.equal(clock(3750), '1:02:30');
    assert.equal(etaMinutes(20), 1);
    assert.equal(etaMinutes(245), 4);
  });
});
