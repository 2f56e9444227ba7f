import { randomBytes } from 'node:crypto';
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleDescription,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { pollGateway } from '../../workflows/index.ts';
import { scheduleId } from '../../workflows/invoice-ids.ts';
import type { CredentialResolver } from '../config/credentials.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { ConfigError } from '../config/load-config.ts';
import type { PollInput } from '../gateway/types.ts';
import { CronError, cronToScheduleSpec, describeCron } from '../schedule/index.ts';
import { GATEWAY_SEARCH_ATTRIBUTES, GatewayIdKey } from './search-attributes.ts';

export interface DeployResult {
  gatewayId: string;
  scheduleId: string;
  scope: string;
  action: 'created' | 'updated';
}

/** Non-secret facts kept on the Schedule, readable in the Web UI and by `chorus-gateway`. */
export interface GatewayMemo {
  gatewayId: string;
  scope: string;
  createdAt: string;
}

function scheduleSpec(gateway: GatewayConfig) {
  try {
    return cronToScheduleSpec(gateway.schedule.cron, gateway.schedule.timezone);
  } catch (err) {
    if (err instanceof CronError) {
      throw new ConfigError(`Gateway "${gateway.id}": schedule.cron "${gateway.schedule.cron}": ${err.message}`);
    }
    throw err;
  }
}

function pollAction(
  gateway: GatewayConfig,
  scope: string,
  taskQueue: string,
): ScheduleOptionsStartWorkflowAction<typeof pollGateway> {
  const args: [PollInput] = [{ gateway, scope }];
  return {
    type: 'startWorkflow',
    workflowType: 'pollGateway',
    workflowId: `poll-${gateway.id}`,
    taskQueue,
    args,
    typedSearchAttributes: [{ key: GatewayIdKey, value: gateway.id }],
    staticSummary: `Poll of gateway ${gateway.id} (recipient SIRET ${gateway.recipient.siret})`,
    staticDetails: `Cron \`${gateway.schedule.cron}\` (${describeCron(gateway.schedule.cron)}), time zone ${gateway.schedule.timezone}.`,
  };
}

/** Registers the gateway's search attributes on servers started without them (a cluster, Temporal Cloud). */
export async function ensureSearchAttributes(client: Client): Promise<void> {
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
    namespace: client.options.namespace,
  });
  const missing = GATEWAY_SEARCH_ATTRIBUTES.filter((key) => !(key.name in customAttributes));
  if (missing.length === 0) return;
  await client.connection.operatorService.addSearchAttributes({
    namespace: client.options.namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [
        key.name,
        key.type === SearchAttributeType.KEYWORD_LIST
          ? proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST
          : proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
}

export function scopeOf(description: ScheduleDescription): string | undefined {
  const memo = description.memo as Partial<GatewayMemo> | undefined;
  return memo?.scope;
}

/**
 * Creates the gateway's Schedule, or updates it in place. An update keeps the dedupe scope; only deleting the
 * gateway and creating it again starts a new one.
 */
export async function deployGateway(
  client: Client,
  gateway: GatewayConfig,
  options: { taskQueue: string; credentials?: CredentialResolver },
): Promise<DeployResult> {
  const spec = scheduleSpec(gateway);
  // Refuse now a gateway whose worker could never authenticate, rather than at its first tick.
  options.credentials?.resolve(gateway.credentials);
  const id = scheduleId(gateway.id);
  const handle = client.schedule.getHandle(id);

  let existing: ScheduleDescription | undefined;
  try {
    existing = await handle.describe();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }

  if (existing) {
    const scope = scopeOf(existing);
    if (!scope)
      throw new ConfigError(`Schedule ${id} exists but was not created by chorus-gateway (no scope in its memo)`);
    await handle.update((previous) => ({
      ...previous,
      spec,
      action: pollAction(gateway, scope, options.taskQueue),
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP },
    }));
    return { gatewayId: gateway.id, scheduleId: id, scope, action: 'updated' };
  }

  const scope = randomBytes(4).toString('hex');
  const memo: GatewayMemo = { gatewayId: gateway.id, scope, createdAt: new Date().toISOString() };
  try {
    await client.schedule.create({
      scheduleId: id,
      spec,
      action: pollAction(gateway, scope, options.taskQueue),
      // A tick never runs beside another of the same gateway; ticks missed while the workers were down are not
      // replayed one by one, since the next tick covers their window anyway.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
      memo: { ...memo },
      typedSearchAttributes: [{ key: GatewayIdKey, value: gateway.id }],
    });
  } catch (err) {
    // Another deploy won the race: update what it created.
    if (err instanceof ScheduleAlreadyRunning) return deployGateway(client, gateway, options);
    throw err;
  }
  return { gatewayId: gateway.id, scheduleId: id, scope, action: 'created' };
}

export function triggerGateway(client: Client, gatewayId: string): Promise<void> {
  return onSchedule(client, gatewayId, (handle) => handle.trigger(ScheduleOverlapPolicy.SKIP));
}

/** Runs an operation on the gateway's Schedule, turning "no such Schedule" into a message that says what to do. */
async function onSchedule<T>(
  client: Client,
  gatewayId: string,
  operation: (handle: ReturnType<Client['schedule']['getHandle']>) => Promise<T>,
): Promise<T> {
  try {
    return await operation(client.schedule.getHandle(scheduleId(gatewayId)));
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new ConfigError(unknownGateway(gatewayId));
    throw err;
  }
}

export function deleteGateway(client: Client, gatewayId: string): Promise<void> {
  return onSchedule(client, gatewayId, (handle) => handle.delete());
}

export function pauseGateway(client: Client, gatewayId: string, note: string): Promise<void> {
  return onSchedule(client, gatewayId, (handle) => handle.pause(note));
}

export function resumeGateway(client: Client, gatewayId: string): Promise<void> {
  return onSchedule(client, gatewayId, (handle) => handle.unpause('Resumed with chorus-gateway'));
}

export function unknownGateway(gatewayId: string): string {
  return `No gateway "${gatewayId}" is deployed (no Schedule ${scheduleId(gatewayId)}). Deploy it with \`chorus-gateway deploy\`, or list deployed gateways with \`chorus-gateway list\`.`;
}

export function describeGateway(client: Client, gatewayId: string): Promise<ScheduleDescription> {
  return onSchedule(client, gatewayId, (handle) => handle.describe());
}

/** The settings and scope a deployed gateway's ticks run with, read from its Schedule's action. */
export async function deployedGateway(client: Client, gatewayId: string): Promise<PollInput> {
  const description = await client.schedule.getHandle(scheduleId(gatewayId)).describe();
  // Kept raw: the backfill activity turns ScheduleNotFoundError into its own non-retryable failure.
  const [input] = description.action.args as [PollInput | undefined];
  if (!input?.gateway || !input.scope) {
    throw new ConfigError(`Schedule ${scheduleId(gatewayId)} was not created by chorus-gateway (no gateway settings)`);
  }
  return input;
}

export async function listGatewayIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const schedule of client.schedule.list()) {
    const memo = schedule.memo as Partial<GatewayMemo> | undefined;
    if (schedule.scheduleId.startsWith('gateway-') && memo?.gatewayId) ids.push(memo.gatewayId);
  }
  return ids.sort();
}
