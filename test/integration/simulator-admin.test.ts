import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSimulator, type RunningSimulator, type SimulatorStats } from '../../src/simulator/server.ts';
import { SimulatorClient } from '../../src/simulator/sim-client.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'simulator', 'main.ts');

describe('simulator admin endpoints', () => {
  let sim: RunningSimulator;
  let client: SimulatorClient;

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(sim.url + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  before(async () => {
    sim = await startSimulator({ seed: 4, invoiceCount: 6 });
    client = new SimulatorClient(sim);
  });
  after(() => sim.close());

  test('POST /admin/invoices deposits invoices now and returns their ids', async () => {
    const added = await admin<{ ids: number[] }>('POST', '/admin/invoices', { count: 3, attachmentBytes: 30_000 });
    assert.equal(added.status, 201);
    assert.equal(added.body.ids.length, 3);
    assert.deepEqual(sim.invoiceIds().slice(-3), added.body.ids);
    const found = await client.postJson<{
      listeFactures: {
        idFacture: number;
        statut: string;
        dateHeureEtatCourant: string;
        factureTelechargeeParDestinataire: boolean;
      }[];
    }>('/cpro/factures/v1/rechercher/recipiendaire', {
      idDestinataire: sim.recipient.structureId,
      periodeDateHeureEtatCourantDu: new Date(Date.now() - 60_000).toISOString(),
    });
    assert.deepEqual(
      found.body.listeFactures.map((item) => item.idFacture),
      added.body.ids,
    );
    for (const item of found.body.listeFactures) {
      assert.equal(item.statut, 'MISE_A_DISPOSITION');
      assert.equal(item.factureTelechargeeParDestinataire, false);
      assert.ok(Date.parse(item.dateHeureEtatCourant) <= Date.now());
    }
    const pdf = await client.download([added.body.ids[0] ?? 0], 'PDF');
    assert.equal(pdf.length, 30_000);
    for (const bad of [{}, { count: 0 }, { count: 2, colour: 'red' }, '{oops']) {
      assert.equal((await admin('POST', '/admin/invoices', bad)).status, 400, JSON.stringify(bad));
    }
  });

  test('PUT /admin/faults merges and validates the fault options', async () => {
    const updated = await admin<Record<string, unknown>>('PUT', '/admin/faults', { latencyMs: 5, rateLimitRate: 0 });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.latencyMs, 5);
    assert.equal(updated.body.serverErrorRate, 0);
    assert.equal((await admin('PUT', '/admin/faults', { latencyMS: 5 })).status, 400);
    assert.equal((await admin('PUT', '/admin/faults', { serverErrorRate: 2 })).status, 400);
    const current = await admin<Record<string, unknown>>('GET', '/admin/faults');
    assert.equal(current.body.latencyMs, 5);
    assert.equal(sim.faults().latencyMs, 5);
    sim.setFaults({ latencyMs: 0 });
  });

  test('GET /admin/state counts requests per route and status, tokens and downloads; reset-counters clears them', async () => {
    assert.equal((await admin('POST', '/admin/reset-counters')).status, 200);
    client.forgetToken();
    const [first, second] = sim.invoiceIds();
    await client.download([first ?? 0]);
    await client.download([first ?? 0, second ?? 0]);
    await client.post('/cpro/factures/v1/consulter/recipiendaire', { identifiantFactureCPP: 1 });
    const state = await admin<SimulatorStats & { faultOptions: unknown }>('GET', '/admin/state');
    assert.equal(state.status, 200);
    assert.equal(state.body.tokensIssued, 1);
    assert.deepEqual(state.body.requests, {
      'POST /api/oauth/token': { '200': 1 },
      'POST /cpro/factures/v1/telecharger/groupe': { '200': 2 },
      'POST /cpro/factures/v1/consulter/recipiendaire': { '400': 1 },
    });
    assert.equal(state.body.totalRequests, 4);
    assert.deepEqual(state.body.downloadsByInvoice, { [String(first)]: 2, [String(second)]: 1 });
    assert.equal(state.body.invoiceCount, sim.invoiceIds().length);
    assert.ok(state.body.faultOptions);
    assert.deepEqual(sim.stats().downloadsByInvoice, state.body.downloadsByInvoice);

    await admin('POST', '/admin/reset-counters');
    const cleared = await admin<SimulatorStats>('GET', '/admin/state');
    assert.deepEqual(cleared.body.requests, {});
    assert.deepEqual(cleared.body.downloadsByInvoice, {});
    assert.equal(cleared.body.tokensIssued, 0);
    assert.equal((await admin('GET', '/admin/nope')).status, 404);
  });
});

describe('simulator standalone entry (main.ts)', () => {
  test('prints its URLs and credentials, deposits periodically, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--port', '0', '--seed', '42', '--invoices', '3', '--add-every', '300ms'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!/deposited \d+/.test(output) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.match(output, /Token URL\s+http:\/\/127\.0\.0\.1:\d+\/api\/oauth\/token/);
      assert.match(output, /client_id\s+sim-client-id/);
      assert.match(output, /recipient\s+SIRET \d{14}/);
      const url = /API base URL\s+(\S+)/.exec(output)?.[1];
      assert.ok(url, output);
      const state = (await (await fetch(`${url}/admin/state`)).json()) as SimulatorStats;
      assert.ok(state.invoiceCount >= 4, `invoices: ${state.invoiceCount}`);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
  });
});
