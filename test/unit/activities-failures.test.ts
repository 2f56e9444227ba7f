import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { toFailure } from '../../activities/failures.ts';
import { ChorusError } from '../../src/chorus/index.ts';
import { ConfigError } from '../../src/config/load-config.ts';
import { InvoiceFormatError } from '../../src/invoice/index.ts';

function failure(err: unknown): ApplicationFailure {
  const mapped = toFailure(err);
  assert.ok(mapped instanceof ApplicationFailure);
  return mapped;
}

describe('domain errors become Temporal failures that retry only where a retry can help', () => {
  test("a 429 waits as long as Chorus Pro's Retry-After says", () => {
    const mapped = failure(
      new ChorusError({ kind: 'rate-limited', message: 'slow down', httpStatus: 429, retryAfterMs: 7000 }),
    );
    assert.equal(mapped.nonRetryable, false);
    assert.equal(mapped.type, 'Chorus.rate-limited');
    assert.equal(mapped.nextRetryDelay, 7000);
  });

  test('server errors retry with the policy back-off; credentials, 403 and business errors do not retry', () => {
    assert.equal(failure(new ChorusError({ kind: 'server', message: '503' })).nonRetryable, false);
    assert.equal(failure(new ChorusError({ kind: 'server', message: '503' })).nextRetryDelay, undefined);
    for (const kind of ['bad-credentials', 'forbidden', 'business', 'too-large'] as const) {
      assert.equal(failure(new ChorusError({ kind, message: kind })).nonRetryable, true, kind);
    }
  });

  test('bad configuration and malformed invoices do not retry, and keep their message', () => {
    const config = failure(new ConfigError('Credentials "X" are not available'));
    assert.equal(config.nonRetryable, true);
    assert.equal(config.message, 'Credentials "X" are not available');
    assert.equal(failure(new InvoiceFormatError('DOCTYPE refused')).type, 'InvoiceFormatError');
  });

  test('anything else stays a plain, retryable error', () => {
    const plain = new Error('EMFILE');
    assert.equal(toFailure(plain), plain);
  });
});
