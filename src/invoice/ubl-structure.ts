import { UBL_NS } from './ubl-model.ts';
import type { XmlElement } from './xml-tree.ts';

/**
 * Structural checks of a UBL 2.1 Invoice / CreditNote that the business rules do not cover: root element and
 * namespace, and the order of children that the UBL 2.1 schemas impose (xsd:sequence) for the document and its
 * main aggregates. Element lists are the sequences of UBL-Invoice-2.1.xsd, UBL-CreditNote-2.1.xsd and
 * UBL-CommonAggregateComponents-2.1.xsd. Rule ids are this module's own: UBL-ROOT, UBL-NS, UBL-ORDER, UBL-CARD.
 */

export interface StructureError {
  rule: string;
  message: string;
}

const seq = (text: string): string[] => text.trim().split(/\s+/);

const INVOICE = seq(`ext:UBLExtensions cbc:UBLVersionID cbc:CustomizationID cbc:ProfileID cbc:ProfileExecutionID cbc:ID
  cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:DueDate cbc:InvoiceTypeCode cbc:Note cbc:TaxPointDate
  cbc:DocumentCurrencyCode cbc:TaxCurrencyCode cbc:PricingCurrencyCode cbc:PaymentCurrencyCode
  cbc:PaymentAlternativeCurrencyCode cbc:AccountingCostCode cbc:AccountingCost cbc:LineCountNumeric cbc:BuyerReference
  cac:InvoicePeriod cac:OrderReference cac:BillingReference cac:DespatchDocumentReference cac:ReceiptDocumentReference
  cac:StatementDocumentReference cac:OriginatorDocumentReference cac:ContractDocumentReference
  cac:AdditionalDocumentReference cac:ProjectReference cac:Signature cac:AccountingSupplierParty
  cac:AccountingCustomerParty cac:PayeeParty cac:BuyerCustomerParty cac:SellerSupplierParty cac:TaxRepresentativeParty
  cac:Delivery cac:DeliveryTerms cac:PaymentMeans cac:PaymentTerms cac:PrepaidPayment cac:AllowanceCharge
  cac:TaxExchangeRate cac:PricingExchangeRate cac:PaymentExchangeRate cac:PaymentAlternativeExchangeRate cac:TaxTotal
  cac:WithholdingTaxTotal cac:LegalMonetaryTotal cac:InvoiceLine`);

const CREDIT_NOTE = seq(`ext:UBLExtensions cbc:UBLVersionID cbc:CustomizationID cbc:ProfileID cbc:ProfileExecutionID
  cbc:ID cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:TaxPointDate cbc:CreditNoteTypeCode cbc:Note
  cbc:DocumentCurrencyCode cbc:TaxCurrencyCode cbc:PricingCurrencyCode cbc:PaymentCurrencyCode
  cbc:PaymentAlternativeCurrencyCode cbc:AccountingCostCode cbc:AccountingCost cbc:LineCountNumeric cbc:BuyerReference
  cac:InvoicePeriod cac:DiscrepancyResponse cac:OrderReference cac:BillingReference cac:DespatchDocumentReference
  cac:ReceiptDocumentReference cac:ContractDocumentReference cac:AdditionalDocumentReference
  cac:StatementDocumentReference cac:OriginatorDocumentReference cac:Signature cac:AccountingSupplierParty
  cac:AccountingCustomerParty cac:PayeeParty cac:BuyerCustomerParty cac:SellerSupplierParty cac:TaxRepresentativeParty
  cac:Delivery cac:DeliveryTerms cac:PaymentMeans cac:PaymentTerms cac:TaxExchangeRate cac:PricingExchangeRate
  cac:PaymentExchangeRate cac:PaymentAlternativeExchangeRate cac:AllowanceCharge cac:TaxTotal cac:LegalMonetaryTotal
  cac:CreditNoteLine`);

/** Children of the document that UBL allows at most once. */
const SINGLE = new Set(
  seq(`ext:UBLExtensions cbc:UBLVersionID cbc:CustomizationID cbc:ProfileID cbc:ProfileExecutionID cbc:ID
  cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:DueDate cbc:InvoiceTypeCode cbc:CreditNoteTypeCode
  cbc:TaxPointDate cbc:DocumentCurrencyCode cbc:TaxCurrencyCode cbc:PricingCurrencyCode cbc:PaymentCurrencyCode
  cbc:PaymentAlternativeCurrencyCode cbc:AccountingCostCode cbc:AccountingCost cbc:LineCountNumeric cbc:BuyerReference
  cac:OrderReference cac:AccountingSupplierParty cac:AccountingCustomerParty cac:PayeeParty cac:BuyerCustomerParty
  cac:SellerSupplierParty cac:TaxRepresentativeParty cac:TaxExchangeRate cac:PricingExchangeRate
  cac:PaymentExchangeRate cac:PaymentAlternativeExchangeRate cac:LegalMonetaryTotal`),
);

const PARTY = seq(`cbc:MarkCareIndicator cbc:MarkAttentionIndicator cbc:WebsiteURI cbc:LogoReferenceID cbc:EndpointID
  cbc:IndustryClassificationCode cac:PartyIdentification cac:PartyName cac:Language cac:PostalAddress
  cac:PhysicalLocation cac:PartyTaxScheme cac:PartyLegalEntity cac:Contact cac:Person cac:AgentParty
  cac:ServiceProviderParty cac:PowerOfAttorney cac:FinancialAccount`);
const ADDRESS = seq(`cbc:ID cbc:AddressTypeCode cbc:AddressFormatCode cbc:Postbox cbc:Floor cbc:Room cbc:StreetName
  cbc:AdditionalStreetName cbc:BlockName cbc:BuildingName cbc:BuildingNumber cbc:InhouseMail cbc:Department
  cbc:MarkAttention cbc:MarkCare cbc:PlotIdentification cbc:CitySubdivisionName cbc:CityName cbc:PostalZone
  cbc:CountrySubentity cbc:CountrySubentityCode cbc:Region cbc:District cbc:TimezoneOffset cac:AddressLine cac:Country
  cac:LocationCoordinate`);
const TAX_CATEGORY = seq(`cbc:ID cbc:Name cbc:Percent cbc:BaseUnitMeasure cbc:PerUnitAmount cbc:TaxExemptionReasonCode
  cbc:TaxExemptionReason cbc:TierRange cbc:TierRatePercent cac:TaxScheme`);
const ALLOWANCE_CHARGE = seq(`cbc:ID cbc:ChargeIndicator cbc:AllowanceChargeReasonCode cbc:AllowanceChargeReason
  cbc:MultiplierFactorNumeric cbc:PrepaidIndicator cbc:SequenceNumeric cbc:Amount cbc:BaseAmount cbc:AccountingCostCode
  cbc:AccountingCost cbc:PerUnitAmount cac:TaxCategory cac:TaxTotal cac:PaymentMeans`);
const LINE_HEAD = `cbc:ID cbc:UUID cbc:Note`;
const LINE_TAIL = `cbc:LineExtensionAmount cbc:TaxPointDate cbc:AccountingCostCode cbc:AccountingCost
  cbc:PaymentPurposeCode cbc:FreeOfChargeIndicator cac:InvoicePeriod cac:OrderLineReference`;

const AGGREGATES: Record<string, string[]> = {
  'cac:Party': PARTY,
  'cac:TaxRepresentativeParty': PARTY,
  'cac:PayeeParty': PARTY,
  'cac:PostalAddress': ADDRESS,
  'cac:Address': ADDRESS,
  'cac:TaxCategory': TAX_CATEGORY,
  'cac:ClassifiedTaxCategory': TAX_CATEGORY,
  'cac:AllowanceCharge': ALLOWANCE_CHARGE,
  'cac:PartyTaxScheme': seq(`cbc:RegistrationName cbc:CompanyID cbc:TaxLevelCode cbc:ExemptionReasonCode
    cbc:ExemptionReason cac:RegistrationAddress cac:TaxScheme`),
  'cac:PartyLegalEntity': seq(`cbc:RegistrationName cbc:CompanyID cbc:RegistrationDate cbc:RegistrationExpirationDate
    cbc:CompanyLegalFormCode cbc:CompanyLegalForm cbc:SoleProprietorshipIndicator cbc:CompanyLiquidationStatusCode
    cbc:CorporateStockAmount cbc:FullyPaidSharesIndicator cac:RegistrationAddress cac:CorporateRegistrationScheme
    cac:HeadOfficeParty cac:ShareholderParty`),
  'cac:PaymentMeans': seq(`cbc:ID cbc:PaymentMeansCode cbc:PaymentDueDate cbc:PaymentChannelCode cbc:InstructionID
    cbc:InstructionNote cbc:PaymentID cac:CardAccount cac:PayerFinancialAccount cac:PayeeFinancialAccount
    cac:CreditAccount cac:PaymentMandate cac:TradeFinancing`),
  'cac:TaxTotal': seq(
    'cbc:TaxAmount cbc:RoundingAmount cbc:TaxEvidenceIndicator cbc:TaxIncludedIndicator cac:TaxSubtotal',
  ),
  'cac:TaxSubtotal':
    seq(`cbc:TaxableAmount cbc:TaxAmount cbc:CalculationSequenceNumeric cbc:TransactionCurrencyTaxAmount
    cbc:Percent cbc:BaseUnitMeasure cbc:PerUnitAmount cbc:TierRange cbc:TierRatePercent cac:TaxCategory`),
  'cac:LegalMonetaryTotal': seq(`cbc:LineExtensionAmount cbc:TaxExclusiveAmount cbc:TaxInclusiveAmount
    cbc:AllowanceTotalAmount cbc:ChargeTotalAmount cbc:PrepaidAmount cbc:PayableRoundingAmount cbc:PayableAmount
    cbc:PayableAlternativeAmount`),
  'cac:InvoiceLine': seq(`${LINE_HEAD} cbc:InvoicedQuantity ${LINE_TAIL} cac:DespatchLineReference
    cac:ReceiptLineReference cac:BillingReference cac:DocumentReference cac:PricingReference cac:OriginatorParty
    cac:Delivery cac:PaymentTerms cac:AllowanceCharge cac:TaxTotal cac:WithholdingTaxTotal cac:Item cac:Price
    cac:DeliveryTerms cac:SubInvoiceLine cac:ItemPriceExtension`),
  'cac:CreditNoteLine': seq(`${LINE_HEAD} cbc:CreditedQuantity ${LINE_TAIL} cac:DiscrepancyResponse
    cac:DespatchLineReference cac:ReceiptLineReference cac:BillingReference cac:DocumentReference cac:PricingReference
    cac:OriginatorParty cac:Delivery cac:PaymentTerms cac:TaxTotal cac:AllowanceCharge cac:Item cac:Price
    cac:DeliveryTerms cac:SubCreditNoteLine cac:ItemPriceExtension`),
  'cac:Item': seq(`cbc:Description cbc:PackQuantity cbc:PackSizeNumeric cbc:CatalogueIndicator cbc:Name
    cbc:HazardousRiskIndicator cbc:AdditionalInformation cbc:Keyword cbc:BrandName cbc:ModelName
    cac:BuyersItemIdentification cac:SellersItemIdentification cac:ManufacturersItemIdentification
    cac:StandardItemIdentification cac:CatalogueItemIdentification cac:AdditionalItemIdentification
    cac:CatalogueDocumentReference cac:ItemSpecificationDocumentReference cac:OriginCountry cac:CommodityClassification
    cac:TransactionConditions cac:HazardousItem cac:ClassifiedTaxCategory cac:AdditionalItemProperty
    cac:ManufacturerParty cac:InformationContentProviderParty cac:OriginAddress cac:ItemInstance cac:Certificate
    cac:Dimension`),
  'cac:Price': seq(`cbc:PriceAmount cbc:BaseQuantity cbc:PriceChangeReason cbc:PriceTypeCode cbc:PriceType
    cbc:OrderableUnitFactorRate cac:ValidityPeriod cac:PriceList cac:AllowanceCharge cac:PricingExchangeRate`),
  'cac:AdditionalDocumentReference': seq(`cbc:ID cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime
    cbc:DocumentTypeCode cbc:DocumentType cbc:XPath cbc:LanguageID cbc:LocaleCode cbc:VersionID cbc:DocumentStatusCode
    cbc:DocumentDescription cac:Attachment cac:ValidityPeriod cac:IssuerParty cac:ResultOfVerification`),
};

const PREFIX_OF_NS: Record<string, string> = { [UBL_NS.cbc]: 'cbc', [UBL_NS.cac]: 'cac', [UBL_NS.ext]: 'ext' };

function key(element: XmlElement): string | undefined {
  const prefix = PREFIX_OF_NS[element.ns];
  return prefix && `${prefix}:${element.local}`;
}

function checkSequence(
  parent: XmlElement,
  where: string,
  sequence: string[],
  errors: StructureError[],
  single?: Set<string>,
): void {
  let last = -1;
  let lastKey = '';
  for (const element of parent.children) {
    const name = key(element);
    const index = name ? sequence.indexOf(name) : -1;
    if (index < 0) {
      const shown = name ?? `{${element.ns}}${element.local}`;
      errors.push({ rule: 'UBL-ORDER', message: `${where}: element ${shown} is not allowed here by UBL 2.1` });
      continue;
    }
    if (index < last) {
      errors.push({
        rule: 'UBL-ORDER',
        message: `${where}: ${name} must come before ${lastKey} (UBL 2.1 element order)`,
      });
    } else if (index === last && single?.has(name ?? '')) {
      errors.push({ rule: 'UBL-CARD', message: `${where}: ${name} may occur only once` });
    }
    if (index >= last) {
      last = index;
      lastKey = name ?? '';
    }
  }
}

function walk(element: XmlElement, path: string, errors: StructureError[]): void {
  for (const c of element.children) {
    const name = key(c);
    if (!name) continue;
    const sequence = AGGREGATES[name];
    const where = `${path}/${name}`;
    if (sequence) checkSequence(c, where, sequence, errors);
    if (errors.length < 50) walk(c, where, errors);
  }
}

/** Structural errors of a UBL document tree (empty when the structure is right). */
export function checkUblStructure(root: XmlElement): StructureError[] {
  const kind = root.local === 'Invoice' || root.local === 'CreditNote' ? root.local : undefined;
  if (!kind) {
    return [{ rule: 'UBL-ROOT', message: `the root element is <${root.name}>, not a UBL Invoice or CreditNote` }];
  }
  if (root.ns !== UBL_NS[kind]) {
    return [{ rule: 'UBL-NS', message: `<${root.name}> is in namespace "${root.ns}", not "${UBL_NS[kind]}"` }];
  }
  const errors: StructureError[] = [];
  checkSequence(root, kind, kind === 'Invoice' ? INVOICE : CREDIT_NOTE, errors, SINGLE);
  walk(root, kind, errors);
  return errors;
}
