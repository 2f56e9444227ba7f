// Throughput: N invoices fetched end to end by one triggered tick, against the same work done by a plain Node script
// (same client, store and concurrency, no Temporal), measured in the same run.
//   npm run bench:throughput -- --invoices 2000 --concurrency 20
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deployGateway } from '../src/temporal/gateway-schedules.ts';
import { runTick } from '../src/temporal/run-tick.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { readStore } from '../test/helpers/store.ts';
import { runBaseline } from './lib/baseline.ts';
import { numberFlags, printTable, rate, timed } from './lib/figures.ts';

async function run(): Promise<void> {
  const flags = numberFlags({ invoices: 2000, concurrency: 20, attachmentBytes: 20_000 });
  const harness = await startHarness({ seed: 3, invoiceCount: 0 }, { activityConcurrency: flags.concurrency });
  try {
    harness.simulator.addInvoices(flags.invoices, { attachmentBytes: flags.attachmentBytes });
    const gateway = harness.gateway('bench');
    await deployGateway(harness.env.client, gateway, {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });

    const gatewayRun = await timed(() => runTick(harness.env.client, gateway.id, 3_600_000));
    if (gatewayRun.result.delivered !== flags.invoices) {
      throw new Error(
        `The gateway delivered ${gatewayRun.result.delivered} of ${flags.invoices}: ${JSON.stringify(gatewayRun.result.failures)}`,
      );
    }
    const { messages } = await readStore(harness.storeRoot, gateway.id);
    const pivotBytes = messages.reduce((sum, message) => sum + (message.manifest.files[0]?.bytes ?? 0), 0);

    const baselineRoot = join(harness.storeRoot, 'baseline');
    const baseline = await timed(() =>
      runBaseline(harness.gateway('baseline'), harness.credentials.resolve('TEST'), baselineRoot, flags.concurrency),
    );
    const stored = (await readdir(join(baselineRoot, 'messages', 'baseline'))).length;
    if (stored !== flags.invoices) throw new Error(`The baseline stored ${stored} of ${flags.invoices}`);

    const gatewayRate = rate(flags.invoices, gatewayRun.ms);
    const baselineRate = rate(baseline.result, baseline.ms);
    printTable(`Throughput, ${flags.invoices} invoices, activity concurrency ${flags.concurrency}`, [
      ['pivot size (average KB)', pivotBytes / messages.length / 1024],
      ['gateway: wall time (s)', gatewayRun.ms / 1000],
      ['gateway: invoices/s', gatewayRate],
      ['baseline: wall time (s)', baseline.ms / 1000],
      ['baseline: invoices/s', baselineRate],
      ['gateway / baseline', gatewayRate / baselineRate],
    ]);
  } finally {
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
