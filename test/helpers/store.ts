import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { PollResult } from '../../src/gateway/types.ts';
import type { Manifest } from '../../src/store/types.ts';
import { describeGateway, triggerGateway } from '../../src/temporal/gateway-schedules.ts';

/** Triggers one tick of a deployed gateway and waits for that poll run to finish; rejects if it failed. */
export async function runTick(client: Client, gatewayId: string, timeoutMs = 60_000): Promise<PollResult> {
  const before = (await describeGateway(client, gatewayId)).info.numActionsTaken;
  await triggerGateway(client, gatewayId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { info } = await describeGateway(client, gatewayId);
    const latest = info.recentActions.at(-1);
    if (info.numActionsTaken > before && latest) {
      const { workflowId, firstExecutionRunId } = latest.action.workflow;
      return client.workflow.getHandle(workflowId, firstExecutionRunId).result() as Promise<PollResult>;
    }
    if (Date.now() > deadline) throw new Error(`Gateway ${gatewayId} did not start a tick within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

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
  return JSON.stringify(history, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      const bytes = Buffer.from(value);
      return `${bytes.toString('utf8')} ${bytes.toString('base64')}`;
    }
    if (typeof value === 'bigint') return value.toString();
    return value;
  });
}
