import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Capability, RunCardLine, Unit, UnitStatus } from './model.js';
import { linesLeft, missingWords, shortOf } from './run-card.js';

/** How far a run card is filled, without roads: the rule the centre's own escalation follows. */

const unit = (id: string, capabilities: Capability[], status: UnitStatus = 'available'): Unit => ({
  id,
  callSign: id.toUpperCase(),
  kind: 'fire_engine',
  agency: 'fire',
  capabilities,
  stationId: 's',
  crew: 4,
  status,
  statusAt: '2026-12-07T00:00:00Z',
});
const line = (count: number, ...anyOf: Capability[]): RunCardLine => ({ count, anyOf });

describe('a run card filled', () => {
  it('leaves the lines the units sent do not fill, each unit filling the narrowest line it can', () => {
    const card = [line(1, 'als'), line(1, 'als', 'bls'), line(1, 'patrol')];
    assert.deepEqual(linesLeft(card, [unit('a1', ['als', 'bls'])]), [line(1, 'als', 'bls'), line(1, 'patrol')]);
    assert.deepEqual(linesLeft([line(2, 'engine')], [unit('e1', ['engine'])]), [line(1, 'engine')]);
    assert.deepEqual(linesLeft([line(1, 'engine')], [unit('e1', ['engine']), unit('e2', ['engine'])]), []);
  });

  it('is short only of what no free unit can fill, each free unit counted once', () => {
    const left = [line(1, 'als'), line(1, 'als', 'bls')];
    // One ambulance free for two lines: one is short.
    assert.deepEqual(shortOf(left, [unit('a1', ['als', 'bls'])]), [{ missing: 1, anyOf: ['als', 'bls'] }]);
    // The basic one takes the wider line, the advanced one the narrow: nothing short.
    assert.deepEqual(shortOf(left, [unit('a1', ['als', 'bls']), unit('b1', ['bls'])]), []);
    // Busy and out of service are not free; returning is.
    const ladders = [unit('l1', ['ladder'], 'dispatched'), unit('l2', ['ladder'], 'out_of_service')];
    assert.deepEqual(shortOf([line(1, 'ladder')], ladders), [{ missing: 1, anyOf: ['ladder'] }]);
    assert.deepEqual(shortOf([line(1, 'ladder')], [...ladders, unit('l3', ['ladder'], 'returning')]), []);
    assert.equal(
      missingWords([
        { missing: 1, anyOf: ['als', 'bls'] },
        { missing: 2, anyOf: ['patrol'] },
      ]),
      '1 × als/bls, 2 × patrol',
    );
  });
});
