import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthWords, workingDays } from '../src/panels/dossiers/words.js';

// How the officers' queue says the time left and the leaders' index its months.

describe('the dossiers pages’ words', () => {
  it('says a time limit of a day or more in working days, to the half day, as the procedures do', () => {
    assert.equal(workingDays(24), 3);
    assert.equal(workingDays(27.5), 3);
    assert.equal(workingDays(12), 1.5);
    assert.equal(workingDays(8), 1);
    assert.equal(workingDays(-17), 2, 'late by two days and an hour');
    assert.equal(workingDays(7.9), null, 'under a day: in hours');
    assert.equal(workingDays(undefined), null);
  });

  it('names the trend’s months as people write them, not as ISO dates', () => {
    assert.equal(monthWords('2026-11', 'vi-VN'), '11/2026');
    assert.equal(monthWords('2026-03', 'vi-VN'), '03/2026');
    assert.equal(monthWords('2026-11', 'en-GB'), 'Nov 2026');
    assert.equal(monthWords('2027-01', 'en-GB'), 'Jan 2027');
    assert.equal(monthWords('2026-09', 'en-GB'), 'Sep 2026');
    assert.equal(monthWords('not-a-month', 'vi-VN'), 'not-a-month');
  });
});
