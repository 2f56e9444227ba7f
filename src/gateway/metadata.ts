import type { InvoiceRef } from '../chorus/index.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { ConvertedInvoice } from './conversion.ts';

/** `metadata.json` of a message folder: what downstream systems index without parsing the XML. */
export function describeDelivery(input: { gateway: GatewayConfig; invoice: InvoiceRef; converted: ConvertedInvoice }) {
  const { gateway, invoice, converted } = input;
  const { message } = converted;
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
    attachments: converted.attachments.map((attachment) => ({
      originalName: attachment.originalName,
      storedName: attachment.storedName,
      mimeType: attachment.mimeType,
      kind: attachment.kind,
      category: attachment.category,
      bytes: attachment.blob.bytes,
      sha256: attachment.blob.sha256,
    })),
    ...(converted.conversion && { conversion: converted.conversion }),
    ...(converted.pivotWarnings.length > 0 && { warnings: converted.pivotWarnings }),
    fetchedAt: new Date().toISOString(),
  };
}
