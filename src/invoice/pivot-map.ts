import { InvoiceFormatError } from './errors.ts';
import { parseDecimal } from './decimal.ts';
import type {
  EnvelopeUnit,
  ParsedPivot,
  PivotInvoice,
  PivotLine,
  PivotSupplier,
  ResendKind,
  SubmissionMode,
  SupplierIdentifierType,
  ValidationStep,
} from './pivot-types.ts';
import { at, attrOf, child, childrenNamed, textAt, type XmlElement } from './xml-tree.ts';

/**
 * Maps the parsed CPPFacturePivot tree to domain types. Tolerant of older versions (elements added in V2_02 are
 * optional) and of `xsi:type` attributes on text elements; strict on what every version requires (invoice number,
 * type, date, currency, amounts, parties), since an invoice without them cannot be delivered meaningfully.
 */

/** A PJ element, before its content is extracted. */
export interface AttachmentRef {
  index: number;
  chorusName?: string;
  originalName?: string;
  category?: string;
  typeCode?: string;
  mimeType?: string;
  uniqueId?: string;
  originalId?: string;
  /** Text left by the scanner in place of Contenu, if there was content. */
  contentPlaceholder?: string;
}

export interface MappedPivot {
  pivot: ParsedPivot;
  attachments: Map<PivotInvoice, AttachmentRef[]>;
}

const SUPPLIER_TYPES: Record<string, SupplierIdentifierType> = {
  '1': 'SIRET',
  '2': 'EU_OUTSIDE_FRANCE',
  '3': 'OUTSIDE_EU',
  '4': 'RIDET',
  '5': 'TAHITI',
  '6': 'PENDING_REGISTRATION',
  '7': 'PRIVATE_INDIVIDUAL',
};

const SUBMISSION_MODES: Record<string, SubmissionMode> = {
  flux: 'edi',
  numérisation: 'scan',
  numerisation: 'scan',
  saisie: 'web-entry',
  pdf: 'pdf',
};

const RESEND_KINDS: Record<string, ResendKind> = {
  non: 'no',
  oui: 'yes',
  complétée: 'completed',
  completee: 'completed',
  recyclée: 'recycled',
  recyclee: 'recycled',
};

class Reader {
  constructor(private readonly where: string) {}

  required(element: XmlElement | undefined, ...path: string[]): string {
    const value = textAt(element, ...path);
    if (value === undefined) throw new InvoiceFormatError(`pivot: ${this.where} has no ${path.join('/')}`);
    return value;
  }

  decimal(element: XmlElement | undefined, ...path: string[]): string {
    const value = this.required(element, ...path);
    if (!parseDecimal(value))
      throw new InvoiceFormatError(`pivot: ${this.where} ${path.join('/')} "${value}" is not a number`);
    return value.trim();
  }

  optionalDecimal(element: XmlElement | undefined, ...path: string[]): string | undefined {
    return textAt(element, ...path) === undefined ? undefined : this.decimal(element, ...path);
  }
}

function mapEnvelope(envelope: XmlElement | undefined): EnvelopeUnit[] {
  return childrenNamed(envelope, 'EnveloppeUnitaire').map((unit) => {
    const party = (name: string): EnvelopeUnit['receiver'] => {
      const element = at(unit, 'Partenaires', name);
      const id = textAt(element, 'Id');
      if (!element || id === undefined) return undefined;
      return { id, label: textAt(element, 'Libelle'), note: textAt(element, 'Note') };
    };
    return {
      order: attrOf(unit, 'NumOrdre'),
      parameters: childrenNamed(at(unit, 'Parametres'), 'ParametreIndiv').map((p) => ({
        order: attrOf(p, 'NumOrdre'),
        code: textAt(p, 'Code') ?? '',
        value: textAt(p, 'Valeurparametre') ?? '',
        note: textAt(p, 'Note'),
      })),
      receiver: party('Recepteur'),
      sender: party('Emetteur'),
    };
  });
}

function mapSupplier(unit: XmlElement, read: Reader): PivotSupplier {
  const element = child(unit, 'Fournisseur');
  const typeCode = read.required(unit, 'Fournisseur', 'TypeIdentifiant');
  const bank = child(element, 'ReferenceBancaire');
  const bankType = attrOf(bank, 'Type')?.toUpperCase();
  const mode = textAt(element, 'ModeEmission');
  return {
    identifierType: SUPPLIER_TYPES[typeCode] ?? 'UNKNOWN',
    identifierTypeCode: typeCode,
    identifier: read.required(unit, 'Fournisseur', 'Identifiant'),
    name: read.required(unit, 'Fournisseur', 'RaisonSociale'),
    countryCode: textAt(element, 'CodePays')?.toUpperCase(),
    bankReference: bank && {
      type: bankType === 'IBAN' || bankType === 'RIB' ? bankType : undefined,
      account: textAt(bank, 'Compte')?.replace(/\s+/g, ''),
      bankName: textAt(bank, 'Etablissement'),
      payeeName: textAt(bank, 'RaisonSocialeEncaisseur'),
    },
    submissionMode: (mode && SUBMISSION_MODES[mode.toLowerCase()]) || 'unknown',
    submissionModeRaw: mode,
  };
}

function mapLines(data: XmlElement | undefined, read: Reader): PivotLine[] {
  return childrenNamed(at(data, 'Lignes'), 'Ligne').map((line, i) => ({
    order: attrOf(line, 'NumOrdre') ?? String(i + 1),
    productReference: textAt(line, 'ReferenceProduit'),
    unitPrice: read.decimal(line, 'PrixUnitaire'),
    quantity: read.decimal(line, 'Quantite'),
    amountExclTax: read.decimal(line, 'MontantHT'),
    vatRate: read.optionalDecimal(line, 'TauxTVA'),
  }));
}

function mapValidation(element: XmlElement | undefined): ValidationStep[] {
  return childrenNamed(element, 'ValidationUnitaire').map((step) => {
    const producer = child(step, 'ProducteurStatut');
    return {
      date: textAt(step, 'DateStatut') ?? '',
      statusCode: textAt(step, 'CodeStatut') ?? '',
      statusComplement: textAt(step, 'ComplementStatut'),
      comment: textAt(step, 'Commentaire'),
      producer: {
        identifierTypeCode: textAt(producer, 'TypeIdentifiant') ?? '',
        id: textAt(producer, 'Id') ?? '',
        name: textAt(producer, 'RaisonSociale') ?? '',
        countryCode: textAt(producer, 'CodePays'),
        note: textAt(producer, 'Note'),
      },
    };
  });
}

function mapAttachments(unit: XmlElement): AttachmentRef[] {
  return childrenNamed(unit, 'PJ').map((pj, i) => {
    const order = Number(attrOf(pj, 'NumOrdre'));
    return {
      index: Number.isSafeInteger(order) && order > 0 ? order : i + 1,
      chorusName: textAt(pj, 'NomPJ'),
      originalName: textAt(pj, 'NomPJOrigine'),
      category: textAt(pj, 'CategoriePJ'),
      typeCode: textAt(pj, 'TypePJ'),
      mimeType: textAt(pj, 'MimeTypePJ'),
      uniqueId: textAt(pj, 'IdUnique'),
      originalId: textAt(pj, 'IdOriginal'),
      contentPlaceholder: textAt(pj, 'Contenu'),
    };
  });
}

function mapInvoice(unit: XmlElement, position: number): PivotInvoice {
  const order = attrOf(unit, 'NumOrdre');
  const read = new Reader(`invoice #${order ?? position}`);
  const data = child(unit, 'DonneesFacture');
  if (!data) throw new InvoiceFormatError(`pivot: invoice #${order ?? position} has no DonneesFacture`);
  const debtor = child(unit, 'Debiteur');
  const typeCode = read.required(data, 'Type');
  const resendRaw = textAt(data, 'Renvoi');
  const paymentCode = textAt(data, 'ModePaiement', 'Code');
  const engagement = child(data, 'Engagement');
  const warnings: string[] = [];
  if (typeCode !== '380' && typeCode !== '381') warnings.push(`unexpected invoice type code "${typeCode}"`);
  return {
    order,
    position,
    supplier: mapSupplier(unit, read),
    debtor: {
      identifierTypeCode: read.required(unit, 'Debiteur', 'TypeIdentifiant'),
      identifier: read.required(unit, 'Debiteur', 'Identifiant'),
      name: textAt(debtor, 'Nom'),
      serviceCode: textAt(debtor, 'CodeService'),
      serviceName: textAt(debtor, 'NomService'),
    },
    number: read.required(data, 'Id'),
    chorusId: textAt(data, 'IdCPRO'),
    resend: resendRaw === undefined ? undefined : (RESEND_KINDS[resendRaw.toLowerCase()] ?? 'unknown'),
    resendRaw,
    originalInvoiceNumber: textAt(data, 'IdFactureOrigine'),
    typeCode,
    kind: typeCode === '381' ? 'credit-note' : 'invoice',
    billingFramework: textAt(data, 'Cadre'),
    issueDate: read.required(data, 'DateEmissionFacture'),
    deliveryDate: textAt(data, 'DateLivraison'),
    paymentMeans: paymentCode ? { code: paymentCode, label: textAt(data, 'ModePaiement', 'Libelle') } : undefined,
    receptionDate: textAt(data, 'DateReception'),
    projectManagerAvailabilityDate: textAt(data, 'DateMiseADispositionMOE'),
    currency: read.required(data, 'Devise').toUpperCase(),
    amounts: {
      exclTax: read.decimal(data, 'Montants', 'MontantHT'),
      inclTax: read.decimal(data, 'Montants', 'MontantTTC'),
      netPayable: read.decimal(data, 'Montants', 'MontantNetAPayer'),
    },
    vatLines: childrenNamed(at(data, 'TVAs'), 'TVA').map((vat) => ({
      rate: read.decimal(vat, 'Taux'),
      baseAmount: read.decimal(vat, 'BaseHt'),
      vatAmount: read.decimal(vat, 'MontantTVA'),
    })),
    contractNumber: textAt(engagement, 'NumeroMarche'),
    commitmentNumber: textAt(engagement, 'NumeroEngagement'),
    lines: mapLines(data, read),
    attachments: [],
    validationCycle: mapValidation(child(unit, 'CycleDeValidation')),
    warnings,
  };
}

export function mapPivot(root: XmlElement): MappedPivot {
  if (root.local !== 'CPPFacturePivot') {
    throw new InvoiceFormatError(`not a Chorus Pro pivot: the root element is <${root.name}>, not <CPPFacturePivot>`);
  }
  const invoicesElement = child(root, 'CPPFactures');
  const units = childrenNamed(invoicesElement, 'CPPFacturePivotUnitaire');
  if (units.length === 0) throw new InvoiceFormatError('pivot: no CPPFacturePivotUnitaire (no invoice)');
  const warnings: string[] = [];
  const counter = attrOf(invoicesElement, 'Compteur');
  const declaredCount = counter === undefined ? undefined : Number(counter);
  if (declaredCount !== undefined && declaredCount !== units.length) {
    warnings.push(`CPPFactures@Compteur says ${counter} invoice(s) but the pivot holds ${units.length}`);
  }
  const schemaLocation = attrOf(root, 'xsi:noNamespaceSchemaLocation');
  const attachments = new Map<PivotInvoice, AttachmentRef[]>();
  const invoices = units.map((unit, i) => {
    const invoice = mapInvoice(unit, i + 1);
    attachments.set(invoice, mapAttachments(unit));
    return invoice;
  });
  return {
    pivot: {
      version: attrOf(root, 'Version') ?? /V\d+_\d+/.exec(schemaLocation ?? '')?.[0],
      envelope: mapEnvelope(child(root, 'Enveloppe')),
      declaredCount: declaredCount !== undefined && Number.isSafeInteger(declaredCount) ? declaredCount : undefined,
      invoices,
      warnings,
    },
    attachments,
  };
}
