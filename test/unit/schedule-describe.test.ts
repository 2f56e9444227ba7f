import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCron } from '../../src/schedule/index.ts';

const cases: [string, string][] = [
  ['0 0 6 ? * MON-FRI', 'at second 0, minute 0, hour 6, on Monday to Friday'],
  ['0 0 6 ? * 2-6', 'at second 0, minute 0, hour 6, on Monday to Friday'],
  ['0 30 2 * * ?', 'at second 0, minute 30, hour 2, every day'],
  ['0 0/15 * * * ?', 'at second 0, every 15 minutes from minute 0 to 45, every hour, every day'],
  ['0 0,30 9-17 ? * 2,4,6', 'at second 0, minutes 0 and 30, hours 9 to 17, on Monday, Wednesday and Friday'],
  ['0 0 8 L * ?', 'at second 0, minute 0, hour 8, on the last day of the month'],
  ['0 0 8 L-3 * ?', 'at second 0, minute 0, hour 8, on the last day of the month minus 3 days'],
  ['0 0 8 LW * ?', 'at second 0, minute 0, hour 8, on the last weekday of the month'],
  ['0 0 8 15W * ?', 'at second 0, minute 0, hour 8, on the weekday nearest day 15 of the month'],
  ['0 0 8 1,L * ?', 'at second 0, minute 0, hour 8, on day 1 of the month or the last day of the month'],
  ['0 0 8 ? * 6#3', 'at second 0, minute 0, hour 8, on the third Friday of the month'],
  ['0 0 8 ? * FRIL', 'at second 0, minute 0, hour 8, on the last Friday of the month'],
  [
    '0 0 8 1 JAN,JUL ? 2027-2030',
    'at second 0, minute 0, hour 8, on day 1 of the month, in January and July, in 2027 to 2030',
  ],
  ['0 9 1 * 1', 'at minute 0, hour 9, on day 1 of the month or on Monday'],
  ['0 0 */2 * 1', 'at minute 0, hour 0, on days every 2 from 1 to 31 of the month when it is a Monday'],
  ['*/5 * * * *', 'at every 5 minutes from minute 0 to 55, every hour, every day'],
  ['@weekly', 'at minute 0, hour 0, on Sunday'],
  ['@monthly', 'at minute 0, hour 0, on day 1 of the month'],
];

for (const [expression, expected] of cases) {
  test(`describeCron(${JSON.stringify(expression)})`, () => assert.equal(describeCron(expression), expected));
}
