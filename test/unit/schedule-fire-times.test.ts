import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cronToScheduleSpec, nextFireTimes } from '../../src/schedule/index.ts';

/*
 * Expected fire times are written by hand as UTC instants. Europe/Paris is UTC+1 (CET) in winter and UTC+2 (CEST)
 * from 2027-03-28 01:00Z (02:00 → 03:00 local) to 2027-10-31 01:00Z (03:00 → 02:00 local); in 2028 summer time
 * starts on 2028-03-26. Temporal's documented DST rule: a wall-clock time that does not exist is skipped, one that
 * exists twice fires twice.
 */
/** Splits a list of UTC instants written `YYYY-MM-DDTHH:MM` (seconds are always 0). */
function at(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .map((t) => `${t}:00Z`);
}

interface Row {
  expression: string;
  after: string;
  expected: string[];
  why: string;
}

const rows: Row[] = [
  {
    expression: '0 30 2 * * ?',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-26T01:30:00Z', '2027-03-27T01:30:00Z', '2027-03-29T00:30:00Z', '2027-03-30T00:30:00Z'],
    why: '02:30 does not exist on 2027-03-28: skipped',
  },
  {
    expression: '0 30 2 * * ?',
    after: '2027-10-29T12:00:00Z',
    expected: ['2027-10-30T00:30:00Z', '2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z', '2027-11-01T01:30:00Z'],
    why: '02:30 exists twice on 2027-10-31 (CEST then CET): fires twice',
  },
  {
    expression: '0 0/15 * * * ?',
    after: '2027-03-28T00:30:00Z',
    expected: [
      '2027-03-28T00:45:00Z', // 01:45 CET
      '2027-03-28T01:00:00Z', // 03:00 CEST: 02:00-02:45 never happen
      '2027-03-28T01:15:00Z',
      '2027-03-28T01:30:00Z',
    ],
    why: 'every quarter hour across the spring-forward gap',
  },
  {
    expression: '0 0/15 * * * ?',
    after: '2027-10-31T00:30:00Z',
    expected: [
      '2027-10-31T00:45:00Z', // 02:45 CEST
      '2027-10-31T01:00:00Z', // 02:00 CET, the second 02:00
      '2027-10-31T01:15:00Z',
      '2027-10-31T01:30:00Z',
      '2027-10-31T01:45:00Z',
      '2027-10-31T02:00:00Z', // 03:00 CET
    ],
    why: 'every quarter hour through the repeated hour',
  },
  {
    expression: '0 0 12 ? * 2-6',
    after: '2027-03-26T00:00:00Z',
    expected: [
      '2027-03-26T11:00:00Z',
      '2027-03-29T10:00:00Z',
      '2027-03-30T10:00:00Z',
      '2027-03-31T10:00:00Z',
      '2027-04-01T10:00:00Z',
    ],
    why: 'Monday to Friday at noon (2 = Monday in Quartz)',
  },
  {
    expression: '0 0 8 L * ?',
    after: '2027-01-01T00:00:00Z',
    expected: ['2027-01-31T07:00:00Z', '2027-02-28T07:00:00Z', '2027-03-31T06:00:00Z', '2027-04-30T06:00:00Z'],
    why: 'last day of the month, February of a common year',
  },
  {
    expression: '0 0 8 L * ?',
    after: '2027-09-01T00:00:00Z',
    expected: at(`2027-09-30T06:00 2027-10-31T07:00 2027-11-30T07:00 2027-12-31T07:00 2028-01-31T07:00
                 2028-02-29T07:00 2028-03-31T06:00`),
    why: 'last day of the month, February of a leap year',
  },
  {
    expression: '0 0 8 L-3 * ?',
    after: '2027-01-01T00:00:00Z',
    expected: ['2027-01-28T07:00:00Z', '2027-02-25T07:00:00Z', '2027-03-28T06:00:00Z', '2027-04-27T06:00:00Z'],
    why: 'L-3: the last day minus 3',
  },
  {
    expression: '0 0 8 15W * ?',
    after: '2027-01-01T00:00:00Z',
    expected: [
      '2027-01-15T07:00:00Z',
      '2027-02-15T07:00:00Z',
      '2027-03-15T07:00:00Z',
      '2027-04-15T06:00:00Z',
      '2027-05-14T06:00:00Z', // the 15th is a Saturday: Friday
      '2027-06-15T06:00:00Z',
      '2027-07-15T06:00:00Z',
      '2027-08-16T06:00:00Z', // the 15th is a Sunday: Monday
      '2027-09-15T06:00:00Z',
      '2027-10-15T06:00:00Z',
      '2027-11-15T07:00:00Z',
      '2027-12-15T07:00:00Z',
    ],
    why: 'nearest weekday to the 15th',
  },
  {
    expression: '0 0 8 1W * ?',
    after: '2027-04-15T00:00:00Z',
    expected: ['2027-05-03T06:00:00Z', '2027-06-01T06:00:00Z', '2027-07-01T06:00:00Z', '2027-08-02T06:00:00Z'],
    why: '1W never goes back into the previous month: Saturday 1 May → Monday 3, Sunday 1 August → Monday 2',
  },
  {
    expression: '0 0 8 30W * ?',
    after: '2027-05-01T00:00:00Z',
    expected: [
      '2027-05-31T06:00:00Z', // Sunday 30 → Monday 31
      '2027-06-30T06:00:00Z',
      '2027-07-30T06:00:00Z',
      '2027-08-30T06:00:00Z',
      '2027-09-30T06:00:00Z',
      '2027-10-29T06:00:00Z', // Saturday 30 → Friday 29
      '2027-11-30T07:00:00Z',
      '2027-12-30T07:00:00Z',
      '2028-01-31T07:00:00Z', // Sunday 30 → Monday 31
      '2028-03-30T06:00:00Z', // February 2028 has no 30th: no fire
      '2028-04-28T06:00:00Z', // Sunday 30 is the last day → Friday 28
    ],
    why: '30W never goes past the end of the month',
  },
  {
    expression: '0 0 8 LW * ?',
    after: '2027-01-01T00:00:00Z',
    expected: at(`2027-01-29T07:00 2027-02-26T07:00 2027-03-31T06:00 2027-04-30T06:00 2027-05-31T06:00
                 2027-06-30T06:00 2027-07-30T06:00 2027-08-31T06:00 2027-09-30T06:00 2027-10-29T06:00
                 2027-11-30T07:00 2027-12-31T07:00 2028-01-31T07:00 2028-02-29T07:00`),
    why: 'last weekday of the month',
  },
  {
    expression: '0 0 8 ? * 6#3',
    after: '2027-01-01T00:00:00Z',
    expected: at(`2027-01-15T07:00 2027-02-19T07:00 2027-03-19T07:00 2027-04-16T06:00 2027-05-21T06:00
                 2027-06-18T06:00 2027-07-16T06:00 2027-08-20T06:00 2027-09-17T06:00 2027-10-15T06:00
                 2027-11-19T07:00 2027-12-17T07:00`),
    why: 'third Friday',
  },
  {
    expression: '0 0 8 ? * 6#5',
    after: '2027-01-01T00:00:00Z',
    expected: ['2027-01-29T07:00:00Z', '2027-04-30T06:00:00Z', '2027-07-30T06:00:00Z', '2027-10-29T06:00:00Z'],
    why: 'fifth Friday: only in months that have one',
  },
  {
    expression: '0 0 8 ? * 6L',
    after: '2027-01-01T00:00:00Z',
    expected: at(`2027-01-29T07:00 2027-02-26T07:00 2027-03-26T07:00 2027-04-30T06:00 2027-05-28T06:00
                 2027-06-25T06:00 2027-07-30T06:00 2027-08-27T06:00 2027-09-24T06:00 2027-10-29T06:00
                 2027-11-26T07:00 2027-12-31T07:00`),
    why: 'last Friday',
  },
  {
    expression: '0 0 8 ? FEB MONL',
    after: '2027-01-01T00:00:00Z',
    expected: ['2027-02-22T07:00:00Z', '2028-02-28T07:00:00Z', '2029-02-26T07:00:00Z', '2030-02-25T07:00:00Z'],
    why: 'last Monday of February: the 22nd only happens in a common year',
  },
  {
    expression: '0 0 8 ? 2 3L',
    after: '2027-01-01T00:00:00Z',
    expected: ['2027-02-23T07:00:00Z', '2028-02-29T07:00:00Z', '2029-02-27T07:00:00Z'],
    why: 'last Tuesday of February: the 29th in a leap year',
  },
  {
    expression: '30 2 * * *',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-26T01:30:00Z', '2027-03-27T01:30:00Z', '2027-03-29T00:30:00Z'],
    why: 'Unix daily at 02:30 skips the spring-forward day',
  },
  {
    expression: '0 9 1 * 1',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-29T07:00:00Z', '2027-04-01T07:00:00Z', '2027-04-05T07:00:00Z', '2027-04-12T07:00:00Z'],
    why: 'Unix OR rule: on the 1st (a Thursday) or on Mondays',
  },
  {
    expression: '0 0 */2 * 1',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-28T22:00:00Z', '2027-04-04T22:00:00Z', '2027-04-18T22:00:00Z', '2027-05-02T22:00:00Z'],
    why: 'Vixie cron: a day-of-month starting with "*" means AND: Mondays that are odd days',
  },
  {
    expression: '*/20 9-10 * * MON-FRI',
    after: '2027-03-26T00:00:00Z',
    expected: at(`2027-03-26T08:00 2027-03-26T08:20 2027-03-26T08:40 2027-03-26T09:00 2027-03-26T09:20
                 2027-03-26T09:40 2027-03-29T07:00`),
    why: 'Unix steps, ranges and day names',
  },
  {
    expression: '0 0 * * 7',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-27T23:00:00Z', '2027-04-03T22:00:00Z'],
    why: 'Unix day-of-week 7 is Sunday; midnight on 2027-03-28 is still CET',
  },
  {
    expression: '@weekly',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-27T23:00:00Z', '2027-04-03T22:00:00Z'],
    why: '@weekly = Sunday midnight',
  },
  {
    expression: '@hourly',
    after: '2027-10-30T23:30:00Z',
    expected: ['2027-10-31T00:00:00Z', '2027-10-31T01:00:00Z', '2027-10-31T02:00:00Z'],
    why: '@hourly fires at 02:00 CEST, 02:00 CET, 03:00 CET',
  },
  {
    expression: '@daily',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-26T23:00:00Z', '2027-03-27T23:00:00Z', '2027-03-28T22:00:00Z'],
    why: '@daily = midnight',
  },
  {
    expression: '@monthly',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-03-31T22:00:00Z', '2027-04-30T22:00:00Z'],
    why: '@monthly = midnight on the 1st',
  },
  {
    expression: '@yearly',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-12-31T23:00:00Z', '2028-12-31T23:00:00Z'],
    why: '@yearly = midnight on 1 January',
  },
  {
    expression: '@annually',
    after: '2027-03-26T00:00:00Z',
    expected: ['2027-12-31T23:00:00Z'],
    why: '@annually = @yearly',
  },
];

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

describe('cronToScheduleSpec fire times in Europe/Paris (hand-written UTC instants)', () => {
  for (const row of rows) {
    test(`${row.expression} after ${row.after}: ${row.why}`, () => {
      const spec = cronToScheduleSpec(row.expression, 'Europe/Paris', undefined, new Date('2026-12-04T00:00:00Z'));
      assert.equal(spec.timezone, 'Europe/Paris');
      assert.deepEqual(nextFireTimes(spec, new Date(row.after), row.expected.length).map(iso), row.expected);
    });
  }

  test('0 0 8 1 1 ? 2027,2029-2030: year list and range, nothing after the last year', () => {
    const spec = cronToScheduleSpec(
      '0 0 8 1 1 ? 2027,2029-2030',
      'Europe/Paris',
      undefined,
      new Date('2026-12-04T00:00:00Z'),
    );
    assert.deepEqual(nextFireTimes(spec, new Date('2027-01-01T00:00:00Z'), 5).map(iso), [
      '2027-01-01T07:00:00Z',
      '2029-01-01T07:00:00Z',
      '2030-01-01T07:00:00Z',
    ]);
  });
});
