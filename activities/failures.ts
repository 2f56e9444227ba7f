import { ApplicationFailure } from '@temporalio/activity';
import { isChorusError } from '../src/chorus/index.ts';
import { ConfigError } from '../src/config/load-config.ts';
import { InvoiceFormatError } from '../src/invoice/index.ts';
import { StoreError } from '../src/store/file-store.ts';

/**
 * Turns a domain error into the failure Temporal records, so the Web UI and CLI show a message that says what to
 * fix, and retries happen only where a retry can help.
 */
export function toFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (isChorusError(err)) {
    return ApplicationFailure.create({
      message: err.message,
      type: `Chorus.${err.kind}`,
      nonRetryable: !err.retryable,
      ...(err.retryAfterMs !== undefined && { nextRetryDelay: err.retryAfterMs }),
    });
  }
  if (err instanceof ConfigError) {
    return ApplicationFailure.create({ message: err.message, type: 'ConfigError', nonRetryable: true });
  }
  if (err instanceof InvoiceFormatError) {
    return ApplicationFailure.create({ message: err.message, type: 'InvoiceFormatError', nonRetryable: true });
  }
  if (err instanceof StoreError) {
    return ApplicationFailure.create({ message: err.message, type: 'StoreError', nonRetryable: true });
  }
  return err;
}

export async function withFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toFailure(err);
  }
}
