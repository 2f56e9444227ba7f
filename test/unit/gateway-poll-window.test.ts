import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIRST_RUN_LOOKBACK_MS, nextPollWindow, WINDOW_OVERLAP_MS } from '../../src/gateway/poll-window.ts';

const now = new Date('2026-12-04T10:00:00Z');

describe('poll window', () => {
  test('the first run looks back 7 days', () => {
    assert.deepEqual(nextPollWindow(now, undefined), {
      from: new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS).toISOString(),
      to: now.toISOString(),
    });
    assert.equal(FIRST_RUN_LOOKBACK_MS, 7 * 24 * 3600 * 1000);
  });

  test('a later run starts at the previous cursor minus the overlap', () => {
    const window = nextPollWindow(now, '2026-12-04T09:55:00.000Z');
    assert.equal(window.from, new Date(Date.parse('2026-12-04T09:55:00Z') - WINDOW_OVERLAP_MS).toISOString());
    assert.equal(window.to, now.toISOString());
  });

  test('a cursor in the future (clock skew) or unreadable does not produce an empty or inverted window', () => {
    const skewed = nextPollWindow(now, '2027-01-01T00:00:00Z');
    assert.ok(Date.parse(skewed.from) < Date.parse(skewed.to));
    assert.equal(nextPollWindow(now, 'garbage').from, nextPollWindow(now, undefined).from);
  });
});
