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

    // The baseline runs before and after the gateway, and the ratio uses their mean: on this shared 2-core machine
    // one run varies by a third. An untimed run first warms the JIT up for both (the first run is ~half as fast).
    const baselineRun = async (name: string) => {
      const root = join(harness.storeRoot, name);
      const run = await timed(() =>
        runBaseline(harness.gateway(name), harness.credentials.resolve('TEST'), root, flags.concurrency),
      );
      const stored = (await readdir(join(root, 'messages', name))).length;
      if (stored !== flags.invoices) throw new Error(`The baseline stored ${stored} of ${flags.invoices}`);
      return rate(run.result, run.ms);
    };
    await baselineRun('warm-up');
    const before = await baselineRun('baseline-before');

    const gatewayRun = await timed(() => runTick(harness.env.client, gateway.id, 3_600_000));
    if (gatewayRun.result.delivered !== flags.invoices) {
      throw new Error(
        `The gateway delivered ${gatewayRun.result.delivered} of ${flags.invoices}: ${JSON.stringify(gatewayRun.result.failures)}`,
      );
    }
    const { messages } = await readStore(harness.storeRoot, gateway.id);
    const pivotBytes = messages.reduce((sum, message) => sum + (message.manifest.files[0]?.bytes ?? 0), 0);

    const after = await baselineRun('baseline-after');
    const gatewayRate = rate(flags.invoices, gatewayRun.ms);
    const baselineRate = (before + after) / 2;
    printTable(`Throughput, ${flags.invoices} invoices, activity concurrency ${flags.concurrency}`, [
      ['pivot size (average KB)', pivotBytes / messages.length / 1024],
      ['gateway: wall time (s)', gatewayRun.ms / 1000],
      ['gateway: invoices/s', gatewayRate],
      ['baseline before: invoices/s', before],
      ['baseline after: invoices/s', after],
      ['gateway / mean baseline', gatewayRate / baselineRate],
    ]);
  } finally {
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
