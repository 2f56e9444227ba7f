import type { Client } from '@temporalio/client';
import type { PollResult } from '../gateway/types.ts';
import { describeGateway, triggerGateway } from './gateway-schedules.ts';

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
    if (Date.now() > deadline) {
      throw new Error(
        `Gateway ${gatewayId} did not start a tick within ${timeoutMs} ms (a tick already running is skipped)`,
      );
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
