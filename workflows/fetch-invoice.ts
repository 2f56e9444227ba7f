import { ApplicationFailure, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { deliveredOutcome, describeOutcome } from '../src/gateway/invoice-outcome.ts';
import type { InvoiceInput, InvoiceOutcome } from '../src/gateway/types.ts';
import { DeliveryStatusKey } from '../src/temporal/search-attributes.ts';
import { convertInvoice, deliverInvoice, downloadInvoice, findDelivery } from './activities.ts';

function finish(outcome: InvoiceOutcome): InvoiceOutcome {
  upsertSearchAttributes([{ key: DeliveryStatusKey, value: outcome.status }]);
  setCurrentDetails(describeOutcome(outcome));
  return outcome;
}

/**
 * One Chorus Pro invoice, step by step: skip it if its manifest exists, else download, convert and deliver it.
 * Batches hand over the invoices that failed in them, so that each failure is a workflow of its own (searchable by
 * invoice id, with the failing step in its history) and a later poll or backfill may try it again. A failure no
 * retry can cure is only recorded: the file is not downloaded a second time.
 */
export async function fetchInvoice({
  gateway,
  scope,
  invoice,
  permanentFailure,
}: InvoiceInput): Promise<InvoiceOutcome> {
  if (permanentFailure) {
    setCurrentDetails(`Failed in its batch, not tried again (a retry cannot cure it): ${permanentFailure.message}`);
    throw ApplicationFailure.nonRetryable(permanentFailure.message, permanentFailure.type ?? 'InvoiceFailed');
  }
  const earlier = await findDelivery({ gatewayId: gateway.id, invoiceId: invoice.invoiceId, scope });
  if (earlier) return finish({ status: 'already-delivered', ...earlier });

  const pivot = await downloadInvoice({ gateway, invoiceId: invoice.invoiceId });
  const converted = await convertInvoice({ gateway, invoice, pivot });
  const delivered = await deliverInvoice({ gateway, scope, invoice, converted });
  return finish(deliveredOutcome(converted, delivered));
}
