/**
 * Invoice conversion: Chorus Pro pivot XML → domain types + attachment files, and EN 16931 UBL 2.1 output.
 *
 * - `readPivotFile(pivotPath, workDir, { maxAttachmentBytes })` streams a pivot of any size (CPPFacturePivot
 *   V1_20 … V2_02, one or several invoices), extracts each attachment to `workDir/invoice-<n>/<safe name>` and
 *   returns every field in English. Throws `InvoiceFormatError` on refused or malformed input (DTDs, hostile ZIPs,
 *   attachments over the limit, missing mandatory elements).
 * - `convertToUbl(invoice, details, outputPath)` writes the invoice as UBL 2.1 (Invoice or CreditNote): the
 *   supplier's own EN 16931 UBL when PJ 01 is one, its CII (plain or Factur-X) mapped to UBL, else a UBL built from
 *   the pivot and `details` (filled by the caller from Chorus Pro's consult answer). Returns `ok: false` with the
 *   broken rules and missing business terms instead of writing an invalid UBL.
 * - `validateEn16931(xml)` checks a UBL document against this module's subset of EN 16931 rules and the UBL 2.1
 *   structure; `safeFileName(name, taken)` makes an untrusted attachment name safe to store.
 */

export { readPivotFile, DEFAULT_MAX_ATTACHMENT_BYTES } from './read-pivot.ts';
export { convertToUbl, type UblConversion } from './convert.ts';
export { safeFileName } from './safe-file-name.ts';
export { validateEn16931 } from './validate.ts';
export { InvoiceFormatError } from './errors.ts';
export type {
  BankReference,
  EnvelopeUnit,
  ExtractedAttachment,
  ParsedPivot,
  PivotAmounts,
  PivotDebtor,
  PivotInvoice,
  PivotLine,
  PivotSupplier,
  PivotVatLine,
  ResendKind,
  SubmissionMode,
  SupplierIdentifierType,
  ValidationStep,
} from './pivot-types.ts';
export type { AddressForUbl, InvoiceDetailsForUbl, LineForUbl, PartyForUbl, VatRegime } from './details-types.ts';
