import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { InvoiceFormatError } from './errors.ts';

/**
 * Just enough PDF reading to find embedded files: a streaming scan for object headers and a few markers (the file is
 * never loaded whole), then random-access reads of single objects and streams. Supports classic objects and object
 * streams (/Type /ObjStm) compressed with FlateDecode without predictor; anything else is reported, not guessed.
 */

export interface PdfScan {
  /** Offsets of "N G obj" headers, per object number (in file order; incremental updates append). */
  offsets: Map<number, number[]>;
  /** All header offsets, sorted, to find the object around a position. */
  headers: number[];
  /** Positions of the searched literal strings, with the string found. */
  hits: { position: number; text: string }[];
  objectStreams: number[];
  encrypted: boolean;
}

const CHUNK = 1024 * 1024;
const CARRY = 256;
const OBJECT_WINDOW = 64 * 1024;

export async function scanPdf(path: string, literal: RegExp): Promise<PdfScan> {
  const scan: PdfScan = { offsets: new Map(), headers: [], hits: [], objectStreams: [], encrypted: false };
  let carry = '';
  let base = 0;
  const flags = literal.flags.includes('g') ? literal.flags : `${literal.flags}g`;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    const text = carry + (chunk as Buffer).toString('latin1');
    const start = base - carry.length;
    // A match is new unless it lies entirely in the carried tail, which the previous window already searched.
    const fresh = (index: number, length: number): boolean => index + length > carry.length;
    for (const m of text.matchAll(/(\d{1,10})\s+(\d{1,5})\s+obj\b/g)) {
      if (!fresh(m.index, m[0].length) || (m.index > 0 && /\d/.test(text[m.index - 1] ?? ''))) continue;
      const number = Number(m[1]);
      const list = scan.offsets.get(number) ?? [];
      list.push(start + m.index);
      scan.offsets.set(number, list);
      scan.headers.push(start + m.index);
    }
    for (const m of text.matchAll(new RegExp(literal.source, flags))) {
      if (fresh(m.index, m[0].length)) scan.hits.push({ position: start + m.index, text: m[0] });
    }
    for (const m of text.matchAll(/\/Type\s*\/ObjStm\b/g)) {
      if (fresh(m.index, m[0].length)) scan.objectStreams.push(start + m.index);
    }
    if (/\/Encrypt\s*\d+\s+\d+\s+R/.test(text)) scan.encrypted = true;
    base += (chunk as Buffer).length;
    carry = text.slice(-CARRY);
  }
  scan.headers.sort((a, b) => a - b);
  return scan;
}

/** Offset of the object header at or before `position`. */
export function objectAround(scan: PdfScan, position: number): number | undefined {
  let lo = 0;
  let hi = scan.headers.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const offset = scan.headers[mid] ?? 0;
    if (offset <= position) {
      found = offset;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export class PdfReader {
  /** Objects found inside decoded object streams: number → text. */
  readonly compressed = new Map<number, string>();

  private constructor(
    private readonly handle: FileHandle,
    readonly scan: PdfScan,
  ) {}

  static async open(path: string, scan: PdfScan): Promise<PdfReader> {
    return new PdfReader(await open(path, 'r'), scan);
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  /** Text of the object starting at `offset` (up to endobj, or a 64 KiB window). */
  async objectAt(offset: number): Promise<string> {
    const text = (await this.read(offset, OBJECT_WINDOW)).toString('latin1');
    const end = text.indexOf('endobj');
    return end < 0 ? text : text.slice(0, end);
  }

  /** Text of object `number`, classic or from a decoded object stream. */
  async object(number: number): Promise<{ text: string; offset?: number } | undefined> {
    const candidates = this.scan.offsets.get(number) ?? [];
    for (const offset of [...candidates].reverse()) {
      const text = await this.objectAt(offset);
      if (/^\d+\s+\d+\s+obj\s*(<<|\[|\d|\(|\/|true|false|null)/.test(text)) return { text, offset };
    }
    const compressed = this.compressed.get(number);
    return compressed === undefined ? undefined : { text: compressed };
  }

  async integer(value: string): Promise<number | undefined> {
    const ref = /^(\d+)\s+(\d+)\s+R/.exec(value);
    if (!ref) return /^\d+/.test(value) ? Number(/^\d+/.exec(value)?.[0]) : undefined;
    const object = await this.object(Number(ref[1]));
    const direct = object && /obj\s*(\d+)\s*$/.exec(object.text.trim());
    if (direct) return Number(direct[1]);
    return object && /^\s*(\d+)\s*$/.test(object.text) ? Number(object.text.trim()) : undefined;
  }

  /** Decoded bytes of the stream object at `offset` (FlateDecode or no filter). */
  async stream(offset: number, maxBytes: number, what: string): Promise<Buffer> {
    const text = await this.objectAt(offset);
    const keyword = /stream(\r\n|\n|\r)/.exec(text);
    if (!keyword) throw new InvoiceFormatError(`PDF: ${what} is not a stream`);
    const dictionary = text.slice(0, keyword.index);
    const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary)?.[1] ?? '';
    const filters = filter.match(/\/[A-Za-z0-9]+/g) ?? [];
    if (filters.some((f) => f !== '/FlateDecode' && f !== '/Fl') || filters.length > 1) {
      throw new InvoiceFormatError(`PDF: ${what} uses the filter ${filter}, which this reader cannot decode`);
    }
    const predictor = /\/Predictor\s+(\d+)/.exec(dictionary);
    if (predictor && Number(predictor[1]) > 1) {
      throw new InvoiceFormatError(`PDF: ${what} uses a PNG/TIFF predictor, which this reader cannot decode`);
    }
    const lengthText = /\/Length\s+(\d+\s+\d+\s+R|\d+)/.exec(dictionary)?.[1];
    const length = lengthText === undefined ? undefined : await this.integer(lengthText);
    const dataStart = offset + keyword.index + keyword[0].length;
    let data: Buffer;
    if (length !== undefined) {
      if (length > maxBytes) throw new InvoiceFormatError(`PDF: ${what} is larger than ${maxBytes} bytes`);
      data = await this.read(dataStart, length);
    } else {
      // Unresolvable /Length: stop at "endstream".
      const window = await this.read(dataStart, Math.min(maxBytes, 64 * 1024 * 1024) + 16);
      const end = window.indexOf('endstream');
      if (end < 0) throw new InvoiceFormatError(`PDF: cannot find the end of ${what}`);
      data = window
        .subarray(0, end)
        .subarray(0, end - (window[end - 2] === 0x0d ? 2 : window[end - 1] === 0x0a ? 1 : 0));
    }
    if (filters.length === 0) return data;
    try {
      return inflateSync(data, { maxOutputLength: maxBytes });
    } catch (error) {
      if (error instanceof RangeError)
        throw new InvoiceFormatError(`PDF: ${what} inflates to more than ${maxBytes} bytes`);
      throw new InvoiceFormatError(`PDF: cannot inflate ${what} (${(error as Error).message})`);
    }
  }

  /** Decodes every object stream; returns the problems met (object streams left unread). */
  async loadObjectStreams(maxBytes: number): Promise<string[]> {
    const problems: string[] = [];
    const seen = new Set<number>();
    for (const position of this.scan.objectStreams) {
      const offset = objectAround(this.scan, position);
      if (offset === undefined || seen.has(offset)) continue;
      seen.add(offset);
      try {
        const header = await this.objectAt(offset);
        const n = Number(/\/N\s+(\d+)/.exec(header)?.[1] ?? NaN);
        const first = Number(/\/First\s+(\d+)/.exec(header)?.[1] ?? NaN);
        const text = (await this.stream(offset, maxBytes, 'an object stream')).toString('latin1');
        const numbers = text.slice(0, first).trim().split(/\s+/).map(Number);
        if (!Number.isInteger(n) || !Number.isInteger(first) || numbers.length < n * 2) {
          throw new InvoiceFormatError('PDF: malformed object stream header');
        }
        for (let i = 0; i < n; i++) {
          const start = first + (numbers[i * 2 + 1] ?? 0);
          const end = i + 1 < n ? first + (numbers[i * 2 + 3] ?? 0) : text.length;
          this.compressed.set(numbers[i * 2] ?? -1, text.slice(start, end));
        }
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    return problems;
  }
}
