/**
 * The dialect-neutral meaning of a cron expression: plain value sets for the time and month/year fields, and a day
 * rule that keeps Quartz's relative days (L, W, #) symbolic until they are expanded per month length.
 * Days of week are numbered 0 = Sunday … 6 = Saturday here, whatever the source dialect.
 */
export type CronDialect = 'quartz' | 'unix';

/** One item of a Quartz day-of-month list. */
export type DayOfMonthItem =
  | { kind: 'days'; days: ReadonlySet<number> }
  /** `L` (offset 0) or `L-n`: the day `offset` days before the last day of the month. */
  | { kind: 'last'; offset: number }
  /** `nW`: the weekday nearest day n, without leaving the month. */
  | { kind: 'nearest-weekday'; day: number }
  /** `LW` (offset 0) or `L-nW`: the weekday nearest the day `offset` days before the last one. */
  | { kind: 'nearest-weekday-to-last'; offset: number };

export type DayRule =
  /** Every day. */
  | { kind: 'any' }
  /** Day-of-month list (a union of items), day-of-week unrestricted. */
  | { kind: 'day-of-month'; items: readonly DayOfMonthItem[] }
  /** Day-of-week set, day-of-month unrestricted. */
  | { kind: 'day-of-week'; weekdays: ReadonlySet<number> }
  /** `6#3`: the nth given weekday of the month. */
  | { kind: 'nth-weekday'; weekday: number; nth: number }
  /** `6L`: the last given weekday of the month. */
  | { kind: 'last-weekday'; weekday: number }
  /** Unix: both fields restricted, so a day matches when EITHER matches. */
  | { kind: 'either'; days: ReadonlySet<number>; weekdays: ReadonlySet<number> }
  /** Unix: a day matches when BOTH match (one of them was written with a leading `*`, e.g. `* /2`). */
  | { kind: 'both'; days: ReadonlySet<number>; weekdays: ReadonlySet<number> };

export interface ParsedCron {
  dialect: CronDialect;
  /** The expression as the user wrote it, trimmed. */
  source: string;
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  /** 1 = January … 12 = December. */
  months: ReadonlySet<number>;
  /** undefined = every year. */
  years: ReadonlySet<number> | undefined;
  days: DayRule;
}

export function rangeSet(min: number, max: number): Set<number> {
  const set = new Set<number>();
  for (let v = min; v <= max; v++) set.add(v);
  return set;
}
