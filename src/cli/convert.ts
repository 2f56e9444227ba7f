import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { convertToUbl, InvoiceFormatError, readPivotFile } from '../invoice/index.ts';

/**
 * `chorus-gateway convert <pivot.xml> [--to ubl|pivot] [--out DIR]`: the gateway's conversion, by hand, on a file,
 * for when a supplier disputes an invoice. Exits non-zero when an invoice cannot be converted.
 */
export async function convert(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string', default: 'ubl' }, out: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file || (values.to !== 'ubl' && values.to !== 'pivot')) {
    throw new InvoiceFormatError('Usage: chorus-gateway convert <pivot.xml> [--to ubl|pivot] [--out DIR]');
  }
  const out = resolve(values.out ?? `${basename(file).replace(/\.xml$/i, '')}-converted`);
  const created = !existsSync(out);
  await mkdir(out, { recursive: true });

  let parsed;
  try {
    parsed = await readPivotFile(resolve(file), out);
  } catch (err) {
    // A refused file leaves nothing behind.
    if (created) await rm(out, { recursive: true, force: true });
    throw err;
  }
  console.log(`${file}: pivot ${parsed.version ?? '(version not stated)'}, ${parsed.invoices.length} invoice(s)`);
  for (const warning of parsed.warnings) console.log(`  warning: ${warning}`);
  let failures = 0;
  for (const invoice of parsed.invoices) {
    console.log(`Invoice ${invoice.number} (${invoice.kind}, ${invoice.amounts.inclTax} ${invoice.currency})`);
    for (const attachment of invoice.attachments) {
      console.log(
        `  attachment ${attachment.kind}: ${attachment.path} (${attachment.mimeType}, ${attachment.bytes} bytes)`,
      );
    }
    for (const warning of invoice.warnings) console.log(`  warning: ${warning}`);
    if (values.to !== 'ubl') continue;
    const target = join(out, `invoice-${invoice.position}`, 'ubl.xml');
    const ubl = await convertToUbl(invoice, undefined, target);
    for (const warning of ubl.warnings) console.log(`  warning: ${warning}`);
    if (ubl.ok) {
      console.log(`  UBL (${ubl.source}): ${ubl.path}`);
    } else {
      failures++;
      console.log('  no UBL written: it would not be a valid EN 16931 invoice');
      for (const error of ubl.errors) console.log(`  error ${error.rule ?? error.field ?? ''}: ${error.message}`);
      if (ubl.missingFields.length) console.log(`  missing: ${ubl.missingFields.join('; ')}`);
    }
  }
  if (failures > 0) process.exitCode = 1;
}
