import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamCalendar } from '../../platform/calendar/index.js';
import { onTimeRate, reportClock, type ClockInput } from './clock.js';

// Expected deadlines and minutes were worked out by hand from a printed calendar, not with this code.

/** A Hanoi local time: "2026-12-04 16:00" → that instant (+07:00). */
const hn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const iso = (local: string) => hn(local).toISOString();

const calendar = vietnamCalendar();
const report = (over: Partial<ClockInput> = {}): ClockInput => ({
  level: 'normal',
  resolveWorkingDays: 10,
  submittedAt: hn('2026-12-04 10:00'), // a Friday
  pauses: [],
  ...over,
});

describe('reportClock', () => {
  it('urgent, submitted Friday 16:00: both due Monday 11:00', () => {
    const clock = reportClock(
      report({ level: 'urgent', submittedAt: hn('2026-12-04 16:00') }),
      hn('2026-12-04 16:30'),
      calendar,
    );
    assert.equal(clock.receiveBy, iso('2026-12-07 11:00'));
    assert.equal(clock.resolveBy, iso('2026-12-07 11:00'));
    assert.equal(clock.minutesLeft, 30 + 180);
    assert.equal(clock.overdue, false);
    assert.equal(clock.paused, false);
    assert.equal(clock.onTime, undefined);
  });

  it('normal: receipt in 8 working hours over the weekend, resolution at the end of the 10th working day after', () => {
    const clock = reportClock(report({ receivedAt: hn('2026-12-07 09:00') }), hn('2026-12-08 08:00'), calendar);
    assert.equal(clock.receiveBy, iso('2026-12-07 10:00')); // Fri 10–12, 13–17 (6 h), Mon 08–10
    assert.equal(clock.resolveBy, iso('2026-12-18 17:00'));
    assert.equal(clock.receivedAt, iso('2026-12-07 09:00'));
    assert.equal(clock.minutesLeft, 9 * 480); // Tue 8 – Fri 18 December
    assert.equal(clock.overdue, false);
  });

  it('overdue: minutes left go negative, lunch not counted', () => {
    assert.deepEqual(
      [hn('2026-12-07 10:00'), hn('2026-12-07 11:00'), hn('2026-12-07 12:30'), hn('2026-12-07 13:30')].map((now) => {
        const c = reportClock(report(), now, calendar);
        return [c.minutesLeft, c.overdue];
      }),
      [
        [0, false],
        [-60, true],
        [-120, true],
        [-150, true],
      ],
    );
  });

  it('overdue after hours, before any working minute has run: -1', () => {
    const clock = reportClock(report({ submittedAt: hn('2026-12-07 08:00') }), hn('2026-12-07 17:30'), calendar);
    assert.equal(clock.receiveBy, iso('2026-12-07 17:00'));
    assert.equal(clock.overdue, true);
    assert.equal(clock.minutesLeft, -1);
  });

  it('urgent overdue and not received', () => {
    const clock = reportClock(
      report({ level: 'urgent', submittedAt: hn('2026-12-04 16:00') }),
      hn('2026-12-07 12:30'),
      calendar,
    );
    assert.equal(clock.minutesLeft, -60);
    assert.equal(clock.overdue, true);
  });

  it('submitted at 17:30, on a Sunday: the clocks start with the next working minute', () => {
    const evening = reportClock(
      report({ submittedAt: hn('2026-12-07 17:30'), resolveWorkingDays: 1 }),
      hn('2026-12-07 17:31'),
      calendar,
    );
    assert.equal(evening.receiveBy, iso('2026-12-08 17:00'));
    assert.equal(evening.resolveBy, iso('2026-12-08 17:00'));
    assert.equal(evening.minutesLeft, 480);
    const sunday = reportClock(
      report({ level: 'urgent', submittedAt: hn('2026-12-06 10:00') }),
      hn('2026-12-06 10:00'),
      calendar,
    );
    assert.equal(sunday.receiveBy, iso('2026-12-07 12:00'));
    assert.equal(sunday.minutesLeft, 240);
  });

  it('across Tết 2027', () => {
    const clock = reportClock(
      report({ submittedAt: hn('2027-02-04 14:00'), resolveWorkingDays: 5 }),
      hn('2027-02-05 09:00'),
      calendar,
    );
    assert.equal(clock.receiveBy, iso('2027-02-12 14:00')); // Thu 14–17, then Fri 12 Feb 08–12, 13–14
    assert.equal(clock.resolveBy, iso('2027-02-18 17:00')); // Fri 12, Mon 15, Tue 16, Wed 17, Thu 18
    assert.equal(clock.minutesLeft, 300);
  });

  it('a pause over a weekend moves the resolution by its working time; the receipt, made before it, stays', () => {
    // Base: 5 working days after Mon 7 Dec → Mon 14 Dec 17:00. Paused Thu 10 15:00 – Tue 15 10:00:
    // Thu 2 h + Fri 8 h + Mon 8 h + Tue 2 h = 20 h → Tue 15 (8 h), Wed 16 (8 h), Thu 17 08–12.
    const clock = reportClock(
      report({
        submittedAt: hn('2026-12-07 08:00'),
        receivedAt: hn('2026-12-07 09:00'),
        resolveWorkingDays: 5,
        pauses: [{ from: hn('2026-12-10 15:00'), to: hn('2026-12-15 10:00') }],
      }),
      hn('2026-12-15 10:00'),
      calendar,
    );
    assert.equal(clock.receiveBy, iso('2026-12-07 17:00'));
    assert.equal(clock.resolveBy, iso('2026-12-17 12:00'));
    assert.equal(clock.minutesLeft, 1080); // as at the pause's start: Thu 2 h + Fri 8 h + Mon 8 h
    assert.equal(clock.paused, false);
  });

  it('an open pause: the clock stands still', () => {
    const input = report({
      submittedAt: hn('2026-12-07 08:00'),
      receivedAt: hn('2026-12-07 09:00'),
      resolveWorkingDays: 5,
      pauses: [{ from: hn('2026-12-10 15:00') }],
    });
    const monday = reportClock(input, hn('2026-12-14 10:00'), calendar);
    assert.equal(monday.paused, true);
    assert.equal(monday.resolveBy, iso('2026-12-16 12:00')); // moved by Thu 2 h + Fri 8 h + Mon 2 h
    assert.equal(monday.minutesLeft, 1080);
    assert.equal(reportClock(input, hn('2026-12-16 16:00'), calendar).minutesLeft, 1080);
  });

  it('a pause after a late receipt does not make the receipt on time', () => {
    const clock = reportClock(
      report({
        receivedAt: hn('2026-12-07 11:00'), // due 10:00
        closedAt: hn('2026-12-09 10:00'),
        pauses: [{ from: hn('2026-12-07 14:00'), to: hn('2026-12-08 14:00') }],
      }),
      hn('2026-12-10 10:00'),
      calendar,
    );
    assert.equal(clock.receiveBy, iso('2026-12-07 10:00'));
    assert.equal(clock.onTime, false);
    assert.equal(clock.overdue, true);
    assert.equal(clock.minutesLeft, undefined);
  });

  it('closed in time', () => {
    const clock = reportClock(
      report({ receivedAt: hn('2026-12-07 09:00'), closedAt: hn('2026-12-16 10:00') }),
      hn('2026-12-20 10:00'),
      calendar,
    );
    assert.equal(clock.onTime, true);
    assert.equal(clock.overdue, false);
    assert.equal(clock.closedAt, iso('2026-12-16 10:00'));
    assert.equal(clock.minutesLeft, undefined);
  });

  it('closed late, and closed without being received (the receipt is the closing)', () => {
    const late = reportClock(
      report({ receivedAt: hn('2026-12-07 09:00'), closedAt: hn('2026-12-21 08:30') }),
      hn('2026-12-21 09:00'),
      calendar,
    );
    assert.equal(late.onTime, false);
    const rejectedAtOnce = reportClock(report({ closedAt: hn('2026-12-04 11:00') }), hn('2026-12-05 09:00'), calendar);
    assert.equal(rejectedAtOnce.onTime, true);
  });
});

describe('onTimeRate', () => {
  it('counts the closed clocks only', () => {
    const now = hn('2026-12-22 09:00');
    const clocks = [
      reportClock(report({ receivedAt: hn('2026-12-07 09:00'), closedAt: hn('2026-12-16 10:00') }), now, calendar),
      reportClock(report({ receivedAt: hn('2026-12-07 09:00'), closedAt: hn('2026-12-21 08:30') }), now, calendar),
      reportClock(report(), now, calendar),
    ];
    assert.deepEqual(onTimeRate(clocks), { closed: 2, onTime: 1, rate: 0.5 });
    assert.deepEqual(onTimeRate([clocks[2]!]), { closed: 0, onTime: 0, rate: null });
  });
});
