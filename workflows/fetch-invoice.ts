import type { InvoiceInput, InvoiceOutcome } from '../src/gateway/types.ts';
import { deliverInvoice, downloadInvoice, findDelivery } from './activities.ts';

/** One Chorus Pro invoice, delivered once: skip it if its manifest exists, else download it and deliver it. */
export async function fetchInvoice({ gateway, scope, invoice }: InvoiceInput): Promise<InvoiceOutcome> {
  const earlier = await findDelivery({ gatewayId: gateway.id, invoiceId: invoice.invoiceId, scope });
  if (earlier) return { status: 'already-delivered', ...earlier };

  const pivot = await downloadInvoice({ gateway, invoiceId: invoice.invoiceId });
  const delivered = await deliverInvoice({ gateway, scope, invoice, pivot });
  return { status: 'delivered', ...delivered };
}
