import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FileStore, StoreError } from '../../src/store/file-store.ts';
import { sha256OfBytes } from '../../src/store/files.ts';
import type { BlobRef, Manifest } from '../../src/store/types.ts';

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
    assert.deepEqual(await readdir(join(store.root, 'work', 'gw')), [], 'no staging folder is left');
  });

  test('a retry after a crash before the commit completes the delivery from its staging folder', async () => {
    const { store, blob } = await storeWithBlob();
    const folder = store.messageFolder('gw', 42);
    class CrashingStore extends FileStore {
      protected override commit(): Promise<Manifest> {
        return Promise.reject(new Error('worker killed'));
      }
    }
    await assert.rejects(new CrashingStore(store.root).deliver(delivery(blob)), /worker killed/);
    assert.equal(await store.findManifest('gw', 42), undefined);
    const [staging] = await readdir(join(store.root, 'work', 'gw'));
    assert.ok(staging, 'the staging folder is kept for the retry');
    // Killed in the middle of writing the manifest: the retry writes it again, whole.
    await writeFile(join(store.root, 'work', 'gw', staging, 'manifest.json'), '{"half":');

    const manifest = await store.deliver(delivery(blob));
    assert.equal(manifest.files[0]?.sha256, blob.sha256);
    assert.deepEqual(await store.findManifest('gw', 42), manifest);
    assert.deepEqual((await readdir(folder)).sort(), ['manifest.json', 'message.xml', 'metadata.json']);
    assert.deepEqual(await readdir(join(store.root, 'work', 'gw')), []);
  });

  test('two runs delivering the same invoice at once commit one message, and both get its manifest', async () => {
    const { store, blob } = await storeWithBlob('first');
    const other = await store.allocateBlob('gw', '-42.xml');
    await writeFile(other.path, 'second');
    const [a, b] = await Promise.all([
      store.deliver(delivery(blob)),
      store.deliver(delivery(await store.describeBlob(other.key))),
    ]);
    assert.deepEqual(a, b);
    const content = await readFile(join(store.messageFolder('gw', 42), 'message.xml'), 'utf8');
    assert.equal(sha256OfBytes(content), a.files[0]?.sha256, 'the folder holds the file its manifest names');
    assert.deepEqual(await readdir(join(store.root, 'blobs', 'gw')), [], "the loser's download is discarded");
    assert.deepEqual(await readdir(join(store.root, 'work', 'gw')), [], 'no staging folder is left');
  });

  test('the messages folder removed while the worker runs: the delivery fails, and its retry makes it again', async () => {
    const { store, blob } = await storeWithBlob();
    await store.deliver(delivery(blob));
    await rm(join(store.root, 'messages'), { recursive: true });
    const next = await store.allocateBlob('gw', '-43.xml');
    await writeFile(next.path, 'next');
    const other = { ...delivery(await store.describeBlob(next.key)), invoiceId: 43 };
    await assert.rejects(store.deliver(other), /ENOENT/);
    const manifest = await store.deliver(other);
    assert.deepEqual(await store.findManifest('gw', 43), manifest);
  });

  test('a message folder without a manifest (debris) is replaced whole', async () => {
    const { store, blob } = await storeWithBlob();
    const folder = store.messageFolder('gw', 42);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'half-written.pdf'), 'x');
    await store.deliver(delivery(blob));
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

  test('a work folder goes whole, whether only empty folders are left in it or files too', async () => {
    const store = new FileStore(await mkdtemp(join(tmpdir(), 'store-')));
    const emptied = await store.allocateWorkDir('gw');
    await mkdir(join(emptied, 'invoice-1'));
    await mkdir(join(emptied, 'invoice-2'));
    const full = await store.allocateWorkDir('gw');
    await mkdir(join(full, 'invoice-1'));
    await writeFile(join(full, 'invoice-1', 'left.pdf'), 'x');
    await writeFile(join(full, 'ubl.xml'), '<Invoice/>');
    await store.removeWorkDir(emptied);
    await store.removeWorkDir(full);
    assert.deepEqual(await readdir(join(store.root, 'work', 'gw')), []);
    await assert.rejects(store.removeWorkDir(join(store.root, 'messages', 'gw')), StoreError);
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
