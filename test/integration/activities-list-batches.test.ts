import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ChorusClientPool } from '../../activities/chorus-clients.ts';
import { makeListInvoices } from '../../activities/list-invoices.ts';
import { CredentialResolver, credentialEnv } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import type { InvoiceBatch, ListInvoicesInput } from '../../src/gateway/types.ts';
import { CursorStore } from '../../src/store/cursor-store.ts';
import { FileStore } from '../../src/store/file-store.ts';
import { SerialRunner } from '../../src/gateway/serial-runner.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';

describe('listing in batches', () => {
  let simulator: RunningSimulator;
  let gateway: GatewayConfig;
  let listInvoices: ReturnType<typeof makeListInvoices>;
  let chorus: ChorusClientPool;

  before(async () => {
    simulator = await startSimulator({ seed: 12, invoiceCount: 7, depositSpreadDays: 3 });
    chorus = new ChorusClientPool(new CredentialResolver({ env: credentialEnv('SIM', simulator.credentials) }));
    listInvoices = makeListInvoices({
      chorus,
      store: new FileStore('/nonexistent'),
      cursors: new CursorStore('/nonexistent'),
      conversions: new SerialRunner(),
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

  test('with "only not downloaded", invoices downloaded between two batches do not shift the next batch', async () => {
    const env = new MockActivityEnvironment();
    const window = { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() };
    const onlyNew = { ...gateway, recipient: { ...gateway.recipient, onlyNotDownloaded: true } };
    const ids = [...simulator.invoiceIds()].sort((a, b) => a - b);
    const folder = await mkdtemp(join(tmpdir(), 'list-batches-'));
    const download = (id: number) => chorus.get(onlyNew).downloadPivot(id, join(folder, `${id}.xml`));
    await download(ids[1] ?? 0); // downloaded by somebody else before the tick

    const listed: number[] = [];
    for (let offset = 0, more = true; more; offset += 3) {
      const input: ListInvoicesInput = { gateway: onlyNew, selection: { kind: 'new', window }, offset, limit: 3 };
      const batch: InvoiceBatch = await env.run(listInvoices, input);
      listed.push(...batch.refs.map((ref) => ref.invoiceId));
      for (const ref of batch.refs) await download(ref.invoiceId); // as the tick does before listing on
      more = batch.more;
    }
    assert.deepEqual(
      listed,
      ids.filter((id) => id !== ids[1]),
    );
  });
});
