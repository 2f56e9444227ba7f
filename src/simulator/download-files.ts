import { attachmentContent, attachmentSize, invoicePdfRendition } from './attachments.ts';
import type { FaultInjector } from './faults.ts';
import type { Invoice } from './model.ts';
import { buildPivot, type PivotAttachment } from './pivot-writer.ts';
import type { ByteSource } from './stream/byte-source.ts';
import { zipSource, type ZipEntry } from './stream/zip-stream.ts';

/** The files `telecharger/groupe` returns, built lazily from the invoices (and the "oversized" fault). */

export function invoiceAttachments(invoice: Invoice, faults: FaultInjector): PivotAttachment[] {
  const oversized = faults.oversizedBytesFor(invoice.idFacture);
  return invoice.attachments.map((spec) => ({
    spec,
    content: attachmentContent(invoice, spec, spec.typePJ === '01' ? oversized : undefined),
  }));
}

export function totalAttachmentBytes(invoice: Invoice, faults: FaultInjector): number {
  const oversized = faults.oversizedBytesFor(invoice.idFacture);
  return invoice.attachments.reduce(
    (sum, spec) => sum + attachmentSize(invoice, spec, spec.typePJ === '01' ? oversized : undefined),
    0,
  );
}

let flowCounter = 0;

export function pivotFile(invoices: readonly Invoice[], faults: FaultInjector, malformed: boolean): ByteSource {
  flowCounter++;
  return buildPivot(
    invoices.map((invoice) => ({ invoice, attachments: invoiceAttachments(invoice, faults) })),
    {
      productionDate: new Date(),
      flowId: `CPP0020036${String(Date.now()).slice(-9)}${String(flowCounter).padStart(6, '0')}`,
      malformed,
    },
  );
}

function pdfAttachments(
  invoice: Invoice,
  faults: FaultInjector,
  withComplements: boolean,
): { name: string; content: ByteSource }[] {
  const files: { name: string; content: ByteSource }[] = [];
  for (const attachment of invoiceAttachments(invoice, faults)) {
    if (attachment.spec.typePJ === '01') {
      files.push(
        attachment.spec.kind === 'pdf'
          ? { name: attachment.spec.fileName, content: attachment.content }
          : { name: attachment.spec.fileName.replace(/\.xml$/, '.pdf'), content: invoicePdfRendition(invoice) },
      );
    } else if (withComplements && attachment.spec.mimeType === 'application/pdf') {
      files.push({ name: attachment.spec.fileName, content: attachment.content });
    }
  }
  return files;
}

/**
 * format PDF: one invoice with one PDF gives that PDF; otherwise a ZIP of the PDFs, with one folder per invoice when
 * there are several invoices (annex rules 2.a-2.c, quoted in API-REFERENCE.md §2.3).
 */
export function pdfFile(
  invoices: readonly Invoice[],
  faults: FaultInjector,
  withComplements: boolean,
): { file: ByteSource; zip: boolean } {
  const perInvoice = invoices.map((invoice) => ({ invoice, files: pdfAttachments(invoice, faults, withComplements) }));
  const only = perInvoice[0];
  if (perInvoice.length === 1 && only?.files.length === 1 && only.files[0])
    return { file: only.files[0].content, zip: false };
  const entries: ZipEntry[] = perInvoice.flatMap(({ invoice, files }) =>
    files.map((file) => ({
      name: perInvoice.length > 1 ? `${invoice.idFacture}/${file.name}` : file.name,
      content: file.content,
    })),
  );
  return { file: zipSource(entries), zip: true };
}
