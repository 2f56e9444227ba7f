import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import { PayloadDecryptionError } from './encryption-codec.ts';
import { PayloadJsonError, payloadsFromJson, payloadsToJson } from './payload-json.ts';

export const DEFAULT_CODEC_SERVER_PORT = 8888;
export const DEFAULT_CODEC_SERVER_HOST = '127.0.0.1';
/** The dev server's Web UI, under both names a browser may use for it. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = ['http://localhost:8233', 'http://127.0.0.1:8233'];
const ALLOWED_HEADERS = 'content-type,x-namespace,authorization';
// The UI sends one history's payloads per request; Temporal caps a single payload at 2 MB by default.
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** 8888 by default; 0 picks a free port. */
  port?: number;
  /** 127.0.0.1 by default: decoded payloads are personal data, keep them off the network unless asked. */
  host?: string;
  /** Browser origins allowed to call the server (the Temporal Web UI). */
  corsOrigins?: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  maxBodyBytes?: number;
  /** Where unexpected failures are reported; never receives payload contents. */
  log?: (line: string) => void;
}

export interface RunningCodecServer {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests so the check takes the same time whatever the guess. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep draining rather than dropping the socket, so the client still reads the 413.
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  if (tooLarge) throw new HttpError(413, `body larger than ${limit} bytes`);
  return Buffer.concat(chunks).toString('utf8');
}

/** The codec-server protocol routes on the last path segment only, so the server can be mounted under any prefix. */
function operation(url: string | undefined): 'encode' | 'decode' | undefined {
  // Not `new URL()`: it would read the `//decode` a UI endpoint with a trailing slash produces as a host name.
  const path = (url ?? '/').split(/[?#]/)[0] ?? '';
  const last = path.split('/').filter(Boolean).at(-1);
  return last === 'encode' || last === 'decode' ? last : undefined;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Serves the Temporal codec-server protocol (`POST …/encode`, `POST …/decode`, proto-JSON Payloads in and out) for
 * the Web UI and `temporal --codec-endpoint`. Errors go back as text/plain: the UI then shows the payloads as they
 * are instead of trying to render an error object as payloads.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const { codec } = options;
  const corsOrigins = new Set(options.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const expectedToken = options.token ? digest(options.token) : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((line: string) => console.error(line));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      // Browsers enforce CORS; refusing outright also stops pages on other origins from making the server work.
      if (!corsOrigins.has(origin)) throw new HttpError(403, `origin ${origin} is not allowed`);
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('Vary', 'Origin');

    if (req.method === 'OPTIONS') {
      // Preflights never carry credentials, so they are answered before the token check.
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    const op = operation(req.url);
    if (!op) throw new HttpError(404, 'not found: POST /encode or /decode');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { Allow: 'POST, OPTIONS' });
    if (expectedToken && !bearerMatches(req.headers.authorization, expectedToken)) {
      throw new HttpError(401, 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer realm="codec"' });
    }

    const text = await readBody(req, maxBodyBytes);
    let payloads;
    try {
      payloads = payloadsFromJson(JSON.parse(text) as unknown);
    } catch (err) {
      if (err instanceof SyntaxError || err instanceof PayloadJsonError) throw new HttpError(400, err.message);
      throw err;
    }
    let result;
    try {
      result = op === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    } catch (err) {
      // The protocol answers codec failures with 400; the decryption messages name the key id, never the key.
      if (err instanceof PayloadDecryptionError) throw new HttpError(400, err.message);
      throw err;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(payloadsToJson(result)));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) log(`codec server: ${req.method} ${req.url} failed: ${(err as Error).stack ?? String(err)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, {
        ...(err instanceof HttpError ? err.headers : {}),
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(status === 500 ? 'internal error (see the codec server log)\n' : `${(err as Error).message}\n`);
    });
  });

  const host = options.host ?? DEFAULT_CODEC_SERVER_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_CODEC_SERVER_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${formatHost(host)}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections from the UI would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
