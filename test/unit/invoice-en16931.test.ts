import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import { validateEn16931 } from '../../src/invoice/index.ts';

let valid: string;
before(async () => {
  valid = await readFile(new URL('../fixtures/invoice/ubl-en16931.xml', import.meta.url), 'utf8');
});

/** Applies [search, replacement] pairs (each must match) and returns the sorted, distinct rule ids reported. */
function rulesAfter(...edits: [string | RegExp, string][]): string[] {
  let xml = valid;
  for (const [search, replacement] of edits) {
    const next = xml.replace(search, replacement);
    assert.notEqual(next, xml, `edit ${String(search)} did not apply`);
    xml = next;
  }
  return [...new Set(validateEn16931(xml).map((issue) => issue.rule))].sort();
}

const amount = (name: string, value: string): RegExp =>
  new RegExp(`(<cbc:${name} currencyID="EUR">)${value.replace('.', '\\.')}`);

describe('validateEn16931', () => {
  test('accepts the valid fixture', () => {
    assert.deepEqual(validateEn16931(valid), []);
  });

  describe('totals (BR-CO-10..16)', () => {
    test('sum of line net amounts', () => {
      assert.deepEqual(rulesAfter([amount('LineExtensionAmount', '250.00'), '$1251.00']), ['BR-CO-10', 'BR-CO-13']);
    });
    test('total without VAT', () => {
      assert.deepEqual(rulesAfter([amount('TaxExclusiveAmount', '250.00'), '$1249.00']), ['BR-CO-13', 'BR-CO-15']);
    });
    test('total VAT against the breakdown', () => {
      assert.deepEqual(rulesAfter([/(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">)50\.00/, '$151.00']), [
        'BR-CO-14',
        'BR-CO-15',
      ]);
    });
    test('total with VAT and amount due', () => {
      assert.deepEqual(rulesAfter([amount('TaxInclusiveAmount', '300.00'), '$1301.00']), ['BR-CO-15', 'BR-CO-16']);
      assert.deepEqual(rulesAfter([amount('PayableAmount', '300.00'), '$1290.00']), ['BR-CO-16']);
      assert.deepEqual(
        rulesAfter(
          [amount('PayableAmount', '300.00'), '$1290.00'],
          ['<cbc:PayableAmount', '<cbc:PrepaidAmount currencyID="EUR">10.00</cbc:PrepaidAmount><cbc:PayableAmount'],
        ),
        [],
      );
    });
  });

  describe('VAT (BR-CO-17, BR-S-*, BR-E-*)', () => {
    test('VAT amount that is not base × rate', () => {
      assert.deepEqual(
        rulesAfter(
          [/(<cac:TaxSubtotal>[\s\S]*?<cbc:TaxAmount currencyID="EUR">)50\.00/, '$155.00'],
          [/(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">)50\.00/, '$155.00'],
          [amount('TaxInclusiveAmount', '300.00'), '$1305.00'],
          [amount('PayableAmount', '300.00'), '$1305.00'],
        ),
        ['BR-CO-17', 'BR-S-09'],
      );
    });
    test('taxable amount of a rate that is not the sum of its lines', () => {
      assert.deepEqual(
        rulesAfter(
          [amount('TaxableAmount', '250.00'), '$1200.00'],
          [/(<cac:TaxSubtotal>[\s\S]*?<cbc:TaxAmount currencyID="EUR">)50\.00/, '$140.00'],
          [/(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">)50\.00/, '$140.00'],
          [amount('TaxInclusiveAmount', '300.00'), '$1290.00'],
          [amount('PayableAmount', '300.00'), '$1290.00'],
        ),
        ['BR-S-08'],
      );
    });
    test('standard rated lines without a standard rate breakdown', () => {
      assert.ok(rulesAfter([/(<cac:TaxSubtotal>[\s\S]*?<cbc:ID>)S/, '$1Z']).includes('BR-S-01'));
    });
    test('exempt invoice: reason required (BR-E-10)', () => {
      const exempt: [string | RegExp, string][] = [
        [/<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>20<\/cbc:Percent>/g, '<cbc:ID>E</cbc:ID><cbc:Percent>0</cbc:Percent>'],
        [/(<cac:TaxSubtotal>[\s\S]*?<cbc:TaxAmount currencyID="EUR">)50\.00/, '$10.00'],
        [/(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">)50\.00/, '$10.00'],
        [amount('TaxInclusiveAmount', '300.00'), '$1250.00'],
        [amount('PayableAmount', '300.00'), '$1250.00'],
      ];
      assert.deepEqual(rulesAfter(...exempt), ['BR-E-10']);
      assert.deepEqual(
        rulesAfter(...exempt, [
          /(<cbc:Percent>0<\/cbc:Percent>)/,
          '$1<cbc:TaxExemptionReasonCode>VATEX-EU-132</cbc:TaxExemptionReasonCode>',
        ]),
        [],
      );
    });
    test('standard rate lines need a seller VAT or tax registration identifier (BR-S-02)', () => {
      assert.deepEqual(rulesAfter([/<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>/, '']), ['BR-S-02']);
    });
  });

  describe('decimals (BR-DEC-*)', () => {
    test('amounts with more than two decimals', () => {
      assert.deepEqual(rulesAfter([amount('LineExtensionAmount', '50.00'), '$150.001']), ['BR-DEC-23']);
      assert.deepEqual(rulesAfter([amount('PayableAmount', '300.00'), '$1300.000']), ['BR-DEC-18']);
      assert.deepEqual(rulesAfter([amount('TaxableAmount', '250.00'), '$1250.0000']), ['BR-DEC-19']);
      assert.deepEqual(rulesAfter([amount('PayableAmount', '300.00'), '$1trois cents']), ['UBL-DECIMAL']);
    });
  });

  describe('mandatory elements (BR-01..BR-26)', () => {
    test('each missing element is reported with its rule', () => {
      assert.deepEqual(rulesAfter([/<cbc:CustomizationID>.*<\/cbc:CustomizationID>/, '']), ['BR-01']);
      assert.deepEqual(rulesAfter([/<cbc:IssueDate>.*<\/cbc:IssueDate>/, '']), ['BR-03']);
      assert.deepEqual(
        rulesAfter([/(<cac:AccountingCustomerParty>[\s\S]*?)<cbc:RegistrationName>.*<\/cbc:RegistrationName>/, '$1']),
        ['BR-07'],
      );
      assert.deepEqual(rulesAfter([/(<cac:AccountingSupplierParty>[\s\S]*?)<cac:Country>.*<\/cac:Country>/, '$1']), [
        'BR-09',
      ]);
      assert.deepEqual(rulesAfter([/<cac:InvoiceLine>[\s\S]*<\/cac:InvoiceLine>/, '']), [
        'BR-16',
        'BR-CO-10',
        'BR-S-01',
        'BR-S-08',
      ]);
      assert.deepEqual(rulesAfter([/(<cac:InvoiceLine>[\s\S]*?)<cbc:Name>.*?<\/cbc:Name>/, '$1']), ['BR-25']);
      assert.deepEqual(rulesAfter([/ unitCode="HUR"/, '']), ['BR-23']);
      assert.deepEqual(rulesAfter([/<cac:PayeeFinancialAccount>.*<\/cac:PayeeFinancialAccount>/, '']), ['BR-61']);
    });
  });

  describe('code lists (BR-CL-*)', () => {
    test('currency, country, payment means and type codes', () => {
      assert.deepEqual(rulesAfter(['<cbc:DocumentCurrencyCode>EUR', '<cbc:DocumentCurrencyCode>EUU']), ['BR-CL-04']);
      assert.deepEqual(
        rulesAfter([
          /currencyID="EUR">50\.00<\/cbc:LineExtensionAmount>/,
          'currencyID="ECU">50.00</cbc:LineExtensionAmount>',
        ]),
        ['BR-CL-03'],
      );
      assert.deepEqual(rulesAfter(['<cbc:IdentificationCode>FR', '<cbc:IdentificationCode>XX']), ['BR-CL-14']);
      assert.deepEqual(rulesAfter(['<cbc:PaymentMeansCode>30', '<cbc:PaymentMeansCode>999']), ['BR-CL-16']);
      assert.deepEqual(rulesAfter(['<cbc:InvoiceTypeCode>380', '<cbc:InvoiceTypeCode>381']), ['BR-CL-01']);
      assert.deepEqual(rulesAfter(['mimeCode="application/pdf"', 'mimeCode="application/zip"']), ['BR-CL-24']);
    });
  });

  describe('UBL structure', () => {
    test('element order, cardinality, root and namespace', () => {
      assert.deepEqual(
        rulesAfter([/(<cbc:DueDate>.*<\/cbc:DueDate>)\s*(<cbc:InvoiceTypeCode>.*<\/cbc:InvoiceTypeCode>)/, '$2$1']),
        ['UBL-ORDER'],
      );
      assert.deepEqual(rulesAfter([/(<cbc:ID>UBL-2024-0007<\/cbc:ID>)/, '$1$1']), ['UBL-CARD']);
      assert.deepEqual(
        rulesAfter([
          /(<cac:Item>\s*)(<cbc:Name>.*?<\/cbc:Name>)(\s*<cac:ClassifiedTaxCategory>[\s\S]*?<\/cac:ClassifiedTaxCategory>)/,
          '$1$3$2',
        ]),
        ['UBL-ORDER'],
      );
      assert.deepEqual(rulesAfter(['<cbc:BuyerReference>', '<cbc:Unknown>x</cbc:Unknown><cbc:BuyerReference>']), [
        'UBL-ORDER',
      ]);
      assert.deepEqual(rulesAfter(['xsd:Invoice-2"', 'xsd:Invoice-3"']), ['UBL-NS']);
      assert.deepEqual(
        validateEn16931('<Order xmlns="urn:x"/>').map((e) => e.rule),
        ['UBL-ROOT'],
      );
    });

    test('refused or malformed XML is reported, never thrown', () => {
      assert.deepEqual(rulesAfter(['<Invoice', '<!DOCTYPE Invoice [<!ENTITY x "y">]><Invoice']), ['XML']);
      assert.match(validateEn16931('<Invoice><cbc:ID></Invoice>')[0]?.message ?? '', /malformed XML/);
    });
  });
});
