import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { requestToken, SimulatorClient } from '../../src/simulator/sim-client.ts';

const HEALTH = '/cpro/transverses/v1/health-check';
const DOWNLOAD = '/cpro/factures/v1/telecharger/groupe';
const MiB = 1024 * 1024;

async function healthStatuses(sim: RunningSimulator, client: SimulatorClient, count: number): Promise<number[]> {
  const headers = await client.headers();
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await fetch(sim.url + HEALTH, { headers })).status);
  return statuses;
}

describe('simulator fault injection', () => {
  let sim: RunningSimulator;
  let client: SimulatorClient;

  before(async () => {
    sim = await startSimulator({ seed: 17, invoiceCount: 12 });
    client = new SimulatorClient(sim);
    await client.token();
  });
  after(() => sim.close());

  const reset = () =>
    sim.setFaults({
      serverErrorRate: 0,
      rateLimitRate: 0,
      latencyMs: 0,
      bytesPerSecond: 0,
      tokenLifetimeSeconds: 0,
      truncatedDownloadRate: 0,
      malformedPivotRate: 0,
      oversizedInvoiceIds: [],
    });

  test('server errors: 500 with a JSON body, 502 and 503 with an HTML body, token endpoint included', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    try {
      const seen = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const response = await fetch(sim.url + HEALTH, { headers: await client.headers() });
        seen.add(response.status);
        const type = response.headers.get('content-type') ?? '';
        if (response.status === 500) assert.equal(((await response.json()) as { codeRetour: number }).codeRetour, 500);
        else assert.match(type + (await response.text()), /text\/html.*<html>/s);
      }
      assert.deepEqual([...seen].sort(), [500, 502, 503]);
      const token = await fetch(sim.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      assert.ok([500, 502, 503].includes(token.status), `token endpoint answered ${token.status}`);
      assert.ok((sim.stats().faults['server-error'] ?? 0) >= 31);
    } finally {
      reset();
    }
  });

  test('rate limiting: 429 with Retry-After', async () => {
    sim.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    try {
      const response = await fetch(sim.url + HEALTH, { headers: await client.headers() });
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '7');
    } finally {
      reset();
    }
    assert.equal((await fetch(sim.url + HEALTH, { headers: await client.headers() })).status, 200);
  });

  test('fault choices are reproducible per seed', async () => {
    const faults = { serverErrorRate: 0.3, rateLimitRate: 0.2 };
    const runs: number[][] = [];
    for (const seed of [99, 99, 100]) {
      const other = await startSimulator({ seed, invoiceCount: 1 });
      try {
        const otherClient = new SimulatorClient(other);
        await otherClient.token();
        other.setFaults(faults);
        runs.push(await healthStatuses(other, otherClient, 40));
      } finally {
        await other.close();
      }
    }
    assert.deepEqual(runs[0], runs[1]);
    assert.notDeepEqual(runs[0], runs[2]);
    assert.ok(runs[0]?.includes(200) && runs[0].includes(429) && runs[0].some((s) => s >= 500));
  });

  test('latency is added to every call', async () => {
    sim.setFaults({ latencyMs: 150 });
    try {
      const started = performance.now();
      assert.equal((await client.post('/cpro/transverses/v1/recuperer/tauxtva', {})).status, 200);
      assert.ok(performance.now() - started >= 145);
    } finally {
      reset();
    }
  });

  test('slow bodies are throttled to the configured rate and arrive intact', async () => {
    const [id] = sim.addInvoices(1, { attachmentBytes: 30_000 });
    const body = JSON.stringify({ format: 'PIVOT', listeFacture: [{ idFacture: id }] });
    const fast = await client.post(DOWNLOAD, body);
    sim.setFaults({ bytesPerSecond: 80_000 });
    try {
      const started = performance.now();
      const slow = await client.post(DOWNLOAD, body);
      const seconds = (performance.now() - started) / 1000;
      assert.equal(slow.status, 200);
      assert.equal(slow.text.length, fast.text.length);
      assert.ok(seconds >= slow.text.length / 80_000 - 0.15, `${slow.text.length} bytes in ${seconds.toFixed(2)} s`);
    } finally {
      reset();
    }
  });

  test('short token lifetime', async () => {
    sim.setFaults({ tokenLifetimeSeconds: 1 });
    try {
      const shortClient = new SimulatorClient(sim);
      const { body } = await requestToken(sim.tokenUrl, sim.credentials.clientId, sim.credentials.clientSecret);
      assert.equal(body.expires_in, 1);
      assert.equal((await shortClient.post('/cpro/transverses/v1/recuperer/tauxtva', {})).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await shortClient.post('/cpro/transverses/v1/recuperer/tauxtva', {})).status, 401);
    } finally {
      reset();
    }
    const { body } = await requestToken(sim.tokenUrl, sim.credentials.clientId, sim.credentials.clientSecret);
    assert.equal(body.expires_in, 3600);
  });

  test('truncated downloads keep a well-formed JSON whose base64 is cut short', async () => {
    const id = sim.invoiceIds()[1] ?? 0;
    const full = JSON.parse(
      (await client.post(DOWNLOAD, { format: 'PIVOT', listeFacture: [{ idFacture: id }] })).text,
    ) as { fichierResultat: string };
    sim.setFaults({ truncatedDownloadRate: 1 });
    try {
      const answer = await client.post(DOWNLOAD, { format: 'PIVOT', listeFacture: [{ idFacture: id }] });
      assert.equal(answer.status, 200);
      const cut = (JSON.parse(answer.text) as { codeRetour: number; fichierResultat: string }).fichierResultat;
      assert.ok(cut.length < full.fichierResultat.length);
      assert.notEqual(cut.length % 4, 0);
      const decoded = Buffer.from(cut.slice(0, cut.length - (cut.length % 4)), 'base64').toString('utf8');
      assert.match(decoded, /^<\?xml/);
      assert.doesNotMatch(decoded, /<\/CPPFacturePivot>/);
      assert.equal(sim.stats().faults.truncated, 1);
    } finally {
      reset();
    }
  });

  test('malformed pivots are not well-formed XML; PDF downloads are unaffected', async () => {
    const id = sim.invoiceIds()[2] ?? 0;
    sim.setFaults({ malformedPivotRate: 1 });
    try {
      const xml = (await client.download([id])).toString('utf8');
      assert.match(xml, /^<\?xml/);
      assert.notEqual(XMLValidator.validate(xml), true);
      const pdfOrZip = await client.download([id], 'PDF');
      assert.ok(
        ['%PDF-', 'PK\u0003\u0004'].some((magic) => pdfOrZip.subarray(0, magic.length).toString('latin1') === magic),
      );
    } finally {
      reset();
    }
    assert.equal(XMLValidator.validate((await client.download([id])).toString('utf8')), true);
  });

  test('oversized invoices get a large main attachment: 413 beyond 120 MB, else a big but valid file', async () => {
    const id = sim.invoiceIds()[3] ?? 0;
    sim.setFaults({ oversizedInvoiceIds: [id] });
    try {
      assert.equal((await client.post(DOWNLOAD, { format: 'PIVOT', listeFacture: [{ idFacture: id }] })).status, 413);
      sim.setFaults({ oversizedBytes: 2 * MiB });
      const consulted = await client.postJson<{ facture: { references: { tailleTotalePiecesJointes: number } } }>(
        '/cpro/factures/v1/consulter/recipiendaire',
        { identifiantFactureCPP: id },
      );
      assert.ok(consulted.body.facture.references.tailleTotalePiecesJointes >= 2 * MiB);
      const xml = (await client.download([id])).toString('utf8');
      const main = /<Contenu>([^<]+)<\/Contenu>\s*<NomPJ>([^<]+)<\/NomPJ>/.exec(xml);
      assert.ok(main?.[1] && main[2]);
      assert.equal(unzipSync(Buffer.from(main[1], 'base64'))[main[2]]?.length, 2 * MiB);
    } finally {
      reset();
    }
  });
});
