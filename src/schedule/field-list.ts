import { CronError, type CronField } from './cron-error.ts';
import { DAYS_OF_WEEK, MONTHS } from './calendar-fields.ts';

/** How one cron field reads its values. */
export interface FieldSpec {
  field: CronField;
  min: number;
  max: number;
  /** Upper-case names (3-letter and full) to numbers, for months and days of week. */
  names?: ReadonlyMap<string, number>;
  /** Quartz lets a range run past the end (`22-2`, `FRI-MON`); Unix cron refuses it. */
  wrap: boolean;
  /** Appended to out-of-range messages, e.g. " (Quartz counts 1 = Sunday)". */
  hint?: string;
}

function nameMap(names: readonly string[], first: number): Map<string, number> {
  const map = new Map<string, number>();
  names.forEach((name, i) => {
    map.set(name, first + i);
    map.set(name.slice(0, 3), first + i);
  });
  return map;
}

export const MONTH_NAME_MAP = nameMap(MONTHS, 1);
/** Quartz numbers days 1 = Sunday … 7 = Saturday. */
export const QUARTZ_DAY_NAME_MAP = nameMap(DAYS_OF_WEEK, 1);
/** Unix numbers days 0 = Sunday … 6 = Saturday (7 is Sunday again). */
export const UNIX_DAY_NAME_MAP = nameMap(DAYS_OF_WEEK, 0);

export function describeRange(spec: FieldSpec): string {
  return `${spec.min}-${spec.max}${spec.hint ?? ''}`;
}

/** Reads one value: a whole number or, where the field has names, a name; checks the range. */
export function parseFieldValue(token: string, spec: FieldSpec): number {
  const upper = token.toUpperCase();
  let value: number | undefined;
  if (/^\d+$/.test(token)) value = Number(token);
  else if (spec.names) value = spec.names.get(upper);
  if (value === undefined) {
    const expected = spec.names
      ? `a number ${describeRange(spec)} or a name such as ${spec.field === 'month' ? 'JAN or DECEMBER' : 'MON or FRIDAY'}`
      : `a whole number ${describeRange(spec)}`;
    throw new CronError(spec.field, `${spec.field} "${token}" is not ${expected}`);
  }
  if (value < spec.min || value > spec.max) {
    throw new CronError(spec.field, `${spec.field} "${token}" is out of range ${describeRange(spec)}`);
  }
  return value;
}

function parseStep(token: string, item: string, spec: FieldSpec): number {
  const size = spec.max - spec.min + 1;
  const limit = spec.field === 'year' ? size : Math.min(size, 60);
  if (!/^\d+$/.test(token) || Number(token) < 1 || Number(token) > limit) {
    throw new CronError(
      spec.field,
      `${spec.field} "${item}": the increment after "/" must be a whole number from 1 to ${limit}`,
    );
  }
  return Number(token);
}

/**
 * Reads a comma list of `*`, `v`, `a-b`, `* /n`, `v/n` (v to the end of the field) and `a-b/n` into the set of
 * values it turns on, following Quartz and Vixie cron. A wrapping range (`22-2`) is read the Quartz way, modulo
 * the field size, when the dialect allows it.
 * Returns the set and whether the text started with `*` (Vixie cron's test for the day-of-month/day-of-week OR rule).
 */
export function parseFieldList(text: string, spec: FieldSpec): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  const items = text.split(',');
  for (const item of items) {
    if (item === '') throw new CronError(spec.field, `${spec.field} "${text}" has an empty item in its list`);
    const parts = item.split('/');
    if (parts.length > 2) throw new CronError(spec.field, `${spec.field} "${item}" has more than one "/"`);
    const [base = '', stepText] = parts;
    const step = stepText === undefined ? 1 : parseStep(stepText, item, spec);
    let start: number;
    let end: number;
    if (base === '*') {
      start = spec.min;
      end = spec.max;
    } else {
      const bounds = base.split('-');
      if (bounds.length > 2 || bounds.some((b) => b === '')) {
        throw new CronError(spec.field, `${spec.field} "${item}" is not a value, a range "a-b" or "*"`);
      }
      start = parseFieldValue(bounds[0] ?? '', spec);
      end = bounds.length === 2 ? parseFieldValue(bounds[1] ?? '', spec) : stepText === undefined ? start : spec.max;
    }
    if (end < start) {
      if (!spec.wrap) {
        throw new CronError(spec.field, `${spec.field} range "${base}" runs backwards: write the smaller value first`);
      }
      end += spec.max - spec.min + 1;
    }
    const size = spec.max - spec.min + 1;
    for (let v = start; v <= end; v += step) values.add(spec.min + ((v - spec.min) % size));
  }
  return { values, star: text.startsWith('*') };
}
