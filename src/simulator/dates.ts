/** Chorus Pro shows dates in Paris local time; these helpers format and parse them without a date library. */
import { offsetAt, type WallClock, wallClockAt } from '../schedule/zoned-time.ts';

const TIME_ZONE = 'Europe/Paris';

function localParts(date: Date): WallClock {
  return wallClockAt(TIME_ZONE, date.getTime());
}

/** Offset of Paris from UTC at that instant, in minutes (60 or 120). */
export function parisOffsetMinutes(date: Date): number {
  return Math.round(offsetAt(TIME_ZONE, date.getTime()) / 60000);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `YYYY-MM-DD` in Paris. */
export function formatParisDate(date: Date): string {
  const p = localParts(date);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM-DD HH:MM` in Paris, the format of history dates. */
export function formatParisMinute(date: Date): string {
  const p = localParts(date);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** ISO date-time with the Paris offset, e.g. `2019-07-11T15:45:39.674+02:00` (`dateHeureEtatCourant`). */
export function formatParisDateTime(date: Date): string {
  const p = localParts(date);
  const offset = parisOffsetMinutes(date);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.` +
    `${pad(date.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Converts a Paris wall-clock time to an instant. */
export function parisLocalToDate(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let instant = guess - parisOffsetMinutes(new Date(guess)) * 60000;
  // Around DST changes the offset at the corrected instant can differ from the first guess.
  instant = guess - parisOffsetMinutes(new Date(instant)) * 60000;
  return new Date(instant);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function isValidDateOnly(value: string): boolean {
  const m = DATE_ONLY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Parses a date or date-time search bound. A date alone means the start (or the end) of that Paris day; a date-time
 * without offset is Paris time (what PASTELL sends as `YYYY-MM-DDT23:59:59`). Returns null when unparseable.
 */
export function parseDateTimeBound(value: string, bound: 'start' | 'end'): Date | null {
  if (DATE_ONLY.test(value)) {
    if (!isValidDateOnly(value)) return null;
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return bound === 'start' ? parisLocalToDate(y, m, d) : parisLocalToDate(y, m, d, 23, 59, 59, 999);
  }
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  if (!isValidDateOnly(`${match[1]}-${match[2]}-${match[3]}`)) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(match[i])) as [number, number, number, number, number];
  const s = Number(match[6] ?? '0');
  const ms = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const zone = match[8];
  if (h > 23 || mi > 59 || s > 59) return null;
  if (!zone)
    return parisLocalToDate(y, mo, d, h, mi, s, bound === 'end' && match[6] !== undefined && !match[7] ? 999 : ms);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone === 'Z') return new Date(utc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  return new Date(utc - offset * 60000);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86400000);
}
