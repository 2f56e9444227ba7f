import type { Client } from '@temporalio/client';

/** Sizes of every payload found in an object tree (a history): objects with `metadata` and binary `data`. */
function collectPayloadSizes(node: unknown, sizes: number[]): void {
  if (!node || typeof node !== 'object') return;
  if (node instanceof Uint8Array) return;
  const record = node as Record<string, unknown>;
  if (record.metadata && record.data instanceof Uint8Array) sizes.push(record.data.length);
  for (const value of Object.values(record)) collectPayloadSizes(value, sizes);
}

/** The largest payload and the longest history among the workflows matching `query`. */
export async function historyFigures(client: Client, query?: string) {
  let largestPayload = 0;
  let longestHistory = 0;
  let workflows = 0;
  for await (const execution of client.workflow.list(query ? { query } : {})) {
    workflows++;
    longestHistory = Math.max(longestHistory, execution.historyLength);
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const sizes: number[] = [];
    collectPayloadSizes(history, sizes);
    largestPayload = Math.max(largestPayload, ...sizes);
  }
  return { largestPayload, longestHistory, workflows };
}
