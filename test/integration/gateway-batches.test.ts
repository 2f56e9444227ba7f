import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deployGateway } from '../../src/temporal/gateway-schedules.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { readStore } from '../helpers/store.ts';
import { waitFor } from '../helpers/wait.ts';

const INVOICES = 6;
const GATEWAY_ID = 'handover';

describe('an invoice that keeps failing in its batch', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ seed: 21, invoiceCount: INVOICES, depositSpreadDays: 2 }, { taskQueue: 'batches' });
    await deployGateway(harness.env.client, harness.gateway(GATEWAY_ID), {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });
  });

  after(() => harness?.stop());

  test('gets a workflow of its own, which delivers it once Chorus Pro answers properly again', async () => {
    const { client } = harness.env;
    // Every download comes back cut short (a retryable failure) until the invoices have their own workflows.
    harness.simulator.setFaults({ truncatedDownloadRate: 1 });
    const tick = runTick(client, GATEWAY_ID, 120_000);
    const ownWorkflows = `WorkflowType="fetchInvoice" AND GatewayId="${GATEWAY_ID}"`;
    await waitFor(async () => (await client.workflow.count(ownWorkflows)).count === INVOICES, 'invoice workflows');
    harness.simulator.setFaults({ truncatedDownloadRate: 0 });

    const result = await tick;
    assert.equal(result.delivered, INVOICES, JSON.stringify(result));
    assert.equal(result.failed, 0);
    const { messages } = await readStore(harness.storeRoot, GATEWAY_ID);
    assert.equal(messages.length, INVOICES);

    const { downloadsByInvoice } = harness.simulator.stats();
    for (const id of harness.simulator.invoiceIds()) {
      // Three quick tries in the batch, then at least one more in the invoice's own workflow.
      assert.ok((downloadsByInvoice[id] ?? 0) >= 4, `invoice ${id} downloaded ${downloadsByInvoice[id]} times`);
    }
    const delivered = `${ownWorkflows} AND ExecutionStatus="Completed" AND DeliveryStatus="delivered"`;
    await waitFor(
      async () => (await client.workflow.count(delivered)).count === INVOICES,
      'delivered invoice workflows',
    );
  });
});
