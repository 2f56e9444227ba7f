import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Base64ContentSink, MemoryBudget } from '../../src/invoice/content-sinks.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'content-sinks-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Feeds base64 text in pieces of `step` characters, as the scanner does across chunk boundaries. */
function feed(sink: Base64ContentSink, bytes: Buffer, step = 7): string {
  const text = bytes.toString('base64');
  for (let i = 0; i < text.length; i += step) sink.write(Buffer.from(text.slice(i, i + step)));
  return sink.finish();
}

describe('Base64ContentSink', () => {
  const zipLike = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 7)]);

  test('keeps small content in memory: no file is written', () => {
    const path = join(dir, 'small.bin');
    const sink = new Base64ContentSink(path, 1000, new MemoryBudget(1000), 'content #1', 'placeholder-1');
    assert.equal(feed(sink, zipLike), 'placeholder-1');
    assert.deepEqual(sink.content(), zipLike);
    assert.equal(sink.bytes, zipLike.length);
    assert.equal(sink.isZip(), true);
    assert.equal(existsSync(path), false);
  });

  test('goes to its file once the shared budget is spent, with what it had kept, and gives the budget back', async () => {
    const budget = new MemoryBudget(100);
    const first = new Base64ContentSink(join(dir, 'first.bin'), 1000, budget, 'content #1', 'p1');
    feed(first, Buffer.alloc(80, 1));
    const secondPath = join(dir, 'second.bin');
    const second = new Base64ContentSink(secondPath, 1000, budget, 'content #2', 'p2');
    const content = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 251));
    feed(second, content);
    assert.equal(second.content(), secondPath);
    assert.deepEqual(await readFile(secondPath), content);
    assert.equal(second.isZip(), false);
    // The 80 bytes of the first sink are still held; the 20 left are free again after the spill.
    assert.equal(budget.take(21), false);
    assert.equal(budget.take(20), true);
    second.discard();
    assert.equal(existsSync(secondPath), false);
  });

  test('refuses content over its limit and bad base64; abort removes a started file', () => {
    const path = join(dir, 'big.bin');
    const sink = new Base64ContentSink(path, 50, new MemoryBudget(10), 'content #3', 'p3');
    assert.throws(() => feed(sink, Buffer.alloc(60)), /content #3 is larger than the limit of 50 bytes/);
    assert.equal(existsSync(path), true, 'spilled before the limit was reached');
    sink.abort();
    assert.equal(existsSync(path), false);
    const bad = new Base64ContentSink(join(dir, 'bad.bin'), 50, new MemoryBudget(10), 'content #4', 'p4');
    assert.throws(() => bad.write(Buffer.from('QUJD*')), /content #4: invalid character "\*"/);
  });
});
