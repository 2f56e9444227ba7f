import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { InvoiceRef } from '../src/chorus/index.ts';
import type { InvoiceSelection, PollInput } from '../src/gateway/types.ts';
import { listInvoices } from './activities.ts';
import { GatewayIdKey, InvoiceIdKey, InvoiceNumberKey, SupplierKey } from '../src/temporal/search-attributes.ts';
import { fetchInvoice } from './fetch-invoice.ts';
import { invoiceWorkflowId } from './invoice-ids.ts';
import { addCounts, emptyCounts, FAILURES_KEPT, type InvoiceCounts } from '../src/gateway/invoice-counts.ts';
import { rootMessage } from '../src/gateway/root-message.ts';

const START_BATCH = 100;
/** Invoices listed and fetched per batch: ~150 KB of references and at most this many pending children. */
export const LIST_BATCH = 500;

/** Lists the selection batch by batch and fetches each batch's invoices before listing the next. */
export async function fetchSelection(
  input: PollInput,
  selection: InvoiceSelection,
  onBatch: (listed: number) => void = () => {},
): Promise<InvoiceCounts> {
  const total = emptyCounts();
  for (let offset = 0; ; offset += LIST_BATCH) {
    const batch = await listInvoices({ gateway: input.gateway, selection, offset, limit: LIST_BATCH });
    onBatch(total.listed + batch.refs.length);
    addCounts(total, await fetchInvoices(input, batch.refs));
    if (!batch.more) return total;
  }
}

/**
 * Starts one invoice workflow per invoice and waits for them. The workflow id makes a duplicate start fail, which
 * means "already handled"; ABANDON lets invoices finish even if this poll is terminated.
 */
export async function fetchInvoices({ gateway, scope }: PollInput, refs: InvoiceRef[]): Promise<InvoiceCounts> {
  const tally = emptyCounts();
  tally.listed = refs.length;
  const fail = (invoiceId: number, err: unknown) => {
    tally.failed++;
    if (tally.failures.length < FAILURES_KEPT) tally.failures.push({ invoiceId, message: rootMessage(err) });
  };

  const running: { ref: InvoiceRef; handle: ChildWorkflowHandle<typeof fetchInvoice> }[] = [];
  for (let i = 0; i < refs.length; i += START_BATCH) {
    await Promise.all(
      refs.slice(i, i + START_BATCH).map(async (ref) => {
        try {
          const handle = await startChild(fetchInvoice, {
            workflowId: invoiceWorkflowId(gateway.id, scope, ref.invoiceId),
            args: [{ gateway, scope, invoice: ref }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            // A failed invoice may be tried again by a later poll; a delivered one never.
            workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
            staticSummary: `Invoice ${ref.invoiceNumber} from ${ref.supplierName} (Chorus id ${ref.invoiceId})`,
            typedSearchAttributes: [
              { key: GatewayIdKey, value: gateway.id },
              { key: InvoiceIdKey, value: String(ref.invoiceId) },
              { key: InvoiceNumberKey, value: ref.invoiceNumber },
              { key: SupplierKey, value: ref.supplierCode },
            ],
          });
          running.push({ ref, handle });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) tally.alreadyDelivered++;
          else throw err;
        }
      }),
    );
  }

  await Promise.all(
    running.map(async ({ ref, handle }) => {
      try {
        const outcome = await handle.result();
        if (outcome.status === 'already-delivered') tally.alreadyDelivered++;
        else tally.delivered++;
        if (outcome.status === 'converted-with-errors') tally.convertedWithErrors++;
      } catch (err) {
        fail(ref.invoiceId, err);
      }
    }),
  );
  return tally;
}
