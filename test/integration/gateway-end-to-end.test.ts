import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import type { RunningSimulator } from '../../src/simulator/server.ts';
import { sha256OfFile } from '../../src/store/files.ts';
import { deployGateway } from '../../src/temporal/gateway-schedules.ts';
import { gatewayInfo } from '../../src/temporal/gateway-info.ts';
import { historyText, readStore } from '../helpers/store.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { capturedLogs } from '../helpers/temporal.ts';
import { rootMessage } from '../../src/gateway/root-message.ts';

const SIMULATOR = { seed: 11, invoiceCount: 23, depositSpreadDays: 5 };

describe('a gateway deployed on a real Temporal server against the simulator', () => {
  let harness: Harness;
  let gateway: GatewayConfig;

  before(async () => {
    harness = await startHarness(SIMULATOR);
    gateway = harness.gateway('e2e');
    const deployed = await deployGateway(harness.env.client, gateway, {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });
    assert.equal(deployed.action, 'created');
  });

  after(() => harness?.stop());

  test('a tick stores every simulator invoice exactly once, with its metadata and a manifest last', async () => {
    const result = await runTick(harness.env.client, gateway.id);
    const expected = harness.simulator.invoiceIds().sort((a, b) => a - b);
    assert.equal(result.listed, expected.length);
    assert.equal(result.delivered, expected.length);
    assert.equal(result.failed, 0, JSON.stringify(result.failures));

    const { messages, uncommitted } = await readStore(harness.storeRoot, gateway.id);
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
    assert.deepEqual(
      downloadsPerInvoice(harness.simulator, expected),
      expected.map(() => 1),
    );
  });

  test('a second tick fetches nothing again, and a later one fetches only new invoices', async () => {
    const before = await readStore(harness.storeRoot, gateway.id);
    const again = await runTick(harness.env.client, gateway.id);
    assert.equal(again.delivered, 0);
    assert.equal(again.failed, 0);
    const unchanged = await readStore(harness.storeRoot, gateway.id);
    assert.deepEqual(
      unchanged.messages.map((message) => message.manifest.deliveredAt),
      before.messages.map((message) => message.manifest.deliveredAt),
    );

    const added = harness.simulator.addInvoices(3);
    const later = await runTick(harness.env.client, gateway.id);
    assert.equal(later.delivered, 3);
    const { messages } = await readStore(harness.storeRoot, gateway.id);
    assert.equal(messages.length, before.messages.length + 3);
    const all = harness.simulator.invoiceIds();
    assert.deepEqual(
      downloadsPerInvoice(harness.simulator, all),
      all.map(() => 1),
    );
    for (const id of added)
      assert.ok(
        messages.some((message) => message.invoiceId === id),
        `invoice ${id} stored`,
      );
  });

  test('info counts what the ticks delivered and finds the batch of each invoice by its id', async () => {
    const { messages } = await readStore(harness.storeRoot, gateway.id);
    const info = await gatewayInfo(harness.env.client, gateway.id);
    assert.equal(info.counts.fetched, messages.length);
    assert.equal(info.counts.failed, 0);
    assert.ok(info.lastMessage, 'the last delivery is known');
    const invoiceId = messages[0]?.invoiceId;
    const found = [];
    for await (const execution of harness.env.client.workflow.list({ query: `InvoiceIds = "${invoiceId}"` })) {
      found.push(execution);
    }
    // A later tick may list the invoice again (its batch then finds the manifest): every hit is a batch of e2e.
    assert.ok(found.length >= 1, `a batch lists invoice ${invoiceId}`);
    for (const { workflowId } of found) assert.match(workflowId, /^poll-e2e-.+-invoices-\d+$/);
    // The batch that delivered it ran an activity for it, whose summary names the invoice in the Web UI. Two ticks
    // triggered within one second share their workflow id (the Schedule names them by the second): go by run id.
    const histories = await Promise.all(
      found.map(async ({ workflowId, runId }) =>
        historyText(await harness.env.client.workflow.getHandle(workflowId, runId).fetchHistory()),
      ),
    );
    const summary = `Invoice ${String(messages[0]?.metadata.invoiceNumber)} from`;
    assert.ok(
      histories.some((text) => text.includes(summary)),
      `an activity summary says "${summary}…"`,
    );
  });

  test('no credential value appears in any workflow history, search attribute, memo, log line or error', async () => {
    const { credentials } = harness.simulator;
    const secrets = [
      credentials.clientSecret,
      credentials.password,
      credentials.login,
      Buffer.from(`${credentials.login}:${credentials.password}`).toString('base64'),
    ];
    const places: [string, string][] = [];
    for await (const execution of harness.env.client.workflow.list()) {
      const handle = harness.env.client.workflow.getHandle(execution.workflowId, execution.runId);
      // Histories hold inputs, results, failures, memos and search attributes of every workflow.
      places.push([`history of ${execution.workflowId}`, historyText(await handle.fetchHistory())]);
      places.push([`search attributes of ${execution.workflowId}`, historyText(execution.typedSearchAttributes)]);
    }
    const schedule = await harness.env.client.schedule.getHandle('gateway-e2e').describe();
    places.push(['the schedule', historyText({ memo: schedule.memo, action: schedule.action, state: schedule.state })]);
    places.push(['the worker logs', capturedLogs.join('\n')]);
    for (const [place, text] of places) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `a secret appears in ${place}`);
    }
    const histories = places.map(([place]) => place).filter((place) => place.startsWith('history of'));
    assert.ok(
      histories.some((place) => place.includes('-invoices-')),
      `the histories checked include batches: ${histories.join(', ')}`,
    );
    assert.ok(
      capturedLogs.some((line) => line.includes('Delivered invoice')),
      'the logs were captured',
    );
  });

  test('a simulator that is down fails the tick with a retryable error, and the next tick recovers', async () => {
    const port = Number(new URL(harness.simulator.url).port);
    await harness.stopSimulator();
    const failure = await runTick(harness.env.client, gateway.id).then(
      () => assert.fail('the tick should fail while Chorus Pro is unreachable'),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof WorkflowFailedError);
    const message = rootMessage(failure);
    assert.match(message, new RegExp(`127\\.0\\.0\\.1:${port}|refused`, 'i'));

    await harness.startSimulatorAgain();
    const recovered = await runTick(harness.env.client, gateway.id);
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
