import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deployGateway } from '../../src/temporal/gateway-schedules.ts';
import { readStore } from '../helpers/store.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

const INVOICES = 40;

describe('a tick against a flaky Chorus Pro', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness(
      {
        seed: 5,
        invoiceCount: INVOICES,
        depositSpreadDays: 5,
        faults: {
          serverErrorRate: 0.1,
          rateLimitRate: 0.05,
          retryAfterSeconds: 1,
          latencyMs: 20,
          truncatedDownloadRate: 0.1,
          tokenLifetimeSeconds: 3,
        },
      },
      { taskQueue: 'gateway-faults' },
    );
    await deployGateway(harness.env.client, harness.gateway('flaky'), {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });
  });

  after(() => harness?.stop());

  test('stores every invoice exactly once despite 5xx, 429, truncated downloads and expiring tokens', async () => {
    const result = await runTick(harness.env.client, 'flaky', 180_000);
    assert.equal(result.failed, 0, JSON.stringify(result.failures));
    assert.equal(result.delivered, INVOICES);

    const { messages, uncommitted } = await readStore(harness.storeRoot, 'flaky');
    assert.deepEqual(uncommitted, []);
    assert.deepEqual(
      messages.map((message) => message.invoiceId),
      harness.simulator.invoiceIds().sort((a, b) => a - b),
    );
    const stats = harness.simulator.stats();
    // The faults really happened, and were retried rather than stored.
    const statuses = Object.values(stats.requests).flatMap((byStatus) => Object.keys(byStatus));
    assert.ok(
      statuses.includes('429') && statuses.some((status) => status.startsWith('5')),
      JSON.stringify(stats.requests),
    );
    assert.ok(
      Object.values(stats.downloadsByInvoice).some((count) => count > 1),
      'some downloads were truncated',
    );
    assert.ok(stats.tokensIssued > 1, 'short-lived tokens were renewed');
    // No retry storm: with about a quarter of the calls failing, retries stay proportionate.
    const downloads = Object.values(stats.requests['POST /cpro/factures/v1/telecharger/groupe'] ?? {}).reduce(
      (a, b) => a + b,
      0,
    );
    assert.ok(downloads < INVOICES * 2, `${downloads} download requests for ${INVOICES} invoices`);
    assert.ok(stats.totalRequests < INVOICES * 3, `${stats.totalRequests} requests in all`);
  });
});
