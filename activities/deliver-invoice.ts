import { log } from '@temporalio/activity';
import type { InvoiceRef } from '../src/chorus/index.ts';
import type { GatewayConfig } from '../src/config/gateway-config.ts';
import type { ConvertedInvoice } from '../src/gateway/conversion.ts';
import { deliverInvoice as deliver } from '../src/gateway/deliver-invoice.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';

export interface DeliverInvoiceInput {
  gateway: GatewayConfig;
  scope: string;
  invoice: InvoiceRef;
  converted: ConvertedInvoice;
}

export function makeDeliverInvoice({ store }: ActivityDeps) {
  return async function deliverInvoice(input: DeliverInvoiceInput) {
    return withFailures(async () => {
      const manifest = await deliver(store, input);
      const { gateway, invoice } = input;
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
