import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteSource } from './stream/byte-source.ts';

/** What a route answers; the server writes it, applying the "slow body" fault to every byte. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A ByteSource is streamed chunk by chunk with a Content-Length. */
  body?: string | ByteSource;
}

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(value) };
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limitBytes) throw new BodyTooLargeError(`request body over ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function* bodyChunks(body: string | ByteSource): Generator<Uint8Array> {
  if (typeof body === 'string') {
    if (body.length > 0) yield Buffer.from(body, 'utf8');
    return;
  }
  yield* body.chunks();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends at most `bytesPerSecond`, in slices of a tenth of a second, so a client sees a slow but steady body. */
async function* throttled(chunks: Iterable<Uint8Array>, bytesPerSecond: number): AsyncGenerator<Uint8Array> {
  const slice = Math.max(1, Math.floor(bytesPerSecond / 10));
  const started = Date.now();
  let sent = 0;
  for (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += slice) {
      const piece = chunk.subarray(offset, Math.min(chunk.length, offset + slice));
      const due = started + (sent / bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      sent += piece.length;
      yield piece;
    }
  }
}

export function replySize(body: string | ByteSource | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.size;
}

/** Writes a reply; resolves when it is sent or when the client went away (a disconnect is not an error here). */
export async function writeReply(res: ServerResponse, reply: Reply, bytesPerSecond: number): Promise<void> {
  const headers: Record<string, string | number> = { ...reply.headers, 'Content-Length': replySize(reply.body) };
  res.writeHead(reply.status, headers);
  if (reply.body === undefined || replySize(reply.body) === 0) {
    res.end();
    return;
  }
  const chunks = bodyChunks(reply.body);
  const source = bytesPerSecond > 0 ? Readable.from(throttled(chunks, bytesPerSecond)) : Readable.from(chunks);
  try {
    await pipeline(source, res);
  } catch (error) {
    if (!res.destroyed && !isDisconnect(error)) throw error;
  }
}

function isDisconnect(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}
