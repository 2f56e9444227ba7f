/**
 * telechargerGroupeFacture in PIVOT format, streamed: the base64 of `fichierResultat` is decoded to
 * `<destination>.part` as it arrives, hashed on the fly, capped at `maxBytes`, and renamed into place only when the
 * whole answer was read and valid. Memory stays flat whatever the file size.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequestError } from 'got';
import { ChorusError } from './errors.ts';
import { businessError, classifyRequestError, headerValue, type CallContext } from './http-failures.ts';
import { JsonBase64Error, JsonBase64Extractor, type JsonScalar } from './json-base64-extractor.ts';
import { invalidAnswer, type ChorusCall, type ChorusTransport } from './transport.ts';

export const DEFAULT_MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;
export const DOWNLOAD_PATH = '/cpro/factures/v1/telecharger/groupe';

export interface DownloadOptions {
  /** Largest decoded file accepted; default 100 MiB. */
  maxBytes?: number;
  /**
   * The destination is a fresh path in an existing folder that nobody reads before this call returns (a store's
   * download area): written directly instead of through `<file>.part` and a rename. Removed if the download fails.
   */
  fresh?: boolean;
}

export interface DownloadResult {
  bytes: number;
  /** Hex SHA-256 of the decoded file. */
  sha256: string;
}

export function normalizeInvoiceIds(invoiceIds: number[] | number): number[] {
  const list = Array.isArray(invoiceIds) ? invoiceIds : [invoiceIds];
  if (list.length === 0) throw new TypeError('downloadPivot: give at least one invoice id');
  for (const id of list) {
    if (!Number.isSafeInteger(id) || id <= 0) throw new TypeError(`downloadPivot: invalid invoice id ${String(id)}`);
  }
  return [...new Set(list)];
}

export async function downloadPivot(
  transport: ChorusTransport,
  invoiceIds: number[] | number,
  destinationFile: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const ids = normalizeInvoiceIds(invoiceIds);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
    throw new TypeError('downloadPivot: maxBytes must be a positive integer');
  const shown = ids.length > 5 ? `${ids.slice(0, 5).join(', ')}… (${ids.length} invoices)` : ids.join(', ');
  const call: ChorusCall = {
    operation: 'downloadPivot',
    action: `downloading the pivot file of invoice ${shown}`,
    path: DOWNLOAD_PATH,
    body: { format: 'PIVOT', listeFacture: ids.map((idFacture) => ({ idFacture })) },
  };
  const ctx = transport.contextOf(call);
  const partFile = options.fresh ? destinationFile : `${destinationFile}.part`;
  let output: WriteStream | undefined;
  try {
    if (!options.fresh) await mkdir(dirname(destinationFile), { recursive: true });
    const result = await transport.postStreaming(call, async (answer) => {
      const declared = Number(headerValue(answer.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > maxEncodedLength(maxBytes)) throw tooLarge(ctx, maxBytes);
      const decode = new PivotAnswerDecoder(ctx);
      const sink = new HashingLimiter(maxBytes, ctx);
      output = createWriteStream(partFile);
      await pipeline(answer.body, decode, sink, output);
      return { bytes: sink.bytes, sha256: sink.digest() };
    });
    if (partFile !== destinationFile) await rename(partFile, destinationFile);
    return result;
  } catch (error) {
    // A stream destroyed while still opening creates its file afterwards: wait for it to close before deleting.
    if (output) await closed(output);
    await rm(partFile, { force: true });
    throw toDownloadError(error, ctx);
  }
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}

/** Upper bound of the JSON answer for a file of `maxBytes`: base64 (4/3), line breaks escaped as `\r\n`, envelope. */
function maxEncodedLength(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4 * 1.1 + 1024 * 1024;
}

function tooLarge(ctx: CallContext, maxBytes: number): ChorusError {
  return new ChorusError({
    kind: 'too-large',
    operation: ctx.operation,
    message:
      `The file is larger than the limit of ${formatSize(maxBytes)} while ${ctx.action}; it was not stored. ` +
      'Raise maxBytes if this size is expected, or download fewer invoices per call.',
  });
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${bytes} bytes`;
}

function toDownloadError(error: unknown, ctx: CallContext): unknown {
  if (error instanceof ChorusError) return error;
  if (error instanceof JsonBase64Error) {
    // A body cut short can come whole next time; a wrong body will not.
    return invalidAnswer(ctx, error.message, error.reason === 'truncated');
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof RequestError || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET') {
    return classifyRequestError(error, ctx);
  }
  return error; // Local failures (disk full, permissions) are not Chorus Pro's: left as they are.
}

function codeOf(value: JsonScalar | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** JSON answer in, decoded file bytes out; a `codeRetour` ≠ 0 anywhere in the answer fails it. */
class PivotAnswerDecoder extends Transform {
  private readonly extractor: JsonBase64Extractor;
  private fieldStarted = false;

  constructor(private readonly ctx: CallContext) {
    super();
    this.extractor = new JsonBase64Extractor({
      field: 'fichierResultat',
      onBytes: (bytes) => {
        this.push(bytes);
      },
      onFieldStart: () => {
        this.fieldStarted = true;
        this.checkCode();
      },
      onScalar: (key) => {
        // Before the file, wait for the end or the file so that a `libelle` after `codeRetour` is shown too.
        if (key === 'codeRetour' && this.fieldStarted) this.checkCode();
      },
    });
  }

  private checkCode(): void {
    const code = codeOf(this.extractor.scalars.get('codeRetour'));
    if (code !== undefined && code !== 0) {
      const libelle = this.extractor.scalars.get('libelle');
      throw businessError(code, typeof libelle === 'string' ? libelle : undefined, this.ctx, 200);
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.extractor.write(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.extractor.end();
      this.checkCode();
      if (!this.extractor.fieldComplete) {
        throw invalidAnswer(this.ctx, 'the answer has no "fichierResultat"');
      }
      if (this.extractor.base64Length === 0) throw invalidAnswer(this.ctx, '"fichierResultat" is empty');
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

/** Counts and hashes the decoded bytes, and stops the download as soon as they pass `maxBytes`. */
class HashingLimiter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly maxBytes: number,
    private readonly ctx: CallContext,
  ) {
    super();
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(tooLarge(this.ctx, this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}
