import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, toCsv } from '../src/csv.js';

// The CSV files the operations centre exports: read back right by spreadsheet programs, and never a
// way to run a formula on the operator's machine.

describe('CSV export', () => {
  it('starts with a UTF-8 byte-order mark and a header row, and ends lines with CRLF', () => {
    const csv = toCsv(['Trạm', 'VN_AQI'], [['Hoàn Kiếm', 52]]);
    assert.equal(csv, '\uFEFFTrạm,VN_AQI\r\nHoàn Kiếm,52\r\n');
    const bytes = new TextEncoder().encode(csv);
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('quotes cells with commas, semicolons, quotes and line breaks, doubling the quotes', () => {
    assert.equal(csvCell('Hà Nội, Việt Nam'), '"Hà Nội, Việt Nam"');
    // A Vietnamese-locale spreadsheet splits at ';', as the server's writer knows.
    assert.equal(csvCell('Hoàn Kiếm; Ba Đình'), '"Hoàn Kiếm; Ba Đình"');
    assert.equal(csvCell('the "Tốt" level'), '"the ""Tốt"" level"');
    assert.equal(csvCell('line one\nline two'), '"line one\nline two"');
    assert.equal(csvCell('a\r\nb'), '"a\r\nb"');
    assert.equal(csvCell('plain'), 'plain');
  });

  it('neutralises text that a spreadsheet would take for a formula', () => {
    assert.equal(csvCell('=HYPERLINK("http://127.0.0.1")'), `"'=HYPERLINK(""http://127.0.0.1"")"`);
    assert.equal(csvCell('+84 24 1234'), "'+84 24 1234");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tcmd'), "'\tcmd");
    // A formula with a comma is neutralised and quoted.
    assert.equal(csvCell('=1,2'), `"'=1,2"`);
  });

  it('writes numbers as numbers (negative ones too), times as ISO 8601, nothing for no value', () => {
    assert.equal(csvCell(-12.5), '-12.5');
    assert.equal(csvCell(0), '0');
    assert.equal(csvCell(Number.NaN), '');
    assert.equal(csvCell(new Date(Date.UTC(2026, 11, 3, 1, 0))), '2026-12-03T01:00:00.000Z');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(true), 'true');
  });

  it('keeps every row and column in order', () => {
    const csv = toCsv(
      ['a', 'b', 'c'],
      [
        [1, null, 'x'],
        ['', 2, '=y'],
      ],
    );
    assert.deepEqual(csv.slice(1).split('\r\n'), ['a,b,c', '1,,x', ",2,'=y", '']);
  });
});
