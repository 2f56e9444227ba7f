import { ApplicationFailure, getClient } from '@temporalio/activity';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { PollInput } from '../src/gateway/types.ts';
import { deployedGateway } from '../src/temporal/gateway-schedules.ts';

/** A backfill works on the gateway as deployed: its Schedule holds the settings and the dedupe scope. */
export async function loadDeployment(gatewayId: string): Promise<PollInput> {
  try {
    return await deployedGateway(getClient(), gatewayId);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) {
      throw ApplicationFailure.create({
        type: 'GatewayNotDeployed',
        nonRetryable: true,
        message: `No gateway "${gatewayId}" is deployed. Deploy it first (\`chorus-gateway deploy\`), or check the id with \`chorus-gateway list\`.`,
      });
    }
    throw err;
  }
}
