import type { InvoiceRef } from '../chorus/index.ts';
import type { ConvertedInvoice } from './conversion.ts';
import type { InvoiceOutcome } from './types.ts';

/** How a delivered invoice ended: as asked, or as pivot XML because no valid UBL could be built. */
export function deliveredOutcome(
  converted: ConvertedInvoice,
  delivered: { folder: string; files: string[] },
): InvoiceOutcome {
  if (converted.conversion && !converted.conversion.ok) {
    const errors = converted.conversion.errors.map((error) =>
      error.rule ? `${error.rule}: ${error.message}` : error.message,
    );
    return { status: 'converted-with-errors', ...delivered, errors };
  }
  return { status: 'delivered', ...delivered };
}

/** One line (or a short list) a user reads in the Web UI to know what happened to the invoice. */
export function describeOutcome(outcome: InvoiceOutcome): string {
  switch (outcome.status) {
    case 'already-delivered':
      return `Already delivered on ${outcome.deliveredAt}.`;
    case 'delivered':
      return `Delivered ${outcome.files.length} file(s) to ${outcome.folder}.`;
    case 'converted-with-errors':
      return `Delivered as pivot XML: no valid UBL could be built.\n\n${outcome.errors.map((error) => `- ${error}`).join('\n')}`;
  }
}

/** The line that names an invoice in the Web UI: on its activity in a batch, or on its own workflow. */
export function invoiceSummary(ref: InvoiceRef): string {
  return `Invoice ${ref.invoiceNumber} from ${ref.supplierName} (Chorus id ${ref.invoiceId})`;
}
