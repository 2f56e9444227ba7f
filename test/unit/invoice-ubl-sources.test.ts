import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { convertToUbl, readPivotFile, validateEn16931, type UblConversion } from '../../src/invoice/index.ts';
import { findEmbeddedInvoiceXml } from '../../src/invoice/pdf-facturx.ts';
import { buildPdf, type PdfSpec } from '../fixtures/invoice/pdf-builder.ts';
import { pivotXml, type AttachmentSpec } from '../fixtures/invoice/pivot-builder.ts';
import { get, readUbl, text } from '../fixtures/invoice/ubl-reading.ts';

const fixture = (name: string): Promise<Buffer> => readFile(new URL(`../fixtures/invoice/${name}`, import.meta.url));

let dir: string;
let n = 0;
let cii: Buffer;
let ubl: Buffer;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoice-ubl-sources-'));
  cii = await fixture('cii-en16931.xml');
  ubl = await fixture('ubl-en16931.xml');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pivot whose main attachment is `main`, converted to UBL. */
async function convertMain(main: AttachmentSpec): Promise<{ result: UblConversion; output: string }> {
  const path = join(dir, `pivot-${++n}.xml`);
  await writeFile(path, pivotXml([{ number: 'PIV-1', attachments: [{ type: '01', ...main }] }]));
  const [invoice] = (await readPivotFile(path, join(dir, `work-${n}`))).invoices;
  assert.ok(invoice);
  const output = join(dir, `ubl-${n}.xml`);
  return { result: await convertToUbl(invoice, undefined, output), output };
}

async function ok(main: AttachmentSpec, source: 'passthrough' | 'cii' | 'pivot') {
  const { result, output } = await convertMain(main);
  assert.ok(result.ok, JSON.stringify(result, null, 2));
  assert.equal(result.source, source);
  const parsed = await readUbl(output);
  assert.deepEqual(validateEn16931(parsed.xml), []);
  return { ...parsed, result };
}

const xmlAttachment = (name: string, content: Buffer): AttachmentSpec => ({ name, content, mime: 'application/xml' });
const pdfAttachment = (spec: PdfSpec): AttachmentSpec => ({ name: 'facturx.pdf', content: buildPdf(spec) });

describe('UBL passthrough', () => {
  test('an EN 16931 UBL main attachment is delivered as is', async () => {
    const { xml } = await ok(xmlAttachment('UBL-2024-0007.xml', ubl), 'passthrough');
    assert.equal(xml, ubl.toString('utf8'));
  });

  test('a UBL main attachment that breaks the rules is reported, not delivered', async () => {
    const broken = Buffer.from(
      ubl
        .toString('utf8')
        .replace(
          '<cbc:LineExtensionAmount currencyID="EUR">250.00',
          '<cbc:LineExtensionAmount currencyID="EUR">260.00',
        ),
    );
    const { result, output } = await convertMain(xmlAttachment('broken.xml', broken));
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.rule), ['BR-CO-10', 'BR-CO-13']);
    await assert.rejects(access(output));
  });

  test('a UBL of another specification (Chorus portal UBL) is not passed through: the UBL is built from the pivot', async () => {
    const portal = Buffer.from(ubl.toString('utf8').replace('urn:cen.eu:en16931:2017', 'PORTAIL_SAISIE'));
    const { result } = await ok(xmlAttachment('UblInvoice_Test.xml', portal), 'pivot');
    assert.match(result.ok ? result.warnings.join('\n') : '', /another specification \(PORTAIL_SAISIE\)/);
  });
});

describe('unreadable main attachments', () => {
  test('a main UBL with a DOCTYPE is never parsed: the UBL is built from the pivot, and the reason is given', async () => {
    const hostile = Buffer.from(
      ubl.toString('utf8').replace('<Invoice', '<!DOCTYPE Invoice [<!ENTITY a "b">]>\n<Invoice'),
    );
    const { result } = await ok(xmlAttachment('hostile.xml', hostile), 'pivot');
    assert.match(result.ok ? result.warnings.join() : '', /cannot be read: refused XML: a <!DOCTYPE> declaration/);
  });
});

describe('CII to UBL', () => {
  test('maps parties, references, payment, allowances and charges, VAT breakdown, totals and lines', async () => {
    const { doc, root } = await ok(xmlAttachment('facture.xml', cii), 'cii');
    assert.equal(root, 'Invoice');
    assert.equal(text(doc, 'CustomizationID'), 'urn:cen.eu:en16931:2017');
    assert.equal(text(doc, 'ProfileID'), 'A1');
    assert.equal(text(doc, 'ID'), 'CII-2024-0042');
    assert.equal(text(doc, 'IssueDate'), '2024-03-15');
    assert.equal(text(doc, 'DueDate'), '2024-04-14');
    assert.equal(text(doc, 'Note'), 'Fournitures de bureau & papeterie');
    assert.equal(text(doc, 'InvoicePeriod.DescriptionCode'), '432');
    assert.equal(text(doc, 'BuyerReference'), 'SERV-COMPTA');
    assert.equal(text(doc, 'OrderReference.ID'), 'EJ-2024-77');
    assert.equal(text(doc, 'ContractDocumentReference.ID'), 'MARCHE-2023-12');
    const seller = get(doc, 'AccountingSupplierParty.Party');
    assert.equal(text(seller, 'PartyLegalEntity.RegistrationName'), 'Papeterie Exemple SARL');
    assert.equal(text(seller, 'PartyLegalEntity.CompanyID'), '12345678200010');
    assert.equal(text(seller, 'PartyTaxScheme.0.CompanyID'), 'FR40123456782');
    assert.equal(text(seller, 'PostalAddress.StreetName'), '10 rue des Exemples');
    assert.equal(text(seller, 'PostalAddress.PostalZone'), '69003');
    assert.equal(text(doc, 'AccountingCustomerParty.Party.PostalAddress.CityName'), 'Exempleville');
    assert.equal(text(doc, 'Delivery.ActualDeliveryDate'), '2024-03-10');
    assert.equal(text(doc, 'PaymentMeans.0.PaymentMeansCode'), '30');
    assert.equal(text(doc, 'PaymentMeans.0.PaymentID'), 'CII-2024-0042');
    assert.equal(text(doc, 'PaymentMeans.0.PayeeFinancialAccount.ID'), 'FR7630006000011234567890189');
    assert.equal(text(doc, 'PaymentMeans.0.PayeeFinancialAccount.FinancialInstitutionBranch.ID'), 'AGRIFRPP');
    assert.equal(text(doc, 'PaymentTerms.Note'), 'Paiement à 30 jours');
    const charges = (get(doc, 'AllowanceCharge') as unknown[]).map((a) => [
      text(a, 'ChargeIndicator'),
      text(a, 'Amount'),
      text(a, 'AllowanceChargeReason'),
    ]);
    assert.deepEqual(charges, [
      ['false', '5.00', 'Remise fidélité'],
      ['true', '10.00', 'Frais de port'],
    ]);
    const breakdown = (get(doc, 'TaxTotal.0.TaxSubtotal') as unknown[]).map((s) => [
      text(s, 'TaxableAmount'),
      text(s, 'TaxAmount'),
      text(s, 'TaxCategory.Percent'),
    ]);
    assert.deepEqual(breakdown, [
      ['130.00', '26.00', '20'],
      ['120.00', '6.60', '5.5'],
    ]);
    assert.equal(text(doc, 'LegalMonetaryTotal.AllowanceTotalAmount'), '5.00');
    assert.equal(text(doc, 'LegalMonetaryTotal.ChargeTotalAmount'), '10.00');
    assert.equal(text(doc, 'LegalMonetaryTotal.PayableAmount'), '282.60');
    assert.equal(get(doc, 'InvoiceLine.0.InvoicedQuantity.@unitCode'), 'H87');
    assert.equal(text(doc, 'InvoiceLine.0.Item.SellersItemIdentification.ID'), 'PAP-A4');
    assert.equal(text(doc, 'InvoiceLine.1.Price.PriceAmount'), '40.00');
  });

  test('a CII credit note becomes a UBL CreditNote', async () => {
    const credit = Buffer.from(
      cii.toString('utf8').replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>'),
    );
    const { doc, root } = await ok(xmlAttachment('avoir.xml', credit), 'cii');
    assert.equal(root, 'CreditNote');
    assert.equal(text(doc, 'CreditNoteTypeCode'), '381');
    assert.equal(text(doc, 'PaymentMeans.0.PaymentDueDate'), '2024-04-14');
    assert.equal((get(doc, 'CreditNoteLine') as unknown[]).length, 2);
  });

  test('a CII whose totals are wrong gives errors, not a UBL', async () => {
    const wrong = Buffer.from(
      cii.toString('utf8').replace('<ram:GrandTotalAmount>282.60', '<ram:GrandTotalAmount>282.65'),
    );
    const { result } = await convertMain(xmlAttachment('faux.xml', wrong));
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.rule), ['BR-CO-15', 'BR-CO-16']);
  });

  test('a MINIMUM profile lacks lines: the UBL is built from the pivot', async () => {
    const minimum = Buffer.from(
      cii
        .toString('utf8')
        .replace('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>', '<ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID>'),
    );
    const { result } = await ok(xmlAttachment('min.xml', minimum), 'pivot');
    assert.match(result.ok ? result.warnings.join() : '', /profile urn:factur-x.eu:1p0:minimum/);
  });
});

describe('Factur-X PDF to UBL', () => {
  for (const compress of [true, false]) {
    test(`finds factur-x.xml in the PDF's embedded files (${compress ? 'FlateDecode' : 'uncompressed'}) and embeds the PDF`, async () => {
      const pdf = buildPdf({ embedded: { fileName: 'factur-x.xml', data: cii, compress } });
      const { doc } = await ok({ name: 'facturx.pdf', content: pdf }, 'cii');
      assert.equal(text(doc, 'ID'), 'CII-2024-0042');
      const embedded = get(doc, 'AdditionalDocumentReference.0.Attachment.EmbeddedDocumentBinaryObject') as Record<
        string,
        string
      >;
      assert.equal(embedded['@mimeCode'], 'application/pdf');
      assert.deepEqual(Buffer.from(embedded['#text'] ?? '', 'base64'), pdf);
    });
  }

  test('reads the file specification from a Flate object stream', async () => {
    await ok(
      pdfAttachment({ embedded: { fileName: 'factur-x.xml', data: cii, compress: true }, objectStream: 'flate' }),
      'cii',
    );
    const path = join(dir, 'zugferd.pdf');
    await writeFile(
      path,
      buildPdf({ embedded: { fileName: 'zugferd-invoice.xml', data: cii, compress: true }, objectStream: 'none' }),
    );
    const found = await findEmbeddedInvoiceXml(path);
    assert.equal(found.kind, 'found');
    assert.deepEqual(found.kind === 'found' ? found.xml : undefined, cii);
  });

  test('says clearly when object streams cannot be read, and builds the UBL from the pivot', async () => {
    const { result } = await ok(
      pdfAttachment({ embedded: { fileName: 'factur-x.xml', data: cii, compress: true }, objectStream: 'lzw' }),
      'pivot',
    );
    assert.match(result.ok ? result.warnings.join() : '', /object streams this reader cannot decode.*LZWDecode/);
  });

  test('a plain PDF, without embedded XML, gives a UBL built from the pivot', async () => {
    const { result } = await ok(pdfAttachment({}), 'pivot');
    assert.ok(result.ok);
  });
});
