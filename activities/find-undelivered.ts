import type { InvoiceRef } from '../src/chorus/index.ts';
import type { ActivityDeps } from './deps.ts';

export interface FindUndeliveredInput {
  gatewayId: string;
  scope: string;
  invoices: InvoiceRef[];
}

/** The invoices of a batch that have no manifest in this scope yet: a re-listed invoice costs one file read. */
export function makeFindUndelivered({ store }: ActivityDeps) {
  return async function findUndelivered({ gatewayId, scope, invoices }: FindUndeliveredInput): Promise<InvoiceRef[]> {
    const manifests = await Promise.all(invoices.map((invoice) => store.findManifest(gatewayId, invoice.invoiceId)));
    return invoices.filter((_, i) => manifests[i]?.scope !== scope);
  };
}
