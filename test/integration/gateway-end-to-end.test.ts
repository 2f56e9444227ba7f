import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { CredentialResolver, credentialVariables } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import { sha256OfFile } from '../../src/store/files.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { deployGateway, ensureSearchAttributes } from '../../src/temporal/gateway-schedules.ts';
import { createGatewayWorker } from '../../src/temporal/worker.ts';
import { historyText, readStore, runTick } from '../helpers/gateway.ts';
import { startTestServer } from '../helpers/temporal.ts';

const TASK_QUEUE = 'gateway-e2e';
const CREDENTIALS = 'E2E';

describe('a gateway deployed on a real Temporal server against the simulator', () => {
  let env: TestWorkflowEnvironment;
  let simulator: RunningSimulator;
  let worker: Worker;
  let workerRun: Promise<void>;
  let storeRoot: string;
  let gateway: GatewayConfig;

  before(async () => {
    env = await startTestServer();
    simulator = await startSimulator({ seed: 11, invoiceCount: 23, depositSpreadDays: 5 });
    storeRoot = await mkdtemp(join(tmpdir(), 'gateway-e2e-'));
    const variables = credentialVariables(CREDENTIALS);
    const credentials = new CredentialResolver({
      env: {
        [variables.clientId]: simulator.credentials.clientId,
        [variables.clientSecret]: simulator.credentials.clientSecret,
        [variables.login]: simulator.credentials.login,
        [variables.password]: simulator.credentials.password,
      },
    });
    worker = await createGatewayWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      storeRoot,
      credentials,
    });
    workerRun = worker.run();
    gateway = {
      id: 'e2e',
      baseUrl: simulator.url,
      tokenUrl: simulator.tokenUrl,
      credentials: CREDENTIALS,
      recipient: { siret: simulator.recipient.siret },
      outputFormat: 'pivot',
      saveAttachments: true,
      // Yearly, so that only the test's own triggers run it.
      schedule: { cron: '0 0 0 1 1 ? 2099', timezone: 'Europe/Paris' },
    };
    await ensureSearchAttributes(env.client);
    const deployed = await deployGateway(env.client, gateway, { taskQueue: TASK_QUEUE, credentials });
    assert.equal(deployed.action, 'created');
  });

  after(async () => {
    worker?.shutdown();
    await workerRun;
    await simulator?.close();
    await env?.teardown();
    await rm(storeRoot, { recursive: true, force: true });
  });

  test('a tick stores every simulator invoice exactly once, with its metadata and a manifest last', async () => {
    const result = await runTick(env.client, gateway.id);
    const expected = simulator.invoiceIds().sort((a, b) => a - b);
    assert.equal(result.listed, expected.length);
    assert.equal(result.delivered, expected.length);
    assert.equal(result.failed, 0, JSON.stringify(result.failures));

    const { messages, uncommitted } = await readStore(storeRoot, gateway.id);
    assert.deepEqual(uncommitted, []);
    assert.deepEqual(
      messages.map((message) => message.invoiceId),
      expected,
    );
    for (const message of messages) {
      assert.equal(message.manifest.gatewayId, gateway.id);
      assert.equal(message.metadata.invoiceId, message.invoiceId);
      assert.equal(typeof message.metadata.invoiceNumber, 'string');
      const pivot = await readFile(join(message.folder, 'message.xml'), 'utf8');
      assert.match(pivot, /<CPPFacturePivot[\s>]/);
      for (const file of message.manifest.files) {
        assert.equal((await sha256OfFile(join(message.folder, file.name))).sha256, file.sha256, file.name);
      }
    }
    assert.deepEqual(downloadsPerInvoice(simulator, expected), expected.map(() => 1));
  });

  test('a second tick fetches nothing again, and a later one fetches only new invoices', async () => {
    const before = await readStore(storeRoot, gateway.id);
    const again = await runTick(env.client, gateway.id);
    assert.equal(again.delivered, 0);
    assert.equal(again.failed, 0);
    const unchanged = await readStore(storeRoot, gateway.id);
    assert.deepEqual(
      unchanged.messages.map((message) => message.manifest.deliveredAt),
      before.messages.map((message) => message.manifest.deliveredAt),
    );

    const added = simulator.addInvoices(3);
    const later = await runTick(env.client, gateway.id);
    assert.equal(later.delivered, 3);
    const { messages } = await readStore(storeRoot, gateway.id);
    assert.equal(messages.length, before.messages.length + 3);
    const all = simulator.invoiceIds();
    assert.deepEqual(downloadsPerInvoice(simulator, all), all.map(() => 1));
    for (const id of added) assert.ok(messages.some((message) => message.invoiceId === id), `invoice ${id} stored`);
  });

  test('no credential value appears in any workflow history', async () => {
    const secrets = [
      simulator.credentials.clientSecret,
      simulator.credentials.password,
      simulator.credentials.login,
      Buffer.from(`${simulator.credentials.login}:${simulator.credentials.password}`).toString('base64'),
    ];
    let histories = 0;
    for await (const execution of env.client.workflow.list()) {
      const history = await env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const text = historyText(history);
      for (const secret of secrets) assert.ok(!text.includes(secret), `a secret appears in ${execution.workflowId}`);
      histories++;
    }
    assert.ok(histories > 20, `checked ${histories} histories`);
  });

  test('a simulator that is down fails the tick with a retryable error, and the next tick recovers', async () => {
    const port = Number(new URL(simulator.url).port);
    await simulator.close();
    const failure = await runTick(env.client, gateway.id).then(
      () => assert.fail('the tick should fail while Chorus Pro is unreachable'),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof WorkflowFailedError);
    const message = rootCause(failure);
    assert.match(message, new RegExp(`127\\.0\\.0\\.1:${port}|refused`, 'i'));

    simulator = await startSimulator({ seed: 11, invoiceCount: 23, depositSpreadDays: 5, port });
    const recovered = await runTick(env.client, gateway.id);
    assert.equal(recovered.failed, 0);
    // The restarted simulator forgot the downloads; the workflow ids and manifests still stop a second delivery.
    assert.equal(recovered.delivered, 0);
    assert.equal(recovered.alreadyDelivered, recovered.listed);
  });
});

function downloadsPerInvoice(simulator: RunningSimulator, ids: number[]): number[] {
  const { downloadsByInvoice } = simulator.stats();
  return ids.map((id) => downloadsByInvoice[id] ?? 0);
}

function rootCause(err: unknown): string {
  let current = err as { message?: string; cause?: unknown };
  while (current.cause) current = current.cause as typeof current;
  return current.message ?? '';
}
