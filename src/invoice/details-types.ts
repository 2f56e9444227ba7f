/**
 * What a UBL built from a pivot needs beyond the pivot itself, in English. Every field is optional; the caller fills
 * what it has, typically from Chorus Pro's consult answer (consulterFactureParRecipiendaire, API-REFERENCE §2.2):
 * `fournisseur.adresseFournisseur*`, `destinataire.adresseDestinataire*`, `fournisseur.coordBancaires*`,
 * `references.dateEcheancePaiement`, `references.typeTva`, `references.motifExonerationTva`, `lignesDePoste`.
 * Missing values that EN 16931 requires make the conversion fail with the list of what is missing.
 */

export interface AddressForUbl {
  /** adresse*Detail. */
  street?: string;
  /** adresse*Complement1 / Complement2. */
  additionalStreet?: string;
  line3?: string;
  /** adresse*Ville. */
  city?: string;
  /** adresse*CodePostal. */
  postalCode?: string;
  /** adresse*CodePays, ISO 3166-1 alpha-2. */
  countryCode?: string;
}

export interface PartyForUbl {
  /** Overrides the pivot's name (RaisonSociale / Nom). */
  name?: string;
  /** Intra-community VAT number (BT-31 / BT-48), e.g. FR32123456789. */
  vatNumber?: string;
  address?: AddressForUbl;
  email?: string;
  phone?: string;
  contactName?: string;
}

/** Chorus Pro `references.typeTva`. */
export type VatRegime = 'TVA_SUR_DEBIT' | 'TVA_SUR_ENCAISSEMENT' | 'EXONERATION' | 'SANS_TVA';

export interface LineForUbl {
  /** lignePosteNumero: matched with the pivot's Ligne@NumOrdre. */
  number?: number | string;
  /** lignePosteReference. */
  reference?: string;
  /** lignePosteDenomination: the item name. */
  description?: string;
  quantity?: number | string;
  /** lignePosteUniteCode: UN/ECE Rec 20 code (C62, H87, HUR, DAY…). */
  unitCode?: string;
  unitPrice?: number | string;
  /** lignePosteMontantHtApresRemise. */
  amountExclTax?: number | string;
  /** Percent. */
  vatRate?: number | string;
}

export interface InvoiceDetailsForUbl {
  supplier?: PartyForUbl;
  buyer?: PartyForUbl;
  bankAccount?: { iban?: string; bic?: string; accountName?: string };
  /** YYYY-MM-DD (references.dateEcheancePaiement). */
  dueDate?: string;
  vatRegime?: VatRegime;
  /** motifExonerationTva / libelleMotifExonerationTva: required by EN 16931 for exempt (E) invoices. */
  vatExemptionReason?: string;
  /** A VATEX code (VATEX-EU-132, VATEX-EU-AE, VATEX-FR-FRANCHISE…). */
  vatExemptionReasonCode?: string;
  /** BT-20 free text. */
  paymentTerms?: string;
  /** BT-22 (commentaire). */
  note?: string;
  /** Lines with names and units; when given they replace the pivot's Lignes. */
  lines?: LineForUbl[];
}
