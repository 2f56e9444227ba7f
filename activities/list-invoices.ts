import { log } from '@temporalio/activity';
import type { InvoiceRef, ReceivedInvoiceFilter } from '../src/chorus/index.ts';
import type { GatewayConfig } from '../src/config/gateway-config.ts';
import type { InvoiceBatch, InvoiceSelection, ListInvoicesInput } from '../src/gateway/types.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';
import { withHeartbeats } from './heartbeats.ts';

function selectionFilter(gateway: GatewayConfig, selection: InvoiceSelection): Partial<ReceivedInvoiceFilter> {
  if (selection.kind === 'new') {
    return {
      statusChangedFrom: new Date(selection.window.from),
      statusChangedTo: new Date(selection.window.to),
    };
  }
  return {
    depositDateFrom: selection.days.from,
    depositDateTo: selection.days.to,
    ...(selection.supplierIds && { supplierStructureIds: selection.supplierIds }),
  };
}

/** The gateway's invoices that match a tick's or a backfill's selection, as Chorus Pro lists them. */
export function makeListInvoices({ chorus }: ActivityDeps) {
  return async function listInvoices({ gateway, selection, offset, limit }: ListInvoicesInput): Promise<InvoiceBatch> {
    return withHeartbeats(() =>
      withFailures(async () => {
        const { recipient } = gateway;
        // "Not downloaded yet" is filtered here, not by Chorus Pro: the set Chorus lists must stay the same while
        // this tick downloads, or the offsets of later batches would skip the invoices that moved up.
        const skipDownloaded = selection.kind === 'new' && recipient.onlyNotDownloaded;
        const refs: InvoiceRef[] = [];
        // Chorus Pro lists in a stable order (ascending idFacture), so a batch starts where the previous one ended;
        // invoices deposited meanwhile come after it.
        const search = chorus.get(gateway).searchReceivedInvoices(
          {
            recipientStructureId: await chorus.recipientStructureId(gateway),
            ...(recipient.serviceId !== undefined && { serviceId: recipient.serviceId }),
            ...(recipient.statuses && { statuses: recipient.statuses }),
            ...(recipient.invoiceTypes && { invoiceTypes: recipient.invoiceTypes }),
            ...(recipient.supplierIds && { supplierStructureIds: recipient.supplierIds }),
            ...selectionFilter(gateway, selection),
          },
          // The pages of earlier batches are not read again, nor the next page before the next batch asks for it.
          { skip: offset, limit },
        );
        let next = await search.next();
        for (; !next.done; next = await search.next()) {
          if (!(skipDownloaded && next.value.downloaded)) refs.push(next.value);
        }
        const more = next.value;
        log.info('Listed invoices', { gatewayId: gateway.id, count: refs.length, offset, selection });
        return { refs, more };
      }),
    );
  };
}
