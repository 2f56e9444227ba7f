import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChorusClient, type InvoiceRef } from '../../src/chorus/index.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { chorusFailure } from '../helpers/http-stub.ts';

/** The product's Chorus Pro client against the bundled simulator, over HTTP. */

let sim: RunningSimulator;
let dir: string;

before(async () => {
  sim = await startSimulator({ seed: 7, invoiceCount: 45 });
  dir = await mkdtemp(join(tmpdir(), 'chorus-sim-'));
});
after(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function client(overrides: Partial<RunningSimulator['credentials']> = {}, pageSize = 10) {
  return new ChorusClient({
    environment: { apiBaseUrl: sim.url, tokenUrl: sim.tokenUrl },
    credentials: { ...sim.credentials, ...overrides },
    pageSize,
  });
}

async function collect(iterable: AsyncIterable<InvoiceRef>): Promise<InvoiceRef[]> {
  const out: InvoiceRef[] = [];
  for await (const ref of iterable) out.push(ref);
  return out;
}

const searchCalls = () => sim.stats().requests['POST /cpro/factures/v1/rechercher/recipiendaire']?.['200'] ?? 0;

describe('ChorusClient against the simulator', () => {
  test('finds the recipient structure by SIRET', async () => {
    const structure = await client().findStructureBySiret(sim.recipient.siret);
    assert.equal(structure.structureId, sim.recipient.structureId);
    assert.equal(structure.name, sim.recipient.name);
    assert.equal(structure.siret, sim.recipient.siret);
    const unknown = await chorusFailure(client().findStructureBySiret('00000000000000'));
    assert.equal(unknown.kind, 'business');
  });

  test('lists every invoice across pages, and filters like a local filter would', async () => {
    const c = client();
    sim.resetCounters();
    const all = await collect(c.searchReceivedInvoices({ recipientStructureId: sim.recipient.structureId }));
    assert.deepEqual(
      all.map((r) => r.invoiceId),
      [...sim.invoiceIds()].sort((a, b) => a - b),
    );
    assert.equal(searchCalls(), Math.ceil(all.length / 10), 'one call per page of 10');
    assert.equal(new Set(all.map((r) => r.invoiceId)).size, all.length);

    const status = all[0]?.status ?? '';
    const byStatus = await collect(
      c.searchReceivedInvoices({ recipientStructureId: sim.recipient.structureId, statuses: [status] }),
    );
    assert.ok(byStatus.length > 0);
    assert.deepEqual(
      byStatus,
      all.filter((r) => r.status === status),
    );

    const type = all.find((r) => r.type !== 'FACTURE')?.type ?? 'FACTURE';
    const byType = await collect(
      c.searchReceivedInvoices({ recipientStructureId: sim.recipient.structureId, invoiceTypes: [type as 'AVOIR'] }),
    );
    assert.deepEqual(
      byType,
      all.filter((r) => r.type === type),
    );

    const dates = [...new Set(all.map((r) => r.depositDate))].sort();
    const [from, to] = [dates[1] ?? '', dates[dates.length - 2] ?? ''];
    const byDeposit = await collect(
      c.searchReceivedInvoices({
        recipientStructureId: sim.recipient.structureId,
        depositDateFrom: from,
        depositDateTo: to,
      }),
    );
    assert.ok(byDeposit.length > 0 && byDeposit.length < all.length);
    assert.deepEqual(
      byDeposit,
      all.filter((r) => r.depositDate >= from && r.depositDate <= to),
    );

    const times = [...new Set(all.map((r) => Date.parse(r.statusChangedAt ?? '')))].sort((a, b) => a - b);
    const middle = Math.floor(times.length / 2);
    const since = new Date(((times[middle - 1] ?? 0) + (times[middle] ?? 0)) / 2);
    const byChange = await collect(
      c.searchReceivedInvoices({ recipientStructureId: sim.recipient.structureId, statusChangedFrom: since }),
    );
    assert.deepEqual(
      byChange,
      all.filter((r) => Date.parse(r.statusChangedAt ?? '') >= since.getTime()),
    );

    const first = all[0];
    assert.ok(first);
    const supplierId = (await c.getInvoiceDetails(first.invoiceId)).supplier.structureId;
    assert.ok(supplierId);
    const bySupplier = await collect(
      c.searchReceivedInvoices({ recipientStructureId: sim.recipient.structureId, supplierStructureIds: [supplierId] }),
    );
    assert.ok(bySupplier.some((r) => r.invoiceId === first.invoiceId));
    assert.ok(bySupplier.every((r) => r.supplierCode === first.supplierCode));
  });

  test('reads the details of an invoice', async () => {
    const [ref] = await collect(client().searchReceivedInvoices({ recipientStructureId: sim.recipient.structureId }));
    assert.ok(ref);
    const d = await client().getInvoiceDetails(ref.invoiceId);
    assert.equal(d.invoiceId, ref.invoiceId);
    assert.equal(d.invoiceNumber, ref.invoiceNumber);
    assert.equal(d.status, ref.status);
    assert.equal(d.supplier.code, ref.supplierCode);
    assert.equal(d.supplier.name, ref.supplierName);
    assert.equal(d.recipient.code, sim.recipient.siret);
    assert.ok(d.supplier.address?.city);
    assert.ok(d.supplier.bankAccount?.accountNumber);
    assert.equal(d.totals.amountInclTax, ref.amountInclTax);
    assert.equal(d.billingFramework?.code, 'A1_FACTURE_FOURNISSEUR');
    assert.ok(d.lines.length > 0 && d.lines.every((l) => l.vatRate !== undefined));
    assert.ok(d.vatSummary.length > 0);
    assert.ok(d.attachments.length > 0);
    assert.deepEqual(d.incomplete, []);
    const unknown = await chorusFailure(client().getInvoiceDetails(999_999_999));
    assert.equal(unknown.kind, 'business');
  });

  test('downloads one and several pivots, which then drop out of the not-downloaded search', async () => {
    const c = client();
    const filter = { recipientStructureId: sim.recipient.structureId, downloaded: false };
    const pending = await collect(c.searchReceivedInvoices(filter));
    assert.ok(pending.length >= 3);
    const [one, two, three] = pending as [InvoiceRef, InvoiceRef, InvoiceRef];

    const single = join(dir, 'single.xml');
    const result = await c.downloadPivot(one.invoiceId, single);
    const content = await readFile(single);
    assert.equal(result.bytes, content.length);
    assert.equal(result.sha256, createHash('sha256').update(content).digest('hex'));
    const text = content.toString('utf8');
    assert.ok(text.startsWith('<?xml'), text.slice(0, 40));
    assert.ok(text.includes('CPPFacturePivot'));
    assert.ok(text.includes(one.invoiceNumber));

    const group = join(dir, 'group.xml');
    await c.downloadPivot([two.invoiceId, three.invoiceId], group);
    const groupText = await readFile(group, 'utf8');
    assert.ok(groupText.startsWith('<?xml') && groupText.includes('CPPFacturePivot'));
    assert.ok(groupText.includes(two.invoiceNumber) && groupText.includes(three.invoiceNumber));
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.endsWith('.part')),
      [],
    );

    const downloadedIds = [one.invoiceId, two.invoiceId, three.invoiceId];
    const after = await collect(c.searchReceivedInvoices(filter));
    assert.equal(after.length, pending.length - 3);
    assert.ok(after.every((r) => !downloadedIds.includes(r.invoiceId)));
    const done = await collect(c.searchReceivedInvoices({ ...filter, downloaded: true }));
    assert.ok(downloadedIds.every((id) => done.some((r) => r.invoiceId === id && r.downloaded)));
  });

  test('download faults: truncated base64 is retryable; maxBytes and 413 are too-large', async () => {
    const [id] = sim.addInvoices(1, { attachmentBytes: 200_000 });
    assert.ok(id);
    const c = client();
    const file = join(dir, 'faulty.xml');
    sim.setFaults({ truncatedDownloadRate: 1 });
    try {
      const truncated = await chorusFailure(c.downloadPivot(id, file));
      assert.equal(truncated.kind, 'invalid-answer');
      assert.equal(truncated.retryable, true);
    } finally {
      sim.setFaults({ truncatedDownloadRate: 0 });
    }
    const big = await chorusFailure(c.downloadPivot(id, file, { maxBytes: 50_000 }));
    assert.equal(big.kind, 'too-large');
    assert.equal(existsSync(file) || existsSync(`${file}.part`), false);

    const small = await startSimulator({ seed: 3, invoiceCount: 1, maxResultBytes: 1000 });
    try {
      const tiny = new ChorusClient({
        environment: { apiBaseUrl: small.url, tokenUrl: small.tokenUrl },
        credentials: small.credentials,
      });
      const e = await chorusFailure(tiny.downloadPivot(small.invoiceIds()[0] ?? 0, file));
      assert.equal(e.kind, 'too-large');
      assert.equal(e.httpStatus, 413);
    } finally {
      await small.close();
    }
  });

  test('credential and throttling errors are classified', async () => {
    const badSecret = await chorusFailure(client({ clientSecret: 'wrong' }).findStructureBySiret(sim.recipient.siret));
    assert.equal(badSecret.kind, 'bad-credentials');
    assert.match(badSecret.message, /client id\/secret/);
    const badAccount = await chorusFailure(client({ password: 'wrong' }).findStructureBySiret(sim.recipient.siret));
    assert.equal(badAccount.kind, 'bad-credentials');
    assert.match(badAccount.message, /technical account.*login or password incorrects/s);
    const unsubscribed = await chorusFailure(client(sim.unsubscribedClient).findStructureBySiret(sim.recipient.siret));
    assert.equal(unsubscribed.kind, 'forbidden');
    sim.setFaults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    try {
      const limited = await chorusFailure(client().findStructureBySiret(sim.recipient.siret));
      assert.equal(limited.kind, 'rate-limited');
      assert.equal(limited.retryAfterMs, 3000);
    } finally {
      sim.setFaults({ rateLimitRate: 0 });
    }
  });

  test('testConnection reports three good steps', async () => {
    const report = await client().testConnection(sim.recipient.siret);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.deepEqual(
      report.steps.map((s) => s.name),
      ['token', 'technical-account', 'recipient'],
    );
  });

  test('one token serves concurrent calls', async () => {
    sim.resetCounters();
    const c = client();
    await Promise.all(Array.from({ length: 20 }, () => c.findStructureBySiret(sim.recipient.siret)));
    assert.equal(sim.stats().tokensIssued, 1);
  });
});
