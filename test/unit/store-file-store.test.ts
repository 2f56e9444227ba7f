import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FileStore, StoreError } from '../../src/store/file-store.ts';
import type { BlobRef } from '../../src/store/types.ts';

async function storeWithBlob(content = '<CPPFacturePivot/>'): Promise<{ store: FileStore; blob: BlobRef }> {
  const store = new FileStore(await mkdtemp(join(tmpdir(), 'store-')));
  const { key, path } = await store.allocateBlob('gw', '-42.xml');
  await writeFile(path, content);
  return { store, blob: await store.describeBlob(key) };
}

const delivery = (blob: BlobRef, scope = 's1') => ({
  gatewayId: 'gw',
  invoiceId: 42,
  scope,
  files: [{ name: 'message.xml', role: 'message' as const, blob }],
  metadata: { invoiceNumber: 'F-1' },
});

describe('file store', () => {
  test('delivers the message, its metadata and a manifest that lists both with sha256', async () => {
    const { store, blob } = await storeWithBlob();
    const manifest = await store.deliver(delivery(blob));
    const folder = store.messageFolder('gw', 42);
    assert.deepEqual((await readdir(folder)).sort(), ['manifest.json', 'message.xml', 'metadata.json']);
    assert.equal(await readFile(join(folder, 'message.xml'), 'utf8'), '<CPPFacturePivot/>');
    assert.deepEqual(
      manifest.files.map((file) => [file.name, file.role]),
      [
        ['message.xml', 'message'],
        ['metadata.json', 'metadata'],
      ],
    );
    assert.equal(manifest.files[0]?.sha256, blob.sha256);
    assert.deepEqual(await store.findManifest('gw', 42), manifest);
    assert.deepEqual(await readdir(join(store.root, 'blobs', 'gw')), [], 'the blob was moved, not copied');
  });

  test('repeating a delivery (a retried activity) returns the first manifest untouched', async () => {
    const { store, blob } = await storeWithBlob();
    const first = await store.deliver(delivery(blob));
    const second = await store.deliver(delivery(blob));
    assert.deepEqual(second, first);
  });

  test('a retry after a crash between moving the file and writing the manifest completes the delivery', async () => {
    const { store, blob } = await storeWithBlob();
    const folder = store.messageFolder('gw', 42);
    await store.deliver(delivery(blob));
    await rm(join(folder, 'manifest.json')); // as if the worker died before the commit point
    await writeFile(join(folder, '.manifest.json.0123abcd.tmp'), '{"half":'); // ...in the middle of writing it
    assert.equal(await store.findManifest('gw', 42), undefined);
    const manifest = await store.deliver(delivery(blob));
    assert.equal(manifest.files[0]?.sha256, blob.sha256);
    assert.deepEqual((await readdir(folder)).sort(), ['manifest.json', 'message.xml', 'metadata.json']);
  });

  test('a new dedupe scope replaces the message; a missing blob is a clear error', async () => {
    const { store, blob } = await storeWithBlob('v1');
    await store.deliver(delivery(blob, 's1'));
    const again = await store.allocateBlob('gw', '-42.xml');
    await writeFile(again.path, 'v2');
    const manifest = await store.deliver(delivery(await store.describeBlob(again.key), 's2'));
    assert.equal(manifest.scope, 's2');
    assert.equal(await readFile(join(store.messageFolder('gw', 42), 'message.xml'), 'utf8'), 'v2');

    const ghost = { key: 'blobs/gw/gone.xml', bytes: 1, sha256: 'x' };
    await assert.rejects(store.deliver({ ...delivery(ghost, 's3'), invoiceId: 43 }), StoreError);
  });

  test('refuses keys and names that would escape the store', async () => {
    const store = new FileStore(await mkdtemp(join(tmpdir(), 'store-')));
    assert.throws(() => store.pathOf('blobs/../../etc'), StoreError);
    assert.throws(() => store.messageFolder('../x', 1), StoreError);
    const { blob } = await storeWithBlob();
    await assert.rejects(
      store.deliver({ ...delivery(blob), files: [{ name: '../evil', role: 'attachment', blob }] }),
      StoreError,
    );
  });

  test('sweeps downloads and work folders left by a dead worker, and only old ones', async () => {
    const store = new FileStore(await mkdtemp(join(tmpdir(), 'store-')));
    const old = await store.allocateBlob('gw', '-1.xml');
    await writeFile(old.path, 'x');
    const workDir = await store.allocateWorkDir('gw');
    const later = Date.now() + 7 * 3600 * 1000;
    const fresh = await store.allocateBlob('gw', '-2.xml');
    await writeFile(fresh.path, 'y');
    const removed = await store.sweepStale(6 * 3600 * 1000, later);
    assert.deepEqual(removed.sort(), [old.path, fresh.path, workDir].sort());
    const again = await store.allocateBlob('gw', '-3.xml');
    await writeFile(again.path, 'z');
    assert.deepEqual(await store.sweepStale(6 * 3600 * 1000), [], 'recent files stay');
  });
});
