import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { attachmentContent } from '../../src/simulator/attachments.ts';
import { buildPivot, type PivotEntry } from '../../src/simulator/pivot-writer.ts';
import { SimulatorState } from '../../src/simulator/state.ts';
import { sourceToBuffer } from '../../src/simulator/stream/byte-source.ts';
import type { Invoice } from '../../src/simulator/model.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const XSD_PATH = join(repoRoot, '..', 'shared', 'chorus-pro', 'CPPFacturePivot_V2_02.xsd');

const state = new SimulatorState({
  seed: 21,
  invoiceCount: 40,
  referenceDate: new Date('2025-06-02T08:30:00Z'),
  recipientCount: 2,
  userEmail: 'TECH_1_test@cpro.fr',
  depositSpreadDays: 10,
  preDownloadedShare: 0.3,
});

function entry(invoice: Invoice): PivotEntry {
  return {
    invoice,
    attachments: invoice.attachments.map((spec) => ({ spec, content: attachmentContent(invoice, spec) })),
  };
}

function pivotXml(invoices: Invoice[], malformed = false): string {
  const source = buildPivot(invoices.map(entry), {
    productionDate: new Date('2025-06-02T09:00:00Z'),
    flowId: 'CPP0020036000000000042',
    malformed,
  });
  const bytes = sourceToBuffer(source);
  assert.equal(bytes.length, source.size, 'announced size');
  return bytes.toString('utf8');
}

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: { fileName: 'pivot.xml', contents: xml },
    schema: { fileName: 'CPPFacturePivot_V2_02.xsd', contents: readFileSync(XSD_PATH, 'utf8') },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

interface ParsedUnit {
  Fournisseur: { Identifiant: string };
  Debiteur: { Identifiant: string; CodeService: string };
  DonneesFacture: {
    Id: string;
    IdCPRO: string;
    Type: string;
    Montants: { MontantHT: string; MontantTTC: string };
    TVAs: { TVA: { MontantTVA: string }[] };
    Lignes: { Ligne: unknown[] };
  };
  PJ: { Contenu: string; NomPJ: string; TypePJ: string }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['CPPFacturePivotUnitaire', 'PJ', 'TVA', 'Ligne'].includes(name),
});

// A sample of every shape: invoice and credit note, PDF/UBL/CII main files, complementary attachments, both recipients.
function sample(): Invoice[] {
  const all = state.invoices();
  const picks = new Map<string, Invoice>();
  for (const invoice of all) {
    const key = `${invoice.type}-${invoice.attachments[0]?.kind}-${invoice.attachments.length > 1}`;
    if (!picks.has(key)) picks.set(key, invoice);
  }
  return [...picks.values()];
}

describe('simulator pivot writer', () => {
  test('writes pivots that validate against CPPFacturePivot_V2_02.xsd, alone and grouped', async (t) => {
    if (!existsSync(XSD_PATH)) {
      t.skip(`XSD not found at ${XSD_PATH}`);
      return;
    }
    const invoices = sample();
    assert.ok(invoices.length >= 5, `sample of ${invoices.length}`);
    for (const invoice of invoices.slice(0, 3)) {
      const result = await validate(pivotXml([invoice]));
      assert.ok(result.valid, `invoice ${invoice.idFacture}: ${result.errors.join('\n')}`);
    }
    const grouped = pivotXml(invoices);
    const result = await validate(grouped);
    assert.ok(result.valid, result.errors.join('\n'));
    assert.match(grouped, new RegExp(`<CPPFactures Compteur="${invoices.length}">`));
    assert.match(grouped, /<CPPFacturePivot [^>]*Version="V2_02"/);
  });

  test('a malformed pivot is not well-formed XML (and therefore fails validation)', async (t) => {
    const xml = pivotXml([state.invoices()[0] as Invoice], true);
    assert.notEqual(XMLValidator.validate(xml), true);
    if (!existsSync(XSD_PATH)) {
      t.skip(`XSD not found at ${XSD_PATH}`);
      return;
    }
    assert.equal((await validate(xml)).valid, false);
  });

  test('carries the envelope parameters, the invoice data and one zipped file named NomPJ per PJ', () => {
    const invoices = sample();
    const xml = pivotXml(invoices);
    assert.equal(XMLValidator.validate(xml), true);
    const doc = parser.parse(xml) as {
      CPPFacturePivot: {
        Enveloppe: {
          EnveloppeUnitaire: { Parametres: { ParametreIndiv: { Code: string; Valeurparametre: string }[] } };
        };
        CPPFactures: { CPPFacturePivotUnitaire: ParsedUnit[] };
      };
    };
    const params = doc.CPPFacturePivot.Enveloppe.EnveloppeUnitaire.Parametres.ParametreIndiv;
    assert.deepEqual(
      params.map((p) => p.Code),
      ['DtPrd', 'IdFlx'],
    );
    assert.equal(params[0]?.Valeurparametre, '2025-06-02');
    const units = doc.CPPFacturePivot.CPPFactures.CPPFacturePivotUnitaire;
    assert.equal(units.length, invoices.length);
    units.forEach((unit, i) => {
      const invoice = invoices[i] as Invoice;
      const data = unit.DonneesFacture;
      assert.equal(data.Id, invoice.number);
      assert.equal(Number(data.IdCPRO), invoice.idFacture);
      assert.equal(data.Type, invoice.type === 'AVOIR' ? '381' : '380');
      assert.equal(unit.Fournisseur.Identifiant, invoice.supplier.siret);
      assert.equal(unit.Debiteur.Identifiant, invoice.recipient.siret);
      assert.equal(unit.Debiteur.CodeService, invoice.service.code);
      assert.equal(Math.round(Number(data.Montants.MontantHT) * 100), invoice.totals.netCents);
      assert.equal(Math.round(Number(data.Montants.MontantTTC) * 100), invoice.totals.grossCents);
      const vatSum = data.TVAs.TVA.reduce(
        (sum: number, v: { MontantTVA: string }) => sum + Math.round(Number(v.MontantTVA) * 100),
        0,
      );
      assert.equal(vatSum, invoice.totals.vatCents);
      assert.equal(data.Lignes.Ligne.length, invoice.lines.length);
      assert.equal(unit.PJ.length, invoice.attachments.length);
      for (const [k, pj] of unit.PJ.entries()) {
        const spec = invoice.attachments[k];
        assert.ok(spec);
        assert.equal(pj.NomPJ, spec.fileName);
        assert.equal(pj.TypePJ, spec.typePJ);
        const files = unzipSync(Buffer.from(pj.Contenu, 'base64'));
        assert.deepEqual(Object.keys(files), [pj.NomPJ]);
        const content = Buffer.from(files[pj.NomPJ] ?? []);
        assert.ok(content.equals(sourceToBuffer(attachmentContent(invoice, spec))));
        if (spec.kind === 'ubl')
          assert.match(
            content.toString('utf8'),
            /<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"|<CreditNote /,
          );
        if (spec.kind === 'cii') assert.match(content.toString('utf8'), /<rsm:CrossIndustryInvoice /);
        if (spec.mimeType === 'application/pdf') assert.equal(content.subarray(0, 5).toString('latin1'), '%PDF-');
      }
    });
  });

  test('a normal invoice pivot weighs roughly 10 to 50 KB', () => {
    const sizes = state.invoices().map((invoice) => Buffer.byteLength(pivotXml([invoice])));
    const median = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)] ?? 0;
    assert.ok(Math.min(...sizes) >= 8_000, `min ${Math.min(...sizes)}`);
    assert.ok(Math.max(...sizes) <= 60_000, `max ${Math.max(...sizes)}`);
    assert.ok(median >= 10_000 && median <= 40_000, `median ${median}`);
  });
});
