/** The simulator's in-memory data. Field meanings follow Chorus Pro; see API-REFERENCE.md §2 and §3. */

export const INVOICE_STATUSES = [
  'DEPOSEE',
  'EN_COURS_ACHEMINEMENT',
  'MISE_A_DISPOSITION',
  'A_RECYCLER',
  'REJETEE',
  'SUSPENDUE',
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
  'MISE_EN_PAIEMENT',
  'COMPLETEE',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type InvoiceType = 'FACTURE' | 'AVOIR';
export type AttachmentKind = 'pdf' | 'ubl' | 'cii' | 'complement';

export interface Address {
  id: number;
  detail: string;
  complement: string | null;
  postalCode: string;
  city: string;
  countryCode: string;
  countryLabel: string;
}

export interface BankDetails {
  id: number;
  iban: string;
  bic: string;
  bankName: string;
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  ribKey: string;
  ibanKey: string;
}

export interface Supplier {
  idStructureCPP: number;
  siret: string;
  name: string;
  rcs: string;
  vatNumber: string;
  address: Address;
  bank: BankDetails;
  idService: number | null;
  serviceCode: string | null;
  serviceName: string | null;
}

export interface RecipientService {
  idService: number;
  code: string;
  name: string;
}

export interface RecipientStructure {
  idStructureCPP: number;
  siret: string;
  name: string;
  address: Address;
  services: RecipientService[];
}

export interface InvoiceLine {
  number: number;
  reference: string;
  label: string;
  quantity: number;
  unitCode: string;
  unitLabel: string;
  /** Amounts in cents. */
  unitPriceCents: number;
  netCents: number;
  vatRate: number;
  vatCents: number;
}

export interface VatSummary {
  rate: number;
  baseCents: number;
  vatCents: number;
}

export interface Totals {
  netCents: number;
  vatCents: number;
  grossCents: number;
  payableCents: number;
}

export interface AttachmentSpec {
  pieceJointeId: number;
  idLiaison: number;
  /** NomPJ: also the single file name inside the zip of PJ/Contenu. */
  fileName: string;
  typePJ: '01' | '02';
  kind: AttachmentKind;
  mimeType: string;
  category: string;
  /** Size wanted for the file (content is padded up to it); null = natural size. */
  targetBytes: number | null;
  seed: number;
}

export interface StatusChange {
  id: number;
  code: InvoiceStatus;
  at: Date;
  comment: string | null;
}

export interface UserAction {
  id: number;
  code: 'TELECHARGEMENT_FACTURE';
  at: Date;
  userEmail: string;
}

export interface Invoice {
  idFacture: number;
  number: string;
  type: InvoiceType;
  supplier: Supplier;
  recipient: RecipientStructure;
  service: RecipientService;
  issueDate: string;
  dueDate: string;
  depositedAt: Date;
  currency: string;
  paymentMeansCode: number;
  paymentMode: string;
  depositMode: string;
  emissionMode: 'flux' | 'PDF' | 'saisie';
  framework: 'A1';
  vatRegime: 'TVA_SUR_DEBIT' | 'TVA_SUR_ENCAISSEMENT';
  contractNumber: string | null;
  orderNumber: string | null;
  originalInvoiceNumber: string | null;
  comment: string | null;
  lines: InvoiceLine[];
  vat: VatSummary[];
  totals: Totals;
  attachments: AttachmentSpec[];
  /** Chronological (oldest first); the last one is the current status. */
  statuses: StatusChange[];
  userActions: UserAction[];
  downloaded: boolean;
}

export function currentStatus(invoice: Invoice): StatusChange {
  const last = invoice.statuses[invoice.statuses.length - 1];
  if (!last) throw new Error(`invoice ${invoice.idFacture} has no status`);
  return last;
}

export const cents = (value: number): number => Math.round(value) / 100;
