import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clock, etaMinutes, fold, matchTypes, parseCoordinates } from '../src/panels/emergency/words.js';

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

  it('finds a type by its words in any order, without marks, and by the words callers use', () => {
    const types = [
      { code: 'TRAFFIC', vi: 'Tai nạn giao thông (không thương vong)', en: 'Traffic crash', keywords: ['va chạm'] },
      {
        code: 'TRAFFICINJ',
        vi: 'Tai nạn giao thông có người bị thương',
        en: 'Traffic crash with injury',
        keywords: ['người bị thương', 'injury'],
      },
      { code: 'CARDIAC', vi: 'Ngừng tim, đau ngực', en: 'Cardiac arrest', keywords: ['heart'] },
    ];
    const codes = (q: string) => matchTypes(types, q).map((t) => t.code);
    assert.deepEqual(codes('tai nan'), ['TRAFFIC', 'TRAFFICINJ']);
    assert.deepEqual(codes('tai nan co nguoi'), ['TRAFFICINJ']);
    assert.deepEqual(codes('tai nan co nguoi bi thuong'), ['TRAFFICINJ']);
    assert.deepEqual(codes('nguoi bi thuong'), ['TRAFFICINJ']);
    assert.deepEqual(codes('thương bị người'), ['TRAFFICINJ']);
    assert.deepEqual(codes('injury'), ['TRAFFICINJ']);
    assert.deepEqual(codes('dau nguc'), ['CARDIAC']);
    assert.deepEqual(codes('ngua'), []);
    assert.equal(matchTypes(types, '  ').length, 3);
  });

  it('shows an age as a running clock and an ETA in whole minutes, at least one', () => {
    assert.equal(clock(0), '0:00');
    assert.equal(clock(245), '4:05');
    assert.equal(clock(3750), '1:02:30');
    assert.equal(etaMinutes(20), 1);
    assert.equal(etaMinutes(245), 4);
  });
});
