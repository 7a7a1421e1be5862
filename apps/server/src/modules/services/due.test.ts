import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamCalendar } from '../../platform/calendar/index.js';
import { dueDate, pausedMinutes, stepDueDate, timelinessOf, workingHoursLeft } from './due.js';

// Expected values worked out by hand from a printed calendar and the rules in due.ts, not with this code.

/** A Hanoi local time: "2026-12-04 16:00" → that instant (+07:00). */
const hn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const calendar = vietnamCalendar();
const NOW = hn('2027-06-01 08:00');
const due = (receivedAt: string, limitDays: number, extensionDays = 0, pauses: { from: Date; to?: Date }[] = []) =>
  dueDate(calendar, { receivedAt: hn(receivedAt), limitDays, extensionDays, pauses }, NOW);

describe('dossier due dates', () => {
  it('the day of receipt does not count; the limit ends at 17:00 of its last working day', () => {
    // Received Monday 7 Dec 2026 at 09:00 with 5 days: Tue 8, Wed 9, Thu 10, Fri 11, Mon 14.
    assert.deepEqual(due('2026-12-07 09:00', 5), hn('2026-12-14 17:00'));
  });

  it('over a weekend: received Friday afternoon with 1 day is due Monday', () => {
    assert.deepEqual(due('2026-12-04 15:00', 1), hn('2026-12-07 17:00'));
  });

  it('across Tết 2027: received Thursday 4 Feb with 3 days, off Fri 5 – Thu 11, due Tuesday 16 Feb', () => {
    assert.deepEqual(due('2027-02-04 10:00', 3), hn('2027-02-16 17:00'));
  });

  it('across National Day 2026 and its partner day: received Tuesday 1 Sep with 2 days, due Monday 7 Sep', () => {
    // Wed 2 Sep (National Day) and Thu 3 Sep (its partner day) off: Fri 4 is the first day, Mon 7 the second.
    assert.deepEqual(due('2026-09-01 10:00', 2), hn('2026-09-07 17:00'));
  });

  it('an extension adds its working days', () => {
    // 5 days → Mon 14 Dec; 2 more → Wed 16 Dec.
    assert.deepEqual(due('2026-12-07 09:00', 5, 2), hn('2026-12-16 17:00'));
  });

  it('a supplement pause adds the working time the clock stood still', () => {
    // Asked Tue 8 Dec 15:00, supplied Wed 9 Dec 10:00: 2 h + 2 h = 240 working minutes.
    const pause = { from: hn('2026-12-08 15:00'), to: hn('2026-12-09 10:00') };
    assert.equal(pausedMinutes(calendar, [pause], NOW), 240);
    // Mon 14 Dec 17:00 + 240 minutes → Tue 15 Dec 08:00–12:00.
    assert.deepEqual(due('2026-12-07 09:00', 5, 0, [pause]), hn('2026-12-15 12:00'));
  });

  it('a pause over a weekend counts only working time; an open pause counts to now', () => {
    const weekend = { from: hn('2026-12-11 16:00'), to: hn('2026-12-14 09:00') };
    assert.equal(pausedMinutes(calendar, [weekend], NOW), 120);
    const open = { from: hn('2026-12-14 16:00') };
    assert.equal(pausedMinutes(calendar, [open], hn('2026-12-15 09:00')), 120);
  });

  it('half days: a part alone runs from the receipt, after whole days from their end', () => {
    // 0.5 day from Monday 10:00: 4 working hours, 12:00–13:00 not counted → 15:00.
    assert.deepEqual(due('2026-12-07 10:00', 0.5), hn('2026-12-07 15:00'));
    // 1.5 days: Tuesday 17:00, then 4 hours → Wednesday 12:00.
    assert.deepEqual(due('2026-12-07 10:00', 1.5), hn('2026-12-09 12:00'));
    // A step of 0 days ends with the working day it is handed over on.
    assert.deepEqual(stepDueDate(calendar, hn('2026-12-05 10:00'), 0), hn('2026-12-07 17:00'));
  });

  it("a step's due date counts from its hand-off", () => {
    assert.deepEqual(stepDueDate(calendar, hn('2026-12-09 11:00'), 3), hn('2026-12-14 17:00'));
  });
});

describe('dossier timeliness', () => {
  const dueAt = hn('2026-12-14 17:00');
  it('an earlier day is early', () => {
    assert.equal(timelinessOf(hn('2026-12-11 16:00'), dueAt), 'early');
    assert.equal(timelinessOf(hn('2026-12-13 23:59'), dueAt), 'early');
  });
  it('the due day, to its end, is on time', () => {
    assert.equal(timelinessOf(hn('2026-12-14 00:01'), dueAt), 'on-time');
    assert.equal(timelinessOf(hn('2026-12-14 18:30'), dueAt), 'on-time');
    assert.equal(timelinessOf(hn('2026-12-14 23:59'), dueAt), 'on-time');
  });
  it('a later day is late', () => {
    assert.equal(timelinessOf(hn('2026-12-15 00:00'), dueAt), 'late');
    assert.equal(timelinessOf(hn('2026-12-15 08:01'), dueAt), 'late');
  });
  it('a paused due date at noon: the afternoon of that day is still on time', () => {
    assert.equal(timelinessOf(hn('2026-12-15 15:00'), hn('2026-12-15 12:00')), 'on-time');
  });
  it('working hours left count working time only', () => {
    assert.equal(workingHoursLeft(calendar, hn('2026-12-11 15:00'), dueAt), 10);
    assert.equal(workingHoursLeft(calendar, hn('2026-12-15 09:00'), dueAt), -1);
  });
});
