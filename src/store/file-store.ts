import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { removeIfPresent, sha256OfBytes, sha256OfFile } from './files.ts';
import type { BlobRef, Delivery, Manifest, StoredFile } from './types.ts';

export const MANIFEST_NAME = 'manifest.json';
export const METADATA_NAME = 'metadata.json';

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** One staging folder per delivery attempt's blobs: a retried delivery finds what it already moved. */
function stagingName(delivery: Delivery): string {
  return `delivery-${delivery.invoiceId}-${sha256OfBytes(delivery.files.map((file) => file.blob.key).join('\n')).slice(0, 16)}`;
}

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
  /** Area folders (`blobs/<gateway>`, …) made by this process: one mkdir each, not one per invoice. */
  private readonly madeFolders = new Set<string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  private async areaFolder(...segments: string[]): Promise<string> {
    const path = join(this.root, ...segments);
    if (!this.madeFolders.has(path)) {
      await mkdir(path, { recursive: true });
      this.madeFolders.add(path);
    }
    return path;
  }

  /** A folder removed behind the store's back is made again by the activity's retry. */
  private async renameIntoArea(source: string, destination: string): Promise<void> {
    try {
      await rename(source, destination);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.madeFolders.clear();
      throw err;
    }
  }

  messageFolder(gatewayId: string, invoiceId: number): string {
    return join(this.root, 'messages', checkSegment(gatewayId, 'gateway id'), String(invoiceId));
  }

  /** A fresh path a downloader may write to; the key names it in activity results. */
  async allocateBlob(gatewayId: string, suffix: string): Promise<{ key: string; path: string }> {
    const key = `blobs/${checkSegment(gatewayId, 'gateway id')}/${randomUUID()}${checkSegment(`x${suffix}`, 'suffix').slice(1)}`;
    await this.areaFolder('blobs', gatewayId);
    return { key, path: this.pathOf(key) };
  }

  /** A private folder for an activity's intermediate files; what it keeps is adopted as blobs. */
  async allocateWorkDir(gatewayId: string): Promise<string> {
    const path = join(this.root, 'work', checkSegment(gatewayId, 'gateway id'), randomUUID());
    await mkdir(path, { recursive: true });
    return path;
  }

  async removeWorkDir(path: string): Promise<void> {
    if (!resolve(path).startsWith(join(this.root, 'work'))) throw new StoreError(`Not a work folder: ${path}`);
    // Usually only empty folders are left (their files were adopted): three calls instead of a recursive walk.
    try {
      const entries = await readdir(path);
      await Promise.all(entries.map((entry) => rmdir(join(path, entry))));
      await rmdir(path);
    } catch {
      await rm(path, { recursive: true, force: true });
    }
  }

  /** Moves a finished file (from a work folder) into the blob area, so that activities can hand it on by key. */
  async adoptFile(gatewayId: string, path: string, suffix: string, known?: Omit<BlobRef, 'key'>): Promise<BlobRef> {
    const blob = await this.allocateBlob(gatewayId, suffix);
    await this.renameIntoArea(path, blob.path);
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
   * Builds the message folder in a staging folder (files moved in, metadata, manifest) and renames it into place, so
   * readers see a whole message or none. Safe to repeat after a crash at any point (the staging folder is named
   * after the delivery's blobs, and files already moved are recognised by their sha256), and safe when two runs
   * deliver the same invoice at once: one rename wins, the other returns the winner's manifest.
   */
  async deliver(delivery: Delivery): Promise<Manifest> {
    const { gatewayId, invoiceId, scope } = delivery;
    for (const file of delivery.files) {
      checkSegment(file.name, 'file name');
      if (file.name === MANIFEST_NAME || file.name === METADATA_NAME) {
        throw new StoreError(`"${file.name}" is reserved in a message folder`);
      }
    }
    const staging = join(this.root, 'work', checkSegment(gatewayId, 'gateway id'), stagingName(delivery));
    await mkdir(staging, { recursive: true });
    try {
      await Promise.all(delivery.files.map((file) => this.moveBlob(file.blob, join(staging, file.name))));
    } catch (err) {
      // Downloads gone: a retry of a delivery that was committed (they are in the message folder), or an error.
      const existing = await this.findManifest(gatewayId, invoiceId);
      if (existing?.scope !== scope) throw err;
      await rm(staging, { recursive: true, force: true });
      return this.alreadyDelivered(existing, delivery);
    }
    const files: StoredFile[] = delivery.files.map((file) => ({
      name: file.name,
      role: file.role,
      bytes: file.blob.bytes,
      sha256: file.blob.sha256,
    }));

    const metadata = `${JSON.stringify(delivery.metadata, null, 2)}\n`;
    files.push({
      name: METADATA_NAME,
      role: 'metadata',
      bytes: Buffer.byteLength(metadata),
      sha256: sha256OfBytes(metadata),
    });
    const manifest: Manifest = {
      version: 1,
      gatewayId,
      invoiceId,
      scope,
      deliveredAt: new Date().toISOString(),
      files,
    };
    // Nobody reads the staging folder: files are written in place (a retry after a crash rewrites them whole), and
    // the rename of the folder is what makes the message appear at once.
    await Promise.all([
      writeFile(join(staging, METADATA_NAME), metadata, { flush: true }),
      writeFile(join(staging, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true }),
    ]);
    return this.commit(staging, delivery, manifest);
  }

  protected async commit(staging: string, delivery: Delivery, manifest: Manifest): Promise<Manifest> {
    const { gatewayId, invoiceId, scope } = delivery;
    const folder = this.messageFolder(gatewayId, invoiceId);
    await this.areaFolder('messages', gatewayId);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.renameIntoArea(staging, folder);
        for (const blob of delivery.discard ?? []) await this.discardBlob(blob.key);
        return manifest;
      } catch (err) {
        if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
      }
      const current = await this.findManifest(gatewayId, invoiceId);
      if (current?.scope === scope) {
        await rm(staging, { recursive: true, force: true });
        return this.alreadyDelivered(current, delivery);
      }
      // The message of an older scope (the gateway was deleted and created again), or a folder without a manifest,
      // is withdrawn whole before the new one takes its place.
      const withdrawn = join(this.root, 'work', gatewayId, `withdrawn-${randomUUID()}`);
      await rename(folder, withdrawn).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await rm(withdrawn, { recursive: true, force: true });
    }
    throw new StoreError(`Another delivery keeps replacing ${folder}; the invoice will be tried again`);
  }

  /** Another run delivered this invoice first: this run's downloads are not needed. */
  private async alreadyDelivered(manifest: Manifest, delivery: Delivery): Promise<Manifest> {
    for (const blob of [...delivery.files.map((file) => file.blob), ...(delivery.discard ?? [])]) {
      await this.discardBlob(blob.key);
    }
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
