import { log } from '@temporalio/activity';
import type { InvoiceRef } from '../src/chorus/index.ts';
import type { ListInvoicesInput } from '../src/gateway/types.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';

/** Invoices not yet downloaded by the recipient whose status changed in the window, oldest first. */
export function makeListInvoices({ chorus }: ActivityDeps) {
  return async function listInvoices({ gateway, window }: ListInvoicesInput): Promise<InvoiceRef[]> {
    return withFailures(async () => {
      const { recipient } = gateway;
      const client = chorus.get(gateway);
      const refs: InvoiceRef[] = [];
      for await (const ref of client.searchReceivedInvoices({
        recipientStructureId: await chorus.recipientStructureId(gateway),
        ...(recipient.serviceId !== undefined && { serviceId: recipient.serviceId }),
        ...(recipient.statuses && { statuses: recipient.statuses }),
        ...(recipient.invoiceTypes && { invoiceTypes: recipient.invoiceTypes }),
        ...(recipient.supplierIds && { supplierStructureIds: recipient.supplierIds }),
        statusChangedFrom: new Date(window.from),
        statusChangedTo: new Date(window.to),
        downloaded: false,
      })) {
        refs.push(ref);
      }
      log.info('Listed invoices', { gatewayId: gateway.id, count: refs.length, from: window.from, to: window.to });
      return refs;
    });
  };
}
