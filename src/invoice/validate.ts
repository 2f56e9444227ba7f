import { createReadStream } from 'node:fs';
import { DiscardSink, type ExtractRule } from './content-sinks.ts';
import { InvoiceFormatError } from './errors.ts';
import { checkCodeLists, checkDecimals, checkMandatory, type RuleIssue } from './rules-core.ts';
import { checkTotals, checkVatCategories } from './rules-vat.ts';
import { checkUblStructure } from './ubl-structure.ts';
import type { UblInvoice } from './ubl-model.ts';
import { readUblInvoice } from './ubl-reader.ts';
import { XmlScanner } from './xml-scan.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

/**
 * EN 16931 validation of UBL 2.1 documents: XML safety and well-formedness, UBL structure, then the business
 * rules of rules-core.ts and rules-vat.ts. Embedded documents are skipped while scanning (never decoded), so a UBL
 * carrying a 100 MB PDF is validated in bounded memory.
 */

export type { RuleIssue };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDates(u: UblInvoice): RuleIssue[] {
  const dates: [string, string | undefined][] = [
    ['Invoice issue date (BT-2)', u.issueDate],
    ['Payment due date (BT-9)', u.dueDate],
    ['VAT point date (BT-7)', u.taxPointDate],
    ['Actual delivery date (BT-72)', u.delivery?.date],
    ['Invoicing period start (BT-73)', u.invoicePeriod?.start],
    ['Invoicing period end (BT-74)', u.invoicePeriod?.end],
    ...u.paymentMeans.map((p): [string, string | undefined] => ['Payment due date (BT-9)', p.dueDate]),
  ];
  const issues: RuleIssue[] = dates
    .filter(([, value]) => value !== undefined && !(DATE.test(value) && !Number.isNaN(Date.parse(value))))
    .map(([label, value]) => ({
      rule: 'UBL-DATE',
      message: `[UBL-DATE] ${label} "${value}" is not a YYYY-MM-DD date`,
    }));
  const { start, end } = u.invoicePeriod ?? {};
  if (start && end && end < start) {
    issues.push({
      rule: 'BR-29',
      message: '[BR-29] the invoicing period end date (BT-74) is before its start date (BT-73)',
    });
  }
  return issues;
}

/** Business rules on a model (what the mappers produce before anything is written). */
export function validateModel(u: UblInvoice): RuleIssue[] {
  return [
    ...checkMandatory(u),
    ...checkCodeLists(u),
    ...checkDecimals(u),
    ...checkDates(u),
    ...checkTotals(u),
    ...checkVatCategories(u),
  ];
}

/** Structure plus business rules of a parsed UBL tree. */
export function validateUblTree(root: XmlElement): RuleIssue[] {
  const structure = checkUblStructure(root);
  if (structure.some((issue) => issue.rule === 'UBL-ROOT' || issue.rule === 'UBL-NS')) return structure;
  return [...structure, ...validateModel(readUblInvoice(root))];
}

const skipBinaries: ExtractRule = {
  localNames: new Set(['EmbeddedDocumentBinaryObject']),
  open: () => new DiscardSink(''),
};

/**
 * Checks a UBL 2.1 Invoice or CreditNote against this module's subset of EN 16931 (see rules-*.ts) and the UBL
 * structure. Never throws: refused or malformed XML is reported with the rule id "XML".
 */
export function validateEn16931(ublXml: string): { rule: string; message: string }[] {
  try {
    const scanner = new XmlScanner(skipBinaries);
    scanner.feed(Buffer.from(ublXml, 'utf8'));
    return validateUblTree(parseXmlTree(scanner.end())).map(({ rule, message }) => ({ rule, message }));
  } catch (error) {
    if (error instanceof InvoiceFormatError) return [{ rule: 'XML', message: error.message }];
    throw error;
  }
}

/** Reads a UBL file chunk by chunk and returns its tree (embedded documents left out). */
export async function readUblTreeFromFile(path: string): Promise<XmlElement> {
  const scanner = new XmlScanner(skipBinaries);
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) scanner.feed(chunk as Buffer);
  return parseXmlTree(scanner.end());
}

export async function validateUblFile(path: string): Promise<RuleIssue[]> {
  try {
    return validateUblTree(await readUblTreeFromFile(path));
  } catch (error) {
    if (error instanceof InvoiceFormatError) return [{ rule: 'XML', message: error.message }];
    throw error;
  }
}
