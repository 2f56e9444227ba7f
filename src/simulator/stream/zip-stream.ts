import { crc32 } from 'node:zlib';
import type { ByteSource } from './byte-source.ts';

/**
 * Streaming ZIP writer with STORED (uncompressed) entries. Each entry's CRC is only known once its data has passed, so
 * the local header carries zeros and flag bit 3, and a data descriptor follows the data (APPNOTE 4.3.9). Entry sizes
 * are known in advance, which makes the archive's total size computable before writing anything.
 */

export interface ZipEntry {
  name: string;
  content: ByteSource;
  modified?: Date;
}

const LOCAL_HEADER = 30;
const DATA_DESCRIPTOR = 16;
const CENTRAL_HEADER = 46;
const END_OF_CENTRAL_DIRECTORY = 22;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const MAX_32 = 0xffffffff;

export function zipSize(entries: readonly { name: string; size: number }[]): number {
  let total = END_OF_CENTRAL_DIRECTORY;
  for (const entry of entries) {
    const nameLength = Buffer.byteLength(entry.name, 'utf8');
    total += LOCAL_HEADER + nameLength + entry.size + DATA_DESCRIPTOR + CENTRAL_HEADER + nameLength;
  }
  return total;
}

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

interface WrittenEntry {
  name: Buffer;
  flags: number;
  time: number;
  date: number;
  crc: number;
  size: number;
  offset: number;
}

export function zipSource(entries: readonly ZipEntry[]): ByteSource {
  const size = zipSize(entries.map((entry) => ({ name: entry.name, size: entry.content.size })));
  if (size > MAX_32) throw new Error('zip64 is not supported by the simulator');
  return {
    size,
    *chunks() {
      const written: WrittenEntry[] = [];
      let offset = 0;
      for (const entry of entries) {
        const name = Buffer.from(entry.name, 'utf8');
        const ascii = /^[\x20-\x7e]*$/.test(entry.name);
        const flags = FLAG_DATA_DESCRIPTOR | (ascii ? 0 : FLAG_UTF8);
        const stamp = dosDateTime(entry.modified ?? new Date(Date.UTC(2024, 0, 1)));
        const header = Buffer.alloc(LOCAL_HEADER);
        header.writeUInt32LE(0x04034b50, 0);
        header.writeUInt16LE(20, 4);
        header.writeUInt16LE(flags, 6);
        header.writeUInt16LE(0, 8); // method 0 = stored
        header.writeUInt16LE(stamp.time, 10);
        header.writeUInt16LE(stamp.date, 12);
        // crc, compressed and uncompressed sizes stay 0: they come in the data descriptor.
        header.writeUInt16LE(name.length, 26);
        header.writeUInt16LE(0, 28);
        yield Buffer.concat([header, name]);

        let crc = 0;
        let length = 0;
        for (const chunk of entry.content.chunks()) {
          crc = crc32(chunk, crc);
          length += chunk.length;
          yield chunk;
        }
        if (length !== entry.content.size) {
          throw new Error(`zip entry ${entry.name}: produced ${length} bytes, announced ${entry.content.size}`);
        }
        const descriptor = Buffer.alloc(DATA_DESCRIPTOR);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc >>> 0, 4);
        descriptor.writeUInt32LE(length, 8);
        descriptor.writeUInt32LE(length, 12);
        yield descriptor;
        written.push({ name, flags, time: stamp.time, date: stamp.date, crc: crc >>> 0, size: length, offset });
        offset += LOCAL_HEADER + name.length + length + DATA_DESCRIPTOR;
      }

      const centralStart = offset;
      const central: Buffer[] = [];
      for (const entry of written) {
        const record = Buffer.alloc(CENTRAL_HEADER);
        record.writeUInt32LE(0x02014b50, 0);
        record.writeUInt16LE(20, 4); // made by: MS-DOS, spec 2.0
        record.writeUInt16LE(20, 6);
        record.writeUInt16LE(entry.flags, 8);
        record.writeUInt16LE(0, 10);
        record.writeUInt16LE(entry.time, 12);
        record.writeUInt16LE(entry.date, 14);
        record.writeUInt32LE(entry.crc, 16);
        record.writeUInt32LE(entry.size, 20);
        record.writeUInt32LE(entry.size, 24);
        record.writeUInt16LE(entry.name.length, 28);
        record.writeUInt32LE(entry.offset, 42);
        central.push(record, entry.name);
      }
      const centralBytes = Buffer.concat(central);
      const end = Buffer.alloc(END_OF_CENTRAL_DIRECTORY);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(written.length, 8);
      end.writeUInt16LE(written.length, 10);
      end.writeUInt32LE(centralBytes.length, 12);
      end.writeUInt32LE(centralStart, 16);
      yield Buffer.concat([centralBytes, end]);
    },
  };
}
