import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { credentialEnv, CredentialResolver } from '../../src/config/credentials.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { sha256OfFile } from '../../src/store/files.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { deployGateway } from '../../src/temporal/gateway-schedules.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { readStore } from '../helpers/store.ts';
import { buildWorkflowBundle, WorkerProcess } from '../helpers/worker-process.ts';
import { simulatorGateway } from '../helpers/harness.ts';

const INVOICES = 300;
const CREDENTIALS = 'RELIABILITY';
const TASK_QUEUE = 'reliability-workers';
const GATEWAY_ID = 'pair';

describe('two worker processes on the same task queue', () => {
  let workDir: string | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let simulator: RunningSimulator | undefined;
  let storeRoot: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    workDir = await mkdtemp(join(tmpdir(), 'reliability-workers-'));
    const bundle = join(workDir, 'workflow-bundle.js');
    storeRoot = join(workDir, 'store');
    const bundled = buildWorkflowBundle(bundle);
    env = await startDevServer();
    simulator = await startSimulator({
      seed: 41,
      invoiceCount: INVOICES,
      depositSpreadDays: 5,
      faults: { latencyMs: 20 },
    });
    const secrets = credentialEnv(CREDENTIALS, simulator.credentials);
    const gateway = simulatorGateway(simulator, GATEWAY_ID, CREDENTIALS);
    await deployGateway(env.client, gateway, {
      taskQueue: TASK_QUEUE,
      credentials: new CredentialResolver({ env: secrets }),
    });
    await bundled;
    const options = { address: env.address, taskQueue: TASK_QUEUE, storeRoot, bundle, secrets, logLevel: 'INFO' };
    // Both poll before the tick starts, so that neither takes all the work by arriving first.
    for (const name of ['worker-a', 'worker-b']) workers.push(await WorkerProcess.start(name, options));
  });

  after(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await simulator?.close();
    await env?.teardown();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test('share a tick: every invoice downloaded once and stored once, and both workers deliver', async (t) => {
    assert.ok(env && simulator);
    const started = Date.now();
    const result = await runTick(env.client, GATEWAY_ID, 180_000);
    t.diagnostic(`tick of ${INVOICES} invoices: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(result.failed, 0, JSON.stringify(result.failures));
    assert.equal(result.listed, INVOICES);
    assert.equal(result.delivered, INVOICES);

    const expected = simulator.invoiceIds().sort((a, b) => a - b);
    const { messages, uncommitted } = await readStore(storeRoot, GATEWAY_ID);
    assert.deepEqual(uncommitted, [], 'message folders without a manifest');
    assert.deepEqual(
      messages.map((message) => message.invoiceId),
      expected,
    );
    for (const { invoiceId, folder, manifest } of messages) {
      const names = manifest.files.map((file) => file.name);
      assert.deepEqual((await readdir(folder)).sort(), [...names, 'manifest.json'].sort(), `files of ${invoiceId}`);
      for (const file of manifest.files) {
        const actual = await sha256OfFile(join(folder, file.name));
        assert.deepEqual(actual, { bytes: file.bytes, sha256: file.sha256 }, `${invoiceId}/${file.name}`);
      }
    }

    const { downloadsByInvoice } = simulator.stats();
    const notOnce = expected.filter((id) => downloadsByInvoice[id] !== 1);
    assert.deepEqual(
      notOnce.map((id) => `${id}: ${downloadsByInvoice[id] ?? 0}`),
      [],
      'invoices not downloaded exactly once',
    );

    const logged = workers.map((worker) => worker.deliveredInvoiceIds());
    t.diagnostic(workers.map((worker, i) => `${worker.name} delivered ${logged[i]?.length}`).join(', '));
    for (const [i, worker] of workers.entries()) {
      assert.ok((logged[i]?.length ?? 0) > 0, `${worker.name} delivered nothing\n${worker.tail()}`);
      assert.equal(worker.exit, undefined, `${worker.name} exited\n${worker.tail()}`);
    }
    // Every delivery was logged by one of the two processes.
    assert.deepEqual(
      [...new Set(logged.flat())].sort((a, b) => a - b),
      expected,
    );
  });
});
