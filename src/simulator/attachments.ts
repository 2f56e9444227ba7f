import { buildCiiInvoice } from './documents/cii.ts';
import { buildPdf } from './documents/pdf.ts';
import { buildUblInvoice } from './documents/ubl.ts';
import { amount } from './documents/xml.ts';
import type { AttachmentSpec, Invoice } from './model.ts';
import { bytesSource, concatSources, randomTextSource, type ByteSource } from './stream/byte-source.ts';

/** The bytes of each attachment, regenerated on demand from the invoice (nothing large is ever stored). */

const XML_PADDING_OVERHEAD = '<!--'.length + '-->\n'.length;

/** Pads an XML document with a trailing comment, which keeps it well-formed. */
function padXml(xml: string, targetBytes: number | null, seed: number): ByteSource {
  const natural = Buffer.byteLength(xml, 'utf8');
  if (targetBytes === null || targetBytes < natural + XML_PADDING_OVERHEAD) return bytesSource(xml);
  return concatSources([xml, '<!--', randomTextSource(seed, targetBytes - natural - XML_PADDING_OVERHEAD), '-->\n']);
}

function summaryLines(invoice: Invoice): string[] {
  const lines = [
    `Fournisseur : ${invoice.supplier.name} - SIRET ${invoice.supplier.siret}`,
    `${invoice.supplier.address.detail}, ${invoice.supplier.address.postalCode} ${invoice.supplier.address.city}`,
    `Destinataire : ${invoice.recipient.name} - SIRET ${invoice.recipient.siret} - service ${invoice.service.code}`,
    `Date : ${invoice.issueDate} - echeance ${invoice.dueDate}`,
  ];
  if (invoice.orderNumber) lines.push(`Engagement : ${invoice.orderNumber}`);
  if (invoice.originalInvoiceNumber) lines.push(`Facture d'origine : ${invoice.originalInvoiceNumber}`);
  lines.push('');
  for (const line of invoice.lines) {
    lines.push(
      `${line.number}. ${line.reference} ${line.label} - ${line.quantity} x ${amount(line.unitPriceCents)} = ${amount(line.netCents)} EUR HT (TVA ${line.vatRate} %)`,
    );
  }
  lines.push('');
  for (const vat of invoice.vat) lines.push(`TVA ${vat.rate} % sur ${amount(vat.baseCents)} : ${amount(vat.vatCents)}`);
  lines.push(
    `Total HT ${amount(invoice.totals.netCents)} EUR - TVA ${amount(invoice.totals.vatCents)} EUR - TTC ${amount(invoice.totals.grossCents)} EUR`,
    `IBAN ${invoice.supplier.bank.iban} - BIC ${invoice.supplier.bank.bic}`,
  );
  return lines;
}

function title(invoice: Invoice): string {
  return `${invoice.type === 'AVOIR' ? 'Avoir' : 'Facture'} ${invoice.number}`;
}

/** Content of one attachment; `targetOverride` replaces the configured size (the "oversized" fault). */
export function attachmentContent(invoice: Invoice, spec: AttachmentSpec, targetOverride?: number): ByteSource {
  const target = targetOverride ?? spec.targetBytes;
  switch (spec.kind) {
    case 'pdf':
      return buildPdf(title(invoice), summaryLines(invoice), target, spec.seed);
    case 'ubl':
      return padXml(buildUblInvoice(invoice), target, spec.seed);
    case 'cii':
      return padXml(buildCiiInvoice(invoice), target, spec.seed);
    case 'complement':
      return buildPdf(
        `${spec.category} - ${invoice.number}`,
        [`Piece jointe a la facture ${invoice.number}`],
        target,
        spec.seed,
      );
  }
}

/** The PDF Chorus Pro renders for invoices deposited as structured data (returned by format PDF). */
export function invoicePdfRendition(invoice: Invoice): ByteSource {
  return buildPdf(title(invoice), summaryLines(invoice), null, 0);
}

const sizeCache = new WeakMap<AttachmentSpec, Map<number | null, number>>();

export function attachmentSize(invoice: Invoice, spec: AttachmentSpec, targetOverride?: number): number {
  const key = targetOverride ?? spec.targetBytes;
  let sizes = sizeCache.get(spec);
  if (!sizes) {
    sizes = new Map();
    sizeCache.set(spec, sizes);
  }
  let size = sizes.get(key);
  if (size === undefined) {
    size = attachmentContent(invoice, spec, targetOverride).size;
    sizes.set(key, size);
  }
  return size;
}
