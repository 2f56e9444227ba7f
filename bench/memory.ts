// Memory: one invoice with a large attachment (the pivot just under the 100 MB limit), fetched by a worker running in
// its own process. Prints the worker's peak RSS and the largest payload that went through workflow history.
//   npm run bench:memory -- --attachmentMb 74
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { credentialEnv } from '../src/config/credentials.ts';
import { deployGateway } from '../src/temporal/gateway-schedules.ts';
import { runTick } from '../src/temporal/run-tick.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { readStore } from '../test/helpers/store.ts';
import { numberFlags, printTable, timed } from './lib/figures.ts';
import { historyFigures } from './lib/payloads.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`The worker exited (${code}) before printing ${pattern}`)));
  });
}

async function run(): Promise<void> {
  const flags = numberFlags({ attachmentMb: 74 });
  // The in-process worker of the harness listens on another task queue; the measured one runs in a child process.
  const harness = await startHarness({ seed: 6, invoiceCount: 0 }, { taskQueue: 'bench-memory-unused' });
  // As in production (see the Dockerfile), the worker loads a prebuilt workflow bundle instead of running webpack.
  const bundle = join(harness.storeRoot, 'workflow-bundle.js');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts', bundle], { cwd: repoRoot });
  const worker = spawn(process.execPath, ['--import', 'tsx', 'src/temporal/worker-main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: harness.env.address,
      CHORUS_GATEWAY_TASK_QUEUE: 'bench-memory',
      CHORUS_DATA_DIR: harness.storeRoot,
      LOG_LEVEL: 'WARN',
      CHORUS_WORKFLOW_BUNDLE: bundle,
      ...credentialEnv('TEST', harness.simulator.credentials),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [invoiceId] = harness.simulator.addInvoices(1, { attachmentBytes: flags.attachmentMb * 1024 * 1024 });
    const gateway = harness.gateway('memory', { outputFormat: 'pivot', saveAttachments: true });
    await deployGateway(harness.env.client, gateway, { taskQueue: 'bench-memory', credentials: harness.credentials });
    // The worker bundles its workflow code at start; let it settle so that the figures separate start from work.
    await waitForLine(worker, /Worker on task queue/);
    const idleRss = await peakRssMb(worker.pid ?? 0);
    const tick = await timed(() => runTick(harness.env.client, gateway.id, 600_000));
    if (tick.result.delivered !== 1) throw new Error(`Not delivered: ${JSON.stringify(tick.result)}`);
    const peak = await peakRssMb(worker.pid ?? 0);
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
    worker.kill('SIGTERM');
    await harness.stop();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
