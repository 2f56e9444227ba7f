import type { Invoice } from '../model.ts';
import { amount, decimal, escapeXml as x } from './xml.ts';

/** The supplier's structured file when it deposited UBL 2.1 (EN 16931, BT references in API-REFERENCE.md §5). */

function vatCategory(rate: number): string {
  return rate === 0 ? 'E' : 'S';
}

export function buildUblInvoice(invoice: Invoice): string {
  const credit = invoice.type === 'AVOIR';
  const root = credit ? 'CreditNote' : 'Invoice';
  const lineTag = credit ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityTag = credit ? 'CreditedQuantity' : 'InvoicedQuantity';
  const s = invoice.supplier;
  const r = invoice.recipient;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2"`,
    '  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"',
    '  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
    '  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>',
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>',
    `  <cbc:ProfileID>${invoice.framework}</cbc:ProfileID>`,
    `  <cbc:ID>${x(invoice.number)}</cbc:ID>`,
    `  <cbc:IssueDate>${invoice.issueDate}</cbc:IssueDate>`,
  ];
  if (!credit) out.push(`  <cbc:DueDate>${invoice.dueDate}</cbc:DueDate>`);
  out.push(
    credit
      ? '  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>'
      : '  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    `  <cbc:DocumentCurrencyCode>${invoice.currency}</cbc:DocumentCurrencyCode>`,
    `  <cbc:BuyerReference>${x(invoice.service.code)}</cbc:BuyerReference>`,
  );
  if (invoice.orderNumber)
    out.push(`  <cac:OrderReference><cbc:ID>${x(invoice.orderNumber)}</cbc:ID></cac:OrderReference>`);
  if (invoice.originalInvoiceNumber) {
    out.push(
      '  <cac:BillingReference><cac:InvoiceDocumentReference>',
      `    <cbc:ID>${x(invoice.originalInvoiceNumber)}</cbc:ID>`,
      '  </cac:InvoiceDocumentReference></cac:BillingReference>',
    );
  }
  if (invoice.contractNumber) {
    out.push(
      `  <cac:ContractDocumentReference><cbc:ID>${x(invoice.contractNumber)}</cbc:ID></cac:ContractDocumentReference>`,
    );
  }
  const party = (
    tag: string,
    siret: string,
    name: string,
    address: Invoice['supplier']['address'],
    vatNumber: string | null,
  ): void => {
    out.push(
      `  <cac:${tag}><cac:Party>`,
      `    <cbc:EndpointID schemeID="0009">${siret}</cbc:EndpointID>`,
      `    <cac:PartyIdentification><cbc:ID schemeID="0009">${siret}</cbc:ID></cac:PartyIdentification>`,
      '    <cac:PostalAddress>',
      `      <cbc:StreetName>${x(address.detail)}</cbc:StreetName>`,
      `      <cbc:CityName>${x(address.city)}</cbc:CityName>`,
      `      <cbc:PostalZone>${address.postalCode}</cbc:PostalZone>`,
      `      <cac:Country><cbc:IdentificationCode>${address.countryCode}</cbc:IdentificationCode></cac:Country>`,
      '    </cac:PostalAddress>',
    );
    if (vatNumber) {
      out.push(
        `    <cac:PartyTaxScheme><cbc:CompanyID>${vatNumber}</cbc:CompanyID>` +
          '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>',
      );
    }
    out.push(
      '    <cac:PartyLegalEntity>',
      `      <cbc:RegistrationName>${x(name)}</cbc:RegistrationName>`,
      `      <cbc:CompanyID schemeID="0009">${siret}</cbc:CompanyID>`,
      '    </cac:PartyLegalEntity>',
      `  </cac:Party></cac:${tag}>`,
    );
  };
  party('AccountingSupplierParty', s.siret, s.name, s.address, s.vatNumber);
  party('AccountingCustomerParty', r.siret, r.name, r.address, null);
  out.push(
    '  <cac:PaymentMeans>',
    `    <cbc:PaymentMeansCode>${invoice.paymentMeansCode}</cbc:PaymentMeansCode>`,
    `    <cac:PayeeFinancialAccount><cbc:ID>${s.bank.iban}</cbc:ID>` +
      `<cac:FinancialInstitutionBranch><cbc:ID>${s.bank.bic}</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount>`,
    '  </cac:PaymentMeans>',
    '  <cac:TaxTotal>',
    `    <cbc:TaxAmount currencyID="${invoice.currency}">${amount(invoice.totals.vatCents)}</cbc:TaxAmount>`,
  );
  for (const vat of invoice.vat) {
    out.push(
      '    <cac:TaxSubtotal>',
      `      <cbc:TaxableAmount currencyID="${invoice.currency}">${amount(vat.baseCents)}</cbc:TaxableAmount>`,
      `      <cbc:TaxAmount currencyID="${invoice.currency}">${amount(vat.vatCents)}</cbc:TaxAmount>`,
      `      <cac:TaxCategory><cbc:ID>${vatCategory(vat.rate)}</cbc:ID><cbc:Percent>${decimal(vat.rate)}</cbc:Percent>`,
      vat.rate === 0 ? '        <cbc:TaxExemptionReasonCode>VATEX-EU-132</cbc:TaxExemptionReasonCode>' : '',
      '        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>',
      '    </cac:TaxSubtotal>',
    );
  }
  const t = invoice.totals;
  out.push(
    '  </cac:TaxTotal>',
    '  <cac:LegalMonetaryTotal>',
    `    <cbc:LineExtensionAmount currencyID="${invoice.currency}">${amount(t.netCents)}</cbc:LineExtensionAmount>`,
    `    <cbc:TaxExclusiveAmount currencyID="${invoice.currency}">${amount(t.netCents)}</cbc:TaxExclusiveAmount>`,
    `    <cbc:TaxInclusiveAmount currencyID="${invoice.currency}">${amount(t.grossCents)}</cbc:TaxInclusiveAmount>`,
    `    <cbc:PayableAmount currencyID="${invoice.currency}">${amount(t.payableCents)}</cbc:PayableAmount>`,
    '  </cac:LegalMonetaryTotal>',
  );
  for (const line of invoice.lines) {
    out.push(
      `  <cac:${lineTag}>`,
      `    <cbc:ID>${line.number}</cbc:ID>`,
      `    <cbc:${quantityTag} unitCode="${line.unitCode}">${decimal(line.quantity)}</cbc:${quantityTag}>`,
      `    <cbc:LineExtensionAmount currencyID="${invoice.currency}">${amount(line.netCents)}</cbc:LineExtensionAmount>`,
      '    <cac:Item>',
      `      <cbc:Name>${x(line.label)}</cbc:Name>`,
      `      <cac:SellersItemIdentification><cbc:ID>${x(line.reference)}</cbc:ID></cac:SellersItemIdentification>`,
      `      <cac:ClassifiedTaxCategory><cbc:ID>${vatCategory(line.vatRate)}</cbc:ID><cbc:Percent>${decimal(line.vatRate)}</cbc:Percent>` +
        '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>',
      '    </cac:Item>',
      `    <cac:Price><cbc:PriceAmount currencyID="${invoice.currency}">${amount(line.unitPriceCents)}</cbc:PriceAmount></cac:Price>`,
      `  </cac:${lineTag}>`,
    );
  }
  out.push(`</${root}>`, '');
  return out.filter((line) => line !== '').join('\n') + '\n';
}
