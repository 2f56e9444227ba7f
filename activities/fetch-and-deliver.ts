import { deliveredOutcome } from '../src/gateway/invoice-outcome.ts';
import type { InvoiceInput, InvoiceOutcome } from '../src/gateway/types.ts';
import { makeConvertInvoice } from './convert-invoice.ts';
import { makeDeliverInvoice } from './deliver-invoice.ts';
import type { ActivityDeps } from './deps.ts';
import { makeDownloadInvoice } from './download-invoice.ts';
import { makeFindDelivery } from './find-delivery.ts';

/**
 * The whole journey of one invoice in one activity: a batch pays one activity task per invoice instead of a
 * workflow, three workflow tasks and two activity tasks (see bench/RESULTS.md).
 */
export function makeFetchAndDeliverInvoice(deps: ActivityDeps) {
  const findDelivery = makeFindDelivery(deps);
  const downloadInvoice = makeDownloadInvoice(deps);
  const convertInvoice = makeConvertInvoice(deps);
  const deliverInvoice = makeDeliverInvoice(deps);
  return async function fetchAndDeliverInvoice({ gateway, scope, invoice }: InvoiceInput): Promise<InvoiceOutcome> {
    const earlier = await findDelivery({ gatewayId: gateway.id, invoiceId: invoice.invoiceId, scope });
    if (earlier) return { status: 'already-delivered', ...earlier };
    const pivot = await downloadInvoice({ gateway, invoiceId: invoice.invoiceId });
    const converted = await convertInvoice({ gateway, invoice, pivot });
    return deliveredOutcome(converted, await deliverInvoice({ gateway, scope, invoice, converted }));
  };
}
