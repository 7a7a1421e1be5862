import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalNumber, isStorableText, nestsDeeperThan, parseDateTime } from './decode.js';

/** The strict readers of device text (no database involved). */

describe('Device text', () => {
  it('reads only real ISO 8601 date-times with a time zone, in the years 1970..9999', () => {
    const ok: [string, string][] = [
      ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
      ['2026-11-22T08:00:00+07:00', '2026-11-22T01:00:00.000Z'],
      ['2026-11-22T08:00+0700', '2026-11-22T01:00:00.000Z'],
      ['2026-11-22T08:00:00.123456789-05:30', '2026-11-22T13:30:00.123Z'],
      ['2026-11-22T08:00:00.5Z', '2026-11-22T08:00:00.500Z'],
      ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
      ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ];
    for (const [text, iso] of ok) assert.equal(parseDateTime(text)?.toISOString(), iso, text);
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '1970-01-01T00:30:00+01:00',
      '9999-12-31T23:00:00-05:00',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00',
      '2026-01-01T10:00:00+15:00',
      '2026-01-01T10:00:00+14:30',
      '2026-01-01',
      '2026-01-01 10:00:00Z',
      '+002026-01-01T10:00:00Z',
      '2026-01-01T10:00:00Z ',
    ]) {
      assert.equal(parseDateTime(text), undefined, text);
    }
  });

  it('reads decimal numbers only', () => {
    assert.equal(decimalNumber('41.2'), 41.2);
    assert.equal(decimalNumber('-1.5e1'), -15);
    assert.equal(decimalNumber('.5'), 0.5);
    assert.equal(decimalNumber('1e999'), Infinity);
    for (const text of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '', ' ', ' 12', '1_000', '1,5', '+-1']) {
      assert.equal(decimalNumber(text), undefined, JSON.stringify(text));
    }
  });

  it('tells storable text from NULs and lone surrogates', () => {
    for (const text of ['', 'Hoàn Kiếm', '😀', 'a\tb\n']) assert.ok(isStorableText(text), text);
    for (const text of ['\u0000', 'a\u0000', '\ud800', 'x\udc00', '\ud83d!', '😀\ude00']) {
      assert.ok(!isStorableText(text), JSON.stringify(text));
    }
  });

  it('measures JSON nesting without parsing it, ignoring brackets inside strings', () => {
    assert.equal(nestsDeeperThan('{"a": [[1]]}', 3), false);
    assert.equal(nestsDeeperThan('{"a": [[[1]]]}', 3), true);
    assert.equal(nestsDeeperThan('{"a": "[[[[[[[\\"[[[["}', 1), false);
    assert.equal(nestsDeeperThan('['.repeat(100_000), 32), true);
  });
});
