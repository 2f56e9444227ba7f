import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ChorusClientPool } from '../../activities/chorus-clients.ts';
import { makeListInvoices } from '../../activities/list-invoices.ts';
import { CredentialResolver, credentialEnv } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import type { InvoiceBatch, ListInvoicesInput } from '../../src/gateway/types.ts';
import { CursorStore } from '../../src/store/cursor-store.ts';
import { FileStore } from '../../src/store/file-store.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';

describe('listing in batches', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayConfig;
  let listInvoices: ReturnType<typeof makeListInvoices>;

  before(async () => {
    simulator = await startSimulator({ seed: 12, invoiceCount: 7, depositSpreadDays: 3 });
    const chorus = new ChorusClientPool(new CredentialResolver({ env: credentialEnv('SIM', simulator.credentials) }));
    listInvoices = makeListInvoices({
      chorus,
      store: new FileStore('/nonexistent'),
      cursors: new CursorStore('/nonexistent'),
    });
    gateway = {
      id: 'batches',
      baseUrl: simulator.url,
      credentials: 'SIM',
      recipient: { siret: simulator.recipient.siret, onlyNotDownloaded: false },
      outputFormat: 'pivot',
      saveAttachments: true,
      schedule: { cron: '0 0 6 * * ?', timezone: 'Europe/Paris' },
    };
  });

  after(() => simulator?.close());

  test('consecutive batches cover the selection once, in order, and say when there is more', async () => {
    const env = new MockActivityEnvironment();
    const window = { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() };
    const batches: InvoiceBatch[] = [];
    for (const offset of [0, 3, 6]) {
      const input: ListInvoicesInput = { gateway, selection: { kind: 'new', window }, offset, limit: 3 };
      batches.push(await env.run(listInvoices, input));
    }
    assert.deepEqual(
      batches.map((batch) => [batch.refs.length, batch.more]),
      [
        [3, true],
        [3, true],
        [1, false],
      ],
    );
    const ids = batches.flatMap((batch) => batch.refs.map((ref) => ref.invoiceId));
    assert.deepEqual(
      ids,
      [...simulator.invoiceIds()].sort((a, b) => a - b),
    );
  });
});
