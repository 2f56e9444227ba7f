import { makeConvertInvoice } from './convert-invoice.ts';
import { makeLoadCursor, makeSaveCursor } from './cursor.ts';
import { makeDeliverInvoice } from './deliver-invoice.ts';
import type { ActivityDeps } from './deps.ts';
import { makeDownloadInvoice } from './download-invoice.ts';
import { makeFetchAndDeliverInvoice } from './fetch-and-deliver.ts';
import { makeFindDelivery } from './find-delivery.ts';
import { makeFindUndelivered } from './find-undelivered.ts';
import { makeListInvoices } from './list-invoices.ts';
import { loadDeployment } from './load-deployment.ts';

export type { ActivityDeps } from './deps.ts';

/** Activities close over the worker's store and Chorus clients; workflows import only their types. */
export function createActivities(deps: ActivityDeps) {
  return {
    listInvoices: makeListInvoices(deps),
    findDelivery: makeFindDelivery(deps),
    findUndelivered: makeFindUndelivered(deps),
    fetchAndDeliverInvoice: makeFetchAndDeliverInvoice(deps),
    downloadInvoice: makeDownloadInvoice(deps),
    convertInvoice: makeConvertInvoice(deps),
    deliverInvoice: makeDeliverInvoice(deps),
    loadCursor: makeLoadCursor(deps),
    saveCursor: makeSaveCursor(deps),
    loadDeployment,
  };
}

export type GatewayActivities = ReturnType<typeof createActivities>;
