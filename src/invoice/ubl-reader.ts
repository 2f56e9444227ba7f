import {
  emptyInvoice,
  emptyLine,
  type AllowanceCharge,
  type Amount,
  type DocumentReference,
  type Identifier,
  type InvoiceLine,
  type Party,
  type PaymentMeans,
  type Period,
  type PostalAddress,
  type TaxCategory,
  type UblInvoice,
} from './ubl-model.ts';
import { at, attrOf, child, childrenNamed, textAt, type XmlElement } from './xml-tree.ts';

/** Reads a UBL 2.1 Invoice or CreditNote tree into the model (by local names; namespaces are checked apart). */

function amount(element: XmlElement | undefined): Amount | undefined {
  if (!element) return undefined;
  return { value: element.text, currency: attrOf(element, 'currencyID') };
}

function identifier(element: XmlElement | undefined): Identifier | undefined {
  if (!element || element.text === '') return undefined;
  return { id: element.text, scheme: attrOf(element, 'schemeID') };
}

function address(element: XmlElement | undefined): PostalAddress | undefined {
  if (!element) return undefined;
  return {
    street: textAt(element, 'StreetName'),
    additionalStreet: textAt(element, 'AdditionalStreetName'),
    line3: textAt(element, 'AddressLine', 'Line'),
    city: textAt(element, 'CityName'),
    postalCode: textAt(element, 'PostalZone'),
    subdivision: textAt(element, 'CountrySubentity'),
    country: textAt(element, 'Country', 'IdentificationCode'),
  };
}

function party(element: XmlElement | undefined): Party | undefined {
  if (!element) return undefined;
  const schemes = childrenNamed(element, 'PartyTaxScheme');
  const isVat = (scheme: XmlElement): boolean => textAt(scheme, 'TaxScheme', 'ID')?.toUpperCase() === 'VAT';
  const vat = schemes.find(isVat);
  const other = schemes.find((scheme) => !isVat(scheme));
  const legal = child(element, 'PartyLegalEntity');
  const contact = child(element, 'Contact');
  return {
    endpoint: identifier(child(element, 'EndpointID')),
    identifiers: childrenNamed(element, 'PartyIdentification')
      .map((p) => identifier(child(p, 'ID')))
      .filter((id): id is Identifier => id !== undefined),
    tradingName: textAt(element, 'PartyName', 'Name'),
    address: address(child(element, 'PostalAddress')),
    vatId: textAt(vat, 'CompanyID'),
    taxRegistration: other && identifier(child(other, 'CompanyID')),
    legalName: textAt(legal, 'RegistrationName'),
    legalId: identifier(child(legal, 'CompanyID')),
    legalForm: textAt(legal, 'CompanyLegalForm'),
    contact: contact && {
      name: textAt(contact, 'Name'),
      phone: textAt(contact, 'Telephone'),
      email: textAt(contact, 'ElectronicMail'),
    },
  };
}

export function taxCategory(element: XmlElement | undefined): TaxCategory | undefined {
  if (!element) return undefined;
  return {
    code: textAt(element, 'ID'),
    percent: textAt(element, 'Percent'),
    exemptionReasonCode: textAt(element, 'TaxExemptionReasonCode'),
    exemptionReason: textAt(element, 'TaxExemptionReason'),
    scheme: textAt(element, 'TaxScheme', 'ID'),
  };
}

function allowanceCharge(element: XmlElement): AllowanceCharge {
  return {
    isCharge: textAt(element, 'ChargeIndicator')?.toLowerCase() === 'true',
    reasonCode: textAt(element, 'AllowanceChargeReasonCode'),
    reason: textAt(element, 'AllowanceChargeReason'),
    percent: textAt(element, 'MultiplierFactorNumeric'),
    amount: amount(child(element, 'Amount')),
    base: amount(child(element, 'BaseAmount')),
    tax: taxCategory(child(element, 'TaxCategory')),
  };
}

function period(element: XmlElement | undefined): Period | undefined {
  if (!element) return undefined;
  return {
    start: textAt(element, 'StartDate'),
    end: textAt(element, 'EndDate'),
    descriptionCode: textAt(element, 'DescriptionCode'),
  };
}

function documentReference(element: XmlElement): DocumentReference {
  const binary = at(element, 'Attachment', 'EmbeddedDocumentBinaryObject');
  const id = child(element, 'ID');
  return {
    id: id?.text || undefined,
    idScheme: attrOf(id, 'schemeID'),
    typeCode: textAt(element, 'DocumentTypeCode'),
    description: textAt(element, 'DocumentDescription'),
    embedded: binary && {
      mimeCode: attrOf(binary, 'mimeCode'),
      filename: attrOf(binary, 'filename'),
      source: { kind: 'present' },
    },
    uri: textAt(element, 'Attachment', 'ExternalReference', 'URI'),
  };
}

function paymentMeans(element: XmlElement): PaymentMeans {
  const payee = child(element, 'PayeeFinancialAccount');
  const card = child(element, 'CardAccount');
  const mandate = child(element, 'PaymentMandate');
  return {
    code: textAt(element, 'PaymentMeansCode'),
    text: attrOf(child(element, 'PaymentMeansCode'), 'name'),
    dueDate: textAt(element, 'PaymentDueDate'),
    paymentId: textAt(element, 'PaymentID'),
    card: card && {
      number: textAt(card, 'PrimaryAccountNumberID'),
      network: textAt(card, 'NetworkID'),
      holder: textAt(card, 'HolderName'),
    },
    payeeAccount: payee && {
      id: textAt(payee, 'ID'),
      name: textAt(payee, 'Name'),
      bic: textAt(payee, 'FinancialInstitutionBranch', 'ID'),
    },
    mandate: mandate && { id: textAt(mandate, 'ID'), payerAccount: textAt(mandate, 'PayerFinancialAccount', 'ID') },
  };
}

function line(element: XmlElement): InvoiceLine {
  const result = emptyLine();
  const quantity = child(element, 'InvoicedQuantity') ?? child(element, 'CreditedQuantity');
  const item = child(element, 'Item');
  const price = child(element, 'Price');
  const priceAllowance = child(price, 'AllowanceCharge');
  const baseQuantity = child(price, 'BaseQuantity');
  Object.assign(result, {
    id: textAt(element, 'ID'),
    note: textAt(element, 'Note'),
    quantity: quantity?.text,
    unitCode: attrOf(quantity, 'unitCode'),
    net: amount(child(element, 'LineExtensionAmount')),
    accountingCost: textAt(element, 'AccountingCost'),
    period: period(child(element, 'InvoicePeriod')),
    orderLineRef: textAt(element, 'OrderLineReference', 'LineID'),
    objectRef: identifier(at(element, 'DocumentReference', 'ID')),
    allowanceCharges: childrenNamed(element, 'AllowanceCharge').map(allowanceCharge),
  });
  result.item = {
    name: textAt(item, 'Name'),
    description: textAt(item, 'Description'),
    buyerId: textAt(item, 'BuyersItemIdentification', 'ID'),
    sellerId: textAt(item, 'SellersItemIdentification', 'ID'),
    standardId: identifier(at(item, 'StandardItemIdentification', 'ID')),
    originCountry: textAt(item, 'OriginCountry', 'IdentificationCode'),
    classifications: childrenNamed(item, 'CommodityClassification').flatMap((c) => {
      const code = child(c, 'ItemClassificationCode');
      return code
        ? [{ code: code.text, listId: attrOf(code, 'listID'), listVersion: attrOf(code, 'listVersionID') }]
        : [];
    }),
    tax: taxCategory(child(item, 'ClassifiedTaxCategory')),
    properties: childrenNamed(item, 'AdditionalItemProperty').map((p) => ({
      name: textAt(p, 'Name'),
      value: textAt(p, 'Value'),
    })),
  };
  if (price) {
    result.price = {
      amount: amount(child(price, 'PriceAmount')),
      baseQuantity: baseQuantity?.text,
      baseUnit: attrOf(baseQuantity, 'unitCode'),
      discount: amount(child(priceAllowance, 'Amount')),
      gross: amount(child(priceAllowance, 'BaseAmount')),
    };
  }
  return result;
}

export function readUblInvoice(root: XmlElement): UblInvoice {
  const kind = root.local === 'CreditNote' ? 'CreditNote' : 'Invoice';
  const invoice = emptyInvoice(kind);
  const totals = child(root, 'LegalMonetaryTotal');
  const delivery = child(root, 'Delivery');
  const payee = child(root, 'PayeeParty');
  Object.assign(invoice, {
    customizationId: textAt(root, 'CustomizationID'),
    profileId: textAt(root, 'ProfileID'),
    id: textAt(root, 'ID'),
    issueDate: textAt(root, 'IssueDate'),
    dueDate: textAt(root, 'DueDate'),
    typeCode: textAt(root, kind === 'CreditNote' ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'),
    notes: childrenNamed(root, 'Note').map((note) => note.text),
    taxPointDate: textAt(root, 'TaxPointDate'),
    currency: textAt(root, 'DocumentCurrencyCode'),
    taxCurrency: textAt(root, 'TaxCurrencyCode'),
    accountingCost: textAt(root, 'AccountingCost'),
    buyerReference: textAt(root, 'BuyerReference'),
    invoicePeriod: period(child(root, 'InvoicePeriod')),
    orderReference: child(root, 'OrderReference') && {
      id: textAt(root, 'OrderReference', 'ID'),
      salesOrderId: textAt(root, 'OrderReference', 'SalesOrderID'),
    },
    precedingInvoices: childrenNamed(root, 'BillingReference').map((ref) => ({
      id: textAt(ref, 'InvoiceDocumentReference', 'ID'),
      issueDate: textAt(ref, 'InvoiceDocumentReference', 'IssueDate'),
    })),
    despatchAdviceRef: textAt(root, 'DespatchDocumentReference', 'ID'),
    receivingAdviceRef: textAt(root, 'ReceiptDocumentReference', 'ID'),
    tenderRef: textAt(root, 'OriginatorDocumentReference', 'ID'),
    contractRef: textAt(root, 'ContractDocumentReference', 'ID'),
    documents: childrenNamed(root, 'AdditionalDocumentReference').map(documentReference),
    projectRef: textAt(root, 'ProjectReference', 'ID'),
    seller: party(at(root, 'AccountingSupplierParty', 'Party')),
    buyer: party(at(root, 'AccountingCustomerParty', 'Party')),
    payee: payee && {
      name: textAt(payee, 'PartyName', 'Name'),
      identifier: identifier(at(payee, 'PartyIdentification', 'ID')),
      legalId: identifier(at(payee, 'PartyLegalEntity', 'CompanyID')),
    },
    taxRepresentative: party(child(root, 'TaxRepresentativeParty')),
    delivery: delivery && {
      date: textAt(delivery, 'ActualDeliveryDate'),
      locationId: identifier(at(delivery, 'DeliveryLocation', 'ID')),
      address: address(at(delivery, 'DeliveryLocation', 'Address')),
      partyName: textAt(delivery, 'DeliveryParty', 'PartyName', 'Name'),
    },
    paymentMeans: childrenNamed(root, 'PaymentMeans').map(paymentMeans),
    paymentTerms: textAt(root, 'PaymentTerms', 'Note'),
    allowanceCharges: childrenNamed(root, 'AllowanceCharge').map(allowanceCharge),
    taxTotals: childrenNamed(root, 'TaxTotal').map((total) => ({
      amount: amount(child(total, 'TaxAmount')),
      subtotals: childrenNamed(total, 'TaxSubtotal').map((sub) => ({
        taxable: amount(child(sub, 'TaxableAmount')),
        tax: amount(child(sub, 'TaxAmount')),
        category: taxCategory(child(sub, 'TaxCategory')) ?? {},
      })),
    })),
    totals: {
      lineExtension: amount(child(totals, 'LineExtensionAmount')),
      taxExclusive: amount(child(totals, 'TaxExclusiveAmount')),
      taxInclusive: amount(child(totals, 'TaxInclusiveAmount')),
      allowanceTotal: amount(child(totals, 'AllowanceTotalAmount')),
      chargeTotal: amount(child(totals, 'ChargeTotalAmount')),
      prepaid: amount(child(totals, 'PrepaidAmount')),
      rounding: amount(child(totals, 'PayableRoundingAmount')),
      payable: amount(child(totals, 'PayableAmount')),
    },
    lines: childrenNamed(root, kind === 'CreditNote' ? 'CreditNoteLine' : 'InvoiceLine').map(line),
  });
  return invoice;
}
