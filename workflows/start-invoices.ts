import { executeChild, workflowInfo } from '@temporalio/workflow';
import type { InvoiceRef } from '../src/chorus/index.ts';
import { addCounts, emptyCounts, type InvoiceCounts } from '../src/gateway/invoice-counts.ts';
import { rootMessage } from '../src/gateway/root-message.ts';
import type { InvoiceSelection, PollInput } from '../src/gateway/types.ts';
import { GatewayIdKey, InvoiceIdsKey, InvoiceNumbersKey } from '../src/temporal/search-attributes.ts';
import { listInvoices } from './activities.ts';
import { fetchInvoiceBatch } from './fetch-invoice-batch.ts';

/**
 * Invoices per listing call and per batch workflow. The server's cost of a workflow is shared by 100 invoices (2,000
 * invoices here: 108/s with batches of 50, 125/s with 100, see bench/RESULTS.md); a batch's history stays near 550
 * events, and a listing's result and a batch's input near 50 KB.
 */
export const INVOICE_BATCH = 100;
/** Batches running at once: 500 invoices keep the activity slots of several workers busy while the next are listed. */
export const BATCHES_IN_FLIGHT = 5;

/**
 * Lists the selection a page of INVOICE_BATCH at a time and hands each page to a batch workflow at once, with up to
 * BATCHES_IN_FLIGHT batches running while the next pages are listed: the first invoices are fetched after one search
 * call, and the worker's slots do not wait for the listing.
 */
export async function fetchSelection(
  input: PollInput,
  selection: InvoiceSelection,
  onListed: (listed: number) => void = () => {},
): Promise<InvoiceCounts> {
  const total = emptyCounts();
  const running = new Set<Promise<void>>();
  let listed = 0;
  for (let offset = 0, more = true; more; offset += INVOICE_BATCH) {
    const page = await listInvoices({ gateway: input.gateway, selection, offset, limit: INVOICE_BATCH });
    listed += page.refs.length;
    onListed(listed);
    more = page.more;
    if (page.refs.length === 0) continue;
    const batch: Promise<void> = fetchBatch(input, page.refs, offset / INVOICE_BATCH + 1).then((counts) => {
      addCounts(total, counts);
      running.delete(batch);
    });
    running.add(batch);
    if (running.size >= BATCHES_IN_FLIGHT) await Promise.race(running);
  }
  await Promise.all(running);
  return total;
}

/** Runs one batch workflow; if the batch itself breaks (terminated, say), its invoices count as failed. */
async function fetchBatch(input: PollInput, invoices: InvoiceRef[], number: number): Promise<InvoiceCounts> {
  const { gateway, scope } = input;
  const first = invoices[0]!;
  const last = invoices[invoices.length - 1]!;
  try {
    return await executeChild(fetchInvoiceBatch, {
      workflowId: `${workflowInfo().workflowId}-invoices-${number}`,
      args: [{ gateway, scope, invoices }],
      staticSummary: `${invoices.length} invoice(s), Chorus ids ${first.invoiceId}…${last.invoiceId}`,
      typedSearchAttributes: [
        { key: GatewayIdKey, value: gateway.id },
        { key: InvoiceIdsKey, value: invoices.map((ref) => String(ref.invoiceId)) },
        { key: InvoiceNumbersKey, value: invoices.map((ref) => ref.invoiceNumber) },
      ],
    });
  } catch (err) {
    // A later run tries them again: they have no manifest.
    const tally = emptyCounts();
    tally.listed = invoices.length;
    tally.failed = invoices.length;
    tally.failures.push({ invoiceId: first.invoiceId, message: rootMessage(err) });
    return tally;
  }
}
