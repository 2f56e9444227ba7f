import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readCiiInvoice } from './cii-reader.ts';
import { detectMainFormat, type MainFormat } from './detect-format.ts';
import type { InvoiceDetailsForUbl } from './details-types.ts';
import { buildUblFromPivot } from './pivot-to-ubl.ts';
import type { PivotInvoice } from './pivot-types.ts';
import type { RuleIssue } from './rules-core.ts';
import { sha256OfFile, writeUblParts } from './ubl-file.ts';
import type { UblInvoice } from './ubl-model.ts';
import { serializeUbl } from './ubl-writer.ts';
import { validateModel, validateUblFile, validateUblTree } from './validate.ts';

/**
 * Produces the EN 16931 UBL 2.1 file of one pivot invoice. Order of preference: the supplier's own UBL (passed
 * through once validated), the supplier's CII (plain or Factur-X) mapped to UBL, else a UBL built from the pivot and
 * the consult details. Nothing is written unless the result passes validateEn16931; the file appears at
 * `outputPath` only when complete (written beside it, then renamed).
 */

export type UblConversion =
  | {
      ok: true;
      source: 'passthrough' | 'cii' | 'pivot';
      path: string;
      bytes: number;
      sha256: string;
      warnings: string[];
    }
  | {
      ok: false;
      errors: { rule?: string; field?: string; message: string }[];
      /** Business terms EN 16931 requires that could not be found ("BT-44 Buyer name"). */
      missingFields: string[];
      warnings: string[];
    };

function failure(issues: RuleIssue[], warnings: string[]): UblConversion {
  const missingFields = [...new Set(issues.filter((i) => i.missing && i.field).map((i) => i.field ?? ''))];
  return {
    ok: false,
    errors: issues.map(({ rule, field, message }) => (field ? { rule, field, message } : { rule, message })),
    missingFields,
    warnings,
  };
}

async function writeModel(
  model: UblInvoice,
  outputPath: string,
  tmpPath: string,
  source: 'cii' | 'pivot',
  warnings: string[],
): Promise<UblConversion> {
  const issues = validateModel(model);
  if (issues.length > 0) return failure(issues, warnings);
  const written = await writeUblParts(serializeUbl(model), tmpPath);
  // The written file is checked again as a whole (structure included): never hand out a UBL that fails.
  const recheck = await validateUblFile(tmpPath);
  if (recheck.length > 0) return failure(recheck, warnings);
  await rename(tmpPath, outputPath);
  return { ok: true, source, path: outputPath, ...written, warnings };
}

export async function convertToUbl(
  invoice: PivotInvoice,
  details: InvoiceDetailsForUbl | undefined,
  outputPath: string,
): Promise<UblConversion> {
  const warnings: string[] = [];
  await mkdir(dirname(outputPath), { recursive: true });
  const workDir = await mkdtemp(join(dirname(outputPath), `.${basename(outputPath)}-`));
  const tmpPath = join(workDir, 'ubl.xml');
  try {
    const main = invoice.attachments.find((a) => a.kind === 'main');
    const format: MainFormat = main ? await detectMainFormat(main, workDir) : { kind: 'other' };
    if (format.kind === 'ubl' && main) {
      const issues = validateUblTree(format.root);
      if (issues.length > 0) {
        warnings.push(`the main attachment "${main.originalName}" is a UBL invoice that breaks EN 16931 rules`);
        return failure(issues, warnings);
      }
      await copyFile(main.path, tmpPath);
      const { bytes, sha256 } = await sha256OfFile(tmpPath);
      await rename(tmpPath, outputPath);
      return { ok: true, source: 'passthrough', path: outputPath, bytes, sha256, warnings };
    }
    if (format.kind === 'cii' && main) {
      const model = readCiiInvoice(format.root, format.binaries);
      if (format.fromPdf) {
        model.documents.push({
          id: main.originalName,
          description: 'Factur-X',
          embedded: {
            mimeCode: 'application/pdf',
            filename: main.storedName,
            source: { kind: 'decoded-file', path: main.path },
          },
        });
      }
      return await writeModel(model, outputPath, tmpPath, 'cii', warnings);
    }
    if (format.kind === 'other' && format.reason) warnings.push(`${format.reason}; the UBL is built from the pivot`);
    const built = buildUblFromPivot(invoice, details);
    warnings.push(...built.warnings);
    if (built.errors.length > 0) return failure([...built.errors, ...validateModel(built.model)], warnings);
    return await writeModel(built.model, outputPath, tmpPath, 'pivot', warnings);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
