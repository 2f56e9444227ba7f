import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CronError, cronToScheduleSpec, describeCron } from '../../src/schedule/index.ts';

const NOW = new Date('2026-12-04T00:00:00Z');

/** [expression, field, message (exact string or pattern)] */
const refused: [string, string, string | RegExp][] = [
  // Quartz
  ['0 0 8 ? * 8', 'day-of-week', 'day-of-week "8" is out of range 1-7 (Quartz counts 1 = Sunday)'],
  ['0 0 8 ? * 0', 'day-of-week', 'day-of-week "0" is out of range 1-7 (Quartz counts 1 = Sunday)'],
  [
    '0 0 8 * * *',
    'day-of-week',
    'day-of-month "*" and day-of-week "*" are both set: Quartz requires "?" in one of them ("0 0 8 * * ?" or "0 0 8 ? * *")',
  ],
  ['0 0 8 1 * MON', 'day-of-week', /both set: Quartz requires "\?" in one of them/],
  [
    '0 0 8 ? * ?',
    'day-of-week',
    'day-of-month and day-of-week are both "?": Quartz needs a value in exactly one of them',
  ],
  ['0 0 8 ?,1 * ?', 'day-of-month', 'day-of-month "?,1": "?" must be the whole field'],
  ['60 0 8 * * ?', 'second', 'second "60" is out of range 0-59'],
  ['0 60 8 * * ?', 'minute', 'minute "60" is out of range 0-59'],
  ['0 0 24 * * ?', 'hour', 'hour "24" is out of range 0-23'],
  ['0 0 8 32 * ?', 'day-of-month', 'day-of-month "32" is out of range 1-31'],
  ['0 0 8 0 * ?', 'day-of-month', 'day-of-month "0" is out of range 1-31'],
  ['0 0 8 1 13 ?', 'month', 'month "13" is out of range 1-12'],
  ['0 0 8 1 FOO ?', 'month', 'month "FOO" is not a number 1-12 or a name such as JAN or DECEMBER'],
  ['0 0 8 ? * FUN', 'day-of-week', /day-of-week "FUN" is not a number 1-7 \(Quartz counts 1 = Sunday\) or a name/],
  ['0 x 8 * * ?', 'minute', 'minute "x" is not a whole number 0-59'],
  ['0 0/0 8 * * ?', 'minute', 'minute "0/0": the increment after "/" must be a whole number from 1 to 60'],
  ['0 0/ 8 * * ?', 'minute', /the increment after "\/" must be a whole number/],
  ['0 1-2-3 8 * * ?', 'minute', 'minute "1-2-3" is not a value, a range "a-b" or "*"'],
  ['0 0,,5 8 * * ?', 'minute', 'minute "0,,5" has an empty item in its list'],
  ['0 0 8 ? * 6#6', 'day-of-week', 'day-of-week "6#6": the number after "#" must be 1 to 5 (which week of the month)'],
  ['0 0 8 ? * 6#3,2#1', 'day-of-week', /Quartz allows "L" or "#" only as the whole field, not in a list/],
  ['0 0 8 ? * 6L,2', 'day-of-week', /not in a list/],
  ['0 0 8 ? * 9L', 'day-of-week', 'day-of-week "9" is out of range 1-7 (Quartz counts 1 = Sunday)'],
  ['0 0 8 1-5W * ?', 'day-of-month', 'day-of-month "1-5W": "W" takes a single day, as in "15W" or "LW"'],
  ['0 0 8 32W * ?', 'day-of-month', 'day-of-month "32" is out of range 1-31'],
  ['0 0 8 L-31 * ?', 'day-of-month', 'day-of-month "L-31": the offset after "L-" must be 0 to 30'],
  ['0 0 8 5L * ?', 'day-of-month', 'day-of-month "5L": "L" is written alone, as "L", "L-3" or "LW"'],
  ['0 0 L * * ?', 'hour', 'hour "L": "?", "L", "W" and "#" are only allowed in day-of-month or day-of-week'],
  ['0 0 8 * * ? 1969', 'year', 'year "1969" is out of range 1970-2100 (Temporal schedules end in 2100)'],
  ['0 0 8 * * ? 2150', 'year', 'year "2150" is out of range 1970-2100 (Temporal schedules end in 2100)'],
  ['0 0 8 * * ? 2030-2027', 'year', 'year range "2030-2027" runs backwards: write the smaller value first'],
  // Valid Quartz, but never fires.
  ['0 0 8 30 2 ?', 'day-of-month', /"0 0 8 30 2 \?" never fires: no date from now until 2100 matches/],
  ['0 0 8 1 1 ? 2020', 'year', /never fires: .* day-of-month, day-of-week, month and year fields together/],
  // Unix
  ['0 9 * * 8', 'day-of-week', 'day-of-week "8" is out of range 0-7 (0 and 7 = Sunday)'],
  ['0 24 * * *', 'hour', 'hour "24" is out of range 0-23'],
  ['0 22-2 * * *', 'hour', 'hour range "22-2" runs backwards: write the smaller value first'],
  ['0 9 L * *', 'day-of-month', /"L", "W" and "#" are Quartz syntax, not Unix cron/],
  ['0 9 * * 5#3', 'day-of-week', /Quartz syntax/],
  ['0 9 * * FRIL', 'day-of-week', /Quartz syntax/],
  ['@reboot', 'expression', /"@reboot" is not a supported shortcut/],
  ['@every 5m', 'expression', /"@every" is not a supported shortcut/],
  ['@daily 0', 'expression', '"@daily" must be the whole expression'],
  // Shape
  ['', 'expression', 'the cron expression is empty'],
  ['0 0 8', 'expression', /5 fields .* or 6-7 fields .*; this one has 3/],
  ['0 0 8 * * ? 2030 1', 'expression', /this one has 8/],
  ['CRON_TZ=Europe/Paris 0 8 * * *', 'timezone', /choose the time zone separately/],
];

describe('refusals name the field and say why', () => {
  for (const [expression, field, message] of refused) {
    test(`${JSON.stringify(expression)} → ${field}`, () => {
      assert.throws(
        () => cronToScheduleSpec(expression, 'Europe/Paris', undefined, NOW),
        (err: unknown) => {
          assert.ok(err instanceof CronError, `expected a CronError, got ${String(err)}`);
          assert.equal(err.name, 'CronError');
          assert.equal(err.field, field);
          if (typeof message === 'string') assert.equal(err.message, message);
          else assert.match(err.message, message);
          return true;
        },
      );
    });
  }
});

describe('time zones', () => {
  for (const timezone of ['Europe/Pariss', 'Mars/Olympus', '', 'GMT+25']) {
    test(`refuses ${JSON.stringify(timezone)}`, () => {
      assert.throws(() => cronToScheduleSpec('0 8 * * *', timezone), {
        name: 'CronError',
        field: 'timezone',
        message: `time zone "${timezone}" is not a known IANA time zone (e.g. "Europe/Paris", "UTC")`,
      });
    });
  }

  for (const timezone of ['Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata']) {
    test(`accepts ${timezone}`, () => assert.equal(cronToScheduleSpec('0 8 * * *', timezone).timezone, timezone));
  }

  test('fixes the case of a zone name (Temporal Server loads zone files by exact name)', () => {
    assert.equal(cronToScheduleSpec('0 8 * * *', 'europe/paris').timezone, 'Europe/Paris');
  });
});

test('describeCron refuses what cronToScheduleSpec refuses', () => {
  assert.throws(() => describeCron('0 0 8 ? * 8'), { field: 'day-of-week' });
  assert.throws(() => describeCron('0 0 8 * * *', 'unix'), { field: 'expression' });
});

test('an unknown dialect is refused', () => {
  assert.throws(() => cronToScheduleSpec('0 8 * * *', 'UTC', 'vixie' as 'unix'), { field: 'dialect' });
});
