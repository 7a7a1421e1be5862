import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvText } from './csv.js';

describe('the CSV writer', () => {
  it('shows a text cell that starts like a formula as text, with a leading apostrophe', () => {
    assert.equal(csvCell('=HYPERLINK("https://x.example","Xem")'), `"'=HYPERLINK(""https://x.example"",""Xem"")"`);
    assert.equal(csvCell('+84912345678'), `'+84912345678`);
    assert.equal(csvCell('-2+3'), `'-2+3`);
    assert.equal(csvCell('@SUM(A1:A9)'), `'@SUM(A1:A9)`);
    assert.equal(csvCell('\t=1+1'), `'\t=1+1`);
    assert.equal(csvCell('\r=1+1'), `"'\r=1+1"`);
    // Only at the start: a formula sign inside a name is the name.
    assert.equal(csvCell('Phường Láng-Thượng'), 'Phường Láng-Thượng');
  });

  it('keeps the numbers and booleans the server writes as they are, a negative one too', () => {
    assert.equal(csvCell(-12.5), '-12.5');
    assert.equal(csvCell(0), '0');
    assert.equal(csvCell(Number.NaN), '');
    assert.equal(csvCell(true), 'true');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('quotes RFC 4180 fields (a comma, a quote, a line break) and a semicolon, other spreadsheets’ separator', () => {
    assert.equal(csvCell('Phường "Mới", Hà Nội'), '"Phường ""Mới"", Hà Nội"');
    assert.equal(csvCell('a\nb'), '"a\nb"');
    assert.equal(csvCell('a;=1+1'), '"a;=1+1"');
  });

  it('writes the header and rows with CRLF line ends, a BOM when asked', () => {
    assert.equal(csvText(['a', 'b'], [['=x', -1]]), `a,b\r\n'=x,-1\r\n`);
    assert.equal(csvText(['a'], [], { bom: true }), '\uFEFFa\r\n');
  });
});
