import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Base64ContentSink, MemoryBudget } from './content-sinks.ts';
import { mapPivot, type AttachmentRef } from './pivot-map.ts';
import type { ExtractedAttachment, ParsedPivot, PivotInvoice } from './pivot-types.ts';
import { safeFileName } from './safe-file-name.ts';
import { XmlScanner } from './xml-scan.ts';
import { parseXmlTree } from './xml-tree.ts';
import { extractSingleFileZip } from './zip-extract.ts';

/**
 * Reads a pivot file of any size: a streaming pre-pass decodes each PJ/Contenu (into memory while the pivot's
 * contents stay under a budget, else into a temporary ZIP in the work folder, so a 130 MB pivot never becomes a
 * string), the small remaining XML is parsed, and each attachment's ZIP is then unzipped to
 * `workDir/invoice-<n>/<safe name>`.
 */

export const DEFAULT_MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;
/** Decoded contents one pivot may keep in memory: the usual invoice's attachments fit, a large one goes to disk. */
const CONTENTS_IN_MEMORY = 2 * 1024 * 1024;
const READ_CHUNK = 64 * 1024;

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

async function extractAttachment(
  invoice: PivotInvoice,
  ref: AttachmentRef,
  content: Base64ContentSink,
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
  const decoded = content.content();
  if (content.isZip()) {
    const entry = await extractSingleFileZip(decoded, path, { maxBytes, label });
    ({ entryName: zipEntryName, bytes, sha256 } = entry);
    if (ref.chorusName !== undefined && zipEntryName !== ref.chorusName) {
      invoice.warnings.push(`${label}: the ZIP entry is named "${zipEntryName}", not "${ref.chorusName}"`);
    }
    content.discard();
  } else {
    // Seen in the wild: content that is the file itself, not zipped. Keep it rather than lose the attachment.
    invoice.warnings.push(`${label}: content is not a ZIP; stored as decoded`);
    if (typeof decoded === 'string') {
      await rename(decoded, path);
      sha256 = await sha256File(path);
    } else {
      await writeFile(path, decoded, { flag: 'wx' });
      sha256 = createHash('sha256').update(decoded).digest('hex');
    }
    bytes = content.bytes;
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
  const created: string[] = [];
  // A random tag makes placeholders impossible to forge from inside the pivot (base64 has no ":" anyway), and names
  // the files of contents too large for memory apart from an earlier attempt's.
  const tag = randomBytes(6).toString('hex');
  const budget = new MemoryBudget(CONTENTS_IN_MEMORY);
  const contents = new Map<string, Base64ContentSink>();
  const scanner = new XmlScanner({
    localNames: new Set(['Contenu']),
    open: ({ ordinal, line }) => {
      const placeholder = `cppgw:${tag}:${ordinal}`;
      const path = join(workDir, `.content-${tag}-${ordinal}.bin`);
      const label = `attachment content #${ordinal} (line ${line})`;
      const sink = new Base64ContentSink(path, maxBytes, budget, label, placeholder);
      contents.set(placeholder, sink);
      return sink;
    },
  });
  try {
    for await (const chunk of createReadStream(pivotPath, { highWaterMark: READ_CHUNK })) scanner.feed(chunk as Buffer);
    const { pivot, attachments } = mapPivot(parseXmlTree(scanner.end()));
    for (const invoice of pivot.invoices) {
      const folder = join(workDir, `invoice-${invoice.position}`);
      // Makes the work folder too, if needed. A folder that was there is ours from an earlier attempt (an activity
      // retry): what it left goes.
      if ((await mkdir(folder, { recursive: true })) === undefined) {
        await rm(folder, { recursive: true, force: true });
        await mkdir(folder);
      }
      created.push(folder);
      const taken = new Set<string>();
      for (const ref of attachments.get(invoice) ?? []) {
        const content = ref.contentPlaceholder ? contents.get(ref.contentPlaceholder) : undefined;
        if (!content || content.bytes === 0) {
          const id = ref.uniqueId ? ` (IdUnique ${ref.uniqueId})` : '';
          invoice.warnings.push(`attachment ${ref.index} "${ref.chorusName ?? ''}" has no content in the pivot${id}`);
          continue;
        }
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
    for (const content of contents.values()) content.discard();
  }
}
