import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { InvoiceFormatError } from './errors.ts';

/**
 * Reads the ZIP that wraps each pivot attachment ("exactly one file named NomPJ"), from its central directory, and
 * streams the single entry to a file. Refuses: more or fewer than one entry, encryption, methods other than
 * STORED/DEFLATE, entry names that try to be paths outside the folder, anything larger than `maxBytes` once
 * inflated (checked while inflating, so a zip bomb stops early), and CRC or size mismatches.
 */

export interface ExtractedEntry {
  /** The entry's name in the ZIP: a hint only, never used as a path. */
  entryName: string;
  bytes: number;
  sha256: string;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_32 = 0xffffffff;
const MAX_CENTRAL_DIRECTORY = 1024 * 1024;
/** A data descriptor with ZIP64 sizes and its optional signature. */
const MAX_DESCRIPTOR = 24;

/** Random access to a ZIP's bytes, in a file (one handle for every read) or in memory. */
interface ZipBytes {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  /** Bytes from `start` up to `end` (exclusive). */
  stream(start: number, end: number): Readable;
  close(): Promise<void>;
}

function zipInMemory(buffer: Buffer): ZipBytes {
  return {
    size: buffer.length,
    read: (position, length) => Promise.resolve(buffer.subarray(position, position + length)),
    stream: (start, end) => Readable.from(end > start ? [buffer.subarray(start, end)] : []),
    close: () => Promise.resolve(),
  };
}

/** Up to this size, the whole ZIP is read at once: its central directory would be read as its tail anyway. */
const READ_WHOLE = 22 + 0xffff;

async function zipInFile(path: string): Promise<ZipBytes> {
  const handle = await open(path, 'r');
  let handedOn = false;
  try {
    const size = (await handle.stat()).size;
    if (size <= READ_WHOLE) {
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await handle.read(buffer, 0, size, 0);
      return zipInMemory(buffer.subarray(0, bytesRead));
    }
    handedOn = true;
    return {
      size,
      read: async (position, length) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      },
      stream: (start, end) =>
        end > start ? handle.createReadStream({ start, end: end - 1, autoClose: false }) : Readable.from([]),
      close: () => handle.close(),
    };
  } finally {
    if (!handedOn) await handle.close();
  }
}

interface CentralEntry {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  nameBytes: Buffer;
}

function readZip64Extra(extra: Buffer, entry: CentralEntry): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = (): number => {
        const value = Number(extra.readBigUInt64LE(q));
        q += 8;
        return value;
      };
      if (entry.size === MAX_32) entry.size = next();
      if (entry.compressedSize === MAX_32) entry.compressedSize = next();
      if (entry.localOffset === MAX_32) entry.localOffset = next();
      return;
    }
    p += 4 + length;
  }
}

async function readCentralDirectory(zip: ZipBytes, label: string): Promise<{ entry: CentralEntry; cdOffset: number }> {
  const fileSize = zip.size;
  const tailLength = Math.min(fileSize, READ_WHOLE);
  const tail = await zip.read(fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (tail.readUInt32LE(p) === EOCD_SIGNATURE && p + 22 + tail.readUInt16LE(p + 20) === tail.length) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new InvoiceFormatError(`${label} is not a ZIP file (no end of central directory)`);
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) {
    throw new InvoiceFormatError(`${label}: multi-disk ZIP archives are not accepted`);
  }
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) {
    const record = await zip.read(Number(tail.readBigUInt64LE(eocd - 12)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) {
      throw new InvoiceFormatError(`${label}: broken ZIP64 end of central directory`);
    }
    entries = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (entries !== 1) {
    throw new InvoiceFormatError(`${label}: the ZIP holds ${entries} entries where exactly one file is expected`);
  }
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > fileSize) {
    throw new InvoiceFormatError(`${label}: broken ZIP central directory`);
  }
  const cd = await zip.read(cdOffset, cdSize);
  if (cd.length < 46 || cd.readUInt32LE(0) !== CENTRAL_SIGNATURE) {
    throw new InvoiceFormatError(`${label}: broken ZIP central directory`);
  }
  const nameLength = cd.readUInt16LE(28);
  const extraLength = cd.readUInt16LE(30);
  const commentLength = cd.readUInt16LE(32);
  if (46 + nameLength + extraLength + commentLength !== cd.length) {
    throw new InvoiceFormatError(`${label}: the ZIP central directory holds more than one entry`);
  }
  const entry: CentralEntry = {
    flags: cd.readUInt16LE(8),
    method: cd.readUInt16LE(10),
    crc: cd.readUInt32LE(16),
    compressedSize: cd.readUInt32LE(20),
    size: cd.readUInt32LE(24),
    localOffset: cd.readUInt32LE(42),
    nameBytes: Buffer.from(cd.subarray(46, 46 + nameLength)),
  };
  readZip64Extra(cd.subarray(46 + nameLength, 46 + nameLength + extraLength), entry);
  return { entry, cdOffset };
}

/** Refuses entry names built to escape a folder; other names are kept as a hint. */
function checkEntryName(name: string, label: string): void {
  const segments = name.split(/[/\\]/);
  // eslint-disable-next-line no-control-regex
  if (/^([/\\]|[A-Za-z]:)/.test(name) || segments.includes('..') || /[\u0000-\u001f]/.test(name)) {
    throw new InvoiceFormatError(`${label}: refused ZIP entry name "${name.replace(/[^\x20-\x7e]/g, '?')}"`);
  }
  if (name === '' || name.endsWith('/') || name.endsWith('\\')) {
    throw new InvoiceFormatError(`${label}: the ZIP entry is a folder, not a file`);
  }
}

class Meter extends Transform {
  bytes = 0;
  crc = 0;
  readonly hash = createHash('sha256');

  constructor(
    private readonly maxBytes: number,
    private readonly label: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new InvoiceFormatError(`${this.label} expands to more than ${this.maxBytes} bytes; refused`));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/** Streams the single entry of the ZIP (a file's path, or its bytes) to `outputPath` (which must not exist). */
export async function extractSingleFileZip(
  source: string | Buffer,
  outputPath: string,
  options: { maxBytes: number; label: string },
): Promise<ExtractedEntry> {
  const zip = typeof source === 'string' ? await zipInFile(source) : zipInMemory(source);
  try {
    return await extractEntry(zip, outputPath, options);
  } finally {
    await zip.close();
  }
}

async function extractEntry(
  zip: ZipBytes,
  outputPath: string,
  { maxBytes, label }: { maxBytes: number; label: string },
): Promise<ExtractedEntry> {
  const { entry, cdOffset } = await readCentralDirectory(zip, label);
  const entryName = entry.nameBytes.toString(entry.flags & 0x0800 ? 'utf8' : 'latin1');
  checkEntryName(entryName, label);
  if (entry.flags & 0x0001) throw new InvoiceFormatError(`${label}: encrypted ZIP entries are not accepted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new InvoiceFormatError(`${label}: ZIP compression method ${entry.method} is not supported`);
  }
  if (entry.size > maxBytes) {
    throw new InvoiceFormatError(`${label} declares ${entry.size} bytes, more than the limit of ${maxBytes}`);
  }
  const local = await zip.read(entry.localOffset, 30 + entry.nameBytes.length);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) {
    throw new InvoiceFormatError(`${label}: broken ZIP local header`);
  }
  const localNameLength = local.readUInt16LE(26);
  const dataStart = entry.localOffset + 30 + localNameLength + local.readUInt16LE(28);
  const localName = local.subarray(30, 30 + localNameLength);
  const dataEnd = dataStart + entry.compressedSize;
  if (!localName.equals(entry.nameBytes) || dataEnd > cdOffset || cdOffset - dataEnd > MAX_DESCRIPTOR) {
    throw new InvoiceFormatError(`${label}: ZIP local entry does not match its central directory (hidden entries?)`);
  }
  const meter = new Meter(maxBytes, label);
  const data = zip.stream(dataStart, dataEnd);
  const sink = createWriteStream(outputPath, { flags: 'wx' });
  try {
    if (entry.method === 8) await pipeline(data, createInflateRaw(), meter, sink);
    else await pipeline(data, meter, sink);
  } catch (error) {
    await rm(outputPath, { force: true });
    if (error instanceof InvoiceFormatError) throw error;
    throw new InvoiceFormatError(`${label}: cannot inflate the ZIP entry (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (meter.bytes !== entry.size || meter.crc >>> 0 !== entry.crc >>> 0) {
    await rm(outputPath, { force: true });
    throw new InvoiceFormatError(`${label}: ZIP entry size or CRC does not match (corrupted attachment)`);
  }
  return { entryName, bytes: meter.bytes, sha256: meter.hash.digest('hex') };
}
