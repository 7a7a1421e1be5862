import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexCount, indexPoints } from '../src/panels/dossiers/index-figures.js';

// The leaders' Decision 766 page writes each figure as precisely as the server computed it.

describe("the index's figures on the leaders' page", () => {
  it('writes a criterion count as the server counted it: one rating of 4 is 0,75/1, not 0,8/1', () => {
    assert.equal(indexCount(0.75, 1, 'vi-VN'), '0,75/1');
    assert.equal(indexCount(0.75, 1, 'en-GB'), '0.75/1');
    assert.equal(indexCount(2.25, 3, 'vi-VN'), '2,25/3');
    assert.equal(indexCount(20, 20, 'vi-VN'), '20/20');
    assert.equal(indexCount(1234, 2000, 'vi-VN'), '1.234/2.000');
  });

  it('writes points to the two decimals the server rounds them to', () => {
    assert.equal(indexPoints(13.5, 'vi-VN'), '13,5');
    assert.equal(indexPoints(90.27, 'vi-VN'), '90,27');
    assert.equal(indexPoints(18, 'vi-VN'), '18');
    assert.equal(indexPoints(null, 'vi-VN'), '—');
  });
});
