import type { InvoiceFailure } from './types.ts';

/** What a tick, a backfill slice or a whole backfill did with its invoices. */
export interface InvoiceCounts {
  listed: number;
  delivered: number;
  /** Delivered as pivot because the UBL asked for could not be valid (counted in `delivered` too). */
  convertedWithErrors: number;
  alreadyDelivered: number;
  failed: number;
  /** The first few failures, so the Web UI shows what went wrong without opening every child. */
  failures: InvoiceFailure[];
}

export const FAILURES_KEPT = 10;

export function emptyCounts(): InvoiceCounts {
  return { listed: 0, delivered: 0, convertedWithErrors: 0, alreadyDelivered: 0, failed: 0, failures: [] };
}

/** Adds `more` into `total`, keeping at most FAILURES_KEPT failures. */
export function addCounts(total: InvoiceCounts, more: InvoiceCounts): void {
  total.listed += more.listed;
  total.delivered += more.delivered;
  total.convertedWithErrors += more.convertedWithErrors;
  total.alreadyDelivered += more.alreadyDelivered;
  total.failed += more.failed;
  total.failures.push(...more.failures.slice(0, FAILURES_KEPT - total.failures.length));
}
