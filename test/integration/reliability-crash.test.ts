import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { credentialEnv, CredentialResolver } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import type { PollResult } from '../../src/gateway/types.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { sha256OfFile } from '../../src/store/files.ts';
import type { Manifest } from '../../src/store/types.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { deployGateway, describeGateway, triggerGateway } from '../../src/temporal/gateway-schedules.ts';
import { readStore } from '../helpers/store.ts';
import { buildWorkflowBundle, WorkerProcess, type WorkerProcessOptions } from '../helpers/worker-process.ts';
import { simulatorGateway } from '../helpers/harness.ts';

const INVOICES = 300;
const CREDENTIALS = 'RELIABILITY';
const OUTAGE_MS = 8_000;
const TASK_QUEUE = 'reliability-crash';
// A crashed worker's activities are re-dispatched after their heartbeat timeout (workflows/activities.ts); 3 minutes
// leaves room for a slow machine. Raise it to see how long a tick really takes when it is exceeded.
const TICK_TIMEOUT_MS = Number(process.env.RELIABILITY_TICK_TIMEOUT_MS ?? 180_000);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

let workDir: string;
let bundle: string;

before(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  workDir = await mkdtemp(join(tmpdir(), 'reliability-crash-'));
  bundle = join(workDir, 'workflow-bundle.js');
  await buildWorkflowBundle(bundle);
});

after(() => rm(workDir, { recursive: true, force: true }));

/** The simulator with a few hundred slow-ish invoices, a store, and a gateway deployed on `client`. */
interface Run {
  simulator: RunningSimulator;
  storeRoot: string;
  gateway: GatewayConfig;
  workers: WorkerProcess[];
  startWorker(address: string): Promise<WorkerProcess>;
  close(): Promise<void>;
}

async function prepareRun(client: Client, gatewayId: string): Promise<Run> {
  const simulator = await startSimulator({
    seed: 31,
    invoiceCount: INVOICES,
    depositSpreadDays: 5,
    faults: { latencyMs: 20 },
  });
  const storeRoot = await mkdtemp(join(workDir, `store-${gatewayId}-`));
  const secrets = credentialEnv(CREDENTIALS, simulator.credentials);
  const gateway = simulatorGateway(simulator, gatewayId, CREDENTIALS);
  await deployGateway(client, gateway, {
    taskQueue: TASK_QUEUE,
    credentials: new CredentialResolver({ env: secrets }),
  });
  const workers: WorkerProcess[] = [];
  return {
    simulator,
    storeRoot,
    gateway,
    workers,
    async startWorker(address) {
      const options: WorkerProcessOptions = { address, taskQueue: TASK_QUEUE, storeRoot, bundle, secrets };
      const worker = await WorkerProcess.start(`worker-${workers.length + 1}`, options);
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await simulator.close();
    },
  };
}

/** Triggers a tick and returns its workflow without waiting for it. */
async function startTick(client: Client, gatewayId: string): Promise<{ workflowId: string; runId: string }> {
  const before = (await describeGateway(client, gatewayId)).info.numActionsTaken;
  await triggerGateway(client, gatewayId);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    const { info } = await describeGateway(client, gatewayId);
    const latest = info.recentActions.at(-1);
    if (info.numActionsTaken > before && latest) {
      return { workflowId: latest.action.workflow.workflowId, runId: latest.action.workflow.firstExecutionRunId };
    }
  }
  throw new Error(`Gateway ${gatewayId} started no tick within 30 s`);
}

async function tickResult(client: Client, tick: { workflowId: string; runId: string }): Promise<PollResult> {
  // Aborting the long poll on a timeout, rather than leaving it pending, lets the connection close cleanly.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TICK_TIMEOUT_MS);
  try {
    const handle = client.workflow.getHandle(tick.workflowId, tick.runId);
    return await client.connection.withAbortSignal(abort.signal, () => handle.result() as Promise<PollResult>);
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    throw new Error(
      `${tick.workflowId} not finished in ${TICK_TIMEOUT_MS} ms; running:\n${await pendingWork(client).catch(String)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** What the running workflows wait for, so that a tick that does not finish says why. */
async function pendingWork(client: Client): Promise<string> {
  const lines: string[] = [];
  for await (const { workflowId, runId } of client.workflow.list({ query: 'ExecutionStatus="Running"' })) {
    const { raw } = await client.workflow.getHandle(workflowId, runId).describe();
    const waits = (raw.pendingActivities ?? []).map(
      (activity) => `${activity.activityType?.name} (attempt ${activity.attempt}, state ${activity.state})`,
    );
    lines.push(`${workflowId}: ${waits.join(', ') || 'no pending activity'}`);
    if (lines.length === 15) break;
  }
  return lines.join('\n');
}

/**
 * Watches committed messages appear. It keeps each manifest's `deliveredAt` as first seen: a manifest rewritten later
 * means the invoice was delivered a second time.
 */
class StoreWatch {
  readonly firstSeen = new Map<number, string>();
  constructor(private readonly folder: string) {}

  async poll(): Promise<number> {
    for (const entry of await readdir(this.folder).catch(() => [] as string[])) {
      const invoiceId = Number(entry);
      if (this.firstSeen.has(invoiceId)) continue;
      const text = await readFile(join(this.folder, entry, 'manifest.json'), 'utf8').catch(() => undefined);
      if (text !== undefined) this.firstSeen.set(invoiceId, (JSON.parse(text) as Manifest).deliveredAt);
    }
    return this.firstSeen.size;
  }

  /** Resolves with the count once at least `count` messages are committed; `check` throws to stop early. */
  async waitFor(count: number, check: () => void = () => {}, timeoutMs = 120_000): Promise<number> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
      check();
      const seen = await this.poll();
      if (seen >= count) return seen;
    }
    throw new Error(`Only ${this.firstSeen.size} of ${count} messages committed after ${timeoutMs} ms`);
  }
}

/** One folder per invoice, each complete and true to its manifest, written once; nothing half-written anywhere. */
async function assertDeliveredExactlyOnce(run: Run, watch: StoreWatch): Promise<void> {
  const { messages, uncommitted } = await readStore(run.storeRoot, run.gateway.id);
  assert.deepEqual(uncommitted, [], 'message folders without a manifest');
  assert.deepEqual(
    messages.map((message) => message.invoiceId),
    run.simulator.invoiceIds().sort((a, b) => a - b),
  );
  // Every folder is checked before failing, so that the message shows how widespread a problem is.
  const problems: string[] = [];
  for (const { invoiceId, folder, manifest } of messages) {
    const listed = new Set([...manifest.files.map((file) => file.name), 'manifest.json']);
    const present = await readdir(folder);
    for (const name of present.filter((name) => !listed.has(name)))
      problems.push(`${invoiceId}/${name}: not in the manifest`);
    for (const file of manifest.files) {
      if (!present.includes(file.name)) {
        problems.push(`${invoiceId}/${file.name}: missing`);
        continue;
      }
      const actual = await sha256OfFile(join(folder, file.name));
      if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256)
        problems.push(
          `${invoiceId}/${file.name}: ${actual.bytes} bytes ${actual.sha256}, manifest says ${file.bytes} ${file.sha256}`,
        );
    }
    const first = watch.firstSeen.get(invoiceId);
    if (first !== undefined && manifest.deliveredAt !== first)
      problems.push(`${invoiceId}: manifest rewritten (delivered at ${first}, again at ${manifest.deliveredAt})`);
  }
  const stray = (await readdir(join(run.storeRoot, 'messages'), { recursive: true })).filter((path) =>
    /\.(tmp|part)$/.test(path),
  );
  problems.push(...stray.map((path) => `messages/${path}: half-written file left behind`));
  assert.deepEqual(problems, [], 'the store after the run');
}

/** Figures for the report: downloads repeated after a crash, and what was left behind outside messages/. */
async function leftovers(run: Run): Promise<string> {
  const counts = Object.values(run.simulator.stats().downloadsByInvoice);
  const repeated = counts.filter((count) => count > 1).length;
  const files = async (area: string) =>
    (await readdir(join(run.storeRoot, area), { recursive: true, withFileTypes: true }).catch(() => [])).filter(
      (entry) => entry.isFile(),
    ).length;
  return `${repeated} invoice(s) downloaded more than once; files left in blobs/: ${await files('blobs')}, in work/: ${await files('work')}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('worker processes killed with SIGKILL in the middle of a tick', () => {
  let env: TestWorkflowEnvironment | undefined;
  let run: Run | undefined;

  before(async () => {
    env = await startDevServer();
    run = await prepareRun(env.client, 'crash');
  });

  after(async () => {
    await run?.close();
    await env?.teardown();
  });

  test('every invoice is stored exactly once and the tick reports no failure', async (t) => {
    assert.ok(env && run);
    const { client, address } = env;
    let worker = await run.startWorker(address);
    const started = Date.now();
    const tick = await startTick(client, run.gateway.id);
    const watch = new StoreWatch(join(run.storeRoot, 'messages', run.gateway.id));
    for (const share of [0.1, 0.4, 0.7]) {
      const stored = await watch.waitFor(Math.ceil(share * INVOICES));
      await worker.kill();
      assert.ok(stored < INVOICES, `the kill came after the tick had stored everything (${stored})`);
      t.diagnostic(`SIGKILL worker pid ${worker.pid} at ${stored} stored, ${seconds(started)} s`);
      const restarted = Date.now();
      worker = await run.startWorker(address);
      t.diagnostic(`new worker pid ${worker.pid} polling after ${seconds(restarted)} s`);
    }

    const result = await tickResult(client, tick);
    t.diagnostic(`tick finished after ${seconds(started)} s: ${JSON.stringify(result)}`);
    assert.equal(result.failed, 0, JSON.stringify(result.failures));
    assert.equal(result.listed, INVOICES);
    assert.equal(result.delivered + result.alreadyDelivered, INVOICES);
    await watch.poll();
    await assertDeliveredExactlyOnce(run, watch);
    t.diagnostic(await leftovers(run));
  });
});

describe('the Temporal server killed and restarted on the same port and SQLite file in the middle of a tick', () => {
  let env: TestWorkflowEnvironment | undefined;
  let run: Run | undefined;
  let dbFilename: string;
  let port: number;

  before(async () => {
    dbFilename = join(await mkdtemp(join(workDir, 'temporal-')), 'temporal.db');
    port = await freePort();
    env = await startDevServer({ dbFilename, port });
    run = await prepareRun(env.client, 'restart');
  });

  after(async () => {
    await run?.close();
    await env?.teardown();
  });

  test('the worker reconnects on its own and every invoice is stored exactly once', async (t) => {
    assert.ok(env && run);
    const address = `127.0.0.1:${port}`;
    const worker = await run.startWorker(address);
    const alive = () => assert.equal(worker.exit, undefined, `the worker exited during the outage\n${worker.tail()}`);
    const started = Date.now();
    const tick = await startTick(env.client, run.gateway.id);
    const watch = new StoreWatch(join(run.storeRoot, 'messages', run.gateway.id));

    const storedAtStop = await watch.waitFor(Math.ceil(0.3 * INVOICES), alive);
    const down = Date.now();
    // The test environment kills the server process outright (SIGKILL): a crash of the server, not a clean stop.
    await env.teardown();
    env = undefined;
    await sleep(OUTAGE_MS);
    alive();
    env = await startDevServer({ dbFilename, port });
    t.diagnostic(`server down at ${storedAtStop} stored for ${seconds(down)} s (incl. restart)`);
    const storedAtRestart = await watch.poll();

    const moved = await watch.waitFor(storedAtRestart + 1, alive);
    t.diagnostic(`first new message ${seconds(down)} s after the stop (${moved} stored)`);
    const result = await tickResult(env.client, tick);
    t.diagnostic(`tick finished after ${seconds(started)} s: ${JSON.stringify(result)}`);
    alive();
    assert.ok(storedAtRestart < INVOICES, `the restart came after the tick had stored everything`);
    assert.equal(result.failed, 0, JSON.stringify(result.failures));
    assert.equal(result.listed, INVOICES);
    assert.equal(result.delivered + result.alreadyDelivered, INVOICES);
    await watch.poll();
    await assertDeliveredExactlyOnce(run, watch);
    const errors = worker.output.split('\n').filter((line) => / (ERROR|WARN) /.test(line)).length;
    t.diagnostic(`${await leftovers(run)}; the worker logged ${errors} WARN/ERROR line(s)`);
  });
});
