import { jsonReply } from '../http-io.ts';
import type { RouteHandler } from './context.ts';

/** `transverses/v1/recuperer/tauxtva` (the connectivity test PASTELL uses) and the GET health check. */

const VAT_RATES = [
  { codeTauxTva: 'TVA1', libelleTauxTva: 'Exonération (0 %)', valeurTauxTva: 0 },
  { codeTauxTva: 'TVA2', libelleTauxTva: 'Taux particulier (2,1 %)', valeurTauxTva: 2.1 },
  { codeTauxTva: 'TVA3', libelleTauxTva: 'Taux réduit (5,5 %)', valeurTauxTva: 5.5 },
  { codeTauxTva: 'TVA4', libelleTauxTva: 'Taux intermédiaire (10 %)', valeurTauxTva: 10 },
  { codeTauxTva: 'TVA5', libelleTauxTva: 'Taux normal (20 %)', valeurTauxTva: 20 },
];

export const vatRates: RouteHandler = () =>
  jsonReply(200, { codeRetour: 0, libelle: 'TRA_MSG_00.000', listeTauxTva: VAT_RATES });

/** Shaped like a serialized Spring ResponseEntity, which is what GO models ({body, statusCode, statusCodeValue}). */
export const healthCheck: RouteHandler = () =>
  jsonReply(200, { headers: {}, body: 'OK', statusCode: 'OK', statusCodeValue: 200 });
