import type {
  AllowanceCharge,
  Amount,
  Identifier,
  InvoiceLine,
  Party,
  PaymentMeans,
  Period,
  PostalAddress,
  TaxCategory,
} from './ubl-model.ts';

/** UBL 2.1 aggregates as XML text, children in the order of UBL-CommonAggregateComponents-2.1.xsd. */

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

export type Attrs = Record<string, string | undefined>;

export function attrs(values: Attrs | undefined): string {
  if (!values) return '';
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => ` ${key}="${escapeAttr(value)}"`)
    .join('');
}

/** A leaf element, or '' when the value is absent. */
export function leaf(name: string, value: string | undefined, attributes?: Attrs): string {
  return value === undefined || value === '' ? '' : `<${name}${attrs(attributes)}>${escapeText(value)}</${name}>`;
}

/** An aggregate, or '' when all its children are absent. */
export function group(name: string, ...children: string[]): string {
  const inner = children.join('');
  return inner === '' ? '' : `<${name}>${inner}</${name}>`;
}

export const cbcAmount = (name: string, amount: Amount | undefined): string =>
  leaf(`cbc:${name}`, amount?.value, { currencyID: amount?.currency });
export const cbcId = (name: string, id: Identifier | undefined): string =>
  leaf(`cbc:${name}`, id?.id, { schemeID: id?.scheme });

export function address(name: string, a: PostalAddress | undefined): string {
  if (!a) return '';
  return group(
    name,
    leaf('cbc:StreetName', a.street),
    leaf('cbc:AdditionalStreetName', a.additionalStreet),
    leaf('cbc:CityName', a.city),
    leaf('cbc:PostalZone', a.postalCode),
    leaf('cbc:CountrySubentity', a.subdivision),
    group('cac:AddressLine', leaf('cbc:Line', a.line3)),
    group('cac:Country', leaf('cbc:IdentificationCode', a.country)),
  );
}

export function partyContent(p: Party): string[] {
  return [
    cbcId('EndpointID', p.endpoint),
    ...p.identifiers.map((id) => group('cac:PartyIdentification', cbcId('ID', id))),
    group('cac:PartyName', leaf('cbc:Name', p.tradingName)),
    address('cac:PostalAddress', p.address),
    p.vatId ? group('cac:PartyTaxScheme', leaf('cbc:CompanyID', p.vatId), taxScheme('VAT')) : '',
    p.taxRegistration
      ? group(
          'cac:PartyTaxScheme',
          leaf('cbc:CompanyID', p.taxRegistration.id),
          taxScheme(p.taxRegistration.scheme ?? 'TAX'),
        )
      : '',
    group(
      'cac:PartyLegalEntity',
      leaf('cbc:RegistrationName', p.legalName),
      cbcId('CompanyID', p.legalId),
      leaf('cbc:CompanyLegalForm', p.legalForm),
    ),
    group(
      'cac:Contact',
      leaf('cbc:Name', p.contact?.name),
      leaf('cbc:Telephone', p.contact?.phone),
      leaf('cbc:ElectronicMail', p.contact?.email),
    ),
  ];
}

export const party = (p: Party | undefined): string => (p ? group('cac:Party', ...partyContent(p)) : '');

export const taxScheme = (id: string): string => group('cac:TaxScheme', leaf('cbc:ID', id));

export function taxCategory(name: string, t: TaxCategory | undefined): string {
  if (!t) return '';
  return group(
    name,
    leaf('cbc:ID', t.code),
    leaf('cbc:Percent', t.percent),
    leaf('cbc:TaxExemptionReasonCode', t.exemptionReasonCode),
    leaf('cbc:TaxExemptionReason', t.exemptionReason),
    taxScheme(t.scheme ?? 'VAT'),
  );
}

export function allowanceCharge(a: AllowanceCharge): string {
  return group(
    'cac:AllowanceCharge',
    leaf('cbc:ChargeIndicator', String(a.isCharge)),
    leaf('cbc:AllowanceChargeReasonCode', a.reasonCode),
    leaf('cbc:AllowanceChargeReason', a.reason),
    leaf('cbc:MultiplierFactorNumeric', a.percent),
    cbcAmount('Amount', a.amount),
    cbcAmount('BaseAmount', a.base),
    taxCategory('cac:TaxCategory', a.tax),
  );
}

export const period = (p: Period | undefined): string =>
  p
    ? group(
        'cac:InvoicePeriod',
        leaf('cbc:StartDate', p.start),
        leaf('cbc:EndDate', p.end),
        leaf('cbc:DescriptionCode', p.descriptionCode),
      )
    : '';

export function paymentMeans(p: PaymentMeans, credit: boolean): string {
  return group(
    'cac:PaymentMeans',
    leaf('cbc:PaymentMeansCode', p.code, { name: p.text }),
    credit ? leaf('cbc:PaymentDueDate', p.dueDate) : '',
    leaf('cbc:PaymentID', p.paymentId),
    group(
      'cac:CardAccount',
      leaf('cbc:PrimaryAccountNumberID', p.card?.number),
      leaf('cbc:NetworkID', p.card?.network),
      leaf('cbc:HolderName', p.card?.holder),
    ),
    group(
      'cac:PayeeFinancialAccount',
      leaf('cbc:ID', p.payeeAccount?.id),
      leaf('cbc:Name', p.payeeAccount?.name),
      group('cac:FinancialInstitutionBranch', leaf('cbc:ID', p.payeeAccount?.bic)),
    ),
    group(
      'cac:PaymentMandate',
      leaf('cbc:ID', p.mandate?.id),
      group('cac:PayerFinancialAccount', leaf('cbc:ID', p.mandate?.payerAccount)),
    ),
  );
}

export function line(l: InvoiceLine, credit: boolean): string {
  const item = l.item;
  return group(
    credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
    leaf('cbc:ID', l.id),
    leaf('cbc:Note', l.note),
    leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l.quantity, { unitCode: l.unitCode }),
    cbcAmount('LineExtensionAmount', l.net),
    leaf('cbc:AccountingCost', l.accountingCost),
    period(l.period),
    group('cac:OrderLineReference', leaf('cbc:LineID', l.orderLineRef)),
    group('cac:DocumentReference', cbcId('ID', l.objectRef), l.objectRef ? leaf('cbc:DocumentTypeCode', '130') : ''),
    ...l.allowanceCharges.map(allowanceCharge),
    group(
      'cac:Item',
      leaf('cbc:Description', item.description),
      leaf('cbc:Name', item.name),
      group('cac:BuyersItemIdentification', leaf('cbc:ID', item.buyerId)),
      group('cac:SellersItemIdentification', leaf('cbc:ID', item.sellerId)),
      group('cac:StandardItemIdentification', cbcId('ID', item.standardId)),
      group('cac:OriginCountry', leaf('cbc:IdentificationCode', item.originCountry)),
      ...item.classifications.map((c) =>
        group(
          'cac:CommodityClassification',
          leaf('cbc:ItemClassificationCode', c.code, { listID: c.listId, listVersionID: c.listVersion }),
        ),
      ),
      taxCategory('cac:ClassifiedTaxCategory', item.tax),
      ...item.properties.map((p) =>
        group('cac:AdditionalItemProperty', leaf('cbc:Name', p.name), leaf('cbc:Value', p.value)),
      ),
    ),
    group(
      'cac:Price',
      cbcAmount('PriceAmount', l.price?.amount),
      leaf('cbc:BaseQuantity', l.price?.baseQuantity, { unitCode: l.price?.baseUnit }),
      l.price?.discount || l.price?.gross
        ? group(
            'cac:AllowanceCharge',
            leaf('cbc:ChargeIndicator', 'false'),
            cbcAmount('Amount', l.price.discount),
            cbcAmount('BaseAmount', l.price.gross),
          )
        : '',
    ),
  );
}
