import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cronToScheduleSpec, nextFireTimes } from '../../src/schedule/index.ts';

/*
 * Exhaustive check of the relative-day translations against a direct reading of Quartz's rules (CronExpression:
 * getTimeAfter), day by day over 2027-2056: 30 years hold every weekday alignment of every month length, leap
 * Februaries included. UTC keeps DST out of this test; the Paris tables cover DST.
 */
const FIRST_YEAR = 2027;
const LAST_YEAR = 2056;
const NOW = new Date('2026-12-04T00:00:00Z');

const lastDayOf = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const weekdayOf = (y: number, m: number, d: number): number => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const pad = (n: number): string => String(n).padStart(2, '0');

/** Quartz's nearest weekday: Saturday → Friday (the 1st → Monday 3rd); Sunday → Monday (the last day → Friday). */
function nearestWeekday(y: number, m: number, target: number): number | undefined {
  const last = lastDayOf(y, m);
  if (target < 1 || target > last) return undefined;
  const wd = weekdayOf(y, m, target);
  if (wd === 6) return target === 1 ? 3 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function expectedDates(dayOf: (y: number, m: number) => number[]): string[] {
  const dates: string[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (let m = 1; m <= 12; m++) {
      for (const d of [...new Set(dayOf(y, m))].sort((a, b) => a - b)) dates.push(`${y}-${pad(m)}-${pad(d)}`);
    }
  }
  return dates;
}

function firedDates(expression: string, count: number): string[] {
  const spec = cronToScheduleSpec(expression, 'UTC', undefined, NOW);
  // One more than expected, to see that nothing extra fires before the end of LAST_YEAR.
  const times = nextFireTimes(spec, new Date(Date.UTC(FIRST_YEAR, 0, 1) - 1000), count + 1);
  return times.filter((t) => t.getUTCFullYear() <= LAST_YEAR).map((t) => t.toISOString().slice(0, 10));
}

function check(expression: string, dayOf: (y: number, m: number) => number[]): void {
  const expected = expectedDates(dayOf);
  assert.ok(expected.length > 0);
  assert.deepEqual(firedDates(expression, expected.length), expected, expression);
}

const opt = (d: number | undefined): number[] => (d === undefined ? [] : [d]);

describe('relative day rules match Quartz over 30 years', () => {
  test('nW for every day of the month', () => {
    for (let n = 1; n <= 31; n++) check(`0 0 0 ${n}W * ?`, (y, m) => opt(nearestWeekday(y, m, n)));
  });

  test('L and L-n for every offset', () => {
    for (let n = 0; n <= 30; n++) {
      check(`0 0 0 ${n === 0 ? 'L' : `L-${n}`} * ?`, (y, m) => (lastDayOf(y, m) - n >= 1 ? [lastDayOf(y, m) - n] : []));
    }
  });

  test('LW and L-nW for every offset', () => {
    for (let n = 0; n <= 30; n++) {
      check(`0 0 0 ${n === 0 ? 'LW' : `L-${n}W`} * ?`, (y, m) => opt(nearestWeekday(y, m, lastDayOf(y, m) - n)));
    }
  });

  test('lists mixing plain days, L and W', () => {
    check('0 0 0 1,L,15W * ?', (y, m) => [1, lastDayOf(y, m), ...opt(nearestWeekday(y, m, 15))]);
  });

  test('dL (last given weekday) for every weekday', () => {
    for (let w = 0; w < 7; w++) {
      check(`0 0 0 ? * ${w + 1}L`, (y, m) => {
        const last = lastDayOf(y, m);
        return [last - ((weekdayOf(y, m, last) - w + 7) % 7)];
      });
    }
  });

  test('d#n (nth given weekday) for every weekday and n', () => {
    for (let w = 0; w < 7; w++) {
      for (let n = 1; n <= 5; n++) {
        check(`0 0 0 ? * ${w + 1}#${n}`, (y, m) => {
          const first = 1 + ((w - weekdayOf(y, m, 1) + 7) % 7);
          const day = first + 7 * (n - 1);
          return day <= lastDayOf(y, m) ? [day] : [];
        });
      }
    }
  });

  test('Unix OR rule: day 13 or Friday', () => {
    check('0 0 13 * FRI', (y, m) => {
      const days = [13];
      for (let d = 1; d <= lastDayOf(y, m); d++) if (weekdayOf(y, m, d) === 5) days.push(d);
      return days;
    });
  });

  test('Unix AND rule: a day-of-month starting with "*" (*/1) does not widen day-of-week', () => {
    check('0 0 */1 * FRI', (y, m) => {
      const days: number[] = [];
      for (let d = 1; d <= lastDayOf(y, m); d++) if (weekdayOf(y, m, d) === 5) days.push(d);
      return days;
    });
  });
});
