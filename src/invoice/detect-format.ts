import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { CII_NS } from './cii-parties.ts';
import { ciiGuideline, type BinaryFiles } from './cii-reader.ts';
import { Base64TextFileSink, DiscardSink, type ExtractRule } from './content-sinks.ts';
import { InvoiceFormatError } from './errors.ts';
import { findEmbeddedInvoiceXml } from './pdf-facturx.ts';
import type { ExtractedAttachment } from './pivot-types.ts';
import { EN16931_CUSTOMIZATION, UBL_NS } from './ubl-model.ts';
import { XmlScanner } from './xml-scan.ts';
import { parseXmlTree, textAt, type XmlElement } from './xml-tree.ts';

/**
 * Tells what the main attachment (TypePJ 01) of an invoice is: an EN 16931 UBL invoice, a CII invoice (plain XML or
 * inside a Factur-X PDF), or something the UBL has to be built without (plain PDF, other XML, unreadable file).
 */

export type MainFormat =
  | { kind: 'ubl'; root: XmlElement }
  | { kind: 'cii'; root: XmlElement; binaries: BinaryFiles; fromPdf: boolean }
  | { kind: 'other'; reason?: string };

const MAX_BINARY_BYTES = 150 * 1024 * 1024;

async function head(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Scans XML (a file or bytes), keeping CII binary attachments as base64 files in `workDir`. */
async function parseInvoiceXml(
  input: string | Buffer,
  workDir: string,
  binaries: Map<string, string>,
): Promise<XmlElement> {
  const rule: ExtractRule = {
    localNames: new Set(['EmbeddedDocumentBinaryObject', 'AttachmentBinaryObject']),
    open: ({ localName, ordinal }) => {
      if (localName === 'EmbeddedDocumentBinaryObject') return new DiscardSink('');
      const placeholder = `binary-${ordinal}`;
      const path = join(workDir, `binary-${ordinal}.b64`);
      binaries.set(placeholder, path);
      return new Base64TextFileSink(path, MAX_BINARY_BYTES, `embedded attachment #${ordinal}`, placeholder);
    },
  };
  const scanner = new XmlScanner(rule);
  if (typeof input === 'string') {
    for await (const chunk of createReadStream(input, { highWaterMark: 256 * 1024 })) scanner.feed(chunk as Buffer);
  } else {
    scanner.feed(input);
  }
  return parseXmlTree(scanner.end());
}

function classify(root: XmlElement, binaries: BinaryFiles, fromPdf: boolean): MainFormat {
  if ((root.local === 'Invoice' || root.local === 'CreditNote') && root.ns === UBL_NS[root.local]) {
    const customization = textAt(root, 'CustomizationID');
    if (customization?.startsWith(EN16931_CUSTOMIZATION)) return { kind: 'ubl', root };
    return {
      kind: 'other',
      reason: `the main attachment is a UBL invoice of another specification (${customization ?? 'none'})`,
    };
  }
  if (root.local === 'CrossIndustryInvoice' && root.ns === CII_NS) {
    const guideline = ciiGuideline(root) ?? '';
    if (/minimum|basicwl/i.test(guideline)) {
      return {
        kind: 'other',
        reason: `the CII invoice has the profile ${guideline}, which lacks EN 16931 data (lines)`,
      };
    }
    return { kind: 'cii', root, binaries, fromPdf };
  }
  return { kind: 'other', reason: `the main attachment is XML of another kind (<${root.name}>)` };
}

export async function detectMainFormat(main: ExtractedAttachment, workDir: string): Promise<MainFormat> {
  const start = await head(main.path, 1024);
  const binaries = new Map<string, string>();
  try {
    if (start.includes('%PDF-')) {
      const found = await findEmbeddedInvoiceXml(main.path);
      if (found.kind === 'none') return { kind: 'other' };
      if (found.kind === 'unreadable') return { kind: 'other', reason: found.reason };
      return classify(await parseInvoiceXml(found.xml, workDir, binaries), binaries, true);
    }
    const text = start
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text.startsWith('<')) return classify(await parseInvoiceXml(main.path, workDir, binaries), binaries, false);
    return { kind: 'other' };
  } catch (error) {
    if (error instanceof InvoiceFormatError) {
      return { kind: 'other', reason: `the main attachment "${main.originalName}" cannot be read: ${error.message}` };
    }
    throw error;
  }
}
