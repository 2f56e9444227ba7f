import type { CalendarSpec, DayOfWeek, LooseRange, Month } from '@temporalio/client';
import { DAYS_OF_WEEK, MONTHS } from './calendar-fields.ts';
import { rangeSet } from './cron-model.ts';

/** A CalendarSpec read the way Temporal reads it: value sets per field, `years` undefined for every year. */
export interface CalendarMatcher {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  years: Set<number> | undefined;
}

type FieldInput<Unit> = LooseRange<Unit> | LooseRange<Unit>[] | '*' | undefined;

/**
 * Mirrors the TypeScript SDK's encoder (schedule-helpers.ts) and the server's range walk (calendar.go): a range
 * without `end` ends at 1 (an SDK quirk), an end before the start means the start alone, a step below 1 means 1.
 */
function decode<Unit>(
  input: FieldInput<Unit>,
  toNumber: (unit: Unit) => number | undefined,
  defaults: Set<number>,
  all: Set<number>,
): Set<number> {
  if (input === undefined) return defaults;
  if (input === '*') return all;
  const values = new Set<number>();
  for (const item of Array.isArray(input) ? input : [input]) {
    if (typeof item === 'object' && item !== null && 'start' in item) {
      const start = toNumber(item.start);
      if (start === undefined) throw new TypeError(`invalid calendar range start ${String(item.start)}`);
      const end = Math.max(start, item.end !== undefined ? (toNumber(item.end) ?? start) : 1);
      const step = typeof item.step === 'number' && item.step > 0 ? item.step : 1;
      for (let v = start; v <= end; v += step) values.add(v);
    } else {
      const value = toNumber(item);
      if (value === undefined) throw new TypeError(`invalid calendar value ${String(item)}`);
      values.add(value);
    }
  }
  return values;
}

const asNumber = (v: number): number | undefined => (typeof v === 'number' ? v : undefined);
const monthNumber = (m: Month): number | undefined => (MONTHS.includes(m) ? MONTHS.indexOf(m) + 1 : undefined);
const weekdayNumber = (d: DayOfWeek): number | undefined =>
  DAYS_OF_WEEK.includes(d) ? DAYS_OF_WEEK.indexOf(d) : undefined;

export function compileCalendar(spec: CalendarSpec): CalendarMatcher {
  const years =
    spec.year === undefined || spec.year === '*' ? undefined : decode(spec.year, asNumber, new Set(), new Set());
  return {
    seconds: decode(spec.second, asNumber, new Set([0]), rangeSet(0, 59)),
    minutes: decode(spec.minute, asNumber, new Set([0]), rangeSet(0, 59)),
    hours: decode(spec.hour, asNumber, new Set([0]), rangeSet(0, 23)),
    days: decode(spec.dayOfMonth, asNumber, rangeSet(1, 31), rangeSet(1, 31)),
    months: decode(spec.month, monthNumber, rangeSet(1, 12), rangeSet(1, 12)),
    weekdays: decode(spec.dayOfWeek, weekdayNumber, rangeSet(0, 6), rangeSet(0, 6)),
    years,
  };
}

export function matchesDay(cal: CalendarMatcher, year: number, month: number, day: number, weekday: number): boolean {
  return (cal.years?.has(year) ?? true) && cal.months.has(month) && cal.days.has(day) && cal.weekdays.has(weekday);
}

/** Seconds since local midnight at which the calendar fires on a matching day. */
export function secondsOfDay(cal: CalendarMatcher): number[] {
  const out: number[] = [];
  for (const h of cal.hours) for (const m of cal.minutes) for (const s of cal.seconds) out.push(h * 3600 + m * 60 + s);
  return out;
}
