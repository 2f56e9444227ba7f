import type { ByteSource } from './byte-source.ts';

export function base64Length(byteCount: number): number {
  return Math.ceil(byteCount / 3) * 4;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Base64 of a source, produced incrementally: each emitted piece encodes a multiple of 3 input bytes, and the 0-2 bytes
 * left over are carried into the next chunk, so the concatenation equals the base64 of the whole input.
 */
export function base64Source(source: ByteSource): ByteSource {
  return {
    size: base64Length(source.size),
    *chunks() {
      let carry: Buffer = Buffer.alloc(0);
      for (const chunk of source.chunks()) {
        const input = carry.length === 0 ? toBuffer(chunk) : Buffer.concat([carry, toBuffer(chunk)]);
        const usable = input.length - (input.length % 3);
        if (usable > 0) yield Buffer.from(input.subarray(0, usable).toString('base64'), 'latin1');
        carry = Buffer.from(input.subarray(usable));
      }
      if (carry.length > 0) yield Buffer.from(carry.toString('base64'), 'latin1');
    },
  };
}
