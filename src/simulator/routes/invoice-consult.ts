import { z } from 'zod';
import { formatParisMinute } from '../dates.ts';
import { jsonReply } from '../http-io.ts';
import { currentStatus } from '../model.ts';
import type { RouteHandler } from './context.ts';
import { consultedInvoice } from './invoice-views.ts';
import { businessError, idSchema, parseRequest, positiveIntSchema, UNKNOWN_INVOICE_LIBELLE } from './validation.ts';

/** `consulter/recipiendaire` (§2.2) and `consulter/historique` (§2.6). */

const consultSchema = z.object({ identifiantFactureCPP: idSchema, codeLangue: z.string().nullish() });

export const consultRecipientInvoice: RouteHandler = (context) => {
  const parsed = parseRequest(consultSchema, context.body);
  if (!parsed.ok) return parsed.reply;
  const invoice = context.state.get(parsed.value.identifiantFactureCPP);
  if (!invoice) return businessError(20001, UNKNOWN_INVOICE_LIBELLE);
  return jsonReply(200, {
    codeRetour: 0,
    libelle: 'CODE PAR DEFAUT',
    facture: consultedInvoice(invoice, context.faults),
  });
};

const historySchema = z.object({ idFacture: idSchema, nbResultatsMaximum: positiveIntSchema.nullish() });

export const consultInvoiceHistory: RouteHandler = (context) => {
  const parsed = parseRequest(historySchema, context.body);
  if (!parsed.ok) return parsed.reply;
  const invoice = context.state.get(parsed.value.idFacture);
  if (!invoice) return businessError(20001, UNKNOWN_INVOICE_LIBELLE);
  const max = parsed.value.nbResultatsMaximum ?? 200;
  // Most recent first, as Chorus Pro sorts them by default.
  const statuses = [...invoice.statuses].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id).slice(0, max);
  const actions = [...invoice.userActions].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id).slice(0, max);
  const last = actions[0];
  return jsonReply(200, {
    codeRetour: 0,
    libelle: 'GCU_MSG_01_000',
    idFacture: invoice.idFacture,
    numeroFacture: invoice.number,
    modeDepot: invoice.depositMode,
    statutCourantCode: currentStatus(invoice).code,
    derniereAction: last ? { derniereActionCode: last.code, derniereActionId: last.id } : null,
    historiquesDesActionsUtilisateurs: {
      histoAction: actions.map((action) => ({
        histoActionCode: action.code,
        histoActionDateHeure: formatParisMinute(action.at),
        histoActionId: action.id,
        histoActionUtilisateurEmail: action.userEmail,
        histoActionUtilisateurNom: 'TECHNIQUE',
        histoActionUtilisateurPrenom: 'Compte',
        histoActionUtilisateurTelephone: null,
      })),
      nbResultatsParPageHistoAction: max,
      pageCouranteHistoAction: 1,
      pagesHistoAction: actions.length > 0 ? 1 : 0,
      totalHistoAction: invoice.userActions.length,
    },
    historiquesDesEvenementsComplementaires: {
      evenement: [],
      nbResultatsParPageEvenement: max,
      pageCouranteEvenement: 1,
      pagesEvenement: 0,
      totalEvenement: 0,
    },
    historiquesDesStatuts: {
      histoStatut: statuses.map((status) => ({
        histoStatutCode: status.code,
        histoStatutCommentaire: status.comment,
        histoStatutDatePassage: formatParisMinute(status.at),
        histoStatutId: status.id,
        histoStatutUtilisateurEmail: null,
        histoStatutUtilisateurNom: null,
        histoStatutUtilisateurPrenom: null,
        histoStatutUtilisateurTelephone: null,
      })),
      nbResultatsParPageHistoStatut: max,
      pageCouranteHistoStatut: 1,
      pagesHistoStatut: 1,
      totalHistoStatut: invoice.statuses.length,
    },
  });
};
