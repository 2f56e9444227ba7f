import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvoiceFormatError, readPivotFile } from '../../src/invoice/index.ts';
import { extractSingleFileZip } from '../../src/invoice/zip-extract.ts';
import { pivotXml } from '../fixtures/invoice/pivot-builder.ts';
import { zip, zipOne } from '../fixtures/invoice/zip-builder.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoice-zip-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const data = Buffer.from('%PDF-1.4\n' + 'x'.repeat(10_000));
const sha = createHash('sha256').update(data).digest('hex');

/** A ZIP comment of the largest size puts the central directory beyond the first read: reads go through the handle. */
function withLongComment(archive: Buffer): Buffer {
  const comment = 0xffff;
  const copy = Buffer.concat([archive, Buffer.alloc(comment, 0x20)]);
  if (archive.length >= 22 && archive.readUInt32LE(archive.length - 22) === 0x06054b50)
    copy.writeUInt16LE(comment, archive.length - 2);
  return copy;
}

const SOURCES: [string, (archive: Buffer, path: string) => Promise<string | Buffer>][] = [
  ['a file', async (archive, path) => (await writeFile(path, archive), path)],
  [
    'a file too large to read at once',
    async (archive, path) => (await writeFile(path, withLongComment(archive)), path),
  ],
  ['memory', (archive) => Promise.resolve(archive)],
];

for (const [sourceName, toSource] of SOURCES) {
  describe(`attachment ZIP extraction from ${sourceName}`, () => {
    async function extract(archive: Buffer, maxBytes = 1024 * 1024) {
      const out = join(dir, `out-${++n}`);
      const source = await toSource(archive, join(dir, `a-${n}.zip`));
      return { result: extractSingleFileZip(source, out, { maxBytes, label: 'attachment 1' }), out };
    }

    async function refusedWith(archive: Buffer, pattern: RegExp, maxBytes?: number): Promise<void> {
      const { result, out } = await extract(archive, maxBytes);
      await assert.rejects(
        result,
        (error: unknown) => error instanceof InvoiceFormatError && pattern.test(error.message),
      );
      await assert.rejects(access(out), 'no partial file is left');
    }

    for (const [label, options] of [
      ['STORED', { method: 'store' }],
      ['DEFLATE', { method: 'deflate' }],
      ['STORED with data descriptor', { method: 'store', dataDescriptor: true }],
      ['DEFLATE with data descriptor', { method: 'deflate', dataDescriptor: true }],
    ] as const) {
      test(`extracts a ${label} entry with its size and SHA-256`, async () => {
        const { result, out } = await extract(zipOne('facture.pdf', data, options));
        assert.deepEqual(await result, { entryName: 'facture.pdf', bytes: data.length, sha256: sha });
        assert.deepEqual(await readFile(out), data);
      });
    }

    test('refuses a ZIP with two entries', async () => {
      await refusedWith(
        zip([
          { name: 'a.pdf', data },
          { name: 'b.pdf', data },
        ]),
        /holds 2 entries where exactly one/,
      );
    });

    test('refuses an empty ZIP and a file that is not a ZIP', async () => {
      await refusedWith(zip([]), /holds 0 entries/);
      await refusedWith(Buffer.from('PK\u0003\u0004 but nothing else'), /not a ZIP file/);
    });

    test('stops inflating a zip bomb past maxBytes, whatever size it declares', async () => {
      const zeros = Buffer.alloc(20 * 1024 * 1024);
      await refusedWith(
        zipOne('bomb.pdf', zeros, { method: 'deflate' }),
        /declares 20971520 bytes, more than the limit/,
      );
      // Lying about the size does not help: the stream is cut at the limit.
      await refusedWith(
        zipOne('bomb.pdf', zeros, { method: 'deflate', declaredSize: 100 }),
        /expands to more than 1048576 bytes/,
      );
    });

    test('refuses entry names that try to leave the folder', async () => {
      for (const name of ['../../etc/passwd', '/etc/passwd', 'C:\\Windows\\x.pdf', 'a/../../b.pdf', '..\\x.pdf']) {
        await refusedWith(zipOne(name, data), /refused ZIP entry name/);
      }
      const { result } = await extract(zipOne('dossier/facture.pdf', data));
      assert.equal((await result).entryName, 'dossier/facture.pdf', 'a plain sub-folder is only a hint');
    });

    test('refuses corrupted data (CRC), encrypted entries and unknown methods', async () => {
      await refusedWith(zipOne('a.pdf', data, { declaredCrc: 1234 }), /CRC does not match/);
      await refusedWith(zipOne('a.pdf', data, { encrypted: true }), /encrypted/);
      const odd = zipOne('a.pdf', data);
      odd.writeUInt16LE(12, 8);
      odd.writeUInt16LE(12, odd.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
      await refusedWith(odd, /compression method 12/);
    });
  });
}

describe('attachment ZIPs in a pivot', () => {
  test('a hostile attachment ZIP makes readPivotFile fail with InvoiceFormatError', async () => {
    const pivot = pivotXml([
      {
        attachments: [
          {
            name: 'f.pdf',
            type: '01',
            zip: zip([
              { name: 'a', data },
              { name: 'b', data },
            ]),
          },
        ],
      },
    ]);
    const path = join(dir, 'pivot.xml');
    await writeFile(path, pivot);
    await assert.rejects(
      readPivotFile(path, join(dir, 'work')),
      (e: unknown) => e instanceof InvoiceFormatError && /invoice FAC-001, attachment 1/.test(e.message),
    );
    const traversal = pivotXml([{ attachments: [{ name: 'f.pdf', type: '01', zip: zipOne('../../x.pdf', data) }] }]);
    await writeFile(path, traversal);
    await assert.rejects(readPivotFile(path, join(dir, 'work2')), /refused ZIP entry name/);
  });
});
