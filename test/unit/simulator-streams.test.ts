import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { base64Length, base64Source } from '../../src/simulator/stream/base64-stream.ts';
import {
  bytesSource,
  concatSources,
  limitSource,
  randomBytesSource,
  randomTextSource,
  sourceToBuffer,
  type ByteSource,
} from '../../src/simulator/stream/byte-source.ts';
import { zipSize, zipSource } from '../../src/simulator/stream/zip-stream.ts';

/** A source that yields its bytes in irregular chunk sizes, to exercise the base64 carry-over. */
function chunkedSource(data: Buffer, sizes: number[]): ByteSource {
  return {
    size: data.length,
    *chunks() {
      let offset = 0;
      for (let i = 0; offset < data.length; i++) {
        const size = sizes[i % sizes.length] ?? 1;
        yield data.subarray(offset, offset + size);
        offset += size;
      }
    },
  };
}

describe('simulator streaming base64', () => {
  test('equals Buffer base64 for every length and chunking, and announces its size', () => {
    const data = sourceToBuffer(randomBytesSource(7, 1000));
    for (const length of [0, 1, 2, 3, 4, 5, 100, 999, 1000]) {
      for (const sizes of [[1], [2], [4, 1, 7], [5], [3, 3, 2], [1000]]) {
        const input = data.subarray(0, length);
        const encoded = base64Source(chunkedSource(input, sizes));
        const text = sourceToBuffer(encoded).toString('latin1');
        assert.equal(text, input.toString('base64'), `length ${length}, chunks ${sizes.join(',')}`);
        assert.equal(encoded.size, text.length);
        assert.equal(base64Length(length), text.length);
      }
    }
  });

  test('emits every piece but the last on a 4-character boundary (3 input bytes)', () => {
    const encoded = base64Source(chunkedSource(sourceToBuffer(randomBytesSource(3, 50_000)), [7, 4096, 1]));
    const pieces = [...encoded.chunks()];
    for (const piece of pieces.slice(0, -1)) assert.equal(piece.length % 4, 0);
  });
});

describe('simulator streaming zip', () => {
  test('round-trips through fflate with the data descriptors, and its size is known in advance', () => {
    const big = randomBytesSource(11, 1_000_003);
    const entries = [
      { name: 'FACFBL26-0000122110502603807.pdf', content: bytesSource('%PDF-1.4 tiny') },
      { name: 'dossier/annexe-é.txt', content: bytesSource('Pièce jointe complémentaire') },
      { name: 'vide.txt', content: bytesSource('') },
      { name: 'big.bin', content: big },
    ];
    const zip = zipSource(entries);
    const bytes = sourceToBuffer(zip);
    assert.equal(bytes.length, zip.size);
    assert.equal(zip.size, zipSize(entries.map((e) => ({ name: e.name, size: e.content.size }))));
    assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
    const files = unzipSync(bytes);
    assert.deepEqual(Object.keys(files).sort(), entries.map((e) => e.name).sort());
    assert.equal(Buffer.from(files['dossier/annexe-é.txt'] ?? []).toString('utf8'), 'Pièce jointe complémentaire');
    assert.equal(files['vide.txt']?.length, 0);
    assert.ok(Buffer.from(files['big.bin'] ?? []).equals(sourceToBuffer(big)));
  });

  test('refuses a content that does not match its announced size', () => {
    const liar: ByteSource = {
      size: 10,
      *chunks() {
        yield Buffer.from('short');
      },
    };
    assert.throws(() => sourceToBuffer(zipSource([{ name: 'x', content: liar }])), /announced 10/);
  });
});

describe('simulator byte sources', () => {
  test('random bytes depend only on the seed, and random text is XML-comment safe', () => {
    assert.ok(sourceToBuffer(randomBytesSource(5, 70_000)).equals(sourceToBuffer(randomBytesSource(5, 70_000))));
    assert.ok(!sourceToBuffer(randomBytesSource(5, 100)).equals(sourceToBuffer(randomBytesSource(6, 100))));
    const text = sourceToBuffer(randomTextSource(9, 5000)).toString('latin1');
    assert.equal(text.length, 5000);
    assert.match(text, /^[A-Za-z0-9+/]+$/);
  });

  test('concat and limit keep exact sizes', () => {
    const joined = concatSources(['abc', Buffer.from('def'), randomBytesSource(1, 10)]);
    assert.equal(joined.size, 16);
    assert.equal(sourceToBuffer(joined).subarray(0, 6).toString(), 'abcdef');
    const cut = limitSource(joined, 5);
    assert.equal(cut.size, 5);
    assert.equal(sourceToBuffer(cut).toString(), 'abcde');
    assert.equal(sourceToBuffer(limitSource(joined, 100)).length, 16);
  });
});
