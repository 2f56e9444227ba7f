/**
 * The EN 16931 invoice as this module handles it, shaped after its UBL 2.1 binding. It is what the UBL reader
 * produces (for validation), what the CII and pivot mappers produce, and what the UBL writer serialises. Amounts,
 * quantities and rates are decimal strings as written, so that BR-DEC rules can count decimals.
 */

export const UBL_NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
} as const;

export const EN16931_CUSTOMIZATION = 'urn:cen.eu:en16931:2017';

export interface Amount {
  value: string;
  /** @currencyID. */
  currency?: string;
}

export interface Identifier {
  id: string;
  scheme?: string;
}

export interface PostalAddress {
  street?: string;
  additionalStreet?: string;
  /** BT-162/164/165: third address line. */
  line3?: string;
  city?: string;
  postalCode?: string;
  subdivision?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

export interface Party {
  /** BT-34 / BT-49. */
  endpoint?: Identifier;
  /** BT-29 / BT-46 (and BT-90 with scheme SEPA). */
  identifiers: Identifier[];
  /** BT-28 / BT-45 trading name. */
  tradingName?: string;
  address?: PostalAddress;
  /** BT-31 / BT-48 / BT-63 (PartyTaxScheme with TaxScheme VAT). */
  vatId?: string;
  /** BT-32: tax registration identifier (PartyTaxScheme with another TaxScheme id). */
  taxRegistration?: Identifier;
  /** BT-27 / BT-44 / BT-62 (RegistrationName). */
  legalName?: string;
  /** BT-30 / BT-47. */
  legalId?: Identifier;
  /** BT-33. */
  legalForm?: string;
  contact?: { name?: string; phone?: string; email?: string };
}

export interface TaxCategory {
  /** UNCL5305: S, Z, E, AE, K, G, O, L, M. */
  code?: string;
  percent?: string;
  exemptionReasonCode?: string;
  exemptionReason?: string;
  /** TaxScheme/ID; "VAT" for EN 16931. */
  scheme?: string;
}

export interface AllowanceCharge {
  isCharge: boolean;
  reasonCode?: string;
  reason?: string;
  percent?: string;
  amount?: Amount;
  base?: Amount;
  tax?: TaxCategory;
}

export interface VatBreakdown {
  taxable?: Amount;
  tax?: Amount;
  category: TaxCategory;
}

export interface Period {
  start?: string;
  end?: string;
  /** BT-8 (UNCL2005 subset 3, 35, 432). */
  descriptionCode?: string;
}

/** Where the bytes of an embedded document come from when writing. */
export type BinarySource =
  | { kind: 'decoded-file'; path: string }
  | { kind: 'base64-file'; path: string }
  | { kind: 'base64'; text: string }
  /** Read from an existing XML: content not kept. */
  | { kind: 'present' };

export interface DocumentReference {
  /** BT-122 (or BT-17/18 for originator / invoiced object references). */
  id?: string;
  /** @schemeID of the id (BT-18 scheme). */
  idScheme?: string;
  /** UNCL1001: 130 for BT-18, 50 for BT-17, 916 for supporting documents. */
  typeCode?: string;
  description?: string;
  embedded?: { mimeCode?: string; filename?: string; source: BinarySource };
  uri?: string;
}

export interface PaymentMeans {
  /** BT-81, UNCL4461. */
  code?: string;
  /** BT-82. */
  text?: string;
  /** BT-9 on credit notes (UBL CreditNote has no DueDate). */
  dueDate?: string;
  /** BT-83 remittance information. */
  paymentId?: string;
  card?: { number?: string; network?: string; holder?: string };
  /** BT-84/85/86. */
  payeeAccount?: { id?: string; name?: string; bic?: string };
  /** BT-89 mandate, BT-91 debited account. */
  mandate?: { id?: string; payerAccount?: string };
}

export interface ItemProperty {
  name?: string;
  value?: string;
}

export interface InvoiceLine {
  /** BT-126. */
  id?: string;
  note?: string;
  /** BT-129 / BT-130. */
  quantity?: string;
  unitCode?: string;
  /** BT-131. */
  net?: Amount;
  accountingCost?: string;
  period?: Period;
  /** BT-132. */
  orderLineRef?: string;
  /** BT-128. */
  objectRef?: Identifier;
  allowanceCharges: AllowanceCharge[];
  item: {
    name?: string;
    description?: string;
    buyerId?: string;
    sellerId?: string;
    standardId?: Identifier;
    originCountry?: string;
    classifications: { code: string; listId?: string; listVersion?: string }[];
    tax?: TaxCategory;
    properties: ItemProperty[];
  };
  price?: {
    amount?: Amount;
    baseQuantity?: string;
    baseUnit?: string;
    /** BT-147 / BT-148. */
    discount?: Amount;
    gross?: Amount;
  };
}

export interface UblInvoice {
  kind: 'Invoice' | 'CreditNote';
  /** BT-24. */
  customizationId?: string;
  /** BT-23. */
  profileId?: string;
  id?: string;
  issueDate?: string;
  /** BT-9 (Invoice only; see PaymentMeans.dueDate). */
  dueDate?: string;
  typeCode?: string;
  notes: string[];
  taxPointDate?: string;
  currency?: string;
  taxCurrency?: string;
  accountingCost?: string;
  buyerReference?: string;
  invoicePeriod?: Period;
  /** BT-13 / BT-14. */
  orderReference?: { id?: string; salesOrderId?: string };
  /** BG-3. */
  precedingInvoices: { id?: string; issueDate?: string }[];
  despatchAdviceRef?: string;
  receivingAdviceRef?: string;
  /** BT-17. */
  tenderRef?: string;
  /** BT-12. */
  contractRef?: string;
  /** BG-24 and BT-18. */
  documents: DocumentReference[];
  /** BT-11. */
  projectRef?: string;
  seller?: Party;
  buyer?: Party;
  payee?: { name?: string; identifier?: Identifier; legalId?: Identifier };
  taxRepresentative?: Party;
  delivery?: { date?: string; locationId?: Identifier; address?: PostalAddress; partyName?: string };
  paymentMeans: PaymentMeans[];
  /** BT-20. */
  paymentTerms?: string;
  allowanceCharges: AllowanceCharge[];
  /** BT-110 with BG-23, plus BT-111 in the tax currency. */
  taxTotals: { amount?: Amount; subtotals: VatBreakdown[] }[];
  totals: {
    lineExtension?: Amount;
    taxExclusive?: Amount;
    taxInclusive?: Amount;
    allowanceTotal?: Amount;
    chargeTotal?: Amount;
    prepaid?: Amount;
    rounding?: Amount;
    payable?: Amount;
  };
  lines: InvoiceLine[];
}

export function emptyInvoice(kind: UblInvoice['kind']): UblInvoice {
  return {
    kind,
    notes: [],
    precedingInvoices: [],
    documents: [],
    paymentMeans: [],
    allowanceCharges: [],
    taxTotals: [],
    totals: {},
    lines: [],
  };
}

export function emptyLine(): InvoiceLine {
  return { allowanceCharges: [], item: { classifications: [], properties: [] } };
}
