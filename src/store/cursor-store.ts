import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.ts';

export interface CursorRecord {
  cursor: string;
  savedAt: string;
}

/**
 * The poll cursor of a gateway's dedupe scope, kept beside the messages. Temporal hands the last result to the next
 * tick, but not across a continue-as-new, and a Schedule re-created by hand starts empty: this copy survives both.
 */
export class CursorStore {
  constructor(private readonly root: string) {}

  private path(gatewayId: string, scope: string): string {
    if (!/^[a-z0-9-]+$/.test(gatewayId) || !/^[a-z0-9]+$/.test(scope)) {
      throw new Error(`Unsafe gateway id or scope "${gatewayId}"/"${scope}"`);
    }
    return join(this.root, 'state', gatewayId, `cursor-${scope}.json`);
  }

  async read(gatewayId: string, scope: string): Promise<CursorRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.path(gatewayId, scope), 'utf8')) as CursorRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async write(gatewayId: string, scope: string, cursor: string): Promise<void> {
    const path = this.path(gatewayId, scope);
    const current = await this.read(gatewayId, scope);
    // Two ticks finishing out of order must not move the cursor back.
    if (current && Date.parse(current.cursor) >= Date.parse(cursor)) return;
    await mkdir(join(path, '..'), { recursive: true });
    const record: CursorRecord = { cursor, savedAt: new Date().toISOString() };
    await writeFileAtomic(path, `${JSON.stringify(record)}\n`);
  }
}
