export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in a month (1 = January) of a given year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Temporal Server refuses calendar years outside 2000-2100, and its search for fire times stops at 2100. */
export const LAST_TEMPORAL_YEAR = 2100;

/**
 * Temporal calendars cannot say "February of a leap year", so rules that depend on February's length list the
 * years explicitly: from the current year to 100 years ahead, capped at 2100 (the last year Temporal handles).
 */
export const YEAR_HORIZON = 100;

export function horizonYears(now: Date): number[] {
  const first = now.getUTCFullYear();
  const last = Math.min(first + YEAR_HORIZON, LAST_TEMPORAL_YEAR);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
