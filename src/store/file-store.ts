import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { removeIfPresent, sha256OfBytes, sha256OfFile, writeFileAtomic } from './files.ts';
import type { BlobRef, Delivery, Manifest, StoredFile } from './types.ts';

export const MANIFEST_NAME = 'manifest.json';
export const METADATA_NAME = 'metadata.json';

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

const TEMPORARY_FILE = /^\..+\.tmp$/;
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function checkSegment(value: string, what: string): string {
  if (!SAFE_SEGMENT.test(value) || value.includes('..'))
    throw new StoreError(`Unsafe ${what} "${value}" for a store path`);
  return value;
}

/**
 * Filesystem store: `blobs/<gateway>/` holds downloads until they are delivered, `messages/<gateway>/<invoice>/`
 * holds what downstream systems read. Both live under one root so delivering a blob is a rename, not a copy.
 */
export class FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  messageFolder(gatewayId: string, invoiceId: number): string {
    return join(this.root, 'messages', checkSegment(gatewayId, 'gateway id'), String(invoiceId));
  }

  /** A fresh path a downloader may write to; the key names it in activity results. */
  async allocateBlob(gatewayId: string, suffix: string): Promise<{ key: string; path: string }> {
    const key = `blobs/${checkSegment(gatewayId, 'gateway id')}/${randomUUID()}${checkSegment(`x${suffix}`, 'suffix').slice(1)}`;
    const path = this.pathOf(key);
    await mkdir(join(path, '..'), { recursive: true });
    return { key, path };
  }

  /** A private folder for an activity's intermediate files; what it keeps is adopted as blobs. */
  async allocateWorkDir(gatewayId: string): Promise<string> {
    const path = join(this.root, 'work', checkSegment(gatewayId, 'gateway id'), randomUUID());
    await mkdir(path, { recursive: true });
    return path;
  }

  async removeWorkDir(path: string): Promise<void> {
    if (!resolve(path).startsWith(join(this.root, 'work'))) throw new StoreError(`Not a work folder: ${path}`);
    await rm(path, { recursive: true, force: true });
  }

  /** Moves a finished file (from a work folder) into the blob area, so that activities can hand it on by key. */
  async adoptFile(gatewayId: string, path: string, suffix: string, known?: Omit<BlobRef, 'key'>): Promise<BlobRef> {
    const blob = await this.allocateBlob(gatewayId, suffix);
    await rename(path, blob.path);
    return { key: blob.key, ...(known ?? (await sha256OfFile(blob.path))) };
  }

  /**
   * Removes downloads and work folders left behind by workers that died mid-activity. Only entries older than
   * `maxAgeMs` go, so that files of activities still running on other workers stay.
   */
  async sweepStale(maxAgeMs: number, now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    for (const area of ['blobs', 'work']) {
      const gateways = await readdir(join(this.root, area)).catch(() => [] as string[]);
      for (const gateway of gateways) {
        const folder = join(this.root, area, gateway);
        for (const entry of await readdir(folder).catch(() => [] as string[])) {
          const path = join(folder, entry);
          const info = await stat(path).catch(() => undefined);
          if (info && now - info.mtimeMs > maxAgeMs) {
            await rm(path, { recursive: true, force: true });
            removed.push(path);
          }
        }
      }
    }
    return removed;
  }

  pathOf(key: string): string {
    const segments = key.split('/');
    if (segments[0] !== 'blobs' || segments.length !== 3) throw new StoreError(`Not a blob key: "${key}"`);
    segments.forEach((segment) => checkSegment(segment, 'blob key part'));
    return join(this.root, ...segments);
  }

  async describeBlob(key: string): Promise<BlobRef> {
    return { key, ...(await sha256OfFile(this.pathOf(key))) };
  }

  async discardBlob(key: string): Promise<void> {
    await removeIfPresent(this.pathOf(key));
  }

  async findManifest(gatewayId: string, invoiceId: number): Promise<Manifest | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.messageFolder(gatewayId, invoiceId), MANIFEST_NAME), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return JSON.parse(text) as Manifest;
  }

  /**
   * Moves the files into the message folder, writes the metadata, then the manifest last. Safe to repeat after a
   * crash at any point: files already moved are recognised by their sha256, and a folder only counts once its
   * manifest exists.
   */
  async deliver(delivery: Delivery): Promise<Manifest> {
    const folder = this.messageFolder(delivery.gatewayId, delivery.invoiceId);
    const existing = await this.findManifest(delivery.gatewayId, delivery.invoiceId);
    if (existing?.scope === delivery.scope) return existing;
    await mkdir(folder, { recursive: true });
    // A manifest of an older scope (the gateway was deleted and created again) is withdrawn before files change.
    if (existing) await removeIfPresent(join(folder, MANIFEST_NAME));
    // A worker killed in the middle of an atomic write leaves its temporary file; no other delivery of this invoice
    // runs at the same time (one workflow per invoice), so what is there now is debris.
    for (const entry of await readdir(folder)) {
      if (TEMPORARY_FILE.test(entry)) await removeIfPresent(join(folder, entry));
    }

    const files: StoredFile[] = [];
    for (const file of delivery.files) {
      checkSegment(file.name, 'file name');
      if (file.name === MANIFEST_NAME || file.name === METADATA_NAME) {
        throw new StoreError(`"${file.name}" is reserved in a message folder`);
      }
      await this.moveBlob(file.blob, join(folder, file.name));
      files.push({ name: file.name, role: file.role, bytes: file.blob.bytes, sha256: file.blob.sha256 });
    }

    const metadata = `${JSON.stringify(delivery.metadata, null, 2)}\n`;
    await writeFileAtomic(join(folder, METADATA_NAME), metadata);
    files.push({
      name: METADATA_NAME,
      role: 'metadata',
      bytes: Buffer.byteLength(metadata),
      sha256: sha256OfBytes(metadata),
    });

    const manifest: Manifest = {
      version: 1,
      gatewayId: delivery.gatewayId,
      invoiceId: delivery.invoiceId,
      scope: delivery.scope,
      deliveredAt: new Date().toISOString(),
      files,
    };
    await writeFileAtomic(join(folder, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const blob of delivery.discard ?? []) await this.discardBlob(blob.key);
    return manifest;
  }

  private async moveBlob(blob: BlobRef, destination: string): Promise<void> {
    const source = this.pathOf(blob.key);
    try {
      await rename(source, destination);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // The blob is gone: an earlier attempt may have moved it already.
    const present = await stat(destination).then(
      () => true,
      () => false,
    );
    if (present && (await sha256OfFile(destination)).sha256 === blob.sha256) return;
    throw new StoreError(
      `The downloaded file ${blob.key} is missing from the store; the invoice must be downloaded again`,
    );
  }
}
