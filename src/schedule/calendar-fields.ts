import type { CalendarSpec, DayOfWeek, LooseRange, Month } from '@temporalio/client';
import { toRuns } from './value-ranges.ts';

export const MONTHS: readonly Month[] = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
];
export const DAYS_OF_WEEK: readonly DayOfWeek[] = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
];

type Field<Unit> = LooseRange<Unit>[];

/**
 * Writes a value set as Temporal ranges. Every range carries an explicit `end`: the TypeScript SDK 1.24 encodes a
 * range without `end` as ending at 1 (`{ start: 'SUNDAY' }` would mean Sunday AND Monday on the server).
 */
function encode<Unit>(values: Iterable<number>, name: (v: number) => Unit): Field<Unit> {
  return toRuns(values).map((run) =>
    run.start === run.end ? name(run.start) : { start: name(run.start), end: name(run.end), step: run.step },
  );
}

const number = (v: number): number => v;
const monthName = (v: number): Month => MONTHS[v - 1] ?? 'JANUARY';
const dayName = (v: number): DayOfWeek => DAYS_OF_WEEK[v] ?? 'SUNDAY';

/** second/minute/hour default to 0 in Temporal, so "every value" must be written as '*'. */
export function timeField(values: ReadonlySet<number>, size: number): CalendarSpec['second'] {
  return values.size === size ? '*' : encode(values, number);
}

export const dayOfMonthField = (days: ReadonlySet<number>): Field<number> => encode(days, number);
export const monthField = (months: ReadonlySet<number>): Field<Month> => encode(months, monthName);
export const dayOfWeekField = (weekdays: ReadonlySet<number>): Field<DayOfWeek> => encode(weekdays, dayName);
export const yearField = (years: Iterable<number>): Field<number> => encode(years, number);
