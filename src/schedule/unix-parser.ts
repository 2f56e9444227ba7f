import { CronError } from './cron-error.ts';
import type { DayRule, ParsedCron } from './cron-model.ts';
import { MONTH_NAME_MAP, UNIX_DAY_NAME_MAP, parseFieldList, type FieldSpec } from './field-list.ts';

const MINUTE: FieldSpec = { field: 'minute', min: 0, max: 59, wrap: false };
const HOUR: FieldSpec = { field: 'hour', min: 0, max: 23, wrap: false };
const DAY_OF_MONTH: FieldSpec = { field: 'day-of-month', min: 1, max: 31, wrap: false };
const MONTH: FieldSpec = { field: 'month', min: 1, max: 12, names: MONTH_NAME_MAP, wrap: false };
const DAY_OF_WEEK: FieldSpec = {
  field: 'day-of-week',
  min: 0,
  max: 7,
  names: UNIX_DAY_NAME_MAP,
  wrap: false,
  hint: ' (0 and 7 = Sunday)',
};

/** The macros of Vixie cron, as 5-field expressions. */
export const UNIX_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export function expandMacro(expression: string): string {
  const expanded = UNIX_MACROS[expression.toLowerCase()];
  if (expanded === undefined) {
    throw new CronError(
      'expression',
      `"${expression.split(/\s/)[0]}" is not a supported shortcut: use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually`,
    );
  }
  return expanded;
}

function rejectQuartzSyntax(field: 'day-of-month' | 'day-of-week', text: string): void {
  if (/[LW#]/i.test(text.replace(/[A-Z]{3,}/gi, (name) => (UNIX_DAY_NAME_MAP.has(name.toUpperCase()) ? '' : name)))) {
    throw new CronError(
      field,
      `${field} "${text}": "L", "W" and "#" are Quartz syntax, not Unix cron; write a 6-field Quartz expression (seconds first)`,
    );
  }
}

function parseDays(dayOfMonth: string, dayOfWeek: string): DayRule {
  rejectQuartzSyntax('day-of-month', dayOfMonth);
  rejectQuartzSyntax('day-of-week', dayOfWeek);
  // "?" is not Vixie syntax, but the cron library Temporal itself uses (robfig/cron) reads it as "*", and so do we.
  const dom = parseFieldList(dayOfMonth === '?' ? '*' : dayOfMonth, DAY_OF_MONTH);
  const dow = parseFieldList(dayOfWeek === '?' ? '*' : dayOfWeek, DAY_OF_WEEK);
  const days = dom.values;
  const weekdays = new Set([...dow.values].map((d) => d % 7));
  // Vixie cron: when either field starts with "*" (even "*/2"), a day must match both; otherwise either one.
  if (dom.star || dow.star) {
    if (days.size === 31 && weekdays.size === 7) return { kind: 'any' };
    if (weekdays.size === 7) return { kind: 'day-of-month', items: [{ kind: 'days', days }] };
    if (days.size === 31) return { kind: 'day-of-week', weekdays };
    return { kind: 'both', days, weekdays };
  }
  return { kind: 'either', days, weekdays };
}

/** Parses a Unix expression `min hour day-of-month month day-of-week`, or a macro such as `@daily`. */
export function parseUnix(source: string, fields: readonly string[]): ParsedCron {
  if (fields.length === 1 && fields[0]?.startsWith('@')) return parseUnix(source, expandMacro(fields[0]).split(' '));
  if (fields.length !== 5) {
    throw new CronError(
      'expression',
      `a Unix cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${fields.length}`,
    );
  }
  const [min = '', hour = '', dom = '', month = '', dow = ''] = fields;
  return {
    dialect: 'unix',
    source,
    seconds: new Set([0]),
    minutes: parseFieldList(min, MINUTE).values,
    hours: parseFieldList(hour, HOUR).values,
    months: parseFieldList(month, MONTH).values,
    years: undefined,
    days: parseDays(dom, dow),
  };
}
