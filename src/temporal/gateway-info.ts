import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { PollInput, PollResult } from '../gateway/types.ts';
import { rootMessage } from '../gateway/root-message.ts';
import { describeGateway } from './gateway-schedules.ts';

export interface GatewayInfo {
  gatewayId: string;
  state: 'running' | 'paused';
  note?: string;
  scope: string;
  schedule: { cron: string; timezone: string; nextRuns: string[] };
  lastSuccess?: string;
  lastMessage?: string;
  lastError?: { at: string; workflowId: string; message: string };
  counts: { fetched: number; skippedAsDuplicates: number; failed: number; ticks: number };
}

const RECENT_TICKS = 100;

/** The first page of a visibility query, newest first. */
async function newest(client: Client, query: string, limit: number): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: limit })) {
    found.push(execution);
    if (found.length >= limit) break;
  }
  return found.sort((a, b) => (b.closeTime?.getTime() ?? 0) - (a.closeTime?.getTime() ?? 0));
}

async function failureMessage(client: Client, execution: WorkflowExecutionInfo): Promise<string> {
  try {
    await client.workflow.getHandle(execution.workflowId, execution.runId).result();
    return 'completed';
  } catch (err) {
    return rootMessage(err);
  }
}

/**
 * Run info from what Temporal keeps: the Schedule (state, next runs) and the visibility store (ticks, batches and
 * invoice workflows). Counts cover the workflows still within the namespace's retention.
 */
export async function gatewayInfo(client: Client, gatewayId: string): Promise<GatewayInfo> {
  const description = await describeGateway(client, gatewayId);
  const [input] = description.action.args as [PollInput];
  const byGateway = `GatewayId="${gatewayId}"`;

  const [ticks, lastFailures, lastDeliveries, failed] = await Promise.all([
    newest(client, `WorkflowType="pollGateway" AND ${byGateway} AND ExecutionStatus="Completed"`, RECENT_TICKS),
    newest(client, `${byGateway} AND ExecutionStatus="Failed"`, 1),
    newest(
      client,
      `${byGateway} AND ExecutionStatus="Completed" AND DeliveryStatus IN ("delivered", "converted-with-errors")`,
      1,
    ),
    // An invoice that fails in a batch is tried again in a workflow of its own: those that fail there count.
    client.workflow.count(`WorkflowType="fetchInvoice" AND ${byGateway} AND ExecutionStatus="Failed"`),
  ]);

  let fetched = 0;
  let skippedAsDuplicates = 0;
  for (const tick of ticks) {
    const result = (await client.workflow.getHandle(tick.workflowId, tick.runId).result()) as PollResult;
    fetched += result.delivered;
    skippedAsDuplicates += result.alreadyDelivered;
  }
  const lastFailure = lastFailures[0];

  return {
    gatewayId,
    state: description.state.paused ? 'paused' : 'running',
    ...(description.state.note && { note: description.state.note }),
    scope: input.scope,
    schedule: {
      cron: input.gateway.schedule.cron,
      timezone: input.gateway.schedule.timezone,
      nextRuns: description.info.nextActionTimes.slice(0, 5).map((time) => time.toISOString()),
    },
    ...(ticks[0]?.closeTime && { lastSuccess: ticks[0].closeTime.toISOString() }),
    ...(lastDeliveries[0]?.closeTime && { lastMessage: lastDeliveries[0].closeTime.toISOString() }),
    ...(lastFailure && {
      lastError: {
        at: (lastFailure.closeTime ?? lastFailure.startTime).toISOString(),
        workflowId: lastFailure.workflowId,
        message: await failureMessage(client, lastFailure),
      },
    }),
    counts: { fetched, skippedAsDuplicates, failed: failed.count, ticks: ticks.length },
  };
}

/** A time as the gateway's users read it: in the gateway's time zone. */
export function localTime(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function formatGatewayInfo(info: GatewayInfo): string {
  const tz = info.schedule.timezone;
  const lines = [
    `Gateway ${info.gatewayId}: ${info.state}${info.note ? ` (${info.note})` : ''}, dedupe scope ${info.scope}`,
    `Schedule: ${info.schedule.cron} (${tz})`,
    'Next runs:',
    ...(info.schedule.nextRuns.length ? info.schedule.nextRuns.map((run) => `  ${localTime(run, tz)}`) : ['  none']),
    `Last success: ${info.lastSuccess ? localTime(info.lastSuccess, tz) : 'never'}`,
    `Last message: ${info.lastMessage ? localTime(info.lastMessage, tz) : 'none yet'}`,
    `Last error:   ${info.lastError ? `${localTime(info.lastError.at, tz)} in ${info.lastError.workflowId}: ${info.lastError.message}` : 'none'}`,
    `Invoices: ${info.counts.fetched} fetched and ${info.counts.skippedAsDuplicates} skipped as duplicates in the last ${info.counts.ticks} ticks, ${info.counts.failed} failed`,
  ];
  return lines.join('\n');
}
