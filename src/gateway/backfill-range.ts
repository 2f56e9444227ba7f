import type { DateRange } from './types.ts';

export const MAX_BACKFILL_DAYS = 731;
const DAY_MS = 24 * 3600 * 1000;

export class InvalidBackfillError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBackfillError';
  }
}

function toDay(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}($|T)/.test(value)) {
    throw new InvalidBackfillError(`"${field}" must be a date such as 2026-01-31 (got ${JSON.stringify(value)})`);
  }
  const day = value.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new InvalidBackfillError(`"${field}" is not a calendar date: ${value}`);
  }
  return day;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The deposit days a backfill covers, both ends included, refused when it cannot mean what the user wants. */
export function backfillDays(input: { from: unknown; to: unknown }, today: string): DateRange {
  const from = toDay(input.from, 'from');
  const to = toDay(input.to, 'to');
  if (to < from) throw new InvalidBackfillError(`The range is inverted: "from" ${from} is after "to" ${to}`);
  if (from > today) throw new InvalidBackfillError(`"from" ${from} is in the future (today is ${today})`);
  if (daysBetween(from, to) + 1 > MAX_BACKFILL_DAYS) {
    throw new InvalidBackfillError(
      `The range covers more than ${MAX_BACKFILL_DAYS} days; split it into several backfills`,
    );
  }
  return { from, to: to > today ? today : to };
}

/** Consecutive slices of at most `sliceDays` days covering the range. */
export function splitDays(range: DateRange, sliceDays: number): DateRange[] {
  const slices: DateRange[] = [];
  for (let from = range.from; from <= range.to; from = addDays(from, sliceDays)) {
    const to = addDays(from, sliceDays - 1);
    slices.push({ from, to: to > range.to ? range.to : to });
  }
  return slices;
}
