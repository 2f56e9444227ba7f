import { join } from 'node:path';
import type { ChorusClient, InvoiceRef } from '../chorus/index.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { convertToUbl, InvoiceFormatError, type PivotInvoice, readPivotFile } from '../invoice/index.ts';
import type { FileStore } from '../store/file-store.ts';
import type { BlobRef } from '../store/types.ts';
import { type ConvertedInvoice, MESSAGE_NAME } from './conversion.ts';
import type { SerialRunner } from './serial-runner.ts';
import { ublDetailsFrom } from './ubl-details.ts';

const TAKE_TURNS_UP_TO_BYTES = 1024 * 1024;

function pickInvoice(invoices: PivotInvoice[], ref: InvoiceRef): PivotInvoice {
  const match =
    invoices.find((candidate) => candidate.chorusId === String(ref.invoiceId)) ??
    invoices.find((candidate) => candidate.number === ref.invoiceNumber) ??
    (invoices.length === 1 ? invoices[0] : undefined);
  if (!match) {
    throw new InvoiceFormatError(
      `The pivot downloaded for Chorus invoice ${ref.invoiceId} holds ${invoices.length} invoice(s), none numbered ${ref.invoiceNumber}`,
    );
  }
  return match;
}

/**
 * Reads the downloaded pivot (streaming: attachments are decoded to files, never to memory), stores the attachments
 * and, for `outputFormat: "ubl"`, builds the EN 16931 UBL invoice. A UBL that cannot be valid is not written: the
 * pivot stays the message and the report says what is missing.
 */
export async function convertInvoice(
  deps: { store: FileStore; chorus: ChorusClient; serial?: SerialRunner },
  input: { gateway: GatewayConfig; invoice: InvoiceRef; pivot: BlobRef },
): Promise<ConvertedInvoice> {
  const { store, chorus, serial } = deps;
  const { gateway, invoice, pivot } = input;
  // The reading and the UBL of a usual pivot are a few milliseconds of CPU: they take turns with the other invoices
  // of the worker. A large pivot streams for seconds and would hold every other invoice up, so it runs alongside.
  const inTurn = <T>(job: () => Promise<T>): Promise<T> =>
    serial && pivot.bytes <= TAKE_TURNS_UP_TO_BYTES ? serial.run(job) : job();
  const workDir = await store.allocateWorkDir(gateway.id);
  try {
    const parsed = await inTurn(() => readPivotFile(store.pathOf(pivot.key), workDir));
    const pivotInvoice = pickInvoice(parsed.invoices, invoice);

    const converted: ConvertedInvoice = {
      message: { name: MESSAGE_NAME, format: 'pivot', blob: pivot },
      attachments: [],
      pivotWarnings: [...parsed.warnings, ...pivotInvoice.warnings],
      discard: [],
    };
    // The UBL is built first: it reads the extracted main file (to embed it, or to convert a UBL or CII deposit).
    if (gateway.outputFormat === 'ubl') {
      const details = await chorus.getInvoiceDetails(invoice.invoiceId);
      const ubl = await inTurn(() => convertToUbl(pivotInvoice, ublDetailsFrom(details), join(workDir, 'ubl.xml')));
      if (ubl.ok) {
        const blob = await store.adoptFile(gateway.id, ubl.path, '.xml', { bytes: ubl.bytes, sha256: ubl.sha256 });
        converted.message = { name: MESSAGE_NAME, format: 'ubl', blob };
        converted.conversion = { ok: true, source: ubl.source, warnings: ubl.warnings, errors: [], missingFields: [] };
        converted.discard.push(pivot);
      } else {
        converted.conversion = {
          ok: false,
          warnings: ubl.warnings,
          errors: ubl.errors,
          missingFields: ubl.missingFields,
        };
      }
    }

    if (gateway.saveAttachments) {
      for (const attachment of pivotInvoice.attachments) {
        const { bytes, sha256 } = attachment;
        converted.attachments.push({
          originalName: attachment.originalName,
          storedName: attachment.storedName,
          mimeType: attachment.mimeType,
          kind: attachment.kind,
          ...(attachment.category && { category: attachment.category }),
          blob: await store.adoptFile(gateway.id, attachment.path, '.bin', { bytes, sha256 }),
        });
      }
    }
    return converted;
  } finally {
    await store.removeWorkDir(workDir);
  }
}
