/** Wall-clock arithmetic in an IANA time zone, with nothing but Intl. */

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClockAt(timeZone: string, epochMs: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (e.g. +3 600 000 for Paris in winter). */
export function offsetAt(timeZone: string, epochMs: number): number {
  const w = wallClockAt(timeZone, epochMs);
  const seconds = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - seconds;
}

/**
 * Resolves wall-clock times of one local day into instants: none for a time the day skips (spring forward), two
 * for a time it repeats (fall back). Assumes at most one offset change in the ~2 days around that day.
 * `naiveMs` are the wall-clock times written as if they were UTC.
 */
export interface DayResolver {
  resolve: (naiveMs: number) => number[];
  /** True when the offset changes around this day, so instants may not follow wall-clock order. */
  shifts: boolean;
}

export function dayResolver(timeZone: string, year: number, month: number, day: number): DayResolver {
  const midnight = Date.UTC(year, month - 1, day);
  let before = midnight - 15 * HOUR_MS;
  let after = midnight + 39 * HOUR_MS;
  const offsetBefore = offsetAt(timeZone, before);
  const offsetAfter = offsetAt(timeZone, after);
  if (offsetBefore === offsetAfter) return { resolve: (naive) => [naive - offsetBefore], shifts: false };
  // Binary search for the first second under the new offset.
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (offsetAt(timeZone, mid) === offsetBefore) before = mid;
    else after = mid;
  }
  const transition = after;
  const resolve = (naive: number): number[] => {
    const instants: number[] = [];
    if (naive - offsetBefore < transition) instants.push(naive - offsetBefore);
    if (naive - offsetAfter >= transition) instants.push(naive - offsetAfter);
    return instants;
  };
  return { resolve, shifts: true };
}
