import type { RouteHandler } from './context.ts';
import { consultInvoiceHistory, consultRecipientInvoice } from './invoice-consult.ts';
import { downloadInvoiceGroup } from './invoice-download.ts';
import { searchRecipientInvoices } from './invoice-search.ts';
import { activeRecipientStructures, searchStructureServices, searchStructures } from './structures.ts';
import { healthCheck, vatRates } from './transverses.ts';

export interface ApiRoute {
  method: 'GET' | 'POST';
  handler: RouteHandler;
}

/** The `/cpro/**` operations the simulator implements, by path. */
export const API_ROUTES: ReadonlyMap<string, ApiRoute> = new Map<string, ApiRoute>([
  ['/cpro/structures/v1/rechercher', { method: 'POST', handler: searchStructures }],
  ['/cpro/structures/v1/rechercher/services', { method: 'POST', handler: searchStructureServices }],
  [
    '/cpro/transverses/v1/recuperer/structures/actives/destinataire',
    { method: 'POST', handler: activeRecipientStructures },
  ],
  ['/cpro/transverses/v1/recuperer/tauxtva', { method: 'POST', handler: vatRates }],
  ['/cpro/transverses/v1/health-check', { method: 'GET', handler: healthCheck }],
  ['/cpro/factures/v1/rechercher/recipiendaire', { method: 'POST', handler: searchRecipientInvoices }],
  ['/cpro/factures/v1/consulter/recipiendaire', { method: 'POST', handler: consultRecipientInvoice }],
  ['/cpro/factures/v1/consulter/historique', { method: 'POST', handler: consultInvoiceHistory }],
  ['/cpro/factures/v1/telecharger/groupe', { method: 'POST', handler: downloadInvoiceGroup }],
]);
