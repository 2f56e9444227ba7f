// Against the latency limit: every simulator call takes 200 ms more, the worker runs C activities at once, so the
// ideal rate is C / (calls per invoice × 0.2 s). Prints the achieved rate as a share of that ideal.
//   npm run bench:latency -- --invoices 300 --concurrency 10 --latency 200
import { deployGateway } from '../src/temporal/gateway-schedules.ts';
import { runTick } from '../src/temporal/run-tick.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { numberFlags, printTable, rate, timed } from './lib/figures.ts';

async function run(): Promise<void> {
  const flags = numberFlags({ invoices: 300, concurrency: 10, latency: 200 });
  const harness = await startHarness({ seed: 4, invoiceCount: 0 }, { activityConcurrency: flags.concurrency });
  try {
    harness.simulator.addInvoices(flags.invoices, { attachmentBytes: 20_000 });
    const gateway = harness.gateway('latency');
    await deployGateway(harness.env.client, gateway, {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });
    harness.simulator.setFaults({ latencyMs: flags.latency });
    harness.simulator.resetCounters();

    const tick = await timed(() => runTick(harness.env.client, gateway.id, 3_600_000));
    if (tick.result.delivered !== flags.invoices)
      throw new Error(`Delivered ${tick.result.delivered} of ${flags.invoices}`);

    const calls = harness.simulator.stats().totalRequests;
    // Pivot output: one download per invoice; listing, token and structure calls are shared by the whole tick.
    const callsPerInvoice = 1;
    const ideal = flags.concurrency / (callsPerInvoice * (flags.latency / 1000));
    const achieved = rate(flags.invoices, tick.ms);
    printTable(
      `Latency limit, ${flags.invoices} invoices, +${flags.latency} ms per call, concurrency ${flags.concurrency}`,
      [
        ['simulator calls (all)', calls],
        ['calls per invoice (download)', callsPerInvoice],
        ['wall time (s)', tick.ms / 1000],
        ['ideal invoices/s', ideal],
        ['achieved invoices/s', achieved],
        ['share of ideal', `${((achieved / ideal) * 100).toFixed(1)} %`],
      ],
    );
  } finally {
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
