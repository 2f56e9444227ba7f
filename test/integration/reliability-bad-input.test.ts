import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { rootMessage } from '../../src/gateway/root-message.ts';
import { deployGateway } from '../../src/temporal/gateway-schedules.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { runCli } from '../helpers/cli.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { readStore } from '../helpers/store.ts';
import { capturedLogs } from '../helpers/temporal.ts';

const WRONG_PASSWORD = 'not-the-password-123';

describe('bad input a user can cause ends in a clear failure, and the other invoices go on', () => {
  let harness: Harness;

  const deploy = (id: string, credentials = 'TEST') =>
    deployGateway(harness.env.client, harness.gateway(id, { credentials }), {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });

  async function failedTick(id: string): Promise<{ message: string; type?: string; nonRetryable?: boolean }> {
    const err = await runTick(harness.env.client, id).then(
      () => assert.fail(`the tick of ${id} should fail`),
      (error: unknown) => error,
    );
    assert.ok(err instanceof WorkflowFailedError);
    let cause: unknown = err;
    while (cause instanceof Error && cause.cause) cause = cause.cause;
    const failure = cause as { type?: string; nonRetryable?: boolean };
    return { message: rootMessage(err), type: failure.type, nonRetryable: failure.nonRetryable };
  }

  before(async () => {
    harness = await startHarness(
      { seed: 31, invoiceCount: 6, depositSpreadDays: 3 },
      {
        taskQueue: 'bad-input',
        moreCredentials: (simulator) => ({
          WRONG: { ...simulator.credentials, password: WRONG_PASSWORD },
          UNSUBSCRIBED: { ...simulator.credentials, ...simulator.unsubscribedClient },
        }),
      },
    );
  });

  after(() => harness?.stop());

  test('wrong technical account credentials: a non-retryable failure that names the account, not the password', async () => {
    await deploy('wrong', 'WRONG');
    const failure = await failedTick('wrong');
    assert.equal(failure.type, 'Chorus.bad-credentials');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /technical account|login|password/i);
    assert.ok(!failure.message.includes(WRONG_PASSWORD));
    assert.ok(!capturedLogs.join('\n').includes(WRONG_PASSWORD), 'not in the logs either');
    const info = await runCli(['info', 'wrong'], harness.processEnv);
    assert.match(info.stdout, /Last error: .*(technical account|login|password)/i);
  });

  test('a PISTE application not subscribed to the API: 403 explained', async () => {
    await deploy('unsubscribed', 'UNSUBSCRIBED');
    const failure = await failedTick('unsubscribed');
    assert.equal(failure.type, 'Chorus.forbidden');
    assert.match(failure.message, /subscribe/i);
  });

  test('a file over 100 MB fails that invoice only, with nothing half-stored', async () => {
    await deploy('sizes');
    const downloadRequests = () =>
      Object.values(harness.simulator.stats().requests['POST /cpro/factures/v1/telecharger/groupe'] ?? {}).reduce(
        (sum, count) => sum + count,
        0,
      );
    const [big] = harness.simulator.addInvoices(1);
    harness.simulator.setFaults({ oversizedInvoiceIds: [big ?? 0], oversizedBytes: 105 * 1024 * 1024 });
    const before = downloadRequests();
    const result = await runTick(harness.env.client, 'sizes', 120_000);
    harness.simulator.setFaults({ oversizedInvoiceIds: [] });
    assert.equal(result.failed, 1);
    assert.equal(result.failures[0]?.invoiceId, big);
    assert.match(result.failures[0]?.message ?? '', /100 M|too large|413/i);
    assert.equal(result.delivered, result.listed - 1);
    const { messages, uncommitted } = await readStore(harness.storeRoot, 'sizes');
    assert.ok(!messages.some((message) => message.invoiceId === big));
    assert.deepEqual(uncommitted, []);
    assert.equal(
      downloadRequests() - before,
      result.listed,
      'one download request per invoice: the refusal is not retried',
    );
    // The refused download left no partial file anywhere in the store.
    assert.deepEqual(await readdir(join(harness.storeRoot, 'blobs', 'sizes')), []);
    assert.deepEqual(await readdir(join(harness.storeRoot, 'work', 'sizes')).catch(() => []), []);
  });
});
