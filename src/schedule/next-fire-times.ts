import { compileCalendar, matchesDay, secondsOfDay } from './calendar-matcher.ts';
import type { ScheduleSpecForTemporal } from './to-schedule-spec.ts';
import { LAST_TEMPORAL_YEAR as LAST_YEAR, daysInMonth } from './years.ts';
import { dayResolver, wallClockAt } from './zoned-time.ts';

function nextDay(year: number, month: number, day: number, weekday: number): [number, number, number, number] {
  const nextWeekday = (weekday + 1) % 7;
  if (day < daysInMonth(year, month)) return [year, month, day + 1, nextWeekday];
  return month < 12 ? [year, month + 1, 1, nextWeekday] : [year + 1, 1, 1, nextWeekday];
}

/**
 * The next `count` fire times strictly after `after` of a calendar spec in its time zone, following Temporal's
 * documented DST rule: wall-clock times are matched literally, a time that does not exist that day is skipped and a
 * time that exists twice fires twice. (Temporal Server 1.32 fires a repeated time only once in zones east of UTC; see
 * test/integration/schedule-temporal.test.ts.) A preview only: the product shows the times Temporal computes.
 */
export function nextFireTimes(spec: ScheduleSpecForTemporal, after: Date, count: number): Date[] {
  if (count <= 0) return [];
  const calendars = spec.calendars.map(compileCalendar);
  const afterMs = after.getTime();
  const start = wallClockAt(spec.timezone, afterMs);
  const found: number[] = [];
  // Local days follow each other in time except when a clock goes back across midnight: two more days settle it.
  let daysAfterEnough = 0;
  // Start a day early: with the zone behind UTC, the previous local day can still hold instants after `after`.
  const first = new Date(Date.UTC(start.year, start.month - 1, start.day - 1));
  let [year, month, day, weekday] = [
    first.getUTCFullYear(),
    first.getUTCMonth() + 1,
    first.getUTCDate(),
    first.getUTCDay(),
  ];
  for (; daysAfterEnough <= 2 && year <= LAST_YEAR; [year, month, day, weekday] = nextDay(year, month, day, weekday)) {
    if (found.length >= count) daysAfterEnough++;
    const seconds = new Set<number>();
    for (const cal of calendars) {
      if (matchesDay(cal, year, month, day, weekday)) for (const s of secondsOfDay(cal)) seconds.add(s);
    }
    if (seconds.size === 0) continue;
    const { resolve, shifts } = dayResolver(spec.timezone, year, month, day);
    const midnight = Date.UTC(year, month - 1, day);
    const cutoff = found.length >= count ? ([...found].sort((a, b) => a - b)[count - 1] ?? Infinity) : Infinity;
    let addedToday = 0;
    for (const s of [...seconds].sort((a, b) => a - b)) {
      const instants = resolve(midnight + s * 1000);
      // Without an offset change, instants follow wall-clock order: nothing later this day can make the cut.
      if (!shifts && ((instants[0] ?? 0) > cutoff || addedToday >= count)) break;
      for (const instant of instants) {
        if (instant > afterMs) {
          found.push(instant);
          addedToday++;
        }
      }
    }
  }
  return [...new Set(found)]
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((ms) => new Date(ms));
}
