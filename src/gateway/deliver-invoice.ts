import type { InvoiceRef } from '../chorus/index.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { FileStore } from '../store/file-store.ts';
import type { Manifest } from '../store/types.ts';
import type { ConvertedInvoice } from './conversion.ts';
import { describeDelivery } from './metadata.ts';

/** Commits the message folder: files moved in, metadata written, the manifest last. */
export function deliverInvoice(
  store: FileStore,
  input: { gateway: GatewayConfig; scope: string; invoice: InvoiceRef; converted: ConvertedInvoice },
): Promise<Manifest> {
  const { gateway, scope, invoice, converted } = input;
  return store.deliver({
    gatewayId: gateway.id,
    invoiceId: invoice.invoiceId,
    scope,
    files: [
      { name: converted.message.name, role: 'message', blob: converted.message.blob },
      ...converted.attachments.map((attachment) => ({
        name: attachment.storedName,
        role: 'attachment' as const,
        blob: attachment.blob,
      })),
    ],
    metadata: describeDelivery({ gateway, invoice, converted }),
    discard: converted.discard,
  });
}
