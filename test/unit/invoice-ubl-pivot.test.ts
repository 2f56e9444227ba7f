import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  convertToUbl,
  readPivotFile,
  validateEn16931,
  type InvoiceDetailsForUbl,
  type PivotInvoice,
} from '../../src/invoice/index.ts';
import { pivotXml, type InvoiceSpec } from '../fixtures/invoice/pivot-builder.ts';
import { get, readUbl, text } from '../fixtures/invoice/ubl-reading.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoice-ubl-pivot-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function invoicesOf(specs: InvoiceSpec[]): Promise<PivotInvoice[]> {
  const path = join(dir, `pivot-${++n}.xml`);
  await writeFile(path, pivotXml(specs));
  return (await readPivotFile(path, join(dir, `work-${n}`))).invoices;
}

async function convert(spec: InvoiceSpec, details?: InvoiceDetailsForUbl) {
  const [invoice] = await invoicesOf([spec]);
  assert.ok(invoice);
  const output = join(dir, `ubl-${++n}.xml`);
  return { result: await convertToUbl(invoice, details, output), output, invoice };
}

/** Converts, asserts success and that the file passes validateEn16931, and returns it parsed. */
async function converted(spec: InvoiceSpec, details?: InvoiceDetailsForUbl) {
  const { result, output, invoice } = await convert(spec, details);
  assert.ok(result.ok, JSON.stringify(result, null, 2));
  assert.equal(result.source, 'pivot');
  const ubl = await readUbl(output);
  assert.deepEqual(validateEn16931(ubl.xml), []);
  const bytes = await readFile(output);
  assert.equal(result.bytes, bytes.length);
  assert.equal(result.sha256, createHash('sha256').update(bytes).digest('hex'));
  return { ...ubl, result, invoice };
}

const linesSpec: InvoiceSpec = {
  number: 'FAC-L1',
  commitment: 'EJ-2024-5',
  contract: 'MARCHE-9',
  amounts: ['150.00', '180.00', '180.00'],
  vat: [['20', '150.00', '30.00']],
  lines: [
    ['REF-A', '10.00', '10', '100.00', '20'],
    ['REF-B', '25.00', '2', '50.00', '20'],
  ],
};

const fullDetails: InvoiceDetailsForUbl = {
  supplier: {
    vatNumber: 'FR85326820065',
    address: { street: '12 rue du Port', city: 'Marseille', postalCode: '13002', countryCode: 'FR' },
  },
  buyer: { address: { street: '1 place de la Mairie', city: 'Noisy-le-Sec', postalCode: '93130', countryCode: 'FR' } },
  bankAccount: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  dueDate: '2024-03-31',
  vatRegime: 'TVA_SUR_DEBIT',
  lines: [
    {
      number: 1,
      reference: 'REF-A',
      description: 'Heures de maintenance',
      quantity: 10,
      unitCode: 'HUR',
      unitPrice: 10,
      amountExclTax: 100,
      vatRate: 20,
    },
    {
      number: 2,
      reference: 'REF-B',
      description: 'Pièces détachées',
      quantity: 2,
      unitCode: 'H87',
      unitPrice: 25,
      amountExclTax: 50,
      vatRate: 20,
    },
  ],
};

describe('convertToUbl from the pivot', () => {
  test('without details: parties with SIRET, references, payment, lines, VAT and the embedded PDF', async () => {
    const pdf = Buffer.from('%PDF-1.4\n' + 'contenu '.repeat(50_000));
    const { doc, root, result } = await converted({
      ...linesSpec,
      attachments: [{ name: 'FACFAC-L1.pdf', type: '01', content: pdf }],
    });
    assert.equal(root, 'Invoice');
    assert.equal(text(doc, 'CustomizationID'), 'urn:cen.eu:en16931:2017');
    assert.equal(text(doc, 'ProfileID'), 'A1');
    assert.equal(text(doc, 'InvoiceTypeCode'), '380');
    assert.equal(text(doc, 'BuyerReference'), 'SERV-01');
    assert.equal(text(doc, 'OrderReference.ID'), 'EJ-2024-5');
    assert.equal(text(doc, 'ContractDocumentReference.ID'), 'MARCHE-9');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PartyIdentification.ID'), '32682006500083');
    assert.equal(get(doc, 'AccountingSupplierParty.Party.PartyLegalEntity.CompanyID.@schemeID'), '0009');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PostalAddress.Country.IdentificationCode'), 'FR');
    assert.equal(text(doc, 'AccountingCustomerParty.Party.PartyLegalEntity.RegistrationName'), 'Commune de Test');
    assert.equal(text(doc, 'AccountingCustomerParty.Party.PostalAddress.Country.IdentificationCode'), 'FR');
    assert.equal(text(doc, 'PaymentMeans.0.PaymentMeansCode'), '30');
    assert.equal(text(doc, 'PaymentMeans.0.PayeeFinancialAccount.ID'), 'FR7630006000011234567890189');
    assert.equal(text(doc, 'TaxTotal.0.TaxSubtotal.0.TaxCategory.ID'), 'S');
    assert.equal(text(doc, 'TaxTotal.0.TaxSubtotal.0.TaxAmount'), '30.00');
    assert.equal(text(doc, 'LegalMonetaryTotal.LineExtensionAmount'), '150.00');
    assert.equal(text(doc, 'LegalMonetaryTotal.PayableAmount'), '180.00');
    assert.equal(text(doc, 'InvoiceLine.1.Item.Name'), 'REF-B');
    assert.equal(get(doc, 'InvoiceLine.1.InvoicedQuantity.@unitCode'), 'C62');
    const embedded = get(doc, 'AdditionalDocumentReference.0.Attachment.EmbeddedDocumentBinaryObject') as Record<
      string,
      string
    >;
    assert.equal(embedded['@mimeCode'], 'application/pdf');
    assert.equal(embedded['@filename'], 'FACFAC-L1.pdf');
    assert.deepEqual(Buffer.from(embedded['#text'] ?? '', 'base64'), pdf);
    assert.ok(result.ok && result.warnings.some((w) => /SIREN/.test(w)), 'the derived BT-32 is reported');
  });

  test('with details: addresses, VAT number, due date, BIC, unit codes and item names', async () => {
    const { doc } = await converted(linesSpec, fullDetails);
    assert.equal(text(doc, 'DueDate'), '2024-03-31');
    assert.equal(text(doc, 'InvoicePeriod.DescriptionCode'), '3');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PostalAddress.StreetName'), '12 rue du Port');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PostalAddress.CityName'), 'Marseille');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PostalAddress.PostalZone'), '13002');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PartyTaxScheme.0.CompanyID'), 'FR85326820065');
    assert.equal(text(doc, 'AccountingSupplierParty.Party.PartyTaxScheme.0.TaxScheme.ID'), 'VAT');
    assert.equal(text(doc, 'AccountingCustomerParty.Party.PostalAddress.PostalZone'), '93130');
    assert.equal(text(doc, 'PaymentMeans.0.PayeeFinancialAccount.FinancialInstitutionBranch.ID'), 'AGRIFRPP');
    assert.equal(text(doc, 'InvoiceLine.0.Item.Name'), 'Heures de maintenance');
    assert.equal(get(doc, 'InvoiceLine.0.InvoicedQuantity.@unitCode'), 'HUR');
  });

  test('a credit note (381) becomes a UBL CreditNote', async () => {
    const { doc, root } = await converted(
      { ...linesSpec, number: 'AV-1', type: '381', originalInvoice: 'FAC-L0' },
      fullDetails,
    );
    assert.equal(root, 'CreditNote');
    assert.equal(text(doc, 'CreditNoteTypeCode'), '381');
    assert.equal(get(doc, 'InvoiceTypeCode'), undefined);
    assert.equal(get(doc, 'DueDate'), undefined);
    assert.equal(text(doc, 'PaymentMeans.0.PaymentDueDate'), '2024-03-31');
    assert.equal(text(doc, 'BillingReference.InvoiceDocumentReference.ID'), 'FAC-L0');
    assert.equal((get(doc, 'CreditNoteLine') as unknown[]).length, 2);
    assert.equal(get(doc, 'CreditNoteLine.0.CreditedQuantity.@unitCode'), 'HUR');
  });

  test('a PDF invoice without lines gets one line per VAT rate, rounded to the cent', async () => {
    const { doc, result } = await converted({
      amounts: ['3245.000000', '3245.681450', '3245.681450'],
      vat: [['0.021', '3245.000000', '0.681450']],
    });
    assert.equal(text(doc, 'InvoiceLine.0.LineExtensionAmount'), '3245.00');
    assert.equal(text(doc, 'TaxTotal.0.TaxAmount'), '0.68');
    assert.equal(text(doc, 'LegalMonetaryTotal.TaxInclusiveAmount'), '3245.68');
    assert.ok(result.ok && result.warnings.some((w) => /one line per VAT rate/.test(w)));
  });

  test('two VAT rates, an already paid invoice (A2) and a VAT on receipts regime', async () => {
    const { doc } = await converted(
      {
        framework: 'A2',
        amounts: ['200.00', '230.00', '0.00'],
        vat: [
          ['20', '100.00', '20.00'],
          ['10', '100.00', '10.00'],
        ],
        lines: [
          ['A', '100', '1', '100.00', '20'],
          ['B', '50', '2', '100.00', '10'],
        ],
      },
      { ...fullDetails, lines: undefined, vatRegime: 'TVA_SUR_ENCAISSEMENT' },
    );
    assert.equal(text(doc, 'ProfileID'), 'A2');
    assert.equal(text(doc, 'InvoicePeriod.DescriptionCode'), '432');
    assert.deepEqual(
      (get(doc, 'TaxTotal.0.TaxSubtotal') as unknown[]).map((s) => [
        text(s, 'TaxCategory.Percent'),
        text(s, 'TaxAmount'),
      ]),
      [
        ['20', '20.00'],
        ['10', '10.00'],
      ],
    );
    assert.equal(text(doc, 'LegalMonetaryTotal.PrepaidAmount'), '230.00');
    assert.equal(text(doc, 'LegalMonetaryTotal.PayableAmount'), '0.00');
  });

  test('exempt and not-subject invoices get the E and O categories with their reasons', async () => {
    const zeroVat: InvoiceSpec = { amounts: ['500.00', '500.00', '500.00'], vat: [['0', '500.00', '0.00']] };
    const exempt = await converted(zeroVat, {
      vatRegime: 'EXONERATION',
      vatExemptionReason: 'Exonération art. 261 du CGI',
      supplier: { vatNumber: 'FR85326820065' },
    });
    assert.equal(text(exempt.doc, 'TaxTotal.0.TaxSubtotal.0.TaxCategory.ID'), 'E');
    assert.equal(
      text(exempt.doc, 'TaxTotal.0.TaxSubtotal.0.TaxCategory.TaxExemptionReason'),
      'Exonération art. 261 du CGI',
    );
    const notSubject = await converted(zeroVat, { vatRegime: 'SANS_TVA' });
    assert.equal(text(notSubject.doc, 'TaxTotal.0.TaxSubtotal.0.TaxCategory.ID'), 'O');
    assert.equal(text(notSubject.doc, 'TaxTotal.0.TaxSubtotal.0.TaxCategory.TaxExemptionReason'), 'Not subject to VAT');
    assert.equal(get(notSubject.doc, 'InvoiceLine.0.Item.ClassifiedTaxCategory.Percent'), undefined);
  });

  test('each invoice of a multi-invoice pivot converts on its own', async () => {
    const invoices = await invoicesOf([
      { number: 'M-1' },
      { ...linesSpec, number: 'M-2' },
      { number: 'M-3', type: '381' },
    ]);
    assert.equal(invoices.length, 3);
    for (const invoice of invoices) {
      const output = join(dir, `multi-${invoice.number}.xml`);
      const result = await convertToUbl(invoice, undefined, output);
      assert.ok(result.ok, JSON.stringify(result));
      const ubl = await readUbl(output);
      assert.equal(text(ubl.doc, 'ID'), invoice.number);
      assert.equal(ubl.root, invoice.kind === 'credit-note' ? 'CreditNote' : 'Invoice');
      assert.deepEqual(validateEn16931(ubl.xml), []);
    }
  });
});

describe('convertToUbl refuses to produce an invalid UBL', () => {
  async function failed(spec: InvoiceSpec, details?: InvoiceDetailsForUbl) {
    const { result, output } = await convert(spec, details);
    assert.equal(result.ok, false);
    await assert.rejects(access(output), 'no file is written');
    return result.ok ? assert.fail() : result;
  }

  test('missing buyer name and seller country: no UBL, errors name the BT ids and rules', async () => {
    const result = await failed({ debtorName: null, supplierCountry: null });
    assert.deepEqual(result.missingFields.sort(), ['BT-40 Seller country code', 'BT-44 Buyer name']);
    assert.deepEqual(result.errors.map((e) => e.rule).sort(), ['BR-07', 'BR-09']);
    assert.equal(result.errors.find((e) => e.rule === 'BR-07')?.field, 'BT-44 Buyer name');
  });

  test('no line and no way to build one', async () => {
    const result = await failed({ amounts: ['100.00', '120.00', '120.00'], vat: [] });
    assert.ok(result.missingFields.includes('BG-25 Invoice line'), result.missingFields.join());
    assert.ok(result.missingFields.includes('BG-23 VAT breakdown'));
    assert.ok(result.errors.some((e) => e.rule === 'BR-16'));
  });

  test('0 % lines without a VAT regime, and exempt lines without a reason', async () => {
    const zeroVat: InvoiceSpec = { amounts: ['500.00', '500.00', '500.00'], vat: [['0', '500.00', '0.00']] };
    const unknown = await failed(zeroVat);
    assert.deepEqual(unknown.missingFields, ['BT-151 Invoiced item VAT category code', 'BG-23 VAT breakdown']);
    assert.ok(unknown.warnings.some((w) => /VAT category of 0 % lines unknown/.test(w)));
    const noReason = await failed(zeroVat, { vatRegime: 'EXONERATION', supplier: { vatNumber: 'FR85326820065' } });
    assert.deepEqual(
      noReason.errors.map((e) => e.rule),
      ['BR-E-10'],
    );
    assert.deepEqual(noReason.missingFields, ['BT-120 VAT exemption reason text']);
  });

  test('a credit transfer without an account (BR-61)', async () => {
    const result = await failed({ iban: null, paymentCode: '30' });
    assert.deepEqual(result.missingFields, ['BT-84 Payment account identifier']);
  });

  test('pivot totals that do not add up', async () => {
    const result = await failed({ amounts: ['100.00', '150.00', '150.00'], vat: [['20', '100.00', '20.00']] });
    assert.deepEqual(
      result.errors.map((e) => e.rule),
      ['BR-CO-15'],
    );
    assert.match(result.errors[0]?.message ?? '', /pivot says 150.00.*120.00/);
  });
});
