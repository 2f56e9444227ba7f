import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attachmentContent } from '../../src/simulator/attachments.ts';
import { formatParisDate } from '../../src/simulator/dates.ts';
import { vatCents } from '../../src/simulator/generator-lines.ts';
import { isIbanValid, isLuhnValid, luhnCheckDigit } from '../../src/simulator/identifiers.ts';
import { currentStatus, type Invoice } from '../../src/simulator/model.ts';
import { SimulatorState } from '../../src/simulator/state.ts';
import { sourceToBuffer } from '../../src/simulator/stream/byte-source.ts';

const REFERENCE = new Date('2025-03-14T10:00:00Z');

function makeState(seed: number, invoiceCount = 60): SimulatorState {
  return new SimulatorState({
    seed,
    invoiceCount,
    referenceDate: REFERENCE,
    recipientCount: 1,
    userEmail: 'TECH_1_test@cpro.fr',
    depositSpreadDays: 10,
    preDownloadedShare: 0,
  });
}

/** Everything a client can observe of an invoice, without object identity. */
function snapshot(invoices: readonly Invoice[]): string {
  return JSON.stringify(invoices);
}

describe('simulator data generator', () => {
  test('is deterministic per seed and differs between seeds', () => {
    assert.equal(snapshot(makeState(42).invoices()), snapshot(makeState(42).invoices()));
    assert.notEqual(snapshot(makeState(42).invoices()), snapshot(makeState(43).invoices()));
    const first = makeState(42).invoices()[3];
    const again = makeState(42).invoices()[3];
    assert.ok(first && again);
    const spec = first.attachments[0];
    const specAgain = again.attachments[0];
    assert.ok(spec && specAgain);
    assert.ok(
      sourceToBuffer(attachmentContent(first, spec)).equals(sourceToBuffer(attachmentContent(again, specAgain))),
    );
  });

  test('SIRETs pass the Luhn check (SIREN too) and IBANs their mod-97 check', () => {
    assert.equal(luhnCheckDigit('7992739871'), 3); // the classic Luhn example 79927398713
    assert.ok(isLuhnValid('73282932000074'));
    assert.ok(!isLuhnValid('73282932000075'));
    const { dataset } = makeState(7);
    const sirets = [...dataset.recipients, ...dataset.suppliers].map((s) => s.siret);
    assert.ok(sirets.length >= 5);
    for (const siret of sirets) {
      assert.match(siret, /^\d{14}$/);
      assert.ok(isLuhnValid(siret), `SIRET ${siret}`);
      assert.ok(isLuhnValid(siret.slice(0, 9)), `SIREN of ${siret}`);
    }
    for (const supplier of dataset.suppliers) assert.ok(isIbanValid(supplier.bank.iban), supplier.bank.iban);
    assert.ok(!isIbanValid('FR7630006000011234567890188'));
  });

  test('totals are consistent and rounded to cents, per VAT rate', () => {
    for (const invoice of makeState(3, 80).invoices()) {
      const byRate = new Map<number, number>();
      for (const line of invoice.lines) {
        assert.ok([20, 10, 5.5, 0].includes(line.vatRate));
        assert.equal(line.netCents, Math.round(line.quantity * line.unitPriceCents));
        byRate.set(line.vatRate, (byRate.get(line.vatRate) ?? 0) + line.netCents);
      }
      assert.equal(invoice.vat.length, byRate.size);
      for (const vat of invoice.vat) {
        assert.equal(vat.baseCents, byRate.get(vat.rate));
        assert.equal(vat.vatCents, vatCents(vat.baseCents, vat.rate));
        assert.ok(Number.isInteger(vat.vatCents));
      }
      const t = invoice.totals;
      assert.equal(
        t.netCents,
        invoice.vat.reduce((sum, v) => sum + v.baseCents, 0),
      );
      assert.equal(
        t.vatCents,
        invoice.vat.reduce((sum, v) => sum + v.vatCents, 0),
      );
      assert.equal(t.grossCents, t.netCents + t.vatCents);
      assert.equal(t.payableCents, t.grossCents);
    }
    assert.equal(vatCents(1005, 5.5), 55); // 55.275 cents
    assert.equal(vatCents(12345, 20), 2469);
  });

  test('covers invoices and credit notes, several statuses with MISE_A_DISPOSITION mostly, and three main formats', () => {
    const invoices = makeState(5, 200).invoices();
    const types = new Set(invoices.map((i) => i.type));
    assert.deepEqual([...types].sort(), ['AVOIR', 'FACTURE']);
    for (const invoice of invoices) assert.equal(invoice.originalInvoiceNumber !== null, invoice.type === 'AVOIR');
    const statuses = invoices.map((i) => currentStatus(i).code);
    const available = statuses.filter((s) => s === 'MISE_A_DISPOSITION').length;
    assert.ok(available > invoices.length / 2, `${available} of ${invoices.length} available`);
    assert.ok(new Set(statuses).size >= 6);
    const kinds = new Set(invoices.map((i) => i.attachments[0]?.kind));
    assert.deepEqual([...kinds].sort(), ['cii', 'pdf', 'ubl']);
    assert.ok(invoices.some((i) => i.attachments.some((a) => a.typePJ === '02')));
    for (const invoice of invoices) {
      assert.equal(invoice.attachments.filter((a) => a.typePJ === '01').length, 1);
      for (const a of invoice.attachments) assert.ok(a.fileName.length <= 50, a.fileName);
      assert.ok(invoice.number.length <= 20);
      assert.equal(invoice.downloaded, false);
    }
  });

  test('deposits fall in the 10 days before the reference date, ids grow with deposit time, histories are ordered', () => {
    const invoices = makeState(9, 50).invoices();
    const earliest = REFERENCE.getTime() - 10 * 86400000 - 3600_000;
    for (const [i, invoice] of invoices.entries()) {
      assert.ok(invoice.depositedAt.getTime() >= earliest && invoice.depositedAt.getTime() <= REFERENCE.getTime());
      const previous = invoices[i - 1];
      if (previous) assert.ok(previous.depositedAt <= invoice.depositedAt && previous.idFacture < invoice.idFacture);
      const times = invoice.statuses.map((s) => s.at.getTime());
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
      assert.equal(invoice.statuses[0]?.code, 'DEPOSEE');
      assert.ok(times.every((t) => t <= REFERENCE.getTime()));
    }
    const days = new Set(invoices.map((i) => formatParisDate(i.depositedAt)));
    assert.ok(days.size >= 7, `deposits on ${days.size} days`);
  });

  test('invoices added at run time are available now, and attachmentBytes sets the exact main attachment size', () => {
    const state = makeState(1, 2);
    const before = Date.now();
    const [id] = state.addInvoices(1, { attachmentBytes: 300_000 });
    assert.equal(id, state.invoices()[2]?.idFacture);
    const invoice = state.get(id ?? 0);
    assert.ok(invoice);
    assert.equal(currentStatus(invoice).code, 'MISE_A_DISPOSITION');
    assert.ok(currentStatus(invoice).at.getTime() <= Date.now() && invoice.depositedAt.getTime() >= before - 5000);
    const main = invoice.attachments[0];
    assert.ok(main && main.kind === 'pdf');
    const pdf = attachmentContent(invoice, main);
    const bytes = sourceToBuffer(pdf);
    assert.equal(pdf.size, 300_000);
    assert.equal(bytes.length, 300_000);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = bytes.toString('latin1');
    // startxref must point at the xref table, or PDF readers reject the file.
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
    assert.equal(text.slice(startxref, startxref + 4), 'xref');
  });

  test('padding reaches every requested PDF size exactly, across digit boundaries', () => {
    const state = makeState(2, 1);
    const invoice = state.invoices()[0];
    const spec = invoice?.attachments[0];
    assert.ok(invoice && spec);
    for (const size of [9_990, 9_999, 10_000, 10_001, 10_010, 99_995, 100_000, 100_004]) {
      const pdf = attachmentContent(invoice, { ...spec, kind: 'pdf' }, size);
      assert.equal(pdf.size, size);
      assert.equal(sourceToBuffer(pdf).length, size);
    }
  });
});
