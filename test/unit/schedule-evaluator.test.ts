import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CalendarSpec } from '@temporalio/client';
import { nextFireTimes } from '../../src/schedule/index.ts';

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

function fires(calendars: CalendarSpec[], timezone: string, after: string, count: number): string[] {
  return nextFireTimes({ calendars, timezone }, new Date(after), count).map(iso);
}

describe('nextFireTimes reads CalendarSpec the way Temporal does', () => {
  test('second, minute and hour default to 0; the other fields to every value', () => {
    assert.deepEqual(fires([{}], 'UTC', '2027-01-01T00:00:00Z', 2), ['2027-01-02T00:00:00Z', '2027-01-03T00:00:00Z']);
  });

  test('a range without end ends at 1 (TypeScript SDK 1.24 encoding): Sunday..Monday', () => {
    // 2027-01-03 is a Sunday.
    assert.deepEqual(fires([{ hour: 8, dayOfWeek: { start: 'SUNDAY' } }], 'UTC', '2027-01-01T00:00:00Z', 3), [
      '2027-01-03T08:00:00Z',
      '2027-01-04T08:00:00Z',
      '2027-01-10T08:00:00Z',
    ]);
  });

  test('an end before the start means the start alone; a step below 1 means 1', () => {
    assert.deepEqual(fires([{ dayOfMonth: { start: 10, end: 5, step: 0 } }], 'UTC', '2027-01-01T00:00:00Z', 2), [
      '2027-01-10T00:00:00Z',
      '2027-02-10T00:00:00Z',
    ]);
  });

  test('several calendars are a union, and a time two calendars share fires once', () => {
    const calendars: CalendarSpec[] = [{ hour: [8, 12] }, { hour: 12, minute: [0, 30] }];
    assert.deepEqual(fires(calendars, 'UTC', '2027-01-01T00:00:00Z', 4), [
      '2027-01-01T08:00:00Z',
      '2027-01-01T12:00:00Z',
      '2027-01-01T12:30:00Z',
      '2027-01-02T08:00:00Z',
    ]);
  });

  test('after is exclusive; count 0 gives nothing', () => {
    assert.deepEqual(fires([{ hour: 8 }], 'UTC', '2027-01-01T08:00:00Z', 1), ['2027-01-02T08:00:00Z']);
    assert.deepEqual(fires([{ hour: 8 }], 'UTC', '2027-01-01T07:59:59.999Z', 1), ['2027-01-01T08:00:00Z']);
    assert.deepEqual(fires([{ hour: 8 }], 'UTC', '2027-01-01T00:00:00Z', 0), []);
  });

  test('years: listed years only, and nothing after 2100 (where Temporal stops looking)', () => {
    assert.deepEqual(fires([{ month: 'MARCH', dayOfMonth: 1, year: [2030, 2028] }], 'UTC', '2027-01-01T00:00:00Z', 3), [
      '2028-03-01T00:00:00Z',
      '2030-03-01T00:00:00Z',
    ]);
    assert.deepEqual(fires([{ year: 2101 }], 'UTC', '2099-01-01T00:00:00Z', 1), []);
  });
});

describe('nextFireTimes wall-clock rules in other zones', () => {
  test('Asia/Kolkata (+05:30, no DST)', () => {
    assert.deepEqual(fires([{}], 'Asia/Kolkata', '2027-01-01T00:00:00Z', 2), [
      '2027-01-01T18:30:00Z',
      '2027-01-02T18:30:00Z',
    ]);
  });

  test('Pacific/Pago_Pago (-11): the local day before the UTC date of `after` still counts', () => {
    // 2027-01-01T05:00Z is 18:00 on 31 December there.
    assert.deepEqual(fires([{ hour: 20 }], 'Pacific/Pago_Pago', '2027-01-01T05:00:00Z', 1), ['2027-01-01T07:00:00Z']);
  });

  test('America/New_York: 02:30 is skipped on 2027-03-14, 01:30 fires twice on 2027-11-07', () => {
    assert.deepEqual(fires([{ hour: 2, minute: 30 }], 'America/New_York', '2027-03-13T00:00:00Z', 2), [
      '2027-03-13T07:30:00Z', // EST
      '2027-03-15T06:30:00Z', // EDT
    ]);
    assert.deepEqual(fires([{ hour: 1, minute: 30 }], 'America/New_York', '2027-11-06T12:00:00Z', 3), [
      '2027-11-07T05:30:00Z', // 01:30 EDT
      '2027-11-07T06:30:00Z', // 01:30 EST
      '2027-11-08T06:30:00Z',
    ]);
  });

  test('Europe/Paris: every second through the repeated hour keeps going in UTC', () => {
    const times = fires([{ second: '*', minute: '*', hour: 2 }], 'Europe/Paris', '2027-10-31T00:59:58Z', 4);
    assert.deepEqual(times, [
      '2027-10-31T00:59:59Z',
      '2027-10-31T01:00:00Z',
      '2027-10-31T01:00:01Z',
      '2027-10-31T01:00:02Z',
    ]);
  });
});
