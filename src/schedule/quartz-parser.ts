import { CronError } from './cron-error.ts';
import type { DayOfMonthItem, DayRule, ParsedCron } from './cron-model.ts';
import { MONTH_NAME_MAP, QUARTZ_DAY_NAME_MAP, parseFieldList, parseFieldValue, type FieldSpec } from './field-list.ts';

const SECOND: FieldSpec = { field: 'second', min: 0, max: 59, wrap: true };
const MINUTE: FieldSpec = { field: 'minute', min: 0, max: 59, wrap: true };
const HOUR: FieldSpec = { field: 'hour', min: 0, max: 23, wrap: true };
const DAY_OF_MONTH: FieldSpec = { field: 'day-of-month', min: 1, max: 31, wrap: true };
const MONTH: FieldSpec = { field: 'month', min: 1, max: 12, names: MONTH_NAME_MAP, wrap: true };
const DAY_OF_WEEK: FieldSpec = {
  field: 'day-of-week',
  min: 1,
  max: 7,
  names: QUARTZ_DAY_NAME_MAP,
  wrap: true,
  hint: ' (Quartz counts 1 = Sunday)',
};
// Quartz reads years 1970-2199 and refuses a backwards range ("Start year must be less than stop year"). Temporal
// refuses calendar years outside 2000-2100, so the field stops at 2100 and years before 2000 (long past) are dropped.
const YEAR: FieldSpec = { field: 'year', min: 1970, max: 2100, wrap: false, hint: ' (Temporal schedules end in 2100)' };
const FIRST_TEMPORAL_YEAR = 2000;

/** Quartz caps the `L-n` offset at 30. */
const MAX_LAST_DAY_OFFSET = 30;

function parseLastOffset(text: string | undefined, item: string): number {
  if (text === undefined) return 0;
  const offset = Number(text);
  if (offset > MAX_LAST_DAY_OFFSET) {
    throw new CronError(
      'day-of-month',
      `day-of-month "${item}": the offset after "L-" must be 0 to ${MAX_LAST_DAY_OFFSET}`,
    );
  }
  return offset;
}

function parseDayOfMonthItem(item: string): DayOfMonthItem {
  const upper = item.toUpperCase();
  const last = /^L(?:-(\d+))?(W?)$/.exec(upper);
  if (last) {
    const offset = parseLastOffset(last[1], item);
    return last[2] ? { kind: 'nearest-weekday-to-last', offset } : { kind: 'last', offset };
  }
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest) return { kind: 'nearest-weekday', day: parseFieldValue(nearest[1] ?? '', DAY_OF_MONTH) };
  if (upper.includes('W')) {
    throw new CronError('day-of-month', `day-of-month "${item}": "W" takes a single day, as in "15W" or "LW"`);
  }
  if (upper.includes('L')) {
    throw new CronError('day-of-month', `day-of-month "${item}": "L" is written alone, as "L", "L-3" or "LW"`);
  }
  return { kind: 'days', days: parseFieldList(item, DAY_OF_MONTH).values };
}

function parseDayOfMonth(text: string): DayRule {
  const items = text.split(',').map(parseDayOfMonthItem);
  const plain = new Set<number>();
  const special: DayOfMonthItem[] = [];
  for (const item of items) {
    if (item.kind === 'days') item.days.forEach((d) => plain.add(d));
    else special.push(item);
  }
  if (special.length === 0 && plain.size === 31) return { kind: 'any' };
  return { kind: 'day-of-month', items: plain.size > 0 ? [{ kind: 'days', days: plain }, ...special] : special };
}

function parseDayOfWeek(text: string): DayRule {
  const upper = text.toUpperCase();
  if (/[L#]/.test(upper)) {
    if (upper.includes(',')) {
      throw new CronError(
        'day-of-week',
        `day-of-week "${text}": Quartz allows "L" or "#" only as the whole field, not in a list`,
      );
    }
    // A lone "L" in day-of-week is just Saturday (7) in Quartz.
    if (upper === 'L') return { kind: 'day-of-week', weekdays: new Set([6]) };
    const lastOf = /^(\w+?)L$/.exec(upper);
    if (lastOf) return { kind: 'last-weekday', weekday: parseFieldValue(lastOf[1] ?? '', DAY_OF_WEEK) - 1 };
    const nth = /^(\w+)#(\w*)$/.exec(upper);
    if (nth) {
      const weekday = parseFieldValue(nth[1] ?? '', DAY_OF_WEEK) - 1;
      const n = Number(nth[2]);
      if (!/^[1-5]$/.test(nth[2] ?? '')) {
        throw new CronError(
          'day-of-week',
          `day-of-week "${text}": the number after "#" must be 1 to 5 (which week of the month)`,
        );
      }
      return { kind: 'nth-weekday', weekday, nth: n };
    }
    throw new CronError(
      'day-of-week',
      `day-of-week "${text}" is not understood: use e.g. "6L" (last Friday) or "6#3" (third Friday)`,
    );
  }
  const weekdays = new Set([...parseFieldList(text, DAY_OF_WEEK).values].map((d) => d - 1));
  return weekdays.size === 7 ? { kind: 'any' } : { kind: 'day-of-week', weekdays };
}

function parseDays(fields: readonly string[]): DayRule {
  const dayOfMonth = fields[3] ?? '';
  const dayOfWeek = fields[5] ?? '';
  const suggest = (dom: string, dow: string): string =>
    [...fields.slice(0, 3), dom, fields[4], dow, ...fields.slice(6)].join(' ');
  for (const [field, text] of [
    ['day-of-month', dayOfMonth],
    ['day-of-week', dayOfWeek],
  ] as const) {
    if (text !== '?' && text.includes('?')) {
      throw new CronError(field, `${field} "${text}": "?" must be the whole field`);
    }
  }
  const domQ = dayOfMonth === '?';
  const dowQ = dayOfWeek === '?';
  if (domQ && dowQ) {
    throw new CronError(
      'day-of-week',
      'day-of-month and day-of-week are both "?": Quartz needs a value in exactly one of them',
    );
  }
  if (!domQ && !dowQ) {
    throw new CronError(
      'day-of-week',
      `day-of-month "${dayOfMonth}" and day-of-week "${dayOfWeek}" are both set: Quartz requires "?" in one of them ` +
        `("${suggest(dayOfMonth, '?')}" or "${suggest('?', dayOfWeek)}")`,
    );
  }
  return domQ ? parseDayOfWeek(dayOfWeek) : parseDayOfMonth(dayOfMonth);
}

/** Parses a Quartz expression: `sec min hour day-of-month month day-of-week [year]`. */
export function parseQuartz(source: string, fields: readonly string[]): ParsedCron {
  if (fields.length !== 6 && fields.length !== 7) {
    throw new CronError(
      'expression',
      `a Quartz expression has 6 or 7 fields (second minute hour day-of-month month day-of-week [year]); this one has ${fields.length}`,
    );
  }
  const [sec = '', min = '', hour = '', , month = '', , year] = fields;
  for (const [spec, text] of [
    [SECOND, sec],
    [MINUTE, min],
    [HOUR, hour],
    [MONTH, month],
  ] as const) {
    if (/[?LW#]/i.test(text) && !spec.names) {
      throw new CronError(
        spec.field,
        `${spec.field} "${text}": "?", "L", "W" and "#" are only allowed in day-of-month or day-of-week`,
      );
    }
  }
  return {
    dialect: 'quartz',
    source,
    seconds: parseFieldList(sec, SECOND).values,
    minutes: parseFieldList(min, MINUTE).values,
    hours: parseFieldList(hour, HOUR).values,
    months: parseFieldList(month, MONTH).values,
    years:
      year === undefined || year === '*'
        ? undefined
        : new Set([...parseFieldList(year, YEAR).values].filter((y) => y >= FIRST_TEMPORAL_YEAR)),
    days: parseDays(fields),
  };
}
