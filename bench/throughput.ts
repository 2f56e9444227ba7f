// Throughput: N invoices fetched end to end by one triggered tick, UBL output on, against the same work done by a plain
// Node script (same client, converter, store and concurrency, no Temporal), measured in the same run.
//   npm run bench:throughput -- --invoices 2000 --concurrency 20
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ChorusClient } from '../src/chorus/index.ts';
import { chorusEnvironment } from '../src/gateway/chorus-environment.ts';
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
    const [sampleId] = harness.simulator.addInvoices(flags.invoices, { attachmentBytes: flags.attachmentBytes });
    // UBL output: each invoice also costs a details call and the EN 16931 conversion.
    const ubl = { outputFormat: 'ubl' } as const;
    const gateway = harness.gateway('bench', ubl);
    await deployGateway(harness.env.client, gateway, {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });

    // The baseline runs before and after the gateway, and the ratio uses their mean: on this shared 2-core machine
    // one run varies by a third. An untimed run first warms the JIT up for both (the first run is ~half as fast).
    const baselineRun = async (name: string) => {
      const root = join(harness.storeRoot, name);
      const run = await timed(() =>
        runBaseline(harness.gateway(name, ubl), harness.credentials.resolve('TEST'), root, flags.concurrency),
      );
      const stored = (await readdir(join(root, 'messages', name))).length;
      if (stored !== flags.invoices) throw new Error(`The baseline stored ${stored} of ${flags.invoices}`);
      return rate(run.result, run.ms);
    };
    // The size of one pivot, to show what an invoice weighs (the UBL messages replace the pivots in the store).
    const sample = await new ChorusClient({
      environment: chorusEnvironment(gateway),
      credentials: harness.credentials.resolve('TEST'),
    }).downloadPivot(sampleId ?? 0, join(harness.storeRoot, 'sample-pivot.xml'));
    await baselineRun('warm-up');
    const before = await baselineRun('baseline-before');

    const gatewayRun = await timed(() => runTick(harness.env.client, gateway.id, 3_600_000));
    if (gatewayRun.result.delivered !== flags.invoices) {
      throw new Error(
        `The gateway delivered ${gatewayRun.result.delivered} of ${flags.invoices}: ${JSON.stringify(gatewayRun.result.failures)}`,
      );
    }
    const { messages } = await readStore(harness.storeRoot, gateway.id);
    const ublMessages = messages.filter(
      (message) => (message.metadata.message as { format?: string }).format === 'ubl',
    ).length;
    if (ublMessages !== flags.invoices) throw new Error(`Only ${ublMessages} of ${flags.invoices} became UBL`);

    const after = await baselineRun('baseline-after');
    const gatewayRate = rate(flags.invoices, gatewayRun.ms);
    const baselineRate = (before + after) / 2;
    printTable(`Throughput, ${flags.invoices} invoices, activity concurrency ${flags.concurrency}`, [
      ['pivot size (KB, one sampled)', sample.bytes / 1024],
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
