import type { Invoice } from '../model.ts';
import { amount, decimal, escapeXml as x } from './xml.ts';

/** The supplier's structured file when it deposited UN/CEFACT CII D16B (Chorus syntax IN_DP_E1_CII_16B). */

const compactDate = (isoDate: string): string => isoDate.replaceAll('-', '');

export function buildCiiInvoice(invoice: Invoice): string {
  const s = invoice.supplier;
  const r = invoice.recipient;
  const cur = invoice.currency;
  const category = (rate: number): string => (rate === 0 ? 'E' : 'S');
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"',
    '  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"',
    '  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">',
    '  <rsm:ExchangedDocumentContext>',
    `    <ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>${invoice.framework}</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>`,
    '    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>',
    '  </rsm:ExchangedDocumentContext>',
    '  <rsm:ExchangedDocument>',
    `    <ram:ID>${x(invoice.number)}</ram:ID>`,
    `    <ram:TypeCode>${invoice.type === 'AVOIR' ? 381 : 380}</ram:TypeCode>`,
    `    <ram:IssueDateTime><udt:DateTimeString format="102">${compactDate(invoice.issueDate)}</udt:DateTimeString></ram:IssueDateTime>`,
    '  </rsm:ExchangedDocument>',
    '  <rsm:SupplyChainTradeTransaction>',
  ];
  for (const line of invoice.lines) {
    out.push(
      '    <ram:IncludedSupplyChainTradeLineItem>',
      `      <ram:AssociatedDocumentLineDocument><ram:LineID>${line.number}</ram:LineID></ram:AssociatedDocumentLineDocument>`,
      `      <ram:SpecifiedTradeProduct><ram:SellerAssignedID>${x(line.reference)}</ram:SellerAssignedID><ram:Name>${x(line.label)}</ram:Name></ram:SpecifiedTradeProduct>`,
      '      <ram:SpecifiedLineTradeAgreement>',
      `        <ram:NetPriceProductTradePrice><ram:ChargeAmount>${amount(line.unitPriceCents)}</ram:ChargeAmount></ram:NetPriceProductTradePrice>`,
      '      </ram:SpecifiedLineTradeAgreement>',
      `      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="${line.unitCode}">${decimal(line.quantity)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>`,
      '      <ram:SpecifiedLineTradeSettlement>',
      `        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${category(line.vatRate)}</ram:CategoryCode><ram:RateApplicablePercent>${decimal(line.vatRate)}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`,
      `        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(line.netCents)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>`,
      '      </ram:SpecifiedLineTradeSettlement>',
      '    </ram:IncludedSupplyChainTradeLineItem>',
    );
  }
  const party = (
    tag: string,
    siret: string,
    name: string,
    address: Invoice['supplier']['address'],
    vat: string | null,
  ) => {
    out.push(
      `      <ram:${tag}>`,
      `        <ram:Name>${x(name)}</ram:Name>`,
      `        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">${siret}</ram:ID></ram:SpecifiedLegalOrganization>`,
      '        <ram:PostalTradeAddress>',
      `          <ram:PostcodeCode>${address.postalCode}</ram:PostcodeCode>`,
      `          <ram:LineOne>${x(address.detail)}</ram:LineOne>`,
      `          <ram:CityName>${x(address.city)}</ram:CityName>`,
      `          <ram:CountryID>${address.countryCode}</ram:CountryID>`,
      '        </ram:PostalTradeAddress>',
      vat
        ? `        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${vat}</ram:ID></ram:SpecifiedTaxRegistration>`
        : '',
      `      </ram:${tag}>`,
    );
  };
  out.push(
    '    <ram:ApplicableHeaderTradeAgreement>',
    `      <ram:BuyerReference>${x(invoice.service.code)}</ram:BuyerReference>`,
  );
  party('SellerTradeParty', s.siret, s.name, s.address, s.vatNumber);
  party('BuyerTradeParty', r.siret, r.name, r.address, null);
  if (invoice.orderNumber) {
    out.push(
      `      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${x(invoice.orderNumber)}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>`,
    );
  }
  if (invoice.contractNumber) {
    out.push(
      `      <ram:ContractReferencedDocument><ram:IssuerAssignedID>${x(invoice.contractNumber)}</ram:IssuerAssignedID></ram:ContractReferencedDocument>`,
    );
  }
  out.push(
    '    </ram:ApplicableHeaderTradeAgreement>',
    '    <ram:ApplicableHeaderTradeDelivery/>',
    '    <ram:ApplicableHeaderTradeSettlement>',
    `      <ram:InvoiceCurrencyCode>${cur}</ram:InvoiceCurrencyCode>`,
    '      <ram:SpecifiedTradeSettlementPaymentMeans>',
    `        <ram:TypeCode>${invoice.paymentMeansCode}</ram:TypeCode>`,
    `        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${s.bank.iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>`,
    '      </ram:SpecifiedTradeSettlementPaymentMeans>',
  );
  for (const vat of invoice.vat) {
    out.push(
      '      <ram:ApplicableTradeTax>',
      `        <ram:CalculatedAmount>${amount(vat.vatCents)}</ram:CalculatedAmount>`,
      '        <ram:TypeCode>VAT</ram:TypeCode>',
      `        <ram:BasisAmount>${amount(vat.baseCents)}</ram:BasisAmount>`,
      `        <ram:CategoryCode>${category(vat.rate)}</ram:CategoryCode>`,
      vat.rate === 0 ? '        <ram:ExemptionReasonCode>VATEX-EU-132</ram:ExemptionReasonCode>' : '',
      `        <ram:RateApplicablePercent>${decimal(vat.rate)}</ram:RateApplicablePercent>`,
      '      </ram:ApplicableTradeTax>',
    );
  }
  const t = invoice.totals;
  out.push(
    `      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">${compactDate(invoice.dueDate)}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>`,
    '      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    `        <ram:LineTotalAmount>${amount(t.netCents)}</ram:LineTotalAmount>`,
    `        <ram:TaxBasisTotalAmount>${amount(t.netCents)}</ram:TaxBasisTotalAmount>`,
    `        <ram:TaxTotalAmount currencyID="${cur}">${amount(t.vatCents)}</ram:TaxTotalAmount>`,
    `        <ram:GrandTotalAmount>${amount(t.grossCents)}</ram:GrandTotalAmount>`,
    `        <ram:DuePayableAmount>${amount(t.payableCents)}</ram:DuePayableAmount>`,
    '      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
  );
  if (invoice.originalInvoiceNumber) {
    out.push(
      `      <ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${x(invoice.originalInvoiceNumber)}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>`,
    );
  }
  out.push(
    '    </ram:ApplicableHeaderTradeSettlement>',
    '  </rsm:SupplyChainTradeTransaction>',
    '</rsm:CrossIndustryInvoice>',
  );
  return out.filter((line) => line !== '').join('\n') + '\n';
}
