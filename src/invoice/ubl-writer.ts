import { UBL_NS, type BinarySource, type DocumentReference, type UblInvoice } from './ubl-model.ts';
import {
  address,
  allowanceCharge,
  attrs,
  cbcAmount,
  cbcId,
  group,
  leaf,
  line,
  party,
  partyContent,
  paymentMeans,
  period,
  taxCategory,
} from './ubl-writer-parts.ts';

/**
 * Serialises the model as UBL 2.1, children in the order the UBL 2.1 schemas require (see ubl-structure.ts).
 * Embedded documents are not inlined: they are returned as separate parts that the file writer streams.
 */

export type UblPart = string | { binary: BinarySource };

function documentReference(d: DocumentReference): UblPart[] {
  const head = `<cac:AdditionalDocumentReference>${leaf('cbc:ID', d.id ?? '', { schemeID: d.idScheme })}${leaf(
    'cbc:DocumentTypeCode',
    d.typeCode,
  )}${leaf('cbc:DocumentDescription', d.description)}`;
  const uri = group('cac:ExternalReference', leaf('cbc:URI', d.uri));
  if (!d.embedded || d.embedded.source.kind === 'present') {
    return [`${head}${group('cac:Attachment', uri)}</cac:AdditionalDocumentReference>`];
  }
  const open = `<cbc:EmbeddedDocumentBinaryObject${attrs({ mimeCode: d.embedded.mimeCode, filename: d.embedded.filename })}>`;
  return [
    `${head}<cac:Attachment>${open}`,
    { binary: d.embedded.source },
    `</cbc:EmbeddedDocumentBinaryObject>${uri}</cac:Attachment></cac:AdditionalDocumentReference>`,
  ];
}

function delivery(d: UblInvoice['delivery']): string {
  if (!d) return '';
  return group(
    'cac:Delivery',
    leaf('cbc:ActualDeliveryDate', d.date),
    group('cac:DeliveryLocation', cbcId('ID', d.locationId), address('cac:Address', d.address)),
    group('cac:DeliveryParty', group('cac:PartyName', leaf('cbc:Name', d.partyName))),
  );
}

export function serializeUbl(u: UblInvoice): UblPart[] {
  const credit = u.kind === 'CreditNote';
  const ns = credit ? UBL_NS.CreditNote : UBL_NS.Invoice;
  const t = u.totals;
  const orderId = u.orderReference?.id ?? (u.orderReference?.salesOrderId ? 'NA' : undefined);
  const tender = group('cac:OriginatorDocumentReference', leaf('cbc:ID', u.tenderRef));
  const contract = group('cac:ContractDocumentReference', leaf('cbc:ID', u.contractRef));
  const documents = u.documents.flatMap(documentReference);
  // CreditNote has no ProjectReference: BT-11 goes into a document reference with type code 50 there.
  const project = credit && u.projectRef ? documentReference({ id: u.projectRef, typeCode: '50' }) : [];
  const parts: UblPart[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<${u.kind} xmlns="${ns}" xmlns:cac="${UBL_NS.cac}" xmlns:cbc="${UBL_NS.cbc}">`,
    leaf('cbc:UBLVersionID', '2.1'),
    leaf('cbc:CustomizationID', u.customizationId),
    leaf('cbc:ProfileID', u.profileId),
    leaf('cbc:ID', u.id),
    leaf('cbc:IssueDate', u.issueDate),
    credit ? leaf('cbc:TaxPointDate', u.taxPointDate) : leaf('cbc:DueDate', u.dueDate),
    leaf(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', u.typeCode),
    ...u.notes.map((note) => leaf('cbc:Note', note)),
    credit ? '' : leaf('cbc:TaxPointDate', u.taxPointDate),
    leaf('cbc:DocumentCurrencyCode', u.currency),
    leaf('cbc:TaxCurrencyCode', u.taxCurrency),
    leaf('cbc:AccountingCost', u.accountingCost),
    leaf('cbc:BuyerReference', u.buyerReference),
    period(u.invoicePeriod),
    group('cac:OrderReference', leaf('cbc:ID', orderId), leaf('cbc:SalesOrderID', u.orderReference?.salesOrderId)),
    ...u.precedingInvoices.map((p) =>
      group(
        'cac:BillingReference',
        group('cac:InvoiceDocumentReference', leaf('cbc:ID', p.id), leaf('cbc:IssueDate', p.issueDate)),
      ),
    ),
    group('cac:DespatchDocumentReference', leaf('cbc:ID', u.despatchAdviceRef)),
    group('cac:ReceiptDocumentReference', leaf('cbc:ID', u.receivingAdviceRef)),
    // UBL orders OriginatorDocumentReference before the contract in Invoice, after the documents in CreditNote.
    ...(credit ? [contract, ...documents, ...project, tender] : [tender, contract, ...documents]),
    credit ? '' : group('cac:ProjectReference', leaf('cbc:ID', u.projectRef)),
    group('cac:AccountingSupplierParty', party(u.seller)),
    group('cac:AccountingCustomerParty', party(u.buyer)),
    u.payee
      ? group(
          'cac:PayeeParty',
          group('cac:PartyIdentification', cbcId('ID', u.payee.identifier)),
          group('cac:PartyName', leaf('cbc:Name', u.payee.name)),
          group('cac:PartyLegalEntity', cbcId('CompanyID', u.payee.legalId)),
        )
      : '',
    u.taxRepresentative ? group('cac:TaxRepresentativeParty', ...partyContent(u.taxRepresentative)) : '',
    delivery(u.delivery),
    ...u.paymentMeans.map((p) => paymentMeans(p, credit)),
    group('cac:PaymentTerms', leaf('cbc:Note', u.paymentTerms)),
    ...u.allowanceCharges.map(allowanceCharge),
    ...u.taxTotals.map((total) =>
      group(
        'cac:TaxTotal',
        cbcAmount('TaxAmount', total.amount),
        ...total.subtotals.map((s) =>
          group(
            'cac:TaxSubtotal',
            cbcAmount('TaxableAmount', s.taxable),
            cbcAmount('TaxAmount', s.tax),
            taxCategory('cac:TaxCategory', s.category),
          ),
        ),
      ),
    ),
    group(
      'cac:LegalMonetaryTotal',
      cbcAmount('LineExtensionAmount', t.lineExtension),
      cbcAmount('TaxExclusiveAmount', t.taxExclusive),
      cbcAmount('TaxInclusiveAmount', t.taxInclusive),
      cbcAmount('AllowanceTotalAmount', t.allowanceTotal),
      cbcAmount('ChargeTotalAmount', t.chargeTotal),
      cbcAmount('PrepaidAmount', t.prepaid),
      cbcAmount('PayableRoundingAmount', t.rounding),
      cbcAmount('PayableAmount', t.payable),
    ),
    ...u.lines.map((l) => line(l, credit)),
    `</${u.kind}>\n`,
  ];
  return parts.filter((part) => part !== '');
}
