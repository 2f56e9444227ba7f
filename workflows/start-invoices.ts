import { executeChild, workflowInfo } from '@temporalio/workflow';
import type { InvoiceRef } from '../src/chorus/index.ts';
import { addCounts, emptyCounts, FAILURES_KEPT, type InvoiceCounts } from '../src/gateway/invoice-counts.ts';
import { rootMessage } from '../src/gateway/root-message.ts';
import type { InvoiceSelection, PollInput } from '../src/gateway/types.ts';
import { GatewayIdKey, InvoiceIdsKey, InvoiceNumbersKey } from '../src/temporal/search-attributes.ts';
import { listInvoices } from './activities.ts';
import { fetchInvoiceBatch } from './fetch-invoice-batch.ts';

/** Invoices listed per listing call: at most ~300 KB of references (~0.6 KB each). */
export const LIST_BATCH = 500;
/**
 * Invoices per batch workflow. The server's cost of a workflow is shared by 100 invoices (2,000 invoices here: 108/s
 * with batches of 50, 125/s with 100, see bench/RESULTS.md); a batch's history stays near 600 events and
 * its input near 60 KB.
 */
export const INVOICE_BATCH = 100;

/**
 * Lists the selection LIST_BATCH invoices at a time and fetches them in batches; the next listing runs while the
 * current invoices are fetched, so the worker's slots do not sit idle during the search calls.
 */
export async function fetchSelection(
  input: PollInput,
  selection: InvoiceSelection,
  onBatch: (listed: number) => void = () => {},
): Promise<InvoiceCounts> {
  const list = (offset: number) => listInvoices({ gateway: input.gateway, selection, offset, limit: LIST_BATCH });
  const total = emptyCounts();
  let listed = await list(0);
  for (let offset = 0; ; offset += LIST_BATCH) {
    onBatch(total.listed + listed.refs.length);
    const next = listed.more ? list(offset + LIST_BATCH) : undefined;
    addCounts(total, await fetchInBatches(input, listed.refs, offset));
    if (!next) return total;
    listed = await next;
  }
}

/** Runs the invoices as batch workflows of INVOICE_BATCH, all at once, and adds up what they did. */
export async function fetchInBatches(input: PollInput, refs: InvoiceRef[], offset: number): Promise<InvoiceCounts> {
  const { gateway, scope } = input;
  const tally = emptyCounts();
  const batches: InvoiceRef[][] = [];
  for (let i = 0; i < refs.length; i += INVOICE_BATCH) batches.push(refs.slice(i, i + INVOICE_BATCH));
  await Promise.all(
    batches.map(async (invoices, i) => {
      const first = invoices[0]!;
      const last = invoices[invoices.length - 1]!;
      try {
        addCounts(
          tally,
          await executeChild(fetchInvoiceBatch, {
            workflowId: `${workflowInfo().workflowId}-invoices-${offset / INVOICE_BATCH + i + 1}`,
            args: [{ gateway, scope, invoices }],
            staticSummary: `${invoices.length} invoice(s), Chorus ids ${first.invoiceId}…${last.invoiceId}`,
            typedSearchAttributes: [
              { key: GatewayIdKey, value: gateway.id },
              { key: InvoiceIdsKey, value: invoices.map((ref) => String(ref.invoiceId)) },
              { key: InvoiceNumbersKey, value: invoices.map((ref) => ref.invoiceNumber) },
            ],
          }),
        );
      } catch (err) {
        // The batch itself broke (terminated, say): its invoices count as failed, and a later run tries them again.
        tally.listed += invoices.length;
        tally.failed += invoices.length;
        if (tally.failures.length < FAILURES_KEPT)
          tally.failures.push({ invoiceId: first.invoiceId, message: rootMessage(err) });
      }
    }),
  );
  return tally;
}
