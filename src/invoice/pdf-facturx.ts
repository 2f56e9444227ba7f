import { InvoiceFormatError } from './errors.ts';
import { objectAround, PdfReader, scanPdf } from './pdf-objects.ts';

/**
 * Finds the CII XML embedded in a Factur-X / ZUGFeRD / XRechnung PDF: the file specification named
 * factur-x.xml (or zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml) in the PDF's embedded files, then its
 * /EF stream, inflated. Objects may be classic or inside Flate object streams.
 */

export type EmbeddedXmlLookup =
  | { kind: 'found'; fileName: string; xml: Buffer }
  | { kind: 'none' }
  /** There may be an embedded invoice but this reader cannot get it; `reason` says why. */
  | { kind: 'unreadable'; reason: string };

const NAMES = /\((factur-x|zugferd-invoice|xrechnung)\.xml\)/i;
const MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;

function embeddedFileRef(filespec: string): number | undefined {
  const ef = /\/EF\s*<<([\s\S]*?)>>/.exec(filespec)?.[1];
  const ref = ef && /\/(?:UF|F)\s+(\d+)\s+\d+\s+R/.exec(ef);
  return ref ? Number(ref[1]) : undefined;
}

async function resolveFilespec(reader: PdfReader, text: string, hitIndex: number): Promise<number | undefined> {
  // Either the hit is inside the file specification itself (/F (factur-x.xml) … /EF <<…>>) or inside the
  // EmbeddedFiles name tree, where the name is followed by a reference to the file specification.
  const direct = embeddedFileRef(text);
  if (direct !== undefined) return direct;
  const after = /^\(.*?\)\s*(\d+)\s+\d+\s+R/.exec(text.slice(hitIndex));
  if (!after) return undefined;
  const filespec = await reader.object(Number(after[1]));
  return filespec && embeddedFileRef(filespec.text);
}

async function lookup(reader: PdfReader, maxXmlBytes: number): Promise<EmbeddedXmlLookup> {
  const tried = new Set<number>();
  const fromHit = async (text: string, index: number, name: string): Promise<EmbeddedXmlLookup | undefined> => {
    const fileRef = await resolveFilespec(reader, text, index);
    if (fileRef === undefined || tried.has(fileRef)) return undefined;
    tried.add(fileRef);
    const file = await reader.object(fileRef);
    if (file?.offset === undefined) {
      return { kind: 'unreadable', reason: `PDF: the embedded file object ${fileRef} of ${name} was not found` };
    }
    const xml = await reader.stream(file.offset, maxXmlBytes, `the embedded ${name}`);
    return { kind: 'found', fileName: name, xml };
  };
  for (const hit of reader.scan.hits) {
    const offset = objectAround(reader.scan, hit.position);
    if (offset === undefined) continue;
    const text = await reader.objectAt(offset);
    const found = await fromHit(text, hit.position - offset, hit.text.slice(1, -1));
    if (found) return found;
  }
  if (reader.scan.objectStreams.length === 0) return { kind: 'none' };
  const problems = await reader.loadObjectStreams(MAX_OBJECT_STREAM_BYTES);
  for (const text of reader.compressed.values()) {
    const match = NAMES.exec(text);
    if (!match) continue;
    const found = await fromHit(text, match.index, match[0].slice(1, -1));
    if (found) return found;
  }
  if (problems.length > 0) {
    return {
      kind: 'unreadable',
      reason: `the PDF keeps objects in object streams this reader cannot decode (${problems[0]}); an embedded Factur-X XML, if any, could not be looked for`,
    };
  }
  return { kind: 'none' };
}

export async function findEmbeddedInvoiceXml(
  pdfPath: string,
  maxXmlBytes = 32 * 1024 * 1024,
): Promise<EmbeddedXmlLookup> {
  const scan = await scanPdf(pdfPath, NAMES);
  if (scan.encrypted) return { kind: 'unreadable', reason: 'the PDF is encrypted; its embedded files cannot be read' };
  if (scan.hits.length === 0 && scan.objectStreams.length === 0) return { kind: 'none' };
  const reader = await PdfReader.open(pdfPath, scan);
  try {
    return await lookup(reader, maxXmlBytes);
  } catch (error) {
    if (error instanceof InvoiceFormatError) return { kind: 'unreadable', reason: error.message };
    throw error;
  } finally {
    await reader.close();
  }
}
