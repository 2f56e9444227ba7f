import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import { addDays } from '../../src/gateway/backfill-range.ts';
import type { BackfillProgress, PollResult } from '../../src/gateway/types.ts';
import type { GatewayInfo } from '../../src/temporal/gateway-info.ts';
import { runCli } from '../helpers/cli.ts';
import { readStore } from '../helpers/store.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { waitFor } from '../helpers/wait.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

const GATEWAY_ID = 'life';
const INVOICES = 30;
const today = new Date().toISOString().slice(0, 10);

describe('gateway lifecycle with the chorus-gateway command', () => {
  let harness: Harness;
  let gateway: GatewayConfig;
  let configFile: string;
  let firstTick: PollResult;

  const cli = (...args: string[]) => runCli(args, harness.processEnv);
  const downloads = () => Object.values(harness.simulator.stats().downloadsByInvoice);

  before(async () => {
    // Deposits over 20 days: the first tick sees the last 7, a backfill the rest.
    harness = await startHarness(
      { seed: 21, invoiceCount: INVOICES, depositSpreadDays: 20 },
      { taskQueue: 'gateway-lifecycle' },
    );
    // Yearly on 1 January at 03:00 Paris time: predictable next runs, no tick during the test.
    gateway = harness.gateway(GATEWAY_ID, { schedule: { cron: '0 0 3 1 1 ?', timezone: 'Europe/Paris' } });
    configFile = join(await mkdtemp(join(tmpdir(), 'gateway-config-')), 'gateways.json');
    await writeFile(configFile, JSON.stringify({ gateways: [gateway] }));
  });

  after(() => harness?.stop());

  test('deploy creates the Schedule, deploying again updates it and keeps the dedupe scope', async () => {
    const created = await cli('deploy', '--config', configFile);
    assert.equal(created.code, 0, created.stderr);
    const scope = /created gateway-life \(dedupe scope (\w+)\)/.exec(created.stdout)?.[1];
    assert.ok(scope, created.stdout);
    const updated = await cli('deploy', '--config', configFile);
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, new RegExp(`updated gateway-life \\(dedupe scope ${scope}\\)`));
  });

  test('deploy refuses a bad cron and missing credentials, naming what to fix', async () => {
    const badCron = join(configFile, '..', 'bad-cron.json');
    await writeFile(
      badCron,
      JSON.stringify({ gateways: [{ ...gateway, id: 'bad', schedule: { cron: '0 0 25 * * ?' } }] }),
    );
    const refused = await cli('deploy', '--config', badCron);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Gateway "bad": schedule\.cron "0 0 25 \* \* \?": .*hour/);

    const noSecrets = join(configFile, '..', 'no-secrets.json');
    await writeFile(noSecrets, JSON.stringify({ gateways: [{ ...gateway, id: 'nosecret', credentials: 'ABSENT' }] }));
    const missing = await cli('deploy', '--config', noSecrets);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Credentials "ABSENT" are not available.*CHORUS_ABSENT_CLIENT_ID/);
  });

  test('info shows the next five runs as Temporal computes them, in the gateway time zone', async () => {
    const run = await cli('info', GATEWAY_ID, '--json');
    assert.equal(run.code, 0, run.stderr);
    const info = JSON.parse(run.stdout) as GatewayInfo;
    assert.equal(info.state, 'running');
    const year = Number(today.slice(0, 4)) + 1;
    assert.deepEqual(
      info.schedule.nextRuns,
      [0, 1, 2, 3, 4].map((i) => `${year + i}-01-01T02:00:00.000Z`),
    );
    const text = await cli('info', GATEWAY_ID);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`1 Jan ${year}, 03:00:00 CET`));
  });

  test('the first tick fetches the last 7 days and keeps its cursor durably', async () => {
    firstTick = await runTick(harness.env.client, GATEWAY_ID);
    assert.ok(firstTick.delivered > 0 && firstTick.delivered < INVOICES, JSON.stringify(firstTick));
    assert.equal(Date.parse(firstTick.window.to) - Date.parse(firstTick.window.from), 7 * 24 * 3600 * 1000);
    const { messages } = await readStore(harness.storeRoot, GATEWAY_ID);
    assert.equal(messages.length, firstTick.delivered);
    for (const message of messages) {
      assert.ok(Date.parse(String(message.metadata.statusChangedAt)) >= Date.parse(firstTick.window.from));
    }
    const scope = messages[0]?.manifest.scope ?? '';
    const cursor = JSON.parse(
      await readFile(join(harness.storeRoot, 'state', GATEWAY_ID, `cursor-${scope}.json`), 'utf8'),
    ) as {
      cursor: string;
    };
    assert.equal(cursor.cursor, firstTick.cursor);
  });

  test('a backfill from the command line fetches the older invoices, nothing twice, with a progress bar', async () => {
    const run = await cli('backfill', GATEWAY_ID, '--from', addDays(today, -25), '--to', today);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\[#+\] 26\/26 days/);
    const done = /Backfill done: (\d+) listed, (\d+) delivered, (\d+) already delivered, 0 failed/.exec(run.stdout);
    assert.ok(done, run.stdout);
    assert.equal(Number(done[1]), INVOICES);
    assert.equal(Number(done[2]), INVOICES - firstTick.delivered);
    assert.equal(Number(done[3]), firstTick.delivered);
    assert.equal((await readStore(harness.storeRoot, GATEWAY_ID)).messages.length, INVOICES);
    assert.deepEqual(downloads(), Array(INVOICES).fill(1));
  });

  test('a backfill of an unknown gateway or an inverted range fails with a clear message', async () => {
    const unknown = await cli('backfill', 'nope', '--from', addDays(today, -2), '--to', today);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No gateway "nope" is deployed/);
    const inverted = await cli('backfill', GATEWAY_ID, '--from', today, '--to', addDays(today, -3));
    assert.equal(inverted.code, 1);
    assert.match(inverted.stderr, /The range is inverted/);
  });

  test('dedupe outlives retention: with the closed batch and invoice workflows deleted, a re-run fetches nothing again', async () => {
    const { client } = harness.env;
    const query = `WorkflowType IN ("fetchInvoice", "fetchInvoiceBatch") AND GatewayId="${GATEWAY_ID}"`;
    // Deletion reaches the visibility store asynchronously: delete what is listed until nothing is.
    await waitFor(async () => {
      const listed = [];
      for await (const execution of client.workflow.list({ query })) listed.push(execution);
      for (const execution of listed) {
        await client.workflowService
          .deleteWorkflowExecution({
            namespace: 'default',
            workflowExecution: { workflowId: execution.workflowId, runId: execution.runId },
          })
          .catch(() => undefined); // already deleted, still listed
      }
      return listed.length === 0;
    }, 'deleted workflows to leave visibility');

    const handle = await client.workflow.start('backfillGateway', {
      taskQueue: harness.taskQueue,
      workflowId: `backfill-after-retention-${Date.now()}`,
      args: [{ gatewayId: GATEWAY_ID, from: addDays(today, -25), to: today }],
    });
    const progress = (await handle.result()) as BackfillProgress;
    assert.equal(progress.listed, INVOICES);
    assert.equal(progress.delivered, 0);
    assert.equal(progress.alreadyDelivered, INVOICES);
    assert.deepEqual(downloads(), Array(INVOICES).fill(1));
  });

  test('pause and resume show in info', async () => {
    assert.equal((await cli('pause', GATEWAY_ID, '--note', 'month-end closing')).code, 0);
    const paused = JSON.parse((await cli('info', GATEWAY_ID, '--json')).stdout) as GatewayInfo;
    assert.equal(paused.state, 'paused');
    assert.equal(paused.note, 'month-end closing');
    assert.ok(paused.lastSuccess, 'the first tick is the last success');
    // The backfill is no tick: the counts are the first tick's.
    assert.deepEqual(paused.counts, {
      fetched: firstTick.delivered,
      skippedAsDuplicates: firstTick.alreadyDelivered,
      failed: 0,
      ticks: 1,
    });
    assert.equal((await cli('resume', GATEWAY_ID)).code, 0);
    assert.equal((JSON.parse((await cli('info', GATEWAY_ID, '--json')).stdout) as GatewayInfo).state, 'running');
  });

  test('deleting the gateway and deploying it again starts a fresh scope that fetches its window again', async () => {
    const before = await readStore(harness.storeRoot, GATEWAY_ID);
    assert.equal((await cli('delete', GATEWAY_ID)).code, 0);
    const missing = await cli('trigger', GATEWAY_ID);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No gateway "life" is deployed/);

    const redeployed = await cli('deploy', '--config', configFile);
    assert.match(redeployed.stdout, /created gateway-life/);
    const tick = await runTick(harness.env.client, GATEWAY_ID);
    assert.equal(tick.delivered, firstTick.delivered);
    const after = await readStore(harness.storeRoot, GATEWAY_ID);
    const newScope = new Set(after.messages.map((message) => message.manifest.scope));
    assert.equal(newScope.size, 2, 'the re-fetched window carries the new scope, the rest the old one');
    assert.equal(after.messages.length, before.messages.length);
  });
});
