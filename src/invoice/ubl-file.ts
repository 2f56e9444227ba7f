import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BinarySource } from './ubl-model.ts';
import type { UblPart } from './ubl-writer.ts';

/**
 * Writes serialised UBL parts to a file, streaming embedded documents as base64 straight from their files (never one
 * big string), and returns the size and SHA-256 of what was written.
 */

const CHUNK = 3 * 256 * 1024;

class HashingWriter {
  readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly stream: WriteStream) {}

  async write(data: string | Buffer): Promise<void> {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buffer.length === 0) return;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (!this.stream.write(buffer)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

async function writeBinary(writer: HashingWriter, source: BinarySource): Promise<void> {
  switch (source.kind) {
    case 'base64':
      return writer.write(source.text);
    case 'base64-file':
      for await (const chunk of createReadStream(source.path, { highWaterMark: CHUNK }))
        await writer.write(chunk as Buffer);
      return;
    case 'decoded-file': {
      // base64 works on 3-byte groups: keep the remainder of each chunk for the next one.
      let rest = Buffer.alloc(0);
      for await (const chunk of createReadStream(source.path, { highWaterMark: CHUNK })) {
        const data = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
        const whole = data.length - (data.length % 3);
        await writer.write(data.subarray(0, whole).toString('base64'));
        rest = Buffer.from(data.subarray(whole));
      }
      return writer.write(rest.toString('base64'));
    }
    case 'present':
      return;
  }
}

export async function writeUblParts(parts: UblPart[], path: string): Promise<{ bytes: number; sha256: string }> {
  const stream = createWriteStream(path, { flags: 'wx' });
  await once(stream, 'open');
  const writer = new HashingWriter(stream);
  try {
    for (const part of parts) {
      if (typeof part === 'string') await writer.write(part);
      else await writeBinary(writer, part.binary);
    }
    await writer.close();
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { bytes: writer.bytes, sha256: writer.hash.digest('hex') };
}

export async function sha256OfFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
