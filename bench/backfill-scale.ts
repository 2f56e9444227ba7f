// Backfill scale: N invoices deposited over D days, fetched by one backfill. Prints wall time, invoices per second, the
// longest workflow history, and checks that the store holds exactly N messages.
//   npm run bench:backfill -- --invoices 10000 --days 90
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays } from '../src/gateway/backfill-range.ts';
import type { BackfillProgress } from '../src/gateway/types.ts';
import { deployGateway } from '../src/temporal/gateway-schedules.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { numberFlags, printTable, rate, timed } from './lib/figures.ts';
import { historyFigures } from './lib/payloads.ts';

async function run(): Promise<void> {
  const flags = numberFlags({ invoices: 10_000, days: 90, concurrency: 20 });
  const generated = await timed(() =>
    startHarness(
      { seed: 9, invoiceCount: flags.invoices, depositSpreadDays: flags.days },
      { activityConcurrency: flags.concurrency },
    ),
  );
  const harness = generated.result;
  try {
    const gateway = harness.gateway('backfill');
    await deployGateway(harness.env.client, gateway, {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });
    const today = new Date().toISOString().slice(0, 10);
    const handle = await harness.env.client.workflow.start('backfillGateway', {
      taskQueue: harness.taskQueue,
      workflowId: `bench-backfill-${Date.now()}`,
      args: [{ gatewayId: gateway.id, from: addDays(today, -flags.days - 1), to: today }],
    });
    const backfill = await timed(() => handle.result() as Promise<BackfillProgress>);
    const stored = (await readdir(join(harness.storeRoot, 'messages', gateway.id))).length;
    const history = await historyFigures(harness.env.client);
    printTable(
      `Backfill, ${flags.invoices} invoices over ${flags.days} days, activity concurrency ${flags.concurrency}`,
      [
        ['simulator start (s)', generated.ms / 1000],
        ['slices (days)', backfill.result.slices],
        ['listed', backfill.result.listed],
        ['delivered', backfill.result.delivered],
        ['failed', backfill.result.failed],
        ['wall time (s)', backfill.ms / 1000],
        ['invoices/s', rate(backfill.result.delivered, backfill.ms)],
        ['workflows (backfill, slices, batches)', history.workflows],
        ['longest history (events)', history.longestHistory],
        ['largest payload (KB)', history.largestPayload / 1024],
        ['messages in the store', stored],
        ['store holds exactly N', stored === flags.invoices ? 'yes' : `NO (${stored})`],
      ],
    );
    if (stored !== flags.invoices) process.exitCode = 1;
  } finally {
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
