import { z } from 'zod';
import { formatParisDate, parseDateTimeBound } from '../dates.ts';
import { jsonReply } from '../http-io.ts';
import { currentStatus, type Invoice } from '../model.ts';
import type { RouteContext, RouteHandler } from './context.ts';
import { searchItem } from './invoice-views.ts';
import {
  badRequest,
  boolSchema,
  dateOnlySchema,
  idSchema,
  NO_RESULT,
  paginate,
  parseRequest,
  positiveIntSchema,
} from './validation.ts';

/** `POST /cpro/factures/v1/rechercher/recipiendaire` (API-REFERENCE.md §2.1). */

const amount = z.number().nullish();
const searchSchema = z.object({
  idDestinataire: idSchema.nullish(),
  idServiceExecutant: idSchema.nullish(),
  typeDemandePaiement: z.string().nullish(),
  numeroFacture: z.string().nullish(),
  statutCourant: z.union([z.string(), z.array(z.string())]).nullish(),
  listeTypeFacture: z.array(z.string()).nullish(),
  listeFournisseurs: z
    .array(z.object({ idFournisseur: idSchema.nullish(), listeIdService: z.array(idSchema).nullish() }))
    .nullish(),
  cadreFacturation: z.string().nullish(),
  periodeDateDepotDu: dateOnlySchema.nullish(),
  periodeDateDepotAu: dateOnlySchema.nullish(),
  periodeDateFactureDu: dateOnlySchema.nullish(),
  periodeDateFactureAu: dateOnlySchema.nullish(),
  periodeDateHeureEtatCourantDu: z.string().nullish(),
  periodeDateHeureEtatCourantAu: z.string().nullish(),
  montantHTMin: amount,
  montantHTMax: amount,
  montantTTCMin: amount,
  montantTTCMax: amount,
  montantApayerMin: amount,
  montantApayerMax: amount,
  numeroMarche: z.string().nullish(),
  numeroBonCommande: z.string().nullish(),
  factureTelechargeeParDestinataire: boolSchema.nullish(),
  recupererTaille: boolSchema.nullish(),
  paramRecherche: z
    .object({
      nbResultatsMaximum: positiveIntSchema.nullish(),
      pageResultatDemandee: positiveIntSchema.nullish(),
      nbResultatsParPage: positiveIntSchema.nullish(),
      triSens: z.string().nullish(),
      triColonne: z.string().nullish(),
    })
    .nullish(),
});
type SearchRequest = z.output<typeof searchSchema>;

export const DEFAULT_PAGE_SIZE = 10;
/** "Par défaut, le service retourne au maximum 200 résultats" (annex comment quoted in API-REFERENCE.md §2.1). */
export const DEFAULT_MAX_RESULTS = 200;

const SORT_KEYS: Record<string, (invoice: Invoice) => string | number | boolean> = {
  idfacture: (i) => i.idFacture,
  numerofacture: (i) => i.number,
  datedepot: (i) => i.depositedAt.getTime(),
  datefacture: (i) => i.issueDate,
  dateheureetatcourant: (i) => currentStatus(i).at.getTime(),
  facturetelechargeepardestinataire: (i) => i.downloaded,
  statut: (i) => currentStatus(i).code,
  montantht: (i) => i.totals.netCents,
  montantttc: (i) => i.totals.grossCents,
  montantapayer: (i) => i.totals.payableCents,
  designationfournisseur: (i) => i.supplier.name,
  codefournisseur: (i) => i.supplier.siret,
  typefacture: (i) => i.type,
};

function inRange(value: number, min: number | null | undefined, max: number | null | undefined): boolean {
  return (min == null || value >= min) && (max == null || value <= max);
}

type Filter = (invoice: Invoice) => boolean;

function buildFilters(request: SearchRequest, visibleStructures: Set<number>): Filter[] | string {
  const filters: Filter[] = [(i) => visibleStructures.has(i.recipient.idStructureCPP)];
  const r = request;
  if (r.idDestinataire != null) filters.push((i) => i.recipient.idStructureCPP === r.idDestinataire);
  if (r.idServiceExecutant != null) filters.push((i) => i.service.idService === r.idServiceExecutant);
  if (r.typeDemandePaiement) filters.push(() => r.typeDemandePaiement === 'FACTURE');
  if (r.numeroFacture) filters.push((i) => i.number === r.numeroFacture);
  if (r.statutCourant != null) {
    const wanted = new Set(Array.isArray(r.statutCourant) ? r.statutCourant : [r.statutCourant]);
    if (wanted.size > 0) filters.push((i) => wanted.has(currentStatus(i).code));
  }
  if (r.listeTypeFacture && r.listeTypeFacture.length > 0) {
    const types = new Set(r.listeTypeFacture);
    filters.push((i) => types.has(i.type));
  }
  const supplierIds = (r.listeFournisseurs ?? []).map((s) => s.idFournisseur).filter((id): id is number => id != null);
  if (supplierIds.length > 0) filters.push((i) => supplierIds.includes(i.supplier.idStructureCPP));
  if (r.cadreFacturation) filters.push(() => r.cadreFacturation === 'A1_FACTURE_FOURNISSEUR');
  if (r.periodeDateDepotDu) filters.push((i) => formatParisDate(i.depositedAt) >= (r.periodeDateDepotDu ?? ''));
  if (r.periodeDateDepotAu) filters.push((i) => formatParisDate(i.depositedAt) <= (r.periodeDateDepotAu ?? ''));
  if (r.periodeDateFactureDu) filters.push((i) => i.issueDate >= (r.periodeDateFactureDu ?? ''));
  if (r.periodeDateFactureAu) filters.push((i) => i.issueDate <= (r.periodeDateFactureAu ?? ''));
  for (const [field, bound] of [
    ['periodeDateHeureEtatCourantDu', 'start'],
    ['periodeDateHeureEtatCourantAu', 'end'],
  ] as const) {
    const raw = r[field];
    if (!raw) continue;
    const limit = parseDateTimeBound(raw, bound);
    if (!limit) return `${field} : date ou date-heure invalide (${raw})`;
    filters.push((i) =>
      bound === 'start'
        ? currentStatus(i).at.getTime() >= limit.getTime()
        : currentStatus(i).at.getTime() <= limit.getTime(),
    );
  }
  const toCents = (value: number | null | undefined) => (value == null ? value : Math.round(value * 100));
  filters.push((i) => inRange(i.totals.netCents, toCents(r.montantHTMin), toCents(r.montantHTMax)));
  filters.push((i) => inRange(i.totals.grossCents, toCents(r.montantTTCMin), toCents(r.montantTTCMax)));
  filters.push((i) => inRange(i.totals.payableCents, toCents(r.montantApayerMin), toCents(r.montantApayerMax)));
  if (r.numeroMarche) filters.push((i) => i.contractNumber === r.numeroMarche);
  if (r.numeroBonCommande) filters.push((i) => i.orderNumber === r.numeroBonCommande);
  if (r.factureTelechargeeParDestinataire != null) {
    filters.push((i) => i.downloaded === r.factureTelechargeeParDestinataire);
  }
  return filters;
}

function sortInvoices(
  invoices: Invoice[],
  column: string | null | undefined,
  direction: string | null | undefined,
): Invoice[] {
  const key = SORT_KEYS[(column ?? '').toLowerCase()] ?? SORT_KEYS.idfacture;
  const sign = (direction ?? '').toLowerCase().startsWith('desc') ? -1 : 1;
  return invoices.sort((a, b) => {
    const ka = key ? key(a) : 0;
    const kb = key ? key(b) : 0;
    if (ka < kb) return -sign;
    if (ka > kb) return sign;
    return (a.idFacture - b.idFacture) * sign;
  });
}

export const searchRecipientInvoices: RouteHandler = (context: RouteContext) => {
  const parsed = parseRequest(searchSchema, context.body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  const visible = new Set(context.state.dataset.recipients.map((recipient) => recipient.idStructureCPP));
  const filters = buildFilters(request, visible);
  if (typeof filters === 'string') return badRequest(filters);
  const paging = request.paramRecherche ?? {};
  let matches = sortInvoices(
    context.state.invoices().filter((invoice) => filters.every((filter) => filter(invoice))),
    paging.triColonne,
    paging.triSens,
  );
  matches = matches.slice(0, paging.nbResultatsMaximum ?? DEFAULT_MAX_RESULTS);
  if (matches.length === 0) {
    return jsonReply(200, {
      ...NO_RESULT,
      pageCourante: null,
      pages: null,
      nbResultatsParPage: null,
      total: null,
      listeFactures: [],
    });
  }
  const page = paginate(matches, paging.pageResultatDemandee ?? 1, paging.nbResultatsParPage ?? DEFAULT_PAGE_SIZE);
  const withSize = request.recupererTaille === true;
  return jsonReply(200, {
    codeRetour: 0,
    libelle: 'CODE PAR DEFAUT',
    pageCourante: page.page,
    pages: page.pages,
    nbResultatsParPage: page.size,
    total: page.total,
    listeFactures: page.items.map((invoice) => searchItem(invoice, context.faults, withSize)),
  });
};
