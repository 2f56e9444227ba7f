import {
  ATTACHMENT_MIME_CODES,
  COUNTRY_CODES,
  CREDIT_NOTE_TYPE_CODES,
  CURRENCY_CODES,
  INVOICE_TYPE_CODES,
  PAYMENT_MEANS_CODES,
  VAT_CATEGORY_CODES,
  VATEX_CODES,
} from './code-lists.ts';
import { decimalPlaces, parseDecimal } from './decimal.ts';
import type { Amount, TaxCategory, UblInvoice } from './ubl-model.ts';

/**
 * EN 16931 business rules on presence of elements (BR-01..BR-28, BR-CO-04/18/26, BR-49/50/52/55/61), code lists
 * (BR-CL-*) and amount decimals (BR-DEC-*). Rule texts follow the CEN validation artefacts; `field` names the
 * business term a user has to supply, and `missing` marks rules broken because a value is absent.
 */

export interface RuleIssue {
  rule: string;
  message: string;
  field?: string;
  missing?: boolean;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

function presence(issues: RuleIssue[], rule: string, field: string, value: unknown, where = ''): void {
  const absent = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  if (absent) issues.push({ rule, field, missing: true, message: `[${rule}] ${field} is missing${where}` });
}

export function checkMandatory(u: UblInvoice): RuleIssue[] {
  const issues: RuleIssue[] = [];
  presence(issues, 'BR-01', 'BT-24 Specification identifier', u.customizationId);
  presence(issues, 'BR-02', 'BT-1 Invoice number', u.id);
  presence(issues, 'BR-03', 'BT-2 Invoice issue date', u.issueDate);
  presence(issues, 'BR-04', 'BT-3 Invoice type code', u.typeCode);
  presence(issues, 'BR-05', 'BT-5 Invoice currency code', u.currency);
  presence(issues, 'BR-06', 'BT-27 Seller name', u.seller?.legalName);
  presence(issues, 'BR-07', 'BT-44 Buyer name', u.buyer?.legalName);
  presence(issues, 'BR-08', 'BG-5 Seller postal address', u.seller?.address);
  if (u.seller?.address) presence(issues, 'BR-09', 'BT-40 Seller country code', u.seller.address.country);
  presence(issues, 'BR-10', 'BG-8 Buyer postal address', u.buyer?.address);
  if (u.buyer?.address) presence(issues, 'BR-11', 'BT-55 Buyer country code', u.buyer.address.country);
  presence(issues, 'BR-12', 'BT-106 Sum of Invoice line net amount', u.totals.lineExtension?.value);
  presence(issues, 'BR-13', 'BT-109 Invoice total amount without VAT', u.totals.taxExclusive?.value);
  presence(issues, 'BR-14', 'BT-112 Invoice total amount with VAT', u.totals.taxInclusive?.value);
  presence(issues, 'BR-15', 'BT-115 Amount due for payment', u.totals.payable?.value);
  if (u.lines.length === 0) {
    issues.push({
      rule: 'BR-16',
      field: 'BG-25 Invoice line',
      missing: true,
      message: '[BR-16] the invoice has no line',
    });
  }
  u.lines.forEach((line, i) => {
    const where = ` on line ${line.id ?? i + 1}`;
    presence(issues, 'BR-21', 'BT-126 Invoice line identifier', line.id, where);
    presence(issues, 'BR-22', 'BT-129 Invoiced quantity', line.quantity, where);
    presence(issues, 'BR-23', 'BT-130 Invoiced quantity unit of measure code', line.unitCode, where);
    presence(issues, 'BR-24', 'BT-131 Invoice line net amount', line.net?.value, where);
    presence(issues, 'BR-25', 'BT-153 Item name', line.item.name, where);
    presence(issues, 'BR-26', 'BT-146 Item net price', line.price?.amount?.value, where);
    presence(issues, 'BR-CO-04', 'BT-151 Invoiced item VAT category code', line.item.tax?.code, where);
    const price = parseDecimal(line.price?.amount?.value);
    if (price && price.units < 0n)
      issues.push({ rule: 'BR-27', message: `[BR-27] the item net price (BT-146) is negative${where}` });
    const gross = parseDecimal(line.price?.gross?.value);
    if (gross && gross.units < 0n)
      issues.push({ rule: 'BR-28', message: `[BR-28] the item gross price (BT-148) is negative${where}` });
  });
  if (!u.taxTotals.some((total) => total.subtotals.length > 0)) {
    issues.push({
      rule: 'BR-CO-18',
      field: 'BG-23 VAT breakdown',
      missing: true,
      message: '[BR-CO-18] the invoice has no VAT breakdown',
    });
  }
  const seller = u.seller;
  if (seller && !seller.vatId && !seller.identifiers.some((id) => id.scheme !== 'SEPA') && !seller.legalId) {
    issues.push({
      rule: 'BR-CO-26',
      field: 'BT-29 Seller identifier',
      missing: true,
      message:
        '[BR-CO-26] the seller has no identifier (BT-29), legal registration identifier (BT-30) nor VAT identifier (BT-31)',
    });
  }
  u.documents.forEach((doc) => presence(issues, 'BR-52', 'BT-122 Supporting document reference', doc.id));
  u.precedingInvoices.forEach((ref) => presence(issues, 'BR-55', 'BT-25 Preceding Invoice reference', ref.id));
  for (const means of u.paymentMeans) {
    presence(issues, 'BR-49', 'BT-81 Payment means type code', means.code);
    if (means.payeeAccount) presence(issues, 'BR-50', 'BT-84 Payment account identifier', means.payeeAccount.id);
    if ((means.code === '30' || means.code === '58') && blank(means.payeeAccount?.id)) {
      issues.push({
        rule: 'BR-61',
        field: 'BT-84 Payment account identifier',
        missing: true,
        message: `[BR-61] payment means ${means.code} (credit transfer) requires the payment account identifier (BT-84)`,
      });
    }
  }
  return issues;
}

function allTaxCategories(u: UblInvoice): { where: string; category: TaxCategory; classified: boolean }[] {
  return [
    ...u.allowanceCharges.flatMap((a) =>
      a.tax ? [{ where: 'document allowance/charge', category: a.tax, classified: false }] : [],
    ),
    ...u.taxTotals.flatMap((t) =>
      t.subtotals.map((s) => ({ where: 'VAT breakdown', category: s.category, classified: false })),
    ),
    ...u.lines.flatMap((l, i) =>
      l.item.tax ? [{ where: `line ${l.id ?? i + 1}`, category: l.item.tax, classified: true }] : [],
    ),
  ];
}

export function checkCodeLists(u: UblInvoice): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const push = (rule: string, message: string): number => issues.push({ rule, message: `[${rule}] ${message}` });
  const typeList = u.kind === 'CreditNote' ? CREDIT_NOTE_TYPE_CODES : INVOICE_TYPE_CODES;
  if (u.typeCode && !typeList.has(u.typeCode))
    push('BR-CL-01', `type code "${u.typeCode}" is not a UNTDID 1001 ${u.kind} code`);
  if (u.currency && !CURRENCY_CODES.has(u.currency))
    push('BR-CL-04', `invoice currency "${u.currency}" is not an ISO 4217 code`);
  if (u.taxCurrency && !CURRENCY_CODES.has(u.taxCurrency))
    push('BR-CL-05', `VAT accounting currency "${u.taxCurrency}" is not an ISO 4217 code`);
  for (const { label, amount } of amounts(u)) {
    if (!amount.currency) push('BR-CL-03', `${label} has no currencyID`);
    else if (!CURRENCY_CODES.has(amount.currency))
      push('BR-CL-03', `currencyID "${amount.currency}" of ${label} is not an ISO 4217 code`);
  }
  const addresses = [u.seller?.address, u.buyer?.address, u.taxRepresentative?.address, u.delivery?.address];
  for (const country of addresses.map((a) => a?.country)) {
    if (country && !COUNTRY_CODES.has(country)) push('BR-CL-14', `country code "${country}" is not an ISO 3166-1 code`);
  }
  for (const line of u.lines) {
    const origin = line.item.originCountry;
    if (origin && !COUNTRY_CODES.has(origin)) push('BR-CL-15', `origin country "${origin}" is not an ISO 3166-1 code`);
  }
  for (const means of u.paymentMeans) {
    if (means.code && !PAYMENT_MEANS_CODES.has(means.code))
      push('BR-CL-16', `payment means "${means.code}" is not a UNTDID 4461 code`);
  }
  for (const { where, category, classified } of allTaxCategories(u)) {
    if (category.code && !VAT_CATEGORY_CODES.has(category.code)) {
      push(classified ? 'BR-CL-18' : 'BR-CL-17', `VAT category "${category.code}" (${where}) is not a UNCL5305 code`);
    }
    const code = category.exemptionReasonCode;
    if (code && !VATEX_CODES.has(code.toUpperCase()))
      push('BR-CL-22', `exemption reason code "${code}" is not a VATEX code`);
  }
  for (const doc of u.documents) {
    const mime = doc.embedded?.mimeCode;
    if (doc.embedded && (!mime || !ATTACHMENT_MIME_CODES.has(mime))) {
      push('BR-CL-24', `embedded document "${doc.id ?? ''}" has MIME code "${mime ?? ''}", not one EN 16931 allows`);
    }
  }
  for (const party of [u.seller, u.buyer, u.taxRepresentative]) {
    const vat = party?.vatId;
    if (vat && !(COUNTRY_CODES.has(vat.slice(0, 2)) || vat.startsWith('EL'))) {
      push('BR-CO-09', `VAT identifier "${vat}" does not start with an ISO 3166-1 country code`);
    }
  }
  return issues;
}

interface LabelledAmount {
  label: string;
  amount: Amount;
  decRule?: string;
}

/** Every amount of the document with its business term and its BR-DEC rule. */
export function amounts(u: UblInvoice): LabelledAmount[] {
  const out: LabelledAmount[] = [];
  const add = (label: string, amount: Amount | undefined, decRule?: string): void => {
    if (amount) out.push({ label, amount, decRule });
  };
  for (const a of u.allowanceCharges) {
    add(
      a.isCharge ? 'document charge amount (BT-99)' : 'document allowance amount (BT-92)',
      a.amount,
      a.isCharge ? 'BR-DEC-05' : 'BR-DEC-01',
    );
    add(
      a.isCharge ? 'document charge base (BT-100)' : 'document allowance base (BT-93)',
      a.base,
      a.isCharge ? 'BR-DEC-06' : 'BR-DEC-02',
    );
  }
  const t = u.totals;
  add('Sum of Invoice line net amount (BT-106)', t.lineExtension, 'BR-DEC-09');
  add('Sum of allowances on document level (BT-107)', t.allowanceTotal, 'BR-DEC-10');
  add('Sum of charges on document level (BT-108)', t.chargeTotal, 'BR-DEC-11');
  add('Invoice total amount without VAT (BT-109)', t.taxExclusive, 'BR-DEC-12');
  add('Invoice total amount with VAT (BT-112)', t.taxInclusive, 'BR-DEC-14');
  add('Paid amount (BT-113)', t.prepaid, 'BR-DEC-16');
  add('Rounding amount (BT-114)', t.rounding, 'BR-DEC-17');
  add('Amount due for payment (BT-115)', t.payable, 'BR-DEC-18');
  for (const total of u.taxTotals) {
    const inDocumentCurrency = !total.amount?.currency || total.amount.currency === u.currency;
    add(
      inDocumentCurrency ? 'Invoice total VAT amount (BT-110)' : 'VAT amount in accounting currency (BT-111)',
      total.amount,
      inDocumentCurrency ? 'BR-DEC-13' : 'BR-DEC-15',
    );
    for (const s of total.subtotals) {
      add('VAT category taxable amount (BT-116)', s.taxable, 'BR-DEC-19');
      add('VAT category tax amount (BT-117)', s.tax, 'BR-DEC-20');
    }
  }
  u.lines.forEach((line, i) => {
    const where = ` on line ${line.id ?? i + 1}`;
    add(`Invoice line net amount (BT-131)${where}`, line.net, 'BR-DEC-23');
    for (const a of line.allowanceCharges) {
      add(
        `line ${a.isCharge ? 'charge (BT-141)' : 'allowance (BT-136)'}${where}`,
        a.amount,
        a.isCharge ? 'BR-DEC-27' : 'BR-DEC-24',
      );
      add(
        `line ${a.isCharge ? 'charge base (BT-142)' : 'allowance base (BT-137)'}${where}`,
        a.base,
        a.isCharge ? 'BR-DEC-28' : 'BR-DEC-25',
      );
    }
    add(`Item net price (BT-146)${where}`, line.price?.amount);
    add(`Item price discount (BT-147)${where}`, line.price?.discount);
    add(`Item gross price (BT-148)${where}`, line.price?.gross);
  });
  return out;
}

export function checkDecimals(u: UblInvoice): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const { label, amount, decRule } of amounts(u)) {
    if (!parseDecimal(amount.value)) {
      issues.push({ rule: 'UBL-DECIMAL', message: `[UBL-DECIMAL] ${label} "${amount.value}" is not a decimal number` });
    } else if (decRule && decimalPlaces(amount.value) > 2) {
      issues.push({ rule: decRule, message: `[${decRule}] ${label} "${amount.value}" has more than 2 decimals` });
    }
  }
  return issues;
}
