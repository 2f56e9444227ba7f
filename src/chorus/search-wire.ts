/**
 * Wire format of rechercherFactureParRecipiendaire (API-REFERENCE §2.1): the request built from the English filter,
 * and the answer's items mapped to InvoiceRef.
 */
import { z } from 'zod';
import type { InvoiceRef, ReceivedInvoiceFilter } from './types.ts';
import { opt, wireBool, wireInt, wireList, wireNumber, wireText } from './wire-values.ts';

export const SEARCH_PATH = '/cpro/factures/v1/rechercher/recipiendaire';
/** "La recherche n'a retourné aucun résultat" (TRA_MSG_00.015). */
export const NO_RESULT_CODE = 20000;
/** Chorus Pro caps a search at 200 results unless told otherwise (annex comment in CPP2017); PASTELL sends this. */
const MAX_RESULTS = 999_999;

export interface SearchSort {
  /** Column name (triColonne). Default IdFacture: unique and never changes, so pages do not overlap. */
  column: string;
  direction: 'Ascendant' | 'Descendant';
}

export const DEFAULT_SEARCH_SORT: SearchSort = { column: 'IdFacture', direction: 'Ascendant' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new TypeError(`searchReceivedInvoices: ${name} must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkInstant(value: Date | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`searchReceivedInvoices: ${name} must be a valid Date`);
  }
  return value.toISOString();
}

function checkId(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`searchReceivedInvoices: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** The request body for one status (or none) and one page; absent filters are left out, not sent as null. */
export function buildSearchBody(
  filter: ReceivedInvoiceFilter,
  status: string | undefined,
  page: number,
  pageSize: number,
  sort: SearchSort,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    typeDemandePaiement: filter.paymentRequestType ?? 'FACTURE',
    idDestinataire: checkId(filter.recipientStructureId, 'recipientStructureId'),
  };
  if (filter.serviceId !== undefined) body.idServiceExecutant = checkId(filter.serviceId, 'serviceId');
  if (status !== undefined) body.statutCourant = status;
  if (filter.invoiceTypes?.length) body.listeTypeFacture = [...filter.invoiceTypes];
  if (filter.supplierStructureIds?.length) {
    body.listeFournisseurs = filter.supplierStructureIds.map((id) => ({
      idFournisseur: checkId(id, 'supplierStructureIds[]'),
      listeIdService: [],
    }));
  }
  const depositFrom = checkDate(filter.depositDateFrom, 'depositDateFrom');
  const depositTo = checkDate(filter.depositDateTo, 'depositDateTo');
  if (depositFrom) body.periodeDateDepotDu = depositFrom;
  if (depositTo) body.periodeDateDepotAu = depositTo;
  const changedFrom = checkInstant(filter.statusChangedFrom, 'statusChangedFrom');
  const changedTo = checkInstant(filter.statusChangedTo, 'statusChangedTo');
  if (changedFrom) body.periodeDateHeureEtatCourantDu = changedFrom;
  if (changedTo) body.periodeDateHeureEtatCourantAu = changedTo;
  if (filter.downloaded !== undefined) body.factureTelechargeeParDestinataire = filter.downloaded;
  body.paramRecherche = {
    pageResultatDemandee: page,
    nbResultatsParPage: pageSize,
    nbResultatsMaximum: MAX_RESULTS,
    triSens: sort.direction,
    triColonne: sort.column,
  };
  return body;
}

const pagingFields = {
  pageCourante: opt(wireInt),
  pages: opt(wireInt),
  nbResultatsParPage: opt(wireInt),
  total: opt(wireInt),
};

const invoiceItemSchema = z.object({
  idFacture: wireInt,
  numeroFacture: wireText,
  codeFournisseur: opt(wireText),
  designationFournisseur: opt(wireText),
  codeDestinataire: opt(wireText),
  designationDestinataire: opt(wireText),
  codeServiceExecutant: opt(wireText),
  dateDepot: opt(wireText),
  dateFacture: opt(wireText),
  dateHeureEtatCourant: opt(wireText),
  statut: opt(wireText),
  typeFacture: opt(wireText),
  devise: opt(wireText),
  montantHT: opt(wireNumber),
  montantTTC: opt(wireNumber),
  montantAPayer: opt(wireNumber),
  factureTelechargeeParDestinataire: opt(wireBool),
});

/** Paging sits at the top level for this operation; `parametresRetour` (other searches) is accepted as well. */
export const searchAnswerSchema = z.object({
  ...pagingFields,
  parametresRetour: opt(z.object(pagingFields)),
  listeFactures: wireList(invoiceItemSchema),
});

export type SearchAnswer = z.output<typeof searchAnswerSchema>;

export function pagingOf(answer: SearchAnswer): { currentPage?: number; pages?: number } {
  const nested = answer.parametresRetour;
  return {
    currentPage: answer.pageCourante ?? nested?.pageCourante,
    pages: answer.pages ?? nested?.pages,
  };
}

export function toInvoiceRef(item: z.output<typeof invoiceItemSchema>): InvoiceRef {
  const ref: InvoiceRef = {
    invoiceId: item.idFacture,
    invoiceNumber: item.numeroFacture,
    supplierCode: item.codeFournisseur ?? '',
    supplierName: item.designationFournisseur ?? '',
    recipientCode: item.codeDestinataire ?? '',
    depositDate: item.dateDepot ?? '',
    invoiceDate: item.dateFacture ?? '',
    status: item.statut ?? '',
    type: item.typeFacture ?? '',
    downloaded: item.factureTelechargeeParDestinataire ?? false,
  };
  // Optional fields are left out rather than set to undefined: refs travel through Temporal as JSON.
  if (item.designationDestinataire !== undefined) ref.recipientName = item.designationDestinataire;
  if (item.codeServiceExecutant !== undefined) ref.serviceCode = item.codeServiceExecutant;
  if (item.dateHeureEtatCourant !== undefined) ref.statusChangedAt = item.dateHeureEtatCourant;
  if (item.devise !== undefined) ref.currency = item.devise;
  if (item.montantHT !== undefined) ref.amountExclTax = item.montantHT;
  if (item.montantTTC !== undefined) ref.amountInclTax = item.montantTTC;
  if (item.montantAPayer !== undefined) ref.amountDue = item.montantAPayer;
  return ref;
}
