import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CalendarSpec } from '@temporalio/client';
import { cronToScheduleSpec } from '../../src/schedule/index.ts';

const NOW = new Date('2026-12-04T00:00:00Z');

function calendars(expression: string, dialect?: 'quartz' | 'unix'): CalendarSpec[] {
  return cronToScheduleSpec(expression, 'UTC', dialect, NOW).calendars.map(({ comment: _comment, ...rest }) => rest);
}

function only(expression: string): CalendarSpec {
  const all = calendars(expression);
  assert.equal(all.length, 1, `${expression} should give one calendar, got ${JSON.stringify(all)}`);
  return all[0] ?? {};
}

describe('time fields', () => {
  const cases: [string, Partial<CalendarSpec>][] = [
    ['0 0/15 * * * ?', { second: [0], minute: [{ start: 0, end: 45, step: 15 }], hour: '*' }],
    ['5/10 * * * * ?', { second: [{ start: 5, end: 55, step: 10 }], minute: '*', hour: '*' }],
    ['*/5 0 0 * * ?', { second: [{ start: 0, end: 55, step: 5 }], minute: [0], hour: [0] }],
    ['0 10-40/5 6 * * ?', { second: [0], minute: [{ start: 10, end: 40, step: 5 }], hour: [6] }],
    ['0 0,30 9-17 * * ?', { second: [0], minute: [0, 30], hour: [{ start: 9, end: 17, step: 1 }] }],
    // Quartz reads a backwards range as wrapping around: 22-2 = 22, 23, 0, 1, 2.
    ['0 0 22-2 * * ?', { second: [0], minute: [0], hour: [{ start: 0, end: 2, step: 1 }, 22, 23] }],
    ['* * * * * ?', { second: '*', minute: '*', hour: '*' }],
    ['*/15 9 * * *', { second: [0], minute: [{ start: 0, end: 45, step: 15 }], hour: [9] }],
  ];
  for (const [expression, expected] of cases) {
    test(expression, () => assert.deepEqual(only(expression), expected));
  }
});

describe('day, month and year fields', () => {
  const cases: [string, Partial<CalendarSpec>][] = [
    ['0 0 8 1,15 * ?', { dayOfMonth: [1, 15] }],
    ['0 0 8 1/10 * ?', { dayOfMonth: [{ start: 1, end: 31, step: 10 }] }],
    ['0 0 8 ? * MON-FRI', { dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] }],
    ['0 0 8 ? * 2-6', { dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] }],
    ['0 0 8 ? * 1,7', { dayOfWeek: ['SUNDAY', 'SATURDAY'] }],
    ['0 0 8 ? * fri-mon', { dayOfWeek: ['SUNDAY', 'MONDAY', 'FRIDAY', 'SATURDAY'] }],
    ['0 0 8 ? * THU-MON', { dayOfWeek: ['SUNDAY', 'MONDAY', { start: 'THURSDAY', end: 'SATURDAY', step: 1 }] }],
    ['0 0 8 ? * L', { dayOfWeek: ['SATURDAY'] }],
    ['0 0 8 ? * 6#3', { dayOfMonth: [{ start: 15, end: 21, step: 1 }], dayOfWeek: ['FRIDAY'] }],
    ['0 0 8 ? * 2#1', { dayOfMonth: [{ start: 1, end: 7, step: 1 }], dayOfWeek: ['MONDAY'] }],
    ['0 0 8 1 JAN-MAR ?', { dayOfMonth: [1], month: [{ start: 'JANUARY', end: 'MARCH', step: 1 }] }],
    ['0 0 8 1 1,6 ?', { dayOfMonth: [1], month: ['JANUARY', 'JUNE'] }],
    ['0 0 8 1 */3 ?', { dayOfMonth: [1], month: [{ start: 'JANUARY', end: 'OCTOBER', step: 3 }] }],
    ['0 0 8 1 1 ? 2027-2030', { dayOfMonth: [1], month: ['JANUARY'], year: [{ start: 2027, end: 2030, step: 1 }] }],
    ['0 0 8 1 1 ? 2027,2031', { dayOfMonth: [1], month: ['JANUARY'], year: [2027, 2031] }],
    ['0 0 8 1 1 ? 2027/25', { dayOfMonth: [1], month: ['JANUARY'], year: [{ start: 2027, end: 2077, step: 25 }] }],
    // Temporal refuses years before 2000; they are past anyway.
    ['0 0 8 1 1 ? 1990-2030/10', { dayOfMonth: [1], month: ['JANUARY'], year: [{ start: 2000, end: 2030, step: 10 }] }],
    ['0 8 * * 0', { dayOfWeek: ['SUNDAY'] }],
    ['0 8 * * 7', { dayOfWeek: ['SUNDAY'] }],
    ['0 8 * * sat,sun', { dayOfWeek: ['SUNDAY', 'SATURDAY'] }],
    ['0 8 ? * 1', { dayOfWeek: ['MONDAY'] }],
    ['0 8 1 jan *', { dayOfMonth: [1], month: ['JANUARY'] }],
  ];
  for (const [expression, expected] of cases) {
    test(expression, () => {
      const { second: _s, minute: _m, hour: _h, ...days } = only(expression);
      assert.deepEqual(days, expected);
    });
  }
});

describe('relative Quartz days become several calendars', () => {
  test('L: one calendar per month length, common-year Februaries listed by year', () => {
    const specs = calendars('0 0 8 L * ?');
    assert.deepEqual(
      specs.map((c) => [c.dayOfMonth, c.month, c.year]),
      [
        [
          [31],
          [
            { start: 'JANUARY', end: 'JULY', step: 2 },
            { start: 'AUGUST', end: 'DECEMBER', step: 2 },
          ],
          undefined,
        ],
        [[30], ['APRIL', 'JUNE', 'SEPTEMBER', 'NOVEMBER'], undefined],
        // The 29th of February only exists in leap years: no year list needed.
        [[29], ['FEBRUARY'], undefined],
        // Common years from 2026 (the current year) to 2100 (Temporal's last): ≡ 2 mod 4, odd years, and 2100.
        [[28], ['FEBRUARY'], [{ start: 2026, end: 2098, step: 4 }, { start: 2027, end: 2099, step: 2 }, 2100]],
      ],
    );
  });

  test('the year horizon follows the current year', () => {
    const spec = cronToScheduleSpec('0 0 8 L 2 ?', 'UTC', undefined, new Date('2030-06-01T00:00:00Z'));
    assert.deepEqual(spec.calendars.at(-1)?.year, [
      { start: 2030, end: 2098, step: 4 },
      { start: 2031, end: 2099, step: 2 },
      2100,
    ]);
  });

  test('an explicit year field replaces the horizon', () => {
    const specs = calendars('0 0 8 L 2 ? 2027-2029');
    assert.deepEqual(
      specs.map((c) => [c.dayOfMonth, c.year]),
      [
        [[29], [{ start: 2027, end: 2029, step: 1 }]],
        [[28], [2027, 2029]],
      ],
    );
  });

  test('15W: three calendars (15th on a weekday, Friday 14th, Monday 16th)', () => {
    assert.deepEqual(
      calendars('0 0 8 15W * ?').map((c) => [c.dayOfMonth, c.dayOfWeek, c.month]),
      [
        [[15], [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }], undefined],
        [[14], ['FRIDAY'], undefined],
        [[16], ['MONDAY'], undefined],
      ],
    );
  });

  test('1W: a Saturday 1st moves forward to Monday the 3rd', () => {
    assert.deepEqual(
      calendars('0 0 8 1W * ?').map((c) => [c.dayOfMonth, c.dayOfWeek]),
      [
        [[1], [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }]],
        [[2, 3], ['MONDAY']],
      ],
    );
  });

  test('counts stay small', () => {
    const counts = Object.fromEntries(
      ['0 0 8 L * ?', '0 0 8 LW * ?', '0 0 8 ? * 6L', '0 0 8 ? * 6#3', '0 0 8 L-2W * ?', '0 0 8 1,15,L * ?'].map(
        (e) => [e, calendars(e).length],
      ),
    );
    assert.deepEqual(counts, {
      '0 0 8 L * ?': 4,
      '0 0 8 LW * ?': 8,
      '0 0 8 ? * 6L': 4,
      '0 0 8 ? * 6#3': 1,
      '0 0 8 L-2W * ?': 12,
      '0 0 8 1,15,L * ?': 4,
    });
  });
});

describe('Unix day-of-month / day-of-week rule', () => {
  test('both restricted: two calendars, one per field (either matches)', () => {
    assert.deepEqual(
      calendars('0 9 1,15 * MON').map((c) => [c.dayOfMonth, c.dayOfWeek]),
      [
        [[1, 15], undefined],
        [undefined, ['MONDAY']],
      ],
    );
  });

  test('a field starting with "*" makes both required (Vixie cron)', () => {
    assert.deepEqual(
      calendars('0 9 */2 * MON').map((c) => [c.dayOfMonth, c.dayOfWeek]),
      [[[{ start: 1, end: 31, step: 2 }], ['MONDAY']]],
    );
  });

  test('one restricted: one calendar', () => {
    assert.deepEqual(calendars('0 9 * * 1-5').length, 1);
    assert.deepEqual(calendars('0 9 1 * *').length, 1);
  });
});

describe('dialect detection', () => {
  test('5 fields is Unix (no seconds), 6 or 7 is Quartz, @ is a Unix macro', () => {
    assert.deepEqual(only('30 8 * * *').second, [0]);
    assert.deepEqual(only('30 8 * * *').minute, [30]);
    assert.deepEqual(only('30 8 1 * * ?').second, [30]);
    assert.deepEqual(only('30 8 1 * * ? 2030').year, [2030]);
    assert.deepEqual(only('@hourly'), { second: [0], minute: [0], hour: '*' });
  });

  test('an explicit dialect wins over the field count', () => {
    assert.equal(cronToScheduleSpec('0 0 8 * * ?', 'UTC', 'quartz').calendars.length, 1);
    assert.throws(() => cronToScheduleSpec('0 0 8 * * ?', 'UTC', 'unix'), { field: 'expression', message: /5 fields/ });
    assert.throws(() => cronToScheduleSpec('0 8 * * 1', 'UTC', 'quartz'), {
      field: 'expression',
      message: /6 or 7 fields/,
    });
  });

  test('the original expression is kept in each calendar comment', () => {
    const spec = cronToScheduleSpec('0 0 8 L * ?', 'Europe/Paris');
    assert.equal(spec.calendars[3]?.comment, '0 0 8 L * ? (February of common years)');
  });
});
