import type { CronDialect, DayOfMonthItem, DayRule, ParsedCron } from './cron-model.ts';
import { parseCron } from './parse-cron.ts';
import { toRuns } from './value-ranges.ts';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "1 to 5, 10 and 20", with names when given; arithmetic runs only where steps read naturally (numbers). */
function listValues(values: ReadonlySet<number>, name: (v: number) => string = String, steps = true): string {
  const chunks = toRuns(values).flatMap((run) => {
    if (run.start === run.end) return [name(run.start)];
    if (run.step === 1)
      return [
        run.end === run.start + 1
          ? `${name(run.start)} and ${name(run.end)}`
          : `${name(run.start)} to ${name(run.end)}`,
      ];
    if (steps) return [`every ${run.step} from ${name(run.start)} to ${name(run.end)}`];
    const each: string[] = [];
    for (let v = run.start; v <= run.end; v += run.step) each.push(name(v));
    return each;
  });
  return joinAnd(chunks);
}

function timeUnit(values: ReadonlySet<number>, size: number, unit: string): string {
  if (values.size === size) return `every ${unit}`;
  const [only] = values;
  if (values.size === 1) return `${unit} ${only}`;
  const runs = toRuns(values);
  const [run] = runs;
  if (runs.length === 1 && run && run.step > 1)
    return `every ${run.step} ${unit}s from ${unit} ${run.start} to ${run.end}`;
  return `${unit}s ${listValues(values)}`;
}

const dayName = (d: number): string => DAY_NAMES[d] ?? String(d);
const monthName = (m: number): string => MONTH_NAMES[m - 1] ?? String(m);

function daysOfMonth(days: ReadonlySet<number>): string {
  return `${days.size === 1 ? 'day' : 'days'} ${listValues(days)} of the month`;
}

function beforeLast(offset: number): string {
  return offset === 0
    ? 'the last day of the month'
    : `the last day of the month minus ${offset} day${offset === 1 ? '' : 's'}`;
}

function dayOfMonthItem(item: DayOfMonthItem): string {
  switch (item.kind) {
    case 'days':
      return daysOfMonth(item.days);
    case 'last':
      return beforeLast(item.offset);
    case 'nearest-weekday':
      return `the weekday nearest day ${item.day} of the month`;
    case 'nearest-weekday-to-last':
      return item.offset === 0 ? 'the last weekday of the month' : `the weekday nearest ${beforeLast(item.offset)}`;
  }
}

function describeDays(rule: DayRule): string | undefined {
  const weekdays = (set: ReadonlySet<number>): string => listValues(set, dayName, false);
  switch (rule.kind) {
    case 'any':
      return 'every day';
    case 'day-of-month':
      return `on ${rule.items.map(dayOfMonthItem).join(' or ')}`;
    case 'day-of-week':
      return `on ${weekdays(rule.weekdays)}`;
    case 'nth-weekday':
      return `on the ${ORDINALS[rule.nth - 1]} ${dayName(rule.weekday)} of the month`;
    case 'last-weekday':
      return `on the last ${dayName(rule.weekday)} of the month`;
    case 'either':
      return `on ${daysOfMonth(rule.days)} or on ${weekdays(rule.weekdays)}`;
    case 'both':
      return `on ${daysOfMonth(rule.days)} when it is a ${weekdays(rule.weekdays).replace(/ and /, ' or ')}`;
  }
}

export function describeParsed(cron: ParsedCron): string {
  const parts = [
    ...(cron.dialect === 'quartz' ? [timeUnit(cron.seconds, 60, 'second')] : []),
    timeUnit(cron.minutes, 60, 'minute'),
    timeUnit(cron.hours, 24, 'hour'),
  ];
  const days = describeDays(cron.days);
  if (days) parts.push(days);
  if (cron.months.size < 12) parts.push(`in ${listValues(cron.months, monthName, false)}`);
  if (cron.years) parts.push(`in ${listValues(cron.years)}`);
  return `at ${parts.join(', ')}`;
}

/** A short English description for the UI memo, e.g. "at second 0, minute 0, hour 6, on Monday to Friday". */
export function describeCron(expression: string, dialect?: CronDialect): string {
  return describeParsed(parseCron(expression, dialect));
}
