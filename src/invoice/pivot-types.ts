/**
 * English domain types for Chorus Pro's CPPFacturePivot (V1_20 … V2_02). Element names of the XSD are given in
 * comments; amounts, rates and quantities stay decimal strings exactly as written (never floats).
 */

/** Fournisseur/TypeIdentifiant (1..7). */
export type SupplierIdentifierType =
  | 'SIRET'
  | 'EU_OUTSIDE_FRANCE'
  | 'OUTSIDE_EU'
  | 'RIDET'
  | 'TAHITI'
  | 'PENDING_REGISTRATION'
  | 'PRIVATE_INDIVIDUAL'
  | 'UNKNOWN';

/** Fournisseur/ModeEmission: flux | numérisation | saisie | PDF. */
export type SubmissionMode = 'edi' | 'scan' | 'web-entry' | 'pdf' | 'unknown';

/** DonneesFacture/Renvoi: whether Chorus Pro makes the invoice available again (Non | Complétée | Recyclée). */
export type ResendKind = 'no' | 'yes' | 'completed' | 'recycled' | 'unknown';

export interface BankReference {
  /** @Type: IBAN | RIB. */
  type?: 'IBAN' | 'RIB';
  /** Compte. */
  account?: string;
  /** Etablissement (bank name). */
  bankName?: string;
  /** RaisonSocialeEncaisseur (payee account holder). */
  payeeName?: string;
}

export interface PivotSupplier {
  identifierType: SupplierIdentifierType;
  /** Raw TypeIdentifiant code. */
  identifierTypeCode: string;
  identifier: string;
  name: string;
  /** CodePays (ISO 3166-1 alpha-2). */
  countryCode?: string;
  bankReference?: BankReference;
  submissionMode: SubmissionMode;
  submissionModeRaw?: string;
}

/** Debiteur: the public entity and its service. */
export interface PivotDebtor {
  /** TypeIdentifiant (1 = SIRET). */
  identifierTypeCode: string;
  identifier: string;
  name?: string;
  serviceCode?: string;
  serviceName?: string;
}

export interface PivotVatLine {
  /** Taux, a percent ("20", "5.5"). */
  rate: string;
  baseAmount: string;
  vatAmount: string;
}

export interface PivotLine {
  /** @NumOrdre. */
  order: string;
  productReference?: string;
  unitPrice: string;
  quantity: string;
  amountExclTax: string;
  /** TauxTVA, a percent. */
  vatRate?: string;
}

export interface PivotAmounts {
  /** MontantHT. */
  exclTax: string;
  /** MontantTTC. */
  inclTax: string;
  /** MontantNetAPayer. */
  netPayable: string;
}

/** An attachment file extracted from PJ/Contenu into the work folder. */
export interface ExtractedAttachment {
  /** PJ@NumOrdre, else the position (1-based). */
  index: number;
  /** NomPJOrigine, else NomPJ. */
  originalName: string;
  /** NomPJ: Chorus Pro's name for the file. */
  chorusName?: string;
  /** Name of the file in the work folder (see safeFileName). */
  storedName: string;
  /** Name of the single entry in the attachment's ZIP (a hint only). */
  zipEntryName?: string;
  mimeType: string;
  /** TypePJ 01 = the invoice itself, 02 = complementary document. */
  kind: 'main' | 'complementary';
  /** CategoriePJ ("Bon de commande"…). */
  category?: string;
  /** IdUnique / IdOriginal. */
  uniqueId?: string;
  originalId?: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** ValidationUnitaire of the CycleDeValidation. */
export interface ValidationStep {
  date: string;
  statusCode: string;
  statusComplement?: string;
  comment?: string;
  producer: { identifierTypeCode: string; id: string; name: string; countryCode?: string; note?: string };
}

export interface PivotInvoice {
  /** CPPFacturePivotUnitaire@NumOrdre. */
  order?: string;
  /** 1-based position in the pivot. */
  position: number;
  supplier: PivotSupplier;
  debtor: PivotDebtor;
  /** DonneesFacture/Id. */
  number: string;
  /** IdCPRO: Chorus Pro's technical id (V2_02). */
  chorusId?: string;
  resend?: ResendKind;
  resendRaw?: string;
  /** IdFactureOrigine. */
  originalInvoiceNumber?: string;
  /** Type: 380 invoice, 381 credit note. */
  typeCode: string;
  kind: 'invoice' | 'credit-note';
  /** Cadre: billing framework A1..A25. */
  billingFramework?: string;
  issueDate: string;
  deliveryDate?: string;
  /** ModePaiement: UNTDID 4461 code (10, 20, 30, 31, 42, 48, 49, 97) and label. */
  paymentMeans?: { code: string; label?: string };
  receptionDate?: string;
  /** DateMiseADispositionMOE. */
  projectManagerAvailabilityDate?: string;
  currency: string;
  amounts: PivotAmounts;
  vatLines: PivotVatLine[];
  /** Engagement: NumeroMarche (contract, BT-12) and NumeroEngagement (commitment / order, BT-13). */
  contractNumber?: string;
  commitmentNumber?: string;
  lines: PivotLine[];
  attachments: ExtractedAttachment[];
  validationCycle: ValidationStep[];
  warnings: string[];
}

export interface EnvelopeUnit {
  order?: string;
  parameters: { order?: string; code: string; value: string; note?: string }[];
  receiver?: { id: string; label?: string; note?: string };
  sender?: { id: string; label?: string; note?: string };
}

export interface ParsedPivot {
  /** CPPFacturePivot@Version, else the version found in the schema location ("V1_22"). */
  version?: string;
  envelope: EnvelopeUnit[];
  /** CPPFactures@Compteur. */
  declaredCount?: number;
  invoices: PivotInvoice[];
  warnings: string[];
}
