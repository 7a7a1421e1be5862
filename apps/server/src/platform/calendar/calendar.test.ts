import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HUNG_KINGS_DAY, LUNAR_NEW_YEAR, lunarHolidaysKnown, nationalDayPartner, vietnamCalendar } from './index.js';

// Expected values below were worked out by hand from a printed calendar, not with this code.

/** A Hanoi local time: "2026-12-04 16:00" → that instant (+07:00). */
const hn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

const calendar = vietnamCalendar();

describe('vietnamCalendar: days off', () => {
  it('weekdays work, weekends do not', () => {
    assert.equal(calendar.isWorkingDay('2026-12-04'), true); // Friday
    assert.equal(calendar.isWorkingDay('2026-12-05'), false); // Saturday
    assert.equal(calendar.isWorkingDay('2026-12-06'), false); // Sunday
    assert.equal(calendar.isWorkingDay('2026-12-07'), true); // Monday
  });

  it('Tết 2027: the last day of the year and 4 days; Saturday and Sunday give Wednesday and Thursday', () => {
    // New year's day is Saturday 6 Feb 2027: off Fri 5 – Tue 9, compensatory Wed 10 and Thu 11.
    assert.equal(calendar.isWorkingDay('2027-02-04'), true);
    for (const d of ['05', '06', '07', '08', '09', '10', '11'])
      assert.equal(calendar.isWorkingDay(`2027-02-${d}`), false, d);
    assert.equal(calendar.isWorkingDay('2027-02-12'), true);
  });

  it('National Day 2026: Wednesday 2 and Thursday 3 September', () => {
    assert.equal(calendar.isWorkingDay('2026-09-01'), true);
    assert.equal(calendar.isWorkingDay('2026-09-02'), false);
    assert.equal(calendar.isWorkingDay('2026-09-03'), false);
    assert.equal(calendar.isWorkingDay('2026-09-04'), true);
  });

  it('New Year 2028 on a Saturday gives Monday 3 January off', () => {
    assert.equal(calendar.isWorkingDay('2028-01-03'), false);
    assert.equal(calendar.isWorkingDay('2028-01-04'), true);
  });

  it("Hùng Kings' day 2026 on a Sunday gives Monday 27 April; 30 April and 1 May on Thursday and Friday", () => {
    assert.deepEqual(
      ['2026-04-24', '2026-04-27', '2026-04-28', '2026-04-29', '2026-04-30', '2026-05-01', '2026-05-04'].map((d) =>
        calendar.isWorkingDay(d),
      ),
      [true, false, true, true, false, false, true],
    );
  });

  it('30 April 2028 on a Sunday: its day off goes past 1 May (Monday) to Tuesday 2 May', () => {
    assert.equal(calendar.isWorkingDay('2028-05-01'), false);
    assert.equal(calendar.isWorkingDay('2028-05-02'), false);
    assert.equal(calendar.isWorkingDay('2028-05-03'), true);
  });

  it('National Day 2028 on a Saturday: Friday 1 September with it, Monday 4 in compensation', () => {
    assert.equal(nationalDayPartner(2028), '2028-09-01');
    assert.deepEqual(
      ['2028-08-31', '2028-09-01', '2028-09-04', '2028-09-05'].map((d) => calendar.isWorkingDay(d)),
      [true, false, false, true],
    );
  });

  it('the partner day follows the notices of 2024 (3 Sep) and 2025 (1 Sep)', () => {
    assert.equal(nationalDayPartner(2024), '2024-09-03');
    assert.equal(nationalDayPartner(2025), '2025-09-01');
    assert.equal(nationalDayPartner(2027), '2027-09-03'); // Thursday → Friday, as 2021
  });

  it('the lunar tables cover Tết 2024–2035 and Hùng Kings 2024–2030', () => {
    assert.equal(Object.keys(LUNAR_NEW_YEAR).length, 12);
    assert.equal(Object.keys(HUNG_KINGS_DAY).length, 7);
    assert.equal(lunarHolidaysKnown(2030), true);
    assert.equal(lunarHolidaysKnown(2031), false);
  });

  it('a deployment adds days off and make-up working days', () => {
    const swapped = vietnamCalendar({ holidays: ['2026-12-11'], workingDays: ['2026-12-12'] });
    assert.equal(swapped.isWorkingDay('2026-12-11'), false);
    assert.equal(swapped.isWorkingDay('2026-12-12'), true);
    // Thursday 16:00 + 2 h: 1 h on Thursday, Friday off, 1 h on the make-up Saturday.
    assert.deepEqual(swapped.addWorkingMinutes(hn('2026-12-10 16:00'), 120), hn('2026-12-12 09:00'));
  });

  it('refuses what is not a date', () => {
    assert.throws(() => calendar.isWorkingDay('2026-02-30'), RangeError);
    assert.throws(() => vietnamCalendar({ holidays: ['11/12/2026'] }), RangeError);
  });
});

describe('vietnamCalendar: working minutes', () => {
  it('across a weekend', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-04 16:00'), 120), hn('2026-12-07 09:00'));
    assert.equal(calendar.workingMinutesBetween(hn('2026-12-04 16:00'), hn('2026-12-07 09:00')), 120);
    assert.equal(calendar.workingMinutesBetween(hn('2026-12-07 09:00'), hn('2026-12-04 16:00')), -120);
    assert.equal(calendar.workingMinutesBetween(hn('2026-12-05 10:00'), hn('2026-12-06 20:00')), 0);
  });

  it('across the lunch break; a limit ending with the morning ends at 12:00', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-07 11:00'), 120), hn('2026-12-07 14:00'));
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-07 08:00'), 240), hn('2026-12-07 12:00'));
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-07 12:20'), 10), hn('2026-12-07 13:10'));
    assert.equal(calendar.workingMinutesBetween(hn('2026-12-07 11:30'), hn('2026-12-07 13:30')), 60);
    assert.equal(calendar.workingMinutesBetween(hn('2026-12-07 07:00'), hn('2026-12-07 18:00')), 480);
  });

  it('a start outside working hours counts from the next working minute', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-07 17:30'), 30), hn('2026-12-08 08:30'));
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-08 06:00'), 30), hn('2026-12-08 08:30'));
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-06 10:00'), 60), hn('2026-12-07 09:00'));
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-06 10:00'), 0), hn('2026-12-06 10:00'));
  });

  it('across Tết 2027', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2027-02-04 16:00'), 120), hn('2027-02-12 09:00'));
    assert.equal(calendar.workingMinutesBetween(hn('2027-02-04 08:00'), hn('2027-02-15 08:00')), 960);
  });

  it('across 2 September 2026', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-09-01 16:00'), 120), hn('2026-09-04 09:00'));
  });

  it('across New Year 2028 and its compensatory Monday', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2027-12-31 16:00'), 120), hn('2028-01-04 09:00'));
  });

  it('backwards', () => {
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-07 09:00'), -120), hn('2026-12-04 16:00'));
    assert.deepEqual(calendar.addWorkingMinutes(hn('2026-12-07 13:30'), -60), hn('2026-12-07 11:30'));
  });

  it('long spans: a year of working days', () => {
    // 2027: 261 weekdays less 1 Jan (Fri), Tết Fri 5 – Thu 11 Feb (5 weekdays), Hùng Kings (Fri 16 Apr),
    // 30 Apr (Fri), 1 May (Sat → Mon 3 May), 2 and 3 Sep (Thu, Fri) = 261 − 11 = 250 days.
    assert.equal(calendar.workingMinutesBetween(hn('2027-01-01 00:00'), hn('2028-01-01 00:00')), 250 * 480);
  });
});

describe('vietnamCalendar: working days', () => {
  it('count from the day after, whatever the hour, and end at 17:00', () => {
    assert.deepEqual(calendar.addWorkingDays(hn('2026-12-07 07:00'), 1), hn('2026-12-08 17:00'));
    assert.deepEqual(calendar.addWorkingDays(hn('2026-12-07 16:59'), 1), hn('2026-12-08 17:00'));
    assert.deepEqual(calendar.addWorkingDays(hn('2026-12-05 10:00'), 1), hn('2026-12-07 17:00'));
    assert.deepEqual(calendar.addWorkingDays(hn('2026-12-04 10:00'), 10), hn('2026-12-18 17:00'));
    assert.deepEqual(calendar.addWorkingDays(hn('2026-12-05 10:00'), 0), hn('2026-12-07 17:00'));
  });

  it('skip Tết', () => {
    assert.deepEqual(calendar.addWorkingDays(hn('2027-02-04 10:00'), 1), hn('2027-02-12 17:00'));
    assert.deepEqual(calendar.addWorkingDays(hn('2027-02-04 10:00'), 2), hn('2027-02-15 17:00'));
  });
});
