/** English domain types the client hands to the rest of the product (Chorus Pro's French names stay in src/chorus). */

export interface ChorusCredentials {
  /** PISTE OAuth application. */
  clientId: string;
  clientSecret: string;
  /** Chorus Pro technical account (sent as the cpro-account header). */
  login: string;
  password: string;
}

export interface Structure {
  /** Chorus Pro technical id (idStructureCPP), used as `recipientStructureId` in searches. */
  structureId: number;
  siret: string;
  name: string;
  /** e.g. ACTIVE / INACTIVE; empty when Chorus Pro did not say. */
  status: string;
}

export type InvoiceType = 'FACTURE' | 'AVOIR' | 'ACOMPTE';
export type PaymentRequestType = 'FACTURE' | 'FACTURE_TRAVAUX';

export interface ReceivedInvoiceFilter {
  recipientStructureId: number;
  serviceId?: number;
  /** Chorus Pro statuses, e.g. MISE_A_DISPOSITION; several are searched one after the other. */
  statuses?: string[];
  invoiceTypes?: InvoiceType[];
  supplierStructureIds?: number[];
  /** YYYY-MM-DD */
  depositDateFrom?: string;
  /** YYYY-MM-DD */
  depositDateTo?: string;
  statusChangedFrom?: Date;
  statusChangedTo?: Date;
  /** false = only invoices the recipient has not downloaded yet; true = only downloaded ones; absent = all. */
  downloaded?: boolean;
  /** Default FACTURE (works invoices, FACTURE_TRAVAUX, are a separate search). */
  paymentRequestType?: PaymentRequestType;
}

export interface SearchOptions {
  /** Results per page; default the client's pageSize (100). */
  pageSize?: number;
  /** Results to pass over first; the pages they fill are not requested when one search covers the filter. */
  skip?: number;
  /** Invoices to yield at most; the search then returns whether more may follow, without another call. */
  limit?: number;
}

export interface InvoiceRef {
  /** Chorus Pro technical id (idFacture), the key of every other call. */
  invoiceId: number;
  invoiceNumber: string;
  /** Supplier identifier, usually its SIRET. */
  supplierCode: string;
  supplierName: string;
  /** Recipient SIRET. */
  recipientCode: string;
  recipientName?: string;
  serviceCode?: string;
  /** YYYY-MM-DD */
  depositDate: string;
  /** YYYY-MM-DD */
  invoiceDate: string;
  /** ISO date-time of the last status change. */
  statusChangedAt?: string;
  status: string;
  /** FACTURE, AVOIR or ACOMPTE. */
  type: string;
  currency?: string;
  amountExclTax?: number;
  amountInclTax?: number;
  amountDue?: number;
  /** Whether the recipient already downloaded it (factureTelechargeeParDestinataire). */
  downloaded: boolean;
}

export interface PostalAddress {
  addressId?: number;
  street?: string;
  complement1?: string;
  complement2?: string;
  postalCode?: string;
  city?: string;
  countryCode?: string;
  countryName?: string;
}

export interface BankAccount {
  accountId?: number;
  /** IBAN or RIB. */
  type?: string;
  label?: string;
  /** The IBAN or the account number. */
  accountNumber?: string;
  ibanKey?: string;
  ribKey?: string;
  bankCode?: string;
  branchCode?: string;
  bic?: string;
  countryCode?: string;
}

export interface Factor {
  structureId?: number;
  code?: string;
  identifierType?: string;
  name?: string;
  countryCode?: string;
}

export interface InvoiceSupplier {
  structureId?: number;
  /** Usually a SIRET. */
  code?: string;
  identifierType?: string;
  name?: string;
  serviceId?: number;
  serviceCode?: string;
  serviceName?: string;
  rcsNumber?: string;
  address?: PostalAddress;
  bankAccount?: BankAccount;
  factor?: Factor;
}

export interface InvoiceRecipient {
  structureId?: number;
  /** SIRET. */
  code?: string;
  name?: string;
  serviceId?: number;
  serviceCode?: string;
  serviceName?: string;
  /** Whether the recipient is a State entity (destinataireEtat). */
  isStateEntity?: boolean;
  address?: PostalAddress;
}

export interface InvoiceReferences {
  invoiceType?: string;
  worksInvoiceType?: string;
  currency?: string;
  currencyName?: string;
  invoiceDate?: string;
  depositDate?: string;
  createdAt?: string;
  paymentDueDate?: string;
  paymentMethod?: string;
  vatType?: string;
  vatExemptionReason?: string;
  vatExemptionLabel?: string;
  /** Purchase order / commitment number (numeroBonCommande, EN 16931 BT-13). */
  orderNumber?: string;
  /** Contract number (numeroMarche, BT-12). */
  contractNumber?: string;
  /** Invoice corrected by a credit note (BT-25). */
  originalInvoiceNumber?: string;
  mandateNumber?: string;
  attachmentsTotalSize?: number;
}

export interface ProjectParty {
  structureId?: number;
  code?: string;
  name?: string;
  serviceCode?: string;
}

export interface BillingFramework {
  /** e.g. A1_FACTURE_FOURNISSEUR. */
  code?: string;
  projectOwner?: ProjectParty;
  projectManager?: ProjectParty;
}

export interface InvoiceTotals {
  amountExclTax?: number;
  vatAmount?: number;
  amountInclTax?: number;
  amountDue?: number;
  globalDiscountInclTax?: number;
  amountInclTaxBeforeDiscount?: number;
  globalDiscountReason?: string;
}

export interface InvoiceLine {
  number?: number;
  reference?: string;
  description?: string;
  quantity?: number;
  unitCode?: string;
  unitLabel?: string;
  unitPriceExclTax?: number;
  discountExclTax?: number;
  amountExclTax?: number;
  /** Percent, when Chorus Pro gave a number. */
  vatRate?: number;
  /** Rate code or label, when Chorus Pro gave one instead of a number. */
  vatRateCode?: string;
  vatAmount?: number;
  amountInclTax?: number;
}

export interface VatSummaryLine {
  /** Percent. */
  rate?: number;
  rateCode?: string;
  rateLabel?: string;
  taxableAmount?: number;
  vatAmount?: number;
}

export interface AttachmentInfo {
  attachmentId?: number;
  linkId?: number;
  name?: string;
  extension?: string;
  typeCode?: string;
  typeLabel?: string;
  invoiceLineNumber?: number;
}

export interface LinkedDocument {
  invoiceId?: number;
  invoiceNumber?: string;
}

export interface InvoiceDetails {
  invoiceId: number;
  invoiceNumber?: string;
  status?: string;
  depositMode?: string;
  comment?: string;
  billingFramework?: BillingFramework;
  supplier: InvoiceSupplier;
  recipient: InvoiceRecipient;
  references: InvoiceReferences;
  totals: InvoiceTotals;
  lines: InvoiceLine[];
  vatSummary: VatSummaryLine[];
  attachments: AttachmentInfo[];
  mainAttachment?: { attachmentId?: number; linkId?: number };
  previousDocument?: LinkedDocument;
  nextDocument?: LinkedDocument;
  /** Lists that Chorus Pro paged and returned only in part (their totals exceed what came back). */
  incomplete: ('lines' | 'vatSummary' | 'attachments')[];
}

export type ConnectionStepName = 'token' | 'technical-account' | 'recipient';

export interface ConnectionStep {
  name: ConnectionStepName;
  ok: boolean;
  detail: string;
}

export interface ConnectionReport {
  ok: boolean;
  steps: ConnectionStep[];
}
