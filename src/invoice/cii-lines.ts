import { ciiAmount, ciiDate, ciiIdentifier, ciiTaxCategory } from './cii-parties.ts';
import { emptyLine, type AllowanceCharge, type InvoiceLine } from './ubl-model.ts';
import { at, attrOf, child, childrenNamed, textAt, type XmlElement } from './xml-tree.ts';

/** CII IncludedSupplyChainTradeLineItem and SpecifiedTradeAllowanceCharge → EN 16931 lines and allowances. */

export function ciiAllowanceCharge(element: XmlElement, currency: string | undefined): AllowanceCharge {
  const indicator = textAt(element, 'ChargeIndicator', 'Indicator') ?? textAt(element, 'ChargeIndicator');
  return {
    isCharge: indicator?.toLowerCase() === 'true',
    reasonCode: textAt(element, 'ReasonCode'),
    reason: textAt(element, 'Reason'),
    percent: textAt(element, 'CalculationPercent'),
    amount: ciiAmount(child(element, 'ActualAmount'), currency),
    base: ciiAmount(child(element, 'BasisAmount'), currency),
    tax: ciiTaxCategory(child(element, 'CategoryTradeTax')),
  };
}

export function ciiLine(element: XmlElement, currency: string | undefined): InvoiceLine {
  const line = emptyLine();
  const product = child(element, 'SpecifiedTradeProduct');
  const agreement = child(element, 'SpecifiedLineTradeAgreement');
  const settlement = child(element, 'SpecifiedLineTradeSettlement');
  const quantity = at(element, 'SpecifiedLineTradeDelivery', 'BilledQuantity');
  const netPrice = child(agreement, 'NetPriceProductTradePrice');
  const grossPrice = child(agreement, 'GrossPriceProductTradePrice');
  const basis = child(netPrice, 'BasisQuantity') ?? child(grossPrice, 'BasisQuantity');
  const period = child(settlement, 'BillingSpecifiedPeriod');
  const objectRef = childrenNamed(settlement, 'AdditionalReferencedDocument').find(
    (d) => textAt(d, 'TypeCode') === '130',
  );
  Object.assign(line, {
    id: textAt(element, 'AssociatedDocumentLineDocument', 'LineID'),
    note: textAt(element, 'AssociatedDocumentLineDocument', 'IncludedNote', 'Content'),
    quantity: quantity?.text,
    unitCode: attrOf(quantity, 'unitCode'),
    net: ciiAmount(at(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'), currency),
    accountingCost: textAt(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    period: period && { start: ciiDate(child(period, 'StartDateTime')), end: ciiDate(child(period, 'EndDateTime')) },
    orderLineRef: textAt(agreement, 'BuyerOrderReferencedDocument', 'LineID'),
    objectRef: objectRef && {
      id: textAt(objectRef, 'IssuerAssignedID') ?? '',
      scheme: textAt(objectRef, 'ReferenceTypeCode'),
    },
    allowanceCharges: childrenNamed(settlement, 'SpecifiedTradeAllowanceCharge').map((a) => {
      const mapped = ciiAllowanceCharge(a, currency);
      // Line allowances carry no VAT category of their own in EN 16931.
      mapped.tax = undefined;
      return mapped;
    }),
  });
  line.item = {
    name: textAt(product, 'Name'),
    description: textAt(product, 'Description'),
    buyerId: textAt(product, 'BuyerAssignedID'),
    sellerId: textAt(product, 'SellerAssignedID'),
    standardId: ciiIdentifier(child(product, 'GlobalID')),
    originCountry: textAt(product, 'OriginTradeCountry', 'ID'),
    classifications: childrenNamed(product, 'DesignatedProductClassification').flatMap((c) => {
      const code = child(c, 'ClassCode');
      return code?.text
        ? [{ code: code.text, listId: attrOf(code, 'listID'), listVersion: attrOf(code, 'listVersionID') }]
        : [];
    }),
    tax: ciiTaxCategory(child(settlement, 'ApplicableTradeTax')),
    properties: childrenNamed(product, 'ApplicableProductCharacteristic').map((p) => ({
      name: textAt(p, 'Description'),
      value: textAt(p, 'Value'),
    })),
  };
  const discount = at(grossPrice, 'AppliedTradeAllowanceCharge', 'ActualAmount');
  line.price = {
    amount: ciiAmount(child(netPrice, 'ChargeAmount'), currency),
    baseQuantity: basis?.text,
    baseUnit: attrOf(basis, 'unitCode'),
    discount: ciiAmount(discount, currency),
    gross: discount ? ciiAmount(child(grossPrice, 'ChargeAmount'), currency) : undefined,
  };
  if (line.item.tax) {
    line.item.tax.exemptionReason = undefined;
    line.item.tax.exemptionReasonCode = undefined;
  }
  return line;
}
