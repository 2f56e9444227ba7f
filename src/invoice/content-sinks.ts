import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvoiceFormatError } from './errors.ts';

/**
 * Destinations for element contents taken out of XML by the scanner. Writes are synchronous on purpose: the scanner
 * is fed one bounded chunk at a time, so nothing queues up in memory however large the attachment is.
 */

/** Receives the text content of one extracted element; throwing aborts the scan. */
export interface ContentSink {
  write(bytes: Buffer): void;
  /** Called at the closing tag; returns the (XML-safe) text left in place of the content. */
  finish(): string;
  /** Called instead of finish when the scan fails. */
  abort(): void;
}

export interface ExtractRule {
  /** Local names (without prefix) of the elements whose content goes to a sink. */
  localNames: ReadonlySet<string>;
  open(info: { localName: string; ordinal: number; line: number }): ContentSink;
}

const SKIP = 64;
const PAD = 65;
const INVALID = 255;
/** base64 alphabet value of each byte; whitespace is skipped, anything else is an error. */
const BASE64_VALUES = (() => {
  const table = new Uint8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  for (const c of [0x20, 0x09, 0x0a, 0x0d]) table[c] = SKIP;
  table[0x3d] = PAD;
  return table;
})();

/** How many decoded bytes the sinks of one document may still keep in memory, together. */
export class MemoryBudget {
  constructor(private remaining: number) {}

  take(bytes: number): boolean {
    if (bytes > this.remaining) return false;
    this.remaining -= bytes;
    return true;
  }

  giveBack(bytes: number): void {
    this.remaining += bytes;
  }
}

const ZIP_SIGNATURE = 0x04034b50;

/**
 * Decodes base64 text on the fly, refusing more than `maxBytes` decoded bytes. Content stays in memory while the
 * document's budget allows (most attachments are small: no file to write and read back); past it, what was kept
 * and what follows goes to the file at `path`.
 */
export class Base64ContentSink implements ContentSink {
  private fd: number | undefined;
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private spilled = false;
  private pending = Buffer.alloc(0);
  private padding = 0;
  private head = Buffer.alloc(0);
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly budget: MemoryBudget,
    private readonly label: string,
    private readonly placeholder: string,
  ) {}

  write(text: Buffer): void {
    const clean = Buffer.allocUnsafe(this.pending.length + text.length);
    this.pending.copy(clean);
    let n = this.pending.length;
    for (let i = 0; i < text.length; i++) {
      const byte = text[i] ?? 0;
      const value = BASE64_VALUES[byte] ?? INVALID;
      if (value === SKIP) continue;
      if (value === INVALID) {
        throw new InvoiceFormatError(
          `${this.label}: invalid character "${String.fromCharCode(byte)}" in base64 content`,
        );
      }
      if (value === PAD) {
        if (++this.padding > 2) throw new InvoiceFormatError(`${this.label}: invalid base64 padding`);
      } else if (this.padding > 0) {
        throw new InvoiceFormatError(`${this.label}: base64 data after padding`);
      }
      clean[n++] = byte;
    }
    const whole = n - (n % 4);
    this.emit(clean.subarray(0, whole));
    this.pending = Buffer.from(clean.subarray(whole, n));
  }

  private emit(base64: Buffer): void {
    if (base64.length === 0) return;
    const decoded = Buffer.from(base64.toString('latin1'), 'base64');
    this.bytes += decoded.length;
    if (this.bytes > this.maxBytes) {
      throw new InvoiceFormatError(`${this.label} is larger than the limit of ${this.maxBytes} bytes`);
    }
    if (this.head.length < 4) this.head = Buffer.concat([this.head, decoded.subarray(0, 4 - this.head.length)]);
    if (!this.spilled && this.budget.take(decoded.length)) {
      this.kept.push(decoded);
      this.keptBytes += decoded.length;
      return;
    }
    if (!this.spilled) this.spill();
    if (this.fd !== undefined) writeSync(this.fd, decoded);
  }

  private spill(): void {
    this.spilled = true;
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, 'wx');
    for (const chunk of this.kept) writeSync(this.fd, chunk);
    this.budget.giveBack(this.keptBytes);
    this.kept = [];
    this.keptBytes = 0;
  }

  finish(): string {
    // Unpadded endings are tolerated ("QUJD" vs "QUI"); a single leftover character cannot encode a byte.
    if (this.pending.length === 1) throw new InvoiceFormatError(`${this.label}: truncated base64 content`);
    this.emit(this.pending);
    this.close();
    return this.placeholder;
  }

  abort(): void {
    this.close();
    this.discard();
  }

  /** The decoded bytes, or the path of the file that holds them. */
  content(): Buffer | string {
    return this.spilled ? this.path : Buffer.concat(this.kept, this.keptBytes);
  }

  /** Whether the content is a ZIP, from its first bytes. */
  isZip(): boolean {
    return this.head.length === 4 && this.head.readUInt32LE(0) === ZIP_SIGNATURE;
  }

  /** Removes the file the content spilled to, if any. */
  discard(): void {
    if (this.spilled) rmSync(this.path, { force: true });
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Keeps base64 text as it is (minus whitespace) in a file: for binary objects of UBL/CII documents that are
 * re-emitted as base64 in another XML, so they are never decoded.
 */
export class Base64TextFileSink implements ContentSink {
  private fd: number | undefined;
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly label: string,
    private readonly placeholder: string,
  ) {
    this.fd = openSync(path, 'wx');
  }

  write(text: Buffer): void {
    const clean = Buffer.allocUnsafe(text.length);
    let n = 0;
    for (const byte of text) {
      const value = BASE64_VALUES[byte] ?? INVALID;
      if (value === SKIP) continue;
      if (value === INVALID) throw new InvoiceFormatError(`${this.label}: invalid character in base64 content`);
      clean[n++] = byte;
    }
    this.bytes += n;
    if (this.bytes > this.maxBytes) throw new InvoiceFormatError(`${this.label} is larger than ${this.maxBytes} bytes`);
    if (this.fd !== undefined && n > 0) writeSync(this.fd, clean, 0, n);
  }

  finish(): string {
    this.close();
    return this.placeholder;
  }

  abort(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Drops the content, keeping its size: validation does not need embedded documents. */
export class DiscardSink implements ContentSink {
  bytes = 0;

  constructor(private readonly placeholder: string) {}

  write(text: Buffer): void {
    this.bytes += text.length;
  }

  finish(): string {
    return this.placeholder;
  }

  abort(): void {}
}
