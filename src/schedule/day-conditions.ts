import type { DayOfMonthItem, DayRule } from './cron-model.ts';

/** Which years a condition holds in; leap and common years are resolved into year lists later. */
export type YearKind = 'any' | 'leap' | 'common';

/**
 * A set of days Temporal can express in one calendar: day-of-month AND day-of-week AND month AND year.
 * undefined means unrestricted. Days of week are 0 = Sunday … 6 = Saturday.
 */
export interface DayCondition {
  days?: ReadonlySet<number>;
  weekdays?: ReadonlySet<number>;
  months?: ReadonlySet<number>;
  years: YearKind;
  /** Which months this part of a relative rule covers, for the calendar's comment. */
  label?: string;
}

interface MonthClass {
  lastDay: number;
  months: number[];
  years: YearKind;
  label: string;
}

/** Relative days (L, W, 6L) depend only on the month's length, so each length gets its own conditions. */
const MONTH_CLASSES: readonly MonthClass[] = [
  { lastDay: 31, months: [1, 3, 5, 7, 8, 10, 12], years: 'any', label: '31-day months' },
  { lastDay: 30, months: [4, 6, 9, 11], years: 'any', label: '30-day months' },
  { lastDay: 29, months: [2], years: 'leap', label: 'February of leap years' },
  { lastDay: 28, months: [2], years: 'common', label: 'February of common years' },
];

const ALL_WEEKDAYS = 0b1111111;
const MONDAY_TO_FRIDAY = 0b0111110;
const MONDAY = 1 << 1;
const FRIDAY = 1 << 5;

/** Day of month → the days of week (bit mask) on which it counts. */
type DayMasks = Map<number, number>;

function addPair(pairs: DayMasks, day: number, mask: number): void {
  pairs.set(day, (pairs.get(day) ?? 0) | mask);
}

/**
 * Quartz's nearest weekday to `target`: itself on Monday–Friday; a Saturday moves to Friday, except the 1st which
 * moves to Monday the 3rd; a Sunday moves to Monday, except the last day which moves to Friday. Each case becomes
 * "day d falls on weekday w", which a calendar can state.
 */
function addNearestWeekday(pairs: DayMasks, target: number, lastDay: number): void {
  if (target < 1 || target > lastDay) return;
  addPair(pairs, target, MONDAY_TO_FRIDAY);
  if (target === 1) addPair(pairs, 3, MONDAY);
  else addPair(pairs, target - 1, FRIDAY);
  if (target === lastDay) addPair(pairs, target - 2, FRIDAY);
  else addPair(pairs, target + 1, MONDAY);
}

function addItem(pairs: DayMasks, item: DayOfMonthItem, lastDay: number): void {
  switch (item.kind) {
    case 'days':
      item.days.forEach((d) => addPair(pairs, d, ALL_WEEKDAYS));
      return;
    case 'last':
      if (lastDay - item.offset >= 1) addPair(pairs, lastDay - item.offset, ALL_WEEKDAYS);
      return;
    case 'nearest-weekday':
      addNearestWeekday(pairs, item.day, lastDay);
      return;
    case 'nearest-weekday-to-last':
      addNearestWeekday(pairs, lastDay - item.offset, lastDay);
      return;
  }
}

interface Entry {
  pairs: DayMasks;
  months: number[] | undefined;
  years: YearKind;
  labels: string[];
}

const keyOf = (pairs: DayMasks): string =>
  [...pairs]
    .sort(([a], [b]) => a - b)
    .map(([d, m]) => `${d}:${m}`)
    .join(',');

/** Merges month classes whose days coincide, so that e.g. `15W` stays one group for all months. */
function groupClasses(perClass: DayMasks[]): Entry[] {
  const entries: Entry[] = [];
  MONTH_CLASSES.forEach((cls, i) => {
    const pairs = perClass[i] ?? new Map<number, number>();
    if (pairs.size === 0) return;
    // Days 29+ of February exist only in leap years: no year list needed for them.
    const years = cls.years === 'leap' && [...pairs.keys()].every((d) => d > 28) ? 'any' : cls.years;
    entries.push({ pairs, months: [...cls.months], years, labels: [cls.label] });
  });
  const leap = entries.find((e) => e.years === 'leap');
  const common = entries.find((e) => e.years === 'common');
  if (leap && common && keyOf(leap.pairs) === keyOf(common.pairs)) {
    leap.years = 'any';
    leap.labels = ['February'];
    entries.splice(entries.indexOf(common), 1);
  }
  const merged: Entry[] = [];
  for (const entry of entries) {
    const same = merged.find((m) => m.years === entry.years && keyOf(m.pairs) === keyOf(entry.pairs));
    if (same) {
      same.months?.push(...(entry.months ?? []));
      same.labels.push(...entry.labels);
    } else merged.push(entry);
  }
  for (const entry of merged) if (entry.months?.length === 12) entry.months = undefined;
  return merged;
}

/** Pulls out the day/weekday pairs every month length shares, leaving the rest per month length. */
function extractShared(perClass: DayMasks[]): { shared: DayMasks; rest: DayMasks[] } {
  const shared: DayMasks = new Map();
  const first = perClass[0] ?? new Map<number, number>();
  for (const [day, mask] of first) {
    const common = perClass.reduce((acc, pairs) => acc & (pairs.get(day) ?? 0), mask);
    if (common !== 0) shared.set(day, common);
  }
  const rest = perClass.map((pairs) => {
    const left: DayMasks = new Map();
    for (const [day, mask] of pairs) {
      const remaining = mask & ~(shared.get(day) ?? 0);
      if (remaining !== 0) left.set(day, remaining);
    }
    return left;
  });
  return { shared, rest };
}

function toConditions(entries: Entry[]): DayCondition[] {
  const conditions: DayCondition[] = [];
  for (const entry of entries) {
    const byMask = new Map<number, Set<number>>();
    for (const [day, mask] of entry.pairs) {
      const days = byMask.get(mask) ?? new Set<number>();
      days.add(day);
      byMask.set(mask, days);
    }
    for (const [mask, days] of byMask) {
      const weekdays = [0, 1, 2, 3, 4, 5, 6].filter((w) => mask & (1 << w));
      conditions.push({
        days,
        ...(mask !== ALL_WEEKDAYS && { weekdays: new Set(weekdays) }),
        ...(entry.months && { months: new Set(entry.months) }),
        years: entry.years,
        ...(entry.months && { label: entry.labels.join(', ') }),
      });
    }
  }
  return conditions;
}

/** Expands a rule that depends on month length, taking whichever of two groupings gives fewer calendars. */
function byMonthLength(addDays: (pairs: DayMasks, lastDay: number) => void): DayCondition[] {
  const perClass = MONTH_CLASSES.map((cls) => {
    const pairs: DayMasks = new Map();
    addDays(pairs, cls.lastDay);
    return pairs;
  });
  const grouped = toConditions(groupClasses(perClass));
  const { shared, rest } = extractShared(perClass);
  const sharedEntry: Entry[] = shared.size > 0 ? [{ pairs: shared, months: undefined, years: 'any', labels: [] }] : [];
  const extracted = toConditions([...sharedEntry, ...groupClasses(rest)]);
  return extracted.length < grouped.length ? extracted : grouped;
}

/** Turns a day rule into conditions whose union is exactly the days the rule selects. */
export function dayConditions(rule: DayRule): DayCondition[] {
  switch (rule.kind) {
    case 'any':
      return [{ years: 'any' }];
    case 'day-of-week':
      return [{ weekdays: rule.weekdays, years: 'any' }];
    case 'either':
      return [
        { days: rule.days, years: 'any' },
        { weekdays: rule.weekdays, years: 'any' },
      ];
    case 'both':
      return [{ days: rule.days, weekdays: rule.weekdays, years: 'any' }];
    case 'nth-weekday': {
      const first = 7 * (rule.nth - 1) + 1;
      const days = new Set(Array.from({ length: 7 }, (_, i) => first + i).filter((d) => d <= 31));
      return [{ days, weekdays: new Set([rule.weekday]), years: 'any' }];
    }
    case 'last-weekday':
      return byMonthLength((pairs, lastDay) => {
        for (let d = lastDay - 6; d <= lastDay; d++) addPair(pairs, d, 1 << rule.weekday);
      });
    case 'day-of-month': {
      const [only] = rule.items;
      if (rule.items.length === 1 && only?.kind === 'days') return [{ days: only.days, years: 'any' }];
      return byMonthLength((pairs, lastDay) => rule.items.forEach((item) => addItem(pairs, item, lastDay)));
    }
  }
}
