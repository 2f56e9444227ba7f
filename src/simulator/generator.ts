import { formatParisDate } from './dates.ts';
import { generateAmounts } from './generator-lines.ts';
import {
  BANKS,
  CITIES,
  COMPLEMENT_CATEGORIES,
  RECIPIENT_NAMES,
  RECIPIENT_SERVICES,
  STREETS,
  SUPPLIER_NAMES,
} from './generator-names.ts';
import { generateStatusHistory } from './generator-statuses.ts';
import { generateFrenchBankAccount, generateSiret } from './identifiers.ts';
import type {
  Address,
  AttachmentSpec,
  Invoice,
  InvoiceStatus,
  InvoiceType,
  RecipientStructure,
  Supplier,
} from './model.ts';
import { createRandom, hashSeed, type Random } from './prng.ts';

export interface Dataset {
  seed: number;
  recipients: RecipientStructure[];
  suppliers: Supplier[];
}

/** Monotonic id counters shared by everything that needs Chorus-like technical ids. */
export interface IdSequences {
  next(kind: 'status' | 'action' | 'attachment'): number;
}

export function createIdSequences(): IdSequences {
  const counters = { status: 8_500_000, action: 3_100_000, attachment: 9_000_000 };
  return { next: (kind) => ++counters[kind] };
}

export const FIRST_INVOICE_ID = 5_000_001;

export function invoiceIdForIndex(index: number): number {
  return FIRST_INVOICE_ID + index;
}

function generateAddress(random: Random, id: number): Address {
  const [postalCode, city] = random.pick(CITIES);
  return {
    id,
    detail: `${random.int(1, 120)} ${random.pick(STREETS)}`,
    complement: random.chance(0.3) ? `Bâtiment ${random.pick(['A', 'B', 'C'])}` : null,
    postalCode,
    city,
    countryCode: 'FR',
    countryLabel: 'France',
  };
}

function vatNumberFor(siret: string): string {
  const siren = Number(siret.slice(0, 9));
  return `FR${String((12 + 3 * (siren % 97)) % 97).padStart(2, '0')}${siret.slice(0, 9)}`;
}

export function generateDataset(seed: number, recipientCount = 1, supplierCount = 6): Dataset {
  const random = createRandom(hashSeed(seed, 'dataset'));
  const recipients: RecipientStructure[] = [];
  for (let r = 0; r < Math.max(1, Math.min(recipientCount, RECIPIENT_NAMES.length)); r++) {
    const idStructureCPP = 25_780_000 + r * 137 + random.int(1, 99);
    recipients.push({
      idStructureCPP,
      siret: generateSiret(random, 2),
      name: RECIPIENT_NAMES[r] ?? `Structure publique ${r + 1}`,
      address: generateAddress(random, 140_000 + r),
      services: RECIPIENT_SERVICES.slice(0, 3 + (r % 2)).map(([code, name], k) => ({
        idService: 27_900_000 + r * 100 + k * 7 + random.int(1, 6),
        code,
        name,
      })),
    });
  }
  const suppliers: Supplier[] = [];
  for (let i = 0; i < Math.min(supplierCount, SUPPLIER_NAMES.length); i++) {
    const siret = generateSiret(random);
    const account = generateFrenchBankAccount(random);
    const [bankName, bic] = random.pick(BANKS);
    const address = generateAddress(random, 150_000 + i);
    const hasService = random.chance(0.5);
    suppliers.push({
      idStructureCPP: 26_100_000 + i * 211 + random.int(1, 99),
      siret,
      name: SUPPLIER_NAMES[i] ?? `Fournisseur ${i + 1}`,
      rcs: `RCS ${address.city} B ${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)}`,
      vatNumber: vatNumberFor(siret),
      address,
      bank: { id: 610_000 + i, bic, bankName, ...account },
      idService: hasService ? 28_000_000 + i : null,
      serviceCode: hasService ? 'FACTURATION' : null,
      serviceName: hasService ? 'Service facturation' : null,
    });
  }
  return { seed, recipients, suppliers };
}

export interface InvoiceOptions {
  depositedAt: Date;
  /** Upper bound for later status changes (the simulator's "now" at generation time). */
  notAfter: Date;
  status?: InvoiceStatus;
  downloaded?: boolean;
  /** Share of invoices the recipient already downloaded before the simulator started (when `downloaded` is unset). */
  preDownloadedShare?: number;
  attachmentBytes?: number;
  type?: InvoiceType;
  supplierIndex?: number;
  recipientIndex?: number;
  userEmail: string;
}

const STATUS_WEIGHTS: readonly (readonly [InvoiceStatus, number])[] = [
  ['MISE_A_DISPOSITION', 62],
  ['SERVICE_FAIT', 7],
  ['MANDATEE', 5],
  ['MISE_EN_PAIEMENT', 4],
  ['SUSPENDUE', 4],
  ['REJETEE', 4],
  ['COMPLETEE', 4],
  ['A_RECYCLER', 3],
  ['MISE_A_DISPOSITION_COMPTABLE', 2],
  ['COMPTABILISEE', 2],
  ['DEPOSEE', 1],
  ['EN_COURS_ACHEMINEMENT', 2],
];

function prefixOf(name: string): string {
  const letters = name
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .split(/\s+/)
    .filter((word) => word.length > 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return (letters + 'XXX').slice(0, 3);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Invoice number `index` of the simulator: its content depends only on (dataset seed, index) and the options. */
export function generateInvoice(dataset: Dataset, index: number, ids: IdSequences, options: InvoiceOptions): Invoice {
  const random = createRandom(hashSeed(dataset.seed, 'invoice', index));
  const idFacture = invoiceIdForIndex(index);
  const supplier =
    dataset.suppliers[
      (options.supplierIndex ?? random.int(0, dataset.suppliers.length - 1)) % dataset.suppliers.length
    ];
  const recipient =
    dataset.recipients[
      (options.recipientIndex ?? random.int(0, dataset.recipients.length - 1)) % dataset.recipients.length
    ];
  if (!supplier || !recipient) throw new Error('dataset has no supplier or recipient');
  const service = random.pick(recipient.services);
  const drawnType: InvoiceType = random.chance(0.15) ? 'AVOIR' : 'FACTURE';
  const type = options.type ?? drawnType;
  const drawnStatus = random.weighted(STATUS_WEIGHTS);
  const status = options.status ?? drawnStatus;
  const depositDate = formatParisDate(options.depositedAt);
  const issue = new Date(Date.parse(depositDate) - random.int(0, 6) * 86400000);
  const number = `${prefixOf(supplier.name)}${depositDate.slice(2, 4)}-${String(index + 1).padStart(5, '0')}`;
  const amounts = generateAmounts(random, random.int(1, 8));
  const mainKindDraw = random.weighted([
    ['pdf', 50],
    ['ubl', 25],
    ['cii', 25],
  ] as const);
  const mainKind = options.attachmentBytes !== undefined ? 'pdf' : mainKindDraw;
  const pdfTarget = random.int(6_000, 22_000);
  const complementDraw = random.weighted([
    [0, 70],
    [1, 20],
    [2, 10],
  ] as const);
  // A sized invoice carries only its main file, so that its pivot size follows from attachmentBytes alone.
  const complementCount = options.attachmentBytes !== undefined ? 0 : complementDraw;
  const baseName = `FAC${number}${supplier.siret}`;
  const attachments: AttachmentSpec[] = [
    {
      pieceJointeId: ids.next('attachment'),
      idLiaison: 0,
      fileName: `${baseName}.${mainKind === 'pdf' ? 'pdf' : 'xml'}`,
      typePJ: '01',
      kind: mainKind,
      mimeType: mainKind === 'pdf' ? 'application/pdf' : 'application/xml',
      category: mainKind === 'pdf' ? 'Facture PDF' : 'Facture XML',
      targetBytes: options.attachmentBytes ?? (mainKind === 'pdf' ? pdfTarget : null),
      seed: hashSeed(dataset.seed, 'pj', idFacture, 1),
    },
  ];
  for (let k = 1; k <= complementCount; k++) {
    const [code, category] = random.pick(COMPLEMENT_CATEGORIES);
    attachments.push({
      pieceJointeId: ids.next('attachment'),
      idLiaison: 0,
      fileName: `PJ${k}${baseName}.pdf`,
      typePJ: '02',
      kind: 'complement',
      mimeType: 'application/pdf',
      category: `${category} (${code})`.slice(0, 50),
      targetBytes: random.int(3_000, 9_000),
      seed: hashSeed(dataset.seed, 'pj', idFacture, k + 1),
    });
  }
  for (const attachment of attachments) attachment.idLiaison = attachment.pieceJointeId + 400_000;

  const history = generateStatusHistory(random, ids, {
    target: status,
    depositedAt: options.depositedAt,
    notAfter: options.notAfter,
    downloaded: options.downloaded,
    preDownloadedShare: options.preDownloadedShare ?? 0,
    userEmail: options.userEmail,
  });
  const depositModes = {
    pdf: random.pick(['DEPOT_PDF_API', 'DEPOT_PDF_PORTAIL']),
    ubl: 'EDI',
    cii: 'EDI',
  } as const;
  return {
    idFacture,
    number,
    type,
    supplier,
    recipient,
    service,
    issueDate: isoDate(issue),
    dueDate: isoDate(new Date(issue.getTime() + 30 * 86400000)),
    depositedAt: options.depositedAt,
    currency: 'EUR',
    paymentMeansCode: 30,
    paymentMode: 'VIREMENT',
    depositMode: depositModes[mainKind],
    emissionMode: mainKind === 'pdf' ? 'PDF' : 'flux',
    framework: 'A1',
    vatRegime: random.chance(0.8) ? 'TVA_SUR_DEBIT' : 'TVA_SUR_ENCAISSEMENT',
    contractNumber: random.chance(0.4) ? `MAR-${random.int(2019, 2025)}-${random.int(100, 999)}` : null,
    orderNumber: random.chance(0.7) ? `EJ${random.int(1_000_000, 9_999_999)}` : null,
    // A credit note refers to an invoice of the previous year, so never to itself.
    originalInvoiceNumber:
      type === 'AVOIR'
        ? `${prefixOf(supplier.name)}${String(Number(depositDate.slice(2, 4)) + 99).slice(-2)}-${String(random.int(1, 99_999)).padStart(5, '0')}`
        : null,
    comment: random.chance(0.3) ? `Prestations du mois, réf. ${random.int(100, 999)}` : null,
    lines: amounts.lines,
    vat: amounts.vat,
    totals: amounts.totals,
    attachments,
    statuses: history.statuses,
    userActions: history.actions,
    downloaded: history.downloaded,
  };
}

/** Deposit instants for the initial invoices, sorted so that ids grow with deposit time as on Chorus Pro. */
export function initialDepositTimes(seed: number, count: number, referenceDate: Date, spreadDays = 10): Date[] {
  const random = createRandom(hashSeed(seed, 'deposits'));
  const spread = spreadDays * 86400000;
  const times: number[] = [];
  // Leave room for the status changes that follow the deposit.
  for (let i = 0; i < count; i++) times.push(referenceDate.getTime() - 600000 - Math.floor(random.next() * spread));
  return times.sort((a, b) => a - b).map((time) => new Date(time));
}
