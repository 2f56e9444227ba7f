import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { InvoiceInput, InvoiceOutcome } from '../src/gateway/types.ts';
import { DeliveryStatusKey } from '../src/temporal/search-attributes.ts';
import { convertInvoice, deliverInvoice, downloadInvoice, findDelivery } from './activities.ts';

function finish(outcome: InvoiceOutcome, details: string): InvoiceOutcome {
  upsertSearchAttributes([{ key: DeliveryStatusKey, value: outcome.status }]);
  setCurrentDetails(details);
  return outcome;
}

/** One Chorus Pro invoice, delivered once: skip it if its manifest exists, else download, convert and deliver it. */
export async function fetchInvoice({ gateway, scope, invoice }: InvoiceInput): Promise<InvoiceOutcome> {
  const earlier = await findDelivery({ gatewayId: gateway.id, invoiceId: invoice.invoiceId, scope });
  if (earlier)
    return finish({ status: 'already-delivered', ...earlier }, `Already delivered on ${earlier.deliveredAt}.`);

  const pivot = await downloadInvoice({ gateway, invoiceId: invoice.invoiceId });
  const converted = await convertInvoice({ gateway, invoice, pivot });
  const delivered = await deliverInvoice({ gateway, scope, invoice, converted });

  if (converted.conversion && !converted.conversion.ok) {
    const errors = converted.conversion.errors.map((error) =>
      error.rule ? `${error.rule}: ${error.message}` : error.message,
    );
    return finish(
      { status: 'converted-with-errors', ...delivered, errors },
      `Delivered as pivot XML: no valid UBL could be built.\n\n${errors.map((error) => `- ${error}`).join('\n')}`,
    );
  }
  return finish(
    { status: 'delivered', ...delivered },
    `Delivered ${delivered.files.length} file(s) to ${delivered.folder}.`,
  );
}
