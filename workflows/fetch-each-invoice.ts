import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { InvoiceRef } from '../src/chorus/index.ts';
import { emptyCounts, FAILURES_KEPT, type InvoiceCounts } from '../src/gateway/invoice-counts.ts';
import { invoiceSummary } from '../src/gateway/invoice-outcome.ts';
import { rootMessage } from '../src/gateway/root-message.ts';
import type { InvoiceInput, PollInput } from '../src/gateway/types.ts';
import { GatewayIdKey, InvoiceIdKey, InvoiceNumberKey, SupplierKey } from '../src/temporal/search-attributes.ts';
import { fetchInvoice } from './fetch-invoice.ts';
import { invoiceWorkflowId } from './invoice-ids.ts';

/**
 * Starts one invoice workflow per invoice and waits for them. The workflow id makes a duplicate start fail, which
 * means "already handled"; ABANDON lets invoices finish even if the caller is terminated.
 */
export async function fetchEachInvoice(
  { gateway, scope }: PollInput,
  failed: Omit<InvoiceInput, 'gateway' | 'scope'>[],
): Promise<InvoiceCounts> {
  const tally = emptyCounts();
  tally.listed = failed.length;
  const running: { ref: InvoiceRef; handle: ChildWorkflowHandle<typeof fetchInvoice> }[] = [];
  await Promise.all(
    failed.map(async ({ invoice: ref, permanentFailure }) => {
      try {
        const handle = await startChild(fetchInvoice, {
          workflowId: invoiceWorkflowId(gateway.id, scope, ref.invoiceId),
          args: [{ gateway, scope, invoice: ref, ...(permanentFailure && { permanentFailure }) }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // A failed invoice may be tried again by a later poll; a delivered one never.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          staticSummary: invoiceSummary(ref),
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

  await Promise.all(
    running.map(async ({ ref, handle }) => {
      try {
        const outcome = await handle.result();
        if (outcome.status === 'already-delivered') tally.alreadyDelivered++;
        else tally.delivered++;
        if (outcome.status === 'converted-with-errors') tally.convertedWithErrors++;
      } catch (err) {
        tally.failed++;
        if (tally.failures.length < FAILURES_KEPT) {
          tally.failures.push({ invoiceId: ref.invoiceId, message: rootMessage(err) });
        }
      }
    }),
  );
  return tally;
}
