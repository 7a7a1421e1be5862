import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wardOf } from './index.js';

describe('the wards of Hanoi', () => {
  it('finds a ward by its official code or its name, in any case, and nothing for other text', () => {
    const byName = wardOf('phường hoàn kiếm');
    assert.equal(byName?.name, 'Phường Hoàn Kiếm');
    assert.equal(wardOf(byName?.code)?.name, 'Phường Hoàn Kiếm');
    assert.equal(byName?.outline.type, 'Polygon');
    const ring = byName.outline.coordinates[0]!;
    assert.deepEqual(ring[0], ring.at(-1), 'a closed ring');
    assert.equal(wardOf('Quận Hoàn Kiếm'), undefined); // districts are gone since July 2025
    assert.equal(wardOf(''), undefined);
  });
});
