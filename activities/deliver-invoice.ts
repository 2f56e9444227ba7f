import { log } from '@temporalio/activity';
import type { InvoiceRef } from '../src/chorus/index.ts';
import type { GatewayConfig } from '../src/config/gateway-config.ts';
import { describeDelivery } from '../src/gateway/metadata.ts';
import type { BlobRef } from '../src/store/types.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';

export interface DeliverInvoiceInput {
  gateway: GatewayConfig;
  scope: string;
  invoice: InvoiceRef;
  pivot: BlobRef;
}

export function makeDeliverInvoice({ store }: ActivityDeps) {
  return async function deliverInvoice({ gateway, scope, invoice, pivot }: DeliverInvoiceInput) {
    return withFailures(async () => {
      const manifest = await store.deliver({
        gatewayId: gateway.id,
        invoiceId: invoice.invoiceId,
        scope,
        files: [{ name: 'message.xml', role: 'message', blob: pivot }],
        metadata: describeDelivery({
          gateway,
          invoice,
          message: { name: 'message.xml', format: 'pivot', blob: pivot },
        }),
      });
      const folder = store.messageFolder(gateway.id, invoice.invoiceId);
      log.info('Delivered invoice', {
        gatewayId: gateway.id,
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        folder,
      });
      return { folder, files: manifest.files.map((file) => file.name) };
    });
  };
}
