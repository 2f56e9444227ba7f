// Against the latency limit: every simulator call takes 200 ms more, the worker runs C activities at once, so the
// ideal rate is C / (calls per invoice × 0.2 s). Prints the achieved rate as a share of that ideal.
//   npm run bench:latency -- --invoices 1000 --concurrency 10 --latency 200
import { join } from 'node:path';
import { deployGateway } from '../src/temporal/gateway-schedules.ts';
import { runTick } from '../src/temporal/run-tick.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { runBaseline } from './lib/baseline.ts';
import { numberFlags, printTable, rate, timed } from './lib/figures.ts';
import { startSeparateWorker } from './lib/separate-worker.ts';

const TASK_QUEUE = 'bench-latency';

async function run(): Promise<void> {
  const flags = numberFlags({ invoices: 1000, concurrency: 10, latency: 200 });
  // The measured worker runs in a process of its own, so the simulator (in this process) does not share its event loop.
  const harness = await startHarness({ seed: 4, invoiceCount: 0 }, { taskQueue: 'bench-latency-unused' });
  const worker = await startSeparateWorker(harness, 'latency', TASK_QUEUE, flags.concurrency);
  try {
    harness.simulator.addInvoices(flags.invoices, { attachmentBytes: 20_000 });
    const gateway = harness.gateway('latency');
    await deployGateway(harness.env.client, gateway, { taskQueue: TASK_QUEUE, credentials: harness.credentials });
    harness.simulator.setFaults({ latencyMs: flags.latency });
    harness.simulator.resetCounters();

    const tick = await timed(() => runTick(harness.env.client, gateway.id, 3_600_000));
    if (tick.result.delivered !== flags.invoices)
      throw new Error(`Delivered ${tick.result.delivered} of ${flags.invoices}`);
    const calls = harness.simulator.stats().totalRequests;

    // The same work without Temporal under the same latency: what the simulator's and the converter's own time
    // leave of the ideal, so that the gateway's share can be read against it.
    const baseline = await timed(() =>
      runBaseline(
        harness.gateway('latency-baseline'),
        harness.credentials.resolve('TEST'),
        join(harness.storeRoot, 'baseline'),
        flags.concurrency,
      ),
    );

    // Pivot output: one download per invoice, plus what the tick shares (token, structure, one search per 100
    // invoices). Each call holds an activity slot for the added latency, so the ideal counts them all.
    const callsPerInvoice = calls / flags.invoices;
    const ideal = flags.concurrency / (callsPerInvoice * (flags.latency / 1000));
    const achieved = rate(flags.invoices, tick.ms);
    const baselineRate = rate(baseline.result, baseline.ms);
    printTable(
      `Latency limit, ${flags.invoices} invoices, +${flags.latency} ms per call, concurrency ${flags.concurrency}`,
      [
        ['simulator calls (downloads, listing, token, structure)', calls],
        ['calls per invoice', callsPerInvoice.toFixed(3)],
        ['wall time (s)', tick.ms / 1000],
        ['ideal invoices/s', ideal],
        ['achieved invoices/s', achieved],
        ['share of ideal', `${((achieved / ideal) * 100).toFixed(1)} %`],
        ['baseline (no Temporal) invoices/s', baselineRate],
        ['baseline share of ideal', `${((baselineRate / ideal) * 100).toFixed(1)} %`],
        ['gateway / baseline', achieved / baselineRate],
      ],
    );
  } finally {
    await worker.stop();
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
