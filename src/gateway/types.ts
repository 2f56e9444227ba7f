import type { InvoiceRef } from '../chorus/index.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { InvoiceCounts } from './invoice-counts.ts';

/** What a Schedule passes to each poll: the gateway's settings (no secrets) and its dedupe scope. */
export interface PollInput {
  gateway: GatewayConfig;
  /** Changes only when the gateway is deleted and created again, so that everything is fetched again. */
  scope: string;
}

export interface PollWindow {
  /** ISO instants; the search asks for invoices whose status changed in [from, to]. */
  from: string;
  to: string;
}

export interface InvoiceFailure {
  invoiceId: number;
  message: string;
}

/** Returned by each poll; the next one reads it back as `workflowInfo().lastResult`. */
export interface PollResult extends InvoiceCounts {
  cursor: string;
  window: PollWindow;
}

export interface InvoiceInput {
  gateway: GatewayConfig;
  scope: string;
  invoice: InvoiceRef;
  /** A failure its batch met that no retry can cure (too large, malformed): recorded, not downloaded again. */
  permanentFailure?: { message: string; type?: string };
}

/** A batch workflow's invoices: up to 100 of one listing. */
export interface InvoiceBatchInput extends PollInput {
  invoices: InvoiceRef[];
}

export type InvoiceOutcome =
  | { status: 'delivered'; folder: string; files: string[] }
  /** Delivered as pivot because the UBL asked for could not be valid; the metadata lists what is missing. */
  | { status: 'converted-with-errors'; folder: string; files: string[]; errors: string[] }
  | { status: 'already-delivered'; folder: string; deliveredAt: string };

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

export type InvoiceSelection =
  /** A tick: invoices not yet downloaded whose status changed in the window. */
  | { kind: 'new'; window: PollWindow }
  /** A backfill: every invoice deposited on these days, downloaded or not (dedupe skips what was delivered). */
  | { kind: 'deposited'; days: DateRange; supplierIds?: number[] };

export interface ListInvoicesInput {
  gateway: GatewayConfig;
  selection: InvoiceSelection;
  /** The batch: invoices `offset` to `offset + limit - 1` of the selection. */
  offset: number;
  limit: number;
}

/** One batch of a listing; batches keep payloads and pending child workflows bounded however many invoices match. */
export interface InvoiceBatch {
  refs: InvoiceRef[];
  more: boolean;
}

/** Plain JSON, so a user can start it from the Web UI's form or `temporal workflow start`. */
export interface BackfillInput {
  gatewayId: string;
  /** YYYY-MM-DD (or an ISO date-time, of which the date is used), inclusive. */
  from: string;
  to: string;
  /** Chorus Pro structure ids of suppliers; all when absent. */
  suppliers?: number[];
}

export interface BackfillSliceInput extends PollInput {
  days: DateRange;
  supplierIds?: number[];
}

export interface BackfillProgress extends InvoiceCounts {
  gatewayId: string;
  from: string;
  to: string;
  slices: number;
  slicesDone: number;
}
