import type { InvoiceRef } from '../chorus/index.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { BlobRef } from '../store/types.ts';

export interface MessageDescription {
  name: string;
  format: 'pivot' | 'ubl';
  blob: BlobRef;
}

/** `metadata.json` of a message folder: what downstream systems index without parsing the XML. */
export function describeDelivery(input: { gateway: GatewayConfig; invoice: InvoiceRef; message: MessageDescription }) {
  const { gateway, invoice, message } = input;
  return {
    gatewayId: gateway.id,
    invoiceId: invoice.invoiceId,
    invoiceNumber: invoice.invoiceNumber,
    type: invoice.type,
    status: invoice.status,
    invoiceDate: invoice.invoiceDate,
    depositDate: invoice.depositDate,
    statusChangedAt: invoice.statusChangedAt,
    supplier: { code: invoice.supplierCode, name: invoice.supplierName },
    recipient: { code: invoice.recipientCode, name: invoice.recipientName, serviceCode: invoice.serviceCode },
    currency: invoice.currency,
    amounts: { exclTax: invoice.amountExclTax, inclTax: invoice.amountInclTax, due: invoice.amountDue },
    message: { name: message.name, format: message.format, bytes: message.blob.bytes, sha256: message.blob.sha256 },
    attachments: [],
    fetchedAt: new Date().toISOString(),
  };
}
