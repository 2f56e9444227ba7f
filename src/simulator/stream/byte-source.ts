import { fillRandomBytes } from '../prng.ts';

/**
 * A lazily produced byte sequence whose exact size is known up front. Every downloadable file is one of these, so the
 * simulator can answer 413 or set Content-Length before producing a byte, and never holds a large file whole.
 */
export interface ByteSource {
  readonly size: number;
  chunks(): Iterable<Uint8Array>;
}

/** Chunk size used by generated content: 64 KiB rounded down to a multiple of 3 so base64 needs no carry-over. */
export const CHUNK_SIZE = 65535;

const encoder = new TextEncoder();

export function bytesSource(data: Uint8Array | string): ByteSource {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return {
    size: bytes.length,
    *chunks() {
      if (bytes.length > 0) yield bytes;
    },
  };
}

export type SourcePart = ByteSource | Uint8Array | string;

export function concatSources(parts: readonly SourcePart[]): ByteSource {
  const sources = parts.map((part) =>
    typeof part === 'string' || part instanceof Uint8Array ? bytesSource(part) : part,
  );
  return {
    size: sources.reduce((sum, source) => sum + source.size, 0),
    *chunks() {
      for (const source of sources) yield* source.chunks();
    },
  };
}

/** Deterministic pseudo-random filler: incompressible, like real scanned attachments. */
export function randomBytesSource(seed: number, size: number): ByteSource {
  return {
    size,
    *chunks() {
      for (let offset = 0, block = 0; offset < size; offset += CHUNK_SIZE, block++) {
        const chunk = new Uint8Array(Math.min(CHUNK_SIZE, size - offset));
        fillRandomBytes(seed, block, chunk);
        yield chunk;
      }
    },
  };
}

const PRINTABLE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Pseudo-random printable ASCII (no '-' or '<'), safe inside an XML comment. */
export function randomTextSource(seed: number, size: number): ByteSource {
  const random = randomBytesSource(seed, size);
  return {
    size,
    *chunks() {
      for (const chunk of random.chunks()) {
        for (let i = 0; i < chunk.length; i++) chunk[i] = PRINTABLE.charCodeAt((chunk[i] ?? 0) & 63);
        yield chunk;
      }
    },
  };
}

/** The first `maxBytes` bytes of a source. */
export function limitSource(source: ByteSource, maxBytes: number): ByteSource {
  const size = Math.max(0, Math.min(source.size, maxBytes));
  return {
    size,
    *chunks() {
      let left = size;
      if (left === 0) return;
      for (const chunk of source.chunks()) {
        if (chunk.length >= left) {
          yield chunk.subarray(0, left);
          return;
        }
        left -= chunk.length;
        yield chunk;
      }
    },
  };
}

/** Materializes a source; only for small content and tests. */
export function sourceToBuffer(source: ByteSource): Buffer {
  return Buffer.concat(
    [...source.chunks()].map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
  );
}
