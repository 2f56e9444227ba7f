import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../src/store/types.ts';

export interface StoredMessage {
  invoiceId: number;
  folder: string;
  manifest: Manifest;
  metadata: Record<string, unknown>;
}

/** Every committed message of a gateway (folders with a manifest); folders without one are returned apart. */
export async function readStore(
  storeRoot: string,
  gatewayId: string,
): Promise<{ messages: StoredMessage[]; uncommitted: string[] }> {
  const root = join(storeRoot, 'messages', gatewayId);
  const entries = await readdir(root).catch(() => [] as string[]);
  const messages: StoredMessage[] = [];
  const uncommitted: string[] = [];
  for (const entry of entries) {
    const folder = join(root, entry);
    const manifestText = await readFile(join(folder, 'manifest.json'), 'utf8').catch(() => undefined);
    if (manifestText === undefined) {
      uncommitted.push(entry);
      continue;
    }
    const metadata = JSON.parse(await readFile(join(folder, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    messages.push({ invoiceId: Number(entry), folder, manifest: JSON.parse(manifestText) as Manifest, metadata });
  }
  return { messages: messages.sort((a, b) => a.invoiceId - b.invoiceId), uncommitted };
}

/** A workflow history as text, payload bytes decoded, so a test can search it for values that must not be there. */
export function historyText(history: unknown): string {
  return JSON.stringify(history, (key, value: unknown) => {
    // Fetched histories carry payload bytes as base64 strings: decoded, what they hold can be searched.
    if (key === 'data' && typeof value === 'string') return `${Buffer.from(value, 'base64').toString('utf8')} ${value}`;
    if (value instanceof Uint8Array) {
      const bytes = Buffer.from(value);
      return `${bytes.toString('utf8')} ${bytes.toString('base64')}`;
    }
    if (typeof value === 'bigint') return value.toString();
    return value;
  });
}
