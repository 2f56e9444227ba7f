import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Base64FileSink } from './content-sinks.ts';
import { mapPivot, type AttachmentRef } from './pivot-map.ts';
import type { ExtractedAttachment, ParsedPivot, PivotInvoice } from './pivot-types.ts';
import { safeFileName } from './safe-file-name.ts';
import { XmlScanner } from './xml-scan.ts';
import { parseXmlTree } from './xml-tree.ts';
import { extractSingleFileZip } from './zip-extract.ts';

/**
 * Reads a pivot file of any size: a streaming pre-pass decodes each PJ/Contenu into a temporary ZIP in the work
 * folder (so a 130 MB pivot never becomes a string), the small remaining XML is parsed, and each attachment's ZIP
 * is then unzipped to `workDir/invoice-<n>/<safe name>`.
 */

export const DEFAULT_MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;
const READ_CHUNK = 256 * 1024;

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/xml': '.xml',
  'text/xml': '.xml',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'text/csv': '.csv',
  'application/zip': '.zip',
};

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

interface DecodedContent {
  path: string;
  bytes: number;
}

async function extractAttachment(
  invoice: PivotInvoice,
  ref: AttachmentRef,
  content: DecodedContent,
  folder: string,
  taken: Set<string>,
  maxBytes: number,
): Promise<ExtractedAttachment> {
  const label = `invoice ${invoice.number}, attachment ${ref.index}`;
  const mimeType = ref.mimeType?.toLowerCase() ?? 'application/octet-stream';
  const originalName = ref.originalName ?? ref.chorusName ?? `attachment-${ref.index}`;
  let hint = originalName;
  if (!/\.[A-Za-z0-9]{1,10}$/.test(hint) && EXTENSIONS[mimeType]) hint += EXTENSIONS[mimeType];
  const storedName = safeFileName(hint, taken);
  const path = join(folder, storedName);
  let zipEntryName: string | undefined;
  let bytes: number;
  let sha256: string;
  if (await isZip(content.path)) {
    const entry = await extractSingleFileZip(content.path, path, { maxBytes, label });
    ({ entryName: zipEntryName, bytes, sha256 } = entry);
    if (ref.chorusName !== undefined && zipEntryName !== ref.chorusName) {
      invoice.warnings.push(`${label}: the ZIP entry is named "${zipEntryName}", not "${ref.chorusName}"`);
    }
    await rm(content.path, { force: true });
  } else {
    // Seen in the wild: content that is the file itself, not zipped. Keep it rather than lose the attachment.
    invoice.warnings.push(`${label}: content is not a ZIP; stored as decoded`);
    await rename(content.path, path);
    bytes = content.bytes;
    sha256 = await sha256File(path);
  }
  return {
    index: ref.index,
    originalName,
    chorusName: ref.chorusName,
    storedName,
    zipEntryName,
    mimeType,
    kind: ref.typeCode === '01' ? 'main' : 'complementary',
    category: ref.category,
    uniqueId: ref.uniqueId,
    originalId: ref.originalId,
    path,
    bytes,
    sha256,
  };
}

export async function readPivotFile(
  pivotPath: string,
  workDir: string,
  options: { maxAttachmentBytes?: number } = {},
): Promise<ParsedPivot> {
  const maxBytes = options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  await mkdir(workDir, { recursive: true });
  const tmpDir = await mkdtemp(join(workDir, '.pivot-'));
  const created: string[] = [];
  // A random tag makes placeholders impossible to forge from inside the pivot (base64 has no ":" anyway).
  const tag = randomBytes(6).toString('hex');
  const contents = new Map<string, DecodedContent & { sink: Base64FileSink }>();
  const scanner = new XmlScanner({
    localNames: new Set(['Contenu']),
    open: ({ ordinal, line }) => {
      const placeholder = `cppgw:${tag}:${ordinal}`;
      const path = join(tmpDir, `content-${ordinal}.bin`);
      const sink = new Base64FileSink(path, maxBytes, `attachment content #${ordinal} (line ${line})`, placeholder);
      contents.set(placeholder, { path, bytes: 0, sink });
      return sink;
    },
  });
  try {
    for await (const chunk of createReadStream(pivotPath, { highWaterMark: READ_CHUNK })) scanner.feed(chunk as Buffer);
    const { pivot, attachments } = mapPivot(parseXmlTree(scanner.end()));
    for (const invoice of pivot.invoices) {
      const folder = join(workDir, `invoice-${invoice.position}`);
      // The folder is ours: clear what an earlier attempt (activity retry) may have left.
      await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
      created.push(folder);
      const taken = new Set<string>();
      for (const ref of attachments.get(invoice) ?? []) {
        const content = ref.contentPlaceholder ? contents.get(ref.contentPlaceholder) : undefined;
        if (!content || content.sink.bytes === 0) {
          const id = ref.uniqueId ? ` (IdUnique ${ref.uniqueId})` : '';
          invoice.warnings.push(`attachment ${ref.index} "${ref.chorusName ?? ''}" has no content in the pivot${id}`);
          continue;
        }
        content.bytes = content.sink.bytes;
        invoice.attachments.push(await extractAttachment(invoice, ref, content, folder, taken, maxBytes));
      }
      if (!invoice.attachments.some((a) => a.kind === 'main')) {
        invoice.warnings.push('no main attachment (TypePJ 01) in the pivot');
      }
    }
    return pivot;
  } catch (error) {
    await Promise.all(created.map((folder) => rm(folder, { recursive: true, force: true })));
    throw error;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}
