import { ActivityFailure, ApplicationFailure, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { InvoiceRef } from '../src/chorus/index.ts';
import { addCounts, emptyCounts, type InvoiceCounts } from '../src/gateway/invoice-counts.ts';
import { invoiceSummary } from '../src/gateway/invoice-outcome.ts';
import type { InvoiceBatchInput, InvoiceInput, InvoiceOutcome } from '../src/gateway/types.ts';
import { DeliveryStatusKey } from '../src/temporal/search-attributes.ts';
import { fetchAndDeliverInvoice, findUndelivered } from './activities.ts';
import { fetchEachInvoice } from './fetch-each-invoice.ts';

/**
 * Up to INVOICE_BATCH invoices of one listing, one activity each. The manifests are checked first, so re-listed
 * invoices cost nothing more; an invoice that still fails after a few quick tries is handed to a workflow of its own.
 */
export async function fetchInvoiceBatch(input: InvoiceBatchInput): Promise<InvoiceCounts> {
  const { gateway, scope, invoices } = input;
  const tally = emptyCounts();
  tally.listed = invoices.length;
  const pending = await findUndelivered({ gatewayId: gateway.id, scope, invoices });
  tally.alreadyDelivered = invoices.length - pending.length;

  const withErrors: InvoiceRef[] = [];
  const failed: Omit<InvoiceInput, 'gateway' | 'scope'>[] = [];
  await Promise.all(
    pending.map(async (invoice) => {
      let outcome: InvoiceOutcome;
      try {
        // The summary names the invoice on its activity in the Web UI's event history and timeline.
        outcome = await fetchAndDeliverInvoice.executeWithOptions({ summary: invoiceSummary(invoice) }, [
          { gateway, scope, invoice },
        ]);
      } catch (err) {
        const cause = err instanceof ActivityFailure ? err.cause : undefined;
        const permanent = cause instanceof ApplicationFailure && cause.nonRetryable;
        failed.push({
          invoice,
          ...(permanent && { permanentFailure: { message: cause.message, ...(cause.type && { type: cause.type }) } }),
        });
        return;
      }
      if (outcome.status === 'already-delivered') tally.alreadyDelivered++;
      else tally.delivered++;
      if (outcome.status === 'converted-with-errors') {
        tally.convertedWithErrors++;
        withErrors.push(invoice);
      }
    }),
  );
  const retried = await fetchEachInvoice(input, failed);
  addCounts(tally, { ...retried, listed: 0 });

  upsertSearchAttributes([{ key: DeliveryStatusKey, value: batchStatus(tally) }]);
  setCurrentDetails(
    describeBatch(
      tally,
      withErrors,
      failed.map((item) => item.invoice),
    ),
  );
  return tally;
}

/** What a search by status finds: the batch delivered something, with conversion errors, or nothing new. */
function batchStatus(tally: InvoiceCounts): string {
  if (tally.convertedWithErrors > 0) return 'converted-with-errors';
  if (tally.delivered > 0) return 'delivered';
  if (tally.failed > 0) return 'failed';
  return 'already-delivered';
}

function describeBatch(tally: InvoiceCounts, withErrors: InvoiceRef[], retried: InvoiceRef[]): string {
  const lines = [
    `Listed ${tally.listed}: delivered ${tally.delivered}, already delivered ${tally.alreadyDelivered}, failed ${tally.failed}.`,
  ];
  const names = (refs: InvoiceRef[]) => refs.map((ref) => `- ${ref.invoiceNumber} (Chorus id ${ref.invoiceId})`);
  if (withErrors.length)
    lines.push('', 'Delivered as pivot XML, no valid UBL (see their metadata.json):', ...names(withErrors));
  if (retried.length) lines.push('', 'Tried again in workflows of their own (invoice-…):', ...names(retried));
  return lines.join('\n');
}
