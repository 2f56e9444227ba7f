// Memory: one invoice with a large attachment (the pivot just under the 100 MB limit), fetched by a worker running in
// its own process. Prints the worker's peak RSS and the largest payload that went through workflow history.
//   npm run bench:memory -- --attachmentMb 74
import { readFile } from 'node:fs/promises';
import { deployGateway } from '../src/temporal/gateway-schedules.ts';
import { runTick } from '../src/temporal/run-tick.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { readStore } from '../test/helpers/store.ts';
import { numberFlags, printTable, timed } from './lib/figures.ts';
import { historyFigures } from './lib/payloads.ts';
import { startSeparateWorker } from './lib/separate-worker.ts';

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function run(): Promise<void> {
  const flags = numberFlags({ attachmentMb: 74 });
  // The measured worker runs in a process of its own with the prebuilt bundle, as the Dockerfile runs it.
  const harness = await startHarness({ seed: 6, invoiceCount: 0 }, { taskQueue: 'bench-memory-unused' });
  const worker = await startSeparateWorker(harness, 'memory', 'bench-memory');
  try {
    const [invoiceId] = harness.simulator.addInvoices(1, { attachmentBytes: flags.attachmentMb * 1024 * 1024 });
    const gateway = harness.gateway('memory', { outputFormat: 'pivot', saveAttachments: true });
    await deployGateway(harness.env.client, gateway, { taskQueue: 'bench-memory', credentials: harness.credentials });
    const idleRss = await peakRssMb(worker.pid);
    const tick = await timed(() => runTick(harness.env.client, gateway.id, 600_000));
    if (tick.result.delivered !== 1) throw new Error(`Not delivered: ${JSON.stringify(tick.result)}`);
    const peak = await peakRssMb(worker.pid);
    const { messages } = await readStore(harness.storeRoot, gateway.id);
    const pivotBytes = messages[0]?.manifest.files.find((file) => file.role === 'message')?.bytes ?? 0;
    const history = await historyFigures(harness.env.client);
    printTable(`Memory, one invoice (${invoiceId}) with a ${flags.attachmentMb} MB attachment`, [
      ['pivot downloaded (MB)', pivotBytes / 1024 / 1024],
      ['wall time (s)', tick.ms / 1000],
      ['worker peak RSS after start-up (MB)', idleRss],
      ['worker peak RSS (MB)', peak],
      ['largest payload in history (KB)', history.largestPayload / 1024],
      ['workflows inspected', history.workflows],
    ]);
  } finally {
    await worker.stop();
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
