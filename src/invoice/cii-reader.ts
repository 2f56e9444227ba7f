import { CREDIT_NOTE_TYPE_CODES } from './code-lists.ts';
import { ciiAllowanceCharge, ciiLine } from './cii-lines.ts';
import { ciiAddress, ciiAmount, ciiDate, ciiIdentifier, ciiParty, ciiTaxCategory } from './cii-parties.ts';
import {
  EN16931_CUSTOMIZATION,
  emptyInvoice,
  type BinarySource,
  type DocumentReference,
  type PaymentMeans,
  type UblInvoice,
} from './ubl-model.ts';
import { at, attrOf, child, childrenNamed, textAt, type XmlElement } from './xml-tree.ts';

/**
 * Maps a CII D16B CrossIndustryInvoice (plain, or the XML of a Factur-X / ZUGFeRD PDF) to the EN 16931 model,
 * following the CII and UBL syntax bindings of EN 16931-3. Amounts in UBL all carry currencyID, which CII leaves
 * implicit: the invoice currency is added.
 */

/** BT-8: CII uses UNTDID 2475 codes, UBL UNTDID 2005. */
const TAX_POINT_CODES: Record<string, string> = { '5': '3', '29': '35', '72': '432' };

/** Binary objects taken out of the XML by the scanner, keyed by their placeholder. */
export type BinaryFiles = ReadonlyMap<string, string>;

function documents(
  agreement: XmlElement | undefined,
  binaries: BinaryFiles,
): { refs: DocumentReference[]; tender?: string } {
  const refs: DocumentReference[] = [];
  let tender: string | undefined;
  for (const doc of childrenNamed(agreement, 'AdditionalReferencedDocument')) {
    const typeCode = textAt(doc, 'TypeCode');
    const id = textAt(doc, 'IssuerAssignedID');
    if (typeCode === '50') {
      tender = id;
      continue;
    }
    const binary = child(doc, 'AttachmentBinaryObject');
    const path = binary ? binaries.get(binary.text) : undefined;
    const source: BinarySource | undefined = path ? { kind: 'base64-file', path } : undefined;
    refs.push({
      id,
      idScheme: typeCode === '130' ? textAt(doc, 'ReferenceTypeCode') : undefined,
      typeCode: typeCode === '130' ? '130' : undefined,
      description: textAt(doc, 'Name'),
      uri: textAt(doc, 'URIID'),
      embedded: source && { mimeCode: attrOf(binary, 'mimeCode'), filename: attrOf(binary, 'filename'), source },
    });
  }
  return { refs, tender };
}

function paymentMeans(
  settlement: XmlElement | undefined,
  terms: XmlElement | undefined,
  dueDate?: string,
): PaymentMeans[] {
  const reference = textAt(settlement, 'PaymentReference');
  const mandate = textAt(terms, 'DirectDebitMandateID');
  return childrenNamed(settlement, 'SpecifiedTradeSettlementPaymentMeans').map((means) => {
    const payee = child(means, 'PayeePartyCreditorFinancialAccount');
    const card = child(means, 'ApplicableTradeSettlementFinancialCard');
    const payer = textAt(means, 'PayerPartyDebtorFinancialAccount', 'IBANID');
    return {
      code: textAt(means, 'TypeCode'),
      text: textAt(means, 'Information'),
      dueDate,
      paymentId: reference,
      card: card && { number: textAt(card, 'ID'), holder: textAt(card, 'CardholderName') },
      payeeAccount: payee && {
        id: textAt(payee, 'IBANID') ?? textAt(payee, 'ProprietaryID'),
        name: textAt(payee, 'AccountName'),
        bic: textAt(means, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID'),
      },
      mandate: mandate || payer ? { id: mandate, payerAccount: payer } : undefined,
    };
  });
}

export function readCiiInvoice(root: XmlElement, binaries: BinaryFiles = new Map()): UblInvoice {
  const document = child(root, 'ExchangedDocument');
  const transaction = child(root, 'SupplyChainTradeTransaction');
  const agreement = child(transaction, 'ApplicableHeaderTradeAgreement');
  const delivery = child(transaction, 'ApplicableHeaderTradeDelivery');
  const settlement = child(transaction, 'ApplicableHeaderTradeSettlement');
  const summation = child(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const typeCode = textAt(document, 'TypeCode');
  const u = emptyInvoice(typeCode && CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'CreditNote' : 'Invoice');
  const currency = textAt(settlement, 'InvoiceCurrencyCode');
  const taxCurrency = textAt(settlement, 'TaxCurrencyCode');
  const terms = child(settlement, 'SpecifiedTradePaymentTerms');
  const dueDate = ciiDate(child(terms, 'DueDateDateTime'));
  const taxes = childrenNamed(settlement, 'ApplicableTradeTax');
  const period = child(settlement, 'BillingSpecifiedPeriod');
  const taxPointCode = taxes.map((t) => textAt(t, 'DueDateTypeCode')).find((code) => code !== undefined);
  const shipTo = child(delivery, 'ShipToTradeParty');
  const payee = child(settlement, 'PayeeTradeParty');
  const { refs, tender } = documents(agreement, binaries);
  const seller = ciiParty(child(agreement, 'SellerTradeParty'));
  const creditorId = textAt(settlement, 'CreditorReferenceID');
  if (seller && creditorId) seller.identifiers.push({ id: creditorId, scheme: 'SEPA' });
  const amount = (name: string) => ciiAmount(child(summation, name), currency);
  const taxTotals = childrenNamed(summation, 'TaxTotalAmount');
  Object.assign(u, {
    customizationId: EN16931_CUSTOMIZATION,
    profileId: textAt(root, 'ExchangedDocumentContext', 'BusinessProcessSpecifiedDocumentContextParameter', 'ID'),
    id: textAt(document, 'ID'),
    issueDate: ciiDate(child(document, 'IssueDateTime')),
    dueDate: u.kind === 'Invoice' ? dueDate : undefined,
    typeCode,
    notes: childrenNamed(document, 'IncludedNote').flatMap((n) => textAt(n, 'Content') ?? []),
    taxPointDate: taxes.map((t) => ciiDate(child(t, 'TaxPointDate'))).find((d) => d !== undefined),
    currency,
    taxCurrency,
    accountingCost: textAt(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    buyerReference: textAt(agreement, 'BuyerReference'),
    invoicePeriod:
      period || taxPointCode
        ? {
            start: ciiDate(child(period, 'StartDateTime')),
            end: ciiDate(child(period, 'EndDateTime')),
            descriptionCode: taxPointCode && (TAX_POINT_CODES[taxPointCode] ?? taxPointCode),
          }
        : undefined,
    orderReference:
      at(agreement, 'BuyerOrderReferencedDocument') || at(agreement, 'SellerOrderReferencedDocument')
        ? {
            id: textAt(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
            salesOrderId: textAt(agreement, 'SellerOrderReferencedDocument', 'IssuerAssignedID'),
          }
        : undefined,
    precedingInvoices: childrenNamed(settlement, 'InvoiceReferencedDocument').map((d) => ({
      id: textAt(d, 'IssuerAssignedID'),
      issueDate: ciiDate(child(d, 'FormattedIssueDateTime')),
    })),
    despatchAdviceRef: textAt(delivery, 'DespatchAdviceReferencedDocument', 'IssuerAssignedID'),
    receivingAdviceRef: textAt(delivery, 'ReceivingAdviceReferencedDocument', 'IssuerAssignedID'),
    tenderRef: tender,
    contractRef: textAt(agreement, 'ContractReferencedDocument', 'IssuerAssignedID'),
    documents: refs,
    projectRef: textAt(agreement, 'SpecifiedProcuringProject', 'ID'),
    seller,
    buyer: ciiParty(child(agreement, 'BuyerTradeParty')),
    payee: payee && {
      name: textAt(payee, 'Name'),
      identifier: ciiIdentifier(child(payee, 'ID') ?? child(payee, 'GlobalID')),
      legalId: ciiIdentifier(at(payee, 'SpecifiedLegalOrganization', 'ID')),
    },
    taxRepresentative: ciiParty(child(agreement, 'SellerTaxRepresentativeTradeParty')),
    delivery:
      shipTo || at(delivery, 'ActualDeliverySupplyChainEvent')
        ? {
            date: ciiDate(at(delivery, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime')),
            locationId: ciiIdentifier(child(shipTo, 'ID') ?? child(shipTo, 'GlobalID')),
            address: ciiAddress(child(shipTo, 'PostalTradeAddress')),
            partyName: textAt(shipTo, 'Name'),
          }
        : undefined,
    paymentMeans: paymentMeans(settlement, terms, u.kind === 'CreditNote' ? dueDate : undefined),
    paymentTerms: textAt(terms, 'Description'),
    allowanceCharges: childrenNamed(settlement, 'SpecifiedTradeAllowanceCharge').map((a) =>
      ciiAllowanceCharge(a, currency),
    ),
    taxTotals: [
      {
        amount: ciiAmount(
          taxTotals.find((t) => (attrOf(t, 'currencyID') ?? currency) === currency),
          currency,
        ),
        subtotals: taxes.map((t) => ({
          taxable: ciiAmount(child(t, 'BasisAmount'), currency),
          tax: ciiAmount(child(t, 'CalculatedAmount'), currency),
          category: ciiTaxCategory(t) ?? {},
        })),
      },
      ...taxTotals
        .filter((t) => taxCurrency && taxCurrency !== currency && attrOf(t, 'currencyID') === taxCurrency)
        .map((t) => ({ amount: ciiAmount(t, taxCurrency), subtotals: [] })),
    ],
    totals: {
      lineExtension: amount('LineTotalAmount'),
      taxExclusive: amount('TaxBasisTotalAmount'),
      taxInclusive: amount('GrandTotalAmount'),
      allowanceTotal: amount('AllowanceTotalAmount'),
      chargeTotal: amount('ChargeTotalAmount'),
      prepaid: amount('TotalPrepaidAmount'),
      rounding: amount('RoundingAmount'),
      payable: amount('DuePayableAmount'),
    },
    lines: childrenNamed(transaction, 'IncludedSupplyChainTradeLineItem').map((line) => ciiLine(line, currency)),
  });
  return u;
}

/** Guideline (BT-24) of a CII document, to tell EN 16931 profiles from MINIMUM / BASIC WL ones. */
export function ciiGuideline(root: XmlElement): string | undefined {
  return textAt(root, 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID');
}
