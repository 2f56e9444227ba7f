import { amount, decimal, escapeXml as x } from './documents/xml.ts';
import type { AttachmentSpec, Invoice } from './model.ts';
import { base64Source } from './stream/base64-stream.ts';
import { concatSources, type ByteSource, type SourcePart } from './stream/byte-source.ts';
import { zipSource } from './stream/zip-stream.ts';
import { formatParisDate } from './dates.ts';

/**
 * Writes a CPPFacturePivot V2_02 file (element order as in CPPFacturePivot_V2_02.xsd). Each PJ/Contenu is the base64 of
 * a zip holding exactly one file named NomPJ; both are streamed, so the pivot's size is known before it is produced.
 */

export interface PivotAttachment {
  spec: AttachmentSpec;
  content: ByteSource;
}

export interface PivotEntry {
  invoice: Invoice;
  attachments: PivotAttachment[];
}

export interface PivotOptions {
  productionDate: Date;
  flowId: string;
  /** Fault injection: produce XML that is not well-formed (mismatched closing tag). */
  malformed?: boolean;
}

const PAYMENT_LABELS: Record<number, string> = {
  10: 'Espèces',
  20: 'Chèque',
  30: 'Virement',
  31: 'Virement',
  42: 'Virement',
  48: 'Carte bancaire',
  49: 'Prélèvement',
  97: 'Compensation',
};

function renvoi(invoice: Invoice): string {
  if (invoice.statuses.some((s) => s.code === 'COMPLETEE')) return 'Complétée';
  return 'Non';
}

function invoiceHeader(invoice: Invoice, numOrdre: number): string {
  const s = invoice.supplier;
  const r = invoice.recipient;
  const t = invoice.totals;
  const out: string[] = [
    `\t\t<CPPFacturePivotUnitaire NumOrdre="${numOrdre}">`,
    '\t\t\t<Fournisseur>',
    '\t\t\t\t<TypeIdentifiant>1</TypeIdentifiant>',
    `\t\t\t\t<Identifiant>${s.siret}</Identifiant>`,
    `\t\t\t\t<RaisonSociale>${x(s.name)}</RaisonSociale>`,
    `\t\t\t\t<CodePays>${s.address.countryCode}</CodePays>`,
    '\t\t\t\t<ReferenceBancaire Type="IBAN">',
    `\t\t\t\t\t<Compte>${s.bank.iban}</Compte>`,
    `\t\t\t\t\t<Etablissement>${x(s.bank.bankName)}</Etablissement>`,
    `\t\t\t\t\t<RaisonSocialeEncaisseur>${x(s.name)}</RaisonSocialeEncaisseur>`,
    '\t\t\t\t</ReferenceBancaire>',
    `\t\t\t\t<ModeEmission>${invoice.emissionMode}</ModeEmission>`,
    '\t\t\t</Fournisseur>',
    '\t\t\t<Debiteur>',
    '\t\t\t\t<TypeIdentifiant>1</TypeIdentifiant>',
    `\t\t\t\t<Identifiant>${r.siret}</Identifiant>`,
    `\t\t\t\t<Nom>${x(r.name)}</Nom>`,
    `\t\t\t\t<CodeService>${x(invoice.service.code)}</CodeService>`,
    `\t\t\t\t<NomService>${x(invoice.service.name)}</NomService>`,
    '\t\t\t</Debiteur>',
    '\t\t\t<DonneesFacture>',
    `\t\t\t\t<Id>${x(invoice.number)}</Id>`,
    `\t\t\t\t<IdCPRO>${invoice.idFacture}</IdCPRO>`,
    `\t\t\t\t<Renvoi>${renvoi(invoice)}</Renvoi>`,
  ];
  if (invoice.originalInvoiceNumber)
    out.push(`\t\t\t\t<IdFactureOrigine>${x(invoice.originalInvoiceNumber)}</IdFactureOrigine>`);
  out.push(
    `\t\t\t\t<Type>${invoice.type === 'AVOIR' ? '381' : '380'}</Type>`,
    `\t\t\t\t<Cadre>${invoice.framework}</Cadre>`,
    `\t\t\t\t<DateEmissionFacture>${invoice.issueDate}</DateEmissionFacture>`,
    `\t\t\t\t<DateLivraison>${invoice.issueDate}</DateLivraison>`,
    '\t\t\t\t<ModePaiement>',
    `\t\t\t\t\t<Code>${invoice.paymentMeansCode}</Code>`,
    `\t\t\t\t\t<Libelle>${PAYMENT_LABELS[invoice.paymentMeansCode] ?? 'Virement'}</Libelle>`,
    '\t\t\t\t</ModePaiement>',
    `\t\t\t\t<DateReception>${formatParisDate(invoice.depositedAt)}</DateReception>`,
    `\t\t\t\t<Devise>${invoice.currency}</Devise>`,
    '\t\t\t\t<Montants>',
    `\t\t\t\t\t<MontantHT>${amount(t.netCents)}</MontantHT>`,
    `\t\t\t\t\t<MontantTTC>${amount(t.grossCents)}</MontantTTC>`,
    `\t\t\t\t\t<MontantNetAPayer>${amount(t.payableCents)}</MontantNetAPayer>`,
    '\t\t\t\t</Montants>',
    '\t\t\t\t<TVAs>',
  );
  for (const vat of invoice.vat) {
    out.push(
      '\t\t\t\t\t<TVA>',
      `\t\t\t\t\t\t<Taux>${decimal(vat.rate)}</Taux>`,
      `\t\t\t\t\t\t<BaseHt>${amount(vat.baseCents)}</BaseHt>`,
      `\t\t\t\t\t\t<MontantTVA>${amount(vat.vatCents)}</MontantTVA>`,
      '\t\t\t\t\t</TVA>',
    );
  }
  out.push('\t\t\t\t</TVAs>');
  if (invoice.contractNumber || invoice.orderNumber) {
    out.push('\t\t\t\t<Engagement>');
    if (invoice.contractNumber) out.push(`\t\t\t\t\t<NumeroMarche>${x(invoice.contractNumber)}</NumeroMarche>`);
    if (invoice.orderNumber) out.push(`\t\t\t\t\t<NumeroEngagement>${x(invoice.orderNumber)}</NumeroEngagement>`);
    out.push('\t\t\t\t</Engagement>');
  }
  out.push('\t\t\t\t<Lignes>');
  for (const line of invoice.lines) {
    out.push(
      `\t\t\t\t\t<Ligne NumOrdre="${line.number}">`,
      `\t\t\t\t\t\t<ReferenceProduit>${x(line.reference)}</ReferenceProduit>`,
      `\t\t\t\t\t\t<PrixUnitaire>${amount(line.unitPriceCents)}</PrixUnitaire>`,
      `\t\t\t\t\t\t<Quantite>${decimal(line.quantity)}</Quantite>`,
      `\t\t\t\t\t\t<MontantHT>${amount(line.netCents)}</MontantHT>`,
      `\t\t\t\t\t\t<TauxTVA>${decimal(line.vatRate)}</TauxTVA>`,
      '\t\t\t\t\t</Ligne>',
    );
  }
  out.push('\t\t\t\t</Lignes>', '\t\t\t</DonneesFacture>');
  return out.join('\n') + '\n';
}

function attachmentParts(attachment: PivotAttachment, numOrdre: number): SourcePart[] {
  const { spec, content } = attachment;
  const zipped = zipSource([{ name: spec.fileName, content }]);
  return [
    `\t\t\t<PJ NumOrdre="${numOrdre}">\n\t\t\t\t<IdUnique>${spec.pieceJointeId}</IdUnique>\n\t\t\t\t<Contenu>`,
    base64Source(zipped),
    '</Contenu>\n' +
      `\t\t\t\t<NomPJ>${x(spec.fileName)}</NomPJ>\n` +
      (spec.typePJ === '02' ? `\t\t\t\t<NomPJOrigine>${x(spec.fileName)}</NomPJOrigine>\n` : '') +
      `\t\t\t\t<CategoriePJ>${x(spec.category)}</CategoriePJ>\n` +
      `\t\t\t\t<TypePJ>${spec.typePJ}</TypePJ>\n` +
      `\t\t\t\t<MimeTypePJ>${spec.mimeType}</MimeTypePJ>\n` +
      '\t\t\t</PJ>\n',
  ];
}

export function buildPivot(entries: readonly PivotEntry[], options: PivotOptions): ByteSource {
  const parts: SourcePart[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<CPPFacturePivot xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:noNamespaceSchemaLocation="CPPFacturePivot_V2_02.xsd" Version="V2_02">\n' +
      '\t<Enveloppe>\n' +
      '\t\t<EnveloppeUnitaire NumOrdre="1">\n' +
      '\t\t\t<Parametres>\n' +
      '\t\t\t\t<ParametreIndiv NumOrdre="0001">\n' +
      '\t\t\t\t\t<Code>DtPrd</Code>\n' +
      `\t\t\t\t\t<Valeurparametre>${formatParisDate(options.productionDate)}</Valeurparametre>\n` +
      '\t\t\t\t</ParametreIndiv>\n' +
      '\t\t\t\t<ParametreIndiv NumOrdre="0002">\n' +
      '\t\t\t\t\t<Code>IdFlx</Code>\n' +
      `\t\t\t\t\t<Valeurparametre>${x(options.flowId)}</Valeurparametre>\n` +
      '\t\t\t\t</ParametreIndiv>\n' +
      '\t\t\t</Parametres>\n' +
      '\t\t\t<Partenaires>\n' +
      '\t\t\t\t<Recepteur>\n\t\t\t\t\t<Id>API001</Id>\n\t\t\t\t\t<Libelle>Destinataire API</Libelle>\n\t\t\t\t</Recepteur>\n' +
      '\t\t\t\t<Emetteur>\n\t\t\t\t\t<Id>CPP001</Id>\n\t\t\t\t\t<Libelle>Application Chorus Portail Pro</Libelle>\n\t\t\t\t</Emetteur>\n' +
      '\t\t\t</Partenaires>\n' +
      '\t\t</EnveloppeUnitaire>\n' +
      '\t</Enveloppe>\n' +
      `\t<CPPFactures Compteur="${entries.length}">\n`,
  ];
  entries.forEach((entry, i) => {
    parts.push(invoiceHeader(entry.invoice, i + 1));
    entry.attachments.forEach((attachment, k) => parts.push(...attachmentParts(attachment, k + 1)));
    parts.push('\t\t</CPPFacturePivotUnitaire>\n');
  });
  parts.push(options.malformed ? '\t</CPPFactures>\n</CPPFacturePivo>\n' : '\t</CPPFactures>\n</CPPFacturePivot>\n');
  return concatSources(parts);
}
