import type { CalendarSpec } from '@temporalio/client';
import { CronError } from './cron-error.ts';
import type { CronDialect, ParsedCron } from './cron-model.ts';
import { dayConditions, type DayCondition } from './day-conditions.ts';
import { dayOfMonthField, dayOfWeekField, monthField, timeField, yearField } from './calendar-fields.ts';
import { nextFireTimes } from './next-fire-times.ts';
import { parseCron } from './parse-cron.ts';
import { horizonYears, isLeapYear } from './years.ts';

/** Structurally what @temporalio/client's `ScheduleSpec` accepts (plus startAt/endAt/jitter, left to the caller). */
export interface ScheduleSpecForTemporal {
  calendars: CalendarSpec[];
  timezone: string;
}

/**
 * Checks an IANA time zone name and returns it as Temporal Server must receive it: Intl accepts "europe/paris" but
 * the server loads zone files by exact name, so a name that only differs in case gets Intl's canonical spelling.
 */
export function checkTimeZone(timezone: string): string {
  let resolved: string;
  try {
    if (timezone.trim() === '') throw new RangeError('empty');
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw new CronError(
      'timezone',
      `time zone "${timezone}" is not a known IANA time zone (e.g. "Europe/Paris", "UTC")`,
    );
  }
  return resolved.toLowerCase() === timezone.toLowerCase() ? resolved : timezone;
}

function resolveYears(
  condition: DayCondition,
  years: ReadonlySet<number> | undefined,
  now: Date,
): number[] | undefined {
  if (condition.years === 'any') return years && [...years];
  const wanted = condition.years === 'leap';
  return [...(years ?? horizonYears(now))].filter((y) => isLeapYear(y) === wanted);
}

function toCalendar(cron: ParsedCron, condition: DayCondition, now: Date): CalendarSpec | undefined {
  const months = [...cron.months].filter((m) => condition.months?.has(m) ?? true);
  const years = resolveYears(condition, cron.years, now);
  if (months.length === 0 || years?.length === 0) return undefined;
  const calendar: CalendarSpec = {
    second: timeField(cron.seconds, 60),
    minute: timeField(cron.minutes, 60),
    hour: timeField(cron.hours, 24),
    comment: condition.label ? `${cron.source} (${condition.label})` : cron.source,
  };
  if (condition.days && condition.days.size < 31) calendar.dayOfMonth = dayOfMonthField(condition.days);
  if (months.length < 12) calendar.month = monthField(new Set(months));
  if (condition.weekdays && condition.weekdays.size < 7) calendar.dayOfWeek = dayOfWeekField(condition.weekdays);
  if (years) calendar.year = yearField(years);
  return calendar;
}

/** Translates a parsed expression into calendars whose union fires exactly when the expression does. */
export function toCalendars(cron: ParsedCron, now: Date = new Date()): CalendarSpec[] {
  return dayConditions(cron.days).flatMap((condition) => toCalendar(cron, condition, now) ?? []);
}

/**
 * Translates a Quartz or Unix cron expression into a Temporal Schedule spec that fires at exactly the same times
 * in `timezone`. Throws {@link CronError} naming the faulty field when the expression is invalid, cannot be
 * represented, or would never fire (from `now` until year 2100, where Temporal stops looking).
 */
export function cronToScheduleSpec(
  expression: string,
  timezone: string,
  dialect?: CronDialect,
  now: Date = new Date(),
): ScheduleSpecForTemporal {
  const cron = parseCron(expression, dialect);
  const spec = { calendars: toCalendars(cron, now), timezone: checkTimeZone(timezone) };
  if (nextFireTimes(spec, now, 1).length === 0) {
    throw new CronError(
      cron.years ? 'year' : 'day-of-month',
      `"${cron.source}" never fires: no date from now until 2100 matches its ` +
        `${cron.years ? 'day-of-month, day-of-week, month and year' : 'day-of-month, day-of-week and month'} fields together`,
    );
  }
  return spec;
}
