import type { IdSequences } from './generator.ts';
import type { InvoiceStatus, StatusChange, UserAction } from './model.ts';
import type { Random } from './prng.ts';

/** Recipient-side life cycle: every invoice is deposited, routed, made available, then possibly processed. */
const PATHS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  DEPOSEE: [],
  EN_COURS_ACHEMINEMENT: [],
  MISE_A_DISPOSITION: [],
  SERVICE_FAIT: ['SERVICE_FAIT'],
  MANDATEE: ['SERVICE_FAIT', 'MANDATEE'],
  MISE_EN_PAIEMENT: ['SERVICE_FAIT', 'MANDATEE', 'MISE_EN_PAIEMENT'],
  MISE_A_DISPOSITION_COMPTABLE: ['SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE'],
  COMPTABILISEE: ['SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE'],
  SUSPENDUE: ['SUSPENDUE'],
  COMPLETEE: ['SUSPENDUE', 'COMPLETEE'],
  REJETEE: ['REJETEE'],
  A_RECYCLER: ['A_RECYCLER'],
};

const COMMENTS: Partial<Record<InvoiceStatus, string>> = {
  SUSPENDUE: 'Pièce justificative manquante',
  REJETEE: 'Facture adressée au mauvais service',
  A_RECYCLER: 'Service destinataire erroné',
  COMPLETEE: 'Pièce justificative ajoutée par le fournisseur',
};

export interface StatusHistoryOptions {
  target: InvoiceStatus;
  depositedAt: Date;
  notAfter: Date;
  /** Forces the downloaded flag; otherwise visible invoices were already downloaded with this probability. */
  downloaded: boolean | undefined;
  preDownloadedShare: number;
  userEmail: string;
}

export interface GeneratedHistory {
  statuses: StatusChange[];
  actions: UserAction[];
  downloaded: boolean;
}

export function generateStatusHistory(
  random: Random,
  ids: IdSequences,
  options: StatusHistoryOptions,
): GeneratedHistory {
  const { target, depositedAt } = options;
  const limit = Math.max(options.notAfter.getTime(), depositedAt.getTime());
  const early: InvoiceStatus[] =
    target === 'DEPOSEE'
      ? ['DEPOSEE']
      : target === 'EN_COURS_ACHEMINEMENT'
        ? ['DEPOSEE', 'EN_COURS_ACHEMINEMENT']
        : ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'];
  const later = PATHS[target];
  // Routing takes minutes; when the deposit is "now" the steps are squeezed to seconds so nothing lies in the future.
  const routingStep = Math.min(random.int(60_000, 600_000), Math.floor((limit - depositedAt.getTime()) / 3));
  const times: number[] = early.map((_, i) => depositedAt.getTime() + i * routingStep);
  const available = times[times.length - 1] ?? depositedAt.getTime();
  const processingStep = Math.min(4 * 3600_000, Math.floor((limit - available) / (later.length + 2)));
  for (let i = 0; i < later.length; i++)
    times.push(available + (i + 1) * processingStep + random.int(0, 59_000) * (processingStep > 120_000 ? 1 : 0));

  const all = [...early, ...later];
  const statuses: StatusChange[] = all.map((code, i) => ({
    id: ids.next('status'),
    code,
    at: new Date(Math.min(times[i] ?? limit, limit)),
    comment: COMMENTS[code] ?? null,
  }));

  const visible = target !== 'DEPOSEE' && target !== 'EN_COURS_ACHEMINEMENT';
  const downloadDraw = random.next();
  const downloaded = options.downloaded ?? (visible && downloadDraw < options.preDownloadedShare);
  const actions: UserAction[] = [];
  if (downloaded) {
    // The recipient downloads between the availability and its first decision.
    const at = new Date(Math.min(available + Math.max(1000, Math.floor(processingStep / 2)), limit));
    actions.push({ id: ids.next('action'), code: 'TELECHARGEMENT_FACTURE', at, userEmail: options.userEmail });
  }
  return { statuses, actions, downloaded };
}
