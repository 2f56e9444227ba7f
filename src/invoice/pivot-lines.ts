import { absBig, centsOf, formatCents, normalizeDecimal, parseDecimal, vatCents } from './decimal.ts';
import type { InvoiceDetailsForUbl } from './details-types.ts';
import type { PivotInvoice } from './pivot-types.ts';
import { emptyLine, type InvoiceLine, type TaxCategory, type VatBreakdown } from './ubl-model.ts';

/**
 * Lines and VAT breakdown of a UBL built from a pivot. Lines come from the consult details, else the pivot's Lignes,
 * else one line per VAT rate of the pivot's TVAs (PDF invoices carry no lines); a source whose amounts do not add up
 * to the pivot's totals is not used. VAT categories are derived from the rate and the VAT regime: S for a positive
 * rate; for 0 %, E/AE/O/K/G from the exemption reason code, E when a reason is given, O for "SANS_TVA", Z otherwise
 * when the invoice is under a VAT regime, and unknown (reported as BT-151 missing) when nothing says which.
 */

export interface BuiltLines {
  lines: InvoiceLine[];
  breakdown: VatBreakdown[];
  warnings: string[];
}

interface RawLine {
  id: string;
  reference?: string;
  name?: string;
  quantity: string;
  unitCode?: string;
  unitPrice?: string;
  net: string;
  rate?: string;
}

const VATEX_CATEGORIES: Record<string, string> = {
  'VATEX-EU-AE': 'AE',
  'VATEX-EU-IC': 'K',
  'VATEX-EU-G': 'G',
  'VATEX-EU-O': 'O',
  'VATEX-EU-D': 'E',
  'VATEX-EU-F': 'E',
  'VATEX-EU-I': 'E',
  'VATEX-EU-J': 'E',
};

export function zeroRateCategory(details: InvoiceDetailsForUbl | undefined): TaxCategory | undefined {
  const code = details?.vatExemptionReasonCode?.toUpperCase();
  const reason = details?.vatExemptionReason;
  const regime = details?.vatRegime;
  const category =
    (code && (VATEX_CATEGORIES[code] ?? 'E')) ||
    (reason && /autoliquidation|reverse charge/i.test(reason) ? 'AE' : undefined) ||
    (regime === 'SANS_TVA' ? 'O' : undefined) ||
    (reason || regime === 'EXONERATION' ? 'E' : undefined) ||
    (regime ? 'Z' : undefined);
  if (!category) return undefined;
  const defaults: Record<string, string> = { AE: 'Reverse charge', O: 'Not subject to VAT' };
  const withReason = category !== 'Z' && category !== 'S';
  return {
    code: category,
    percent: category === 'O' ? undefined : '0',
    exemptionReasonCode: withReason ? code : undefined,
    exemptionReason: withReason ? (reason ?? (code ? undefined : defaults[category])) : undefined,
  };
}

function category(rate: string | undefined, details: InvoiceDetailsForUbl | undefined): TaxCategory | undefined {
  const value = parseDecimal(rate);
  if (!value) return undefined;
  if (value.units !== 0n) return { code: 'S', percent: normalizeDecimal(rate ?? '') };
  return zeroRateCategory(details);
}

const text = (value: number | string | undefined): string | undefined =>
  value === undefined ? undefined : typeof value === 'number' ? String(value) : value.trim();

function fromDetails(details: InvoiceDetailsForUbl | undefined): RawLine[] {
  return (details?.lines ?? []).map((line, i) => ({
    id: text(line.number) ?? String(i + 1),
    reference: line.reference,
    name: line.description ?? line.reference,
    quantity: text(line.quantity) ?? '1',
    unitCode: line.unitCode,
    unitPrice: text(line.unitPrice),
    net: text(line.amountExclTax) ?? '',
    rate: text(line.vatRate),
  }));
}

function fromPivot(invoice: PivotInvoice): RawLine[] {
  const singleRate = invoice.vatLines.length === 1 ? invoice.vatLines[0]?.rate : undefined;
  return invoice.lines.map((line) => ({
    id: line.order,
    reference: line.productReference,
    name: line.productReference,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    net: line.amountExclTax,
    rate: line.vatRate ?? singleRate,
  }));
}

function fromVatLines(invoice: PivotInvoice): RawLine[] {
  return invoice.vatLines.map((vat, i) => ({
    id: String(i + 1),
    name: `Montant HT au taux de TVA de ${normalizeDecimal(vat.rate) ?? vat.rate} %`,
    quantity: '1',
    net: vat.baseAmount,
    rate: vat.rate,
  }));
}

function toLine(raw: RawLine, currency: string, details: InvoiceDetailsForUbl | undefined): InvoiceLine {
  const line = emptyLine();
  const net = centsOf(raw.net);
  let quantity = normalizeDecimal(raw.quantity) ?? raw.quantity;
  let price =
    raw.unitPrice === undefined
      ? net === undefined
        ? undefined
        : formatCents(absBig(net))
      : normalizeDecimal(raw.unitPrice);
  // EN 16931 forbids negative prices (BR-27): a credit line is a negative quantity at a positive price.
  if (price?.startsWith('-') || (raw.unitPrice === undefined && net !== undefined && net < 0n)) {
    price = price?.replace(/^-/, '');
    quantity = quantity.startsWith('-') ? quantity.slice(1) : `-${quantity}`;
  }
  line.id = raw.id;
  line.quantity = quantity;
  line.unitCode = raw.unitCode ?? 'C62';
  line.net = net === undefined ? undefined : { value: formatCents(net), currency };
  line.item.name = raw.name;
  line.item.sellerId = raw.reference;
  // Exemption reasons belong to the VAT breakdown, not to line categories.
  const tax = category(raw.rate, details);
  line.item.tax = tax && { code: tax.code, percent: tax.percent };
  line.price = price === undefined ? undefined : { amount: { value: price, currency } };
  return line;
}

/** Whether lines add up to the pivot's totals, per VAT rate and overall (to the rounding of each line). */
function consistent(raw: RawLine[], invoice: PivotInvoice): boolean {
  const tolerance = BigInt(raw.length);
  const sumAt = (rate?: string): bigint =>
    raw
      .filter((l) => rate === undefined || normalizeDecimal(l.rate ?? '') === normalizeDecimal(rate))
      .reduce((sum, l) => sum + (centsOf(l.net) ?? 0n), 0n);
  if (raw.some((l) => centsOf(l.net) === undefined)) return false;
  const total = centsOf(invoice.amounts.exclTax) ?? 0n;
  if (absBig(sumAt() - total) > tolerance) return false;
  return invoice.vatLines.every((vat) => absBig(sumAt(vat.rate) - (centsOf(vat.baseAmount) ?? 0n)) <= tolerance);
}

export function buildLines(invoice: PivotInvoice, details: InvoiceDetailsForUbl | undefined): BuiltLines {
  const warnings: string[] = [];
  const sources: [string, RawLine[]][] = [
    ['the consult details', fromDetails(details)],
    ['the pivot lines', fromPivot(invoice)],
  ];
  let raw = sources.find(([name, lines]) => {
    if (lines.length === 0) return false;
    if (consistent(lines, invoice)) return true;
    warnings.push(`${name} do not add up to the pivot's amounts (MontantHT / TVAs); not used`);
    return false;
  })?.[1];
  if (!raw && invoice.vatLines.length > 0) {
    raw = fromVatLines(invoice);
    warnings.push('no usable invoice lines: one line per VAT rate was built from the pivot VAT breakdown');
  }
  if (!raw && centsOf(invoice.amounts.exclTax) === centsOf(invoice.amounts.inclTax)) {
    raw = [{ id: '1', name: 'Montant HT', quantity: '1', net: invoice.amounts.exclTax, rate: '0' }];
    warnings.push('no lines and no VAT breakdown in the pivot: one line was built from MontantHT');
  }
  const lines = (raw ?? []).map((r) => toLine(r, invoice.currency, details));
  if (lines.some((l) => l.unitCode === 'C62') && !details?.lines?.length)
    warnings.push('unit codes not known: C62 (unit) used');
  if (lines.some((l) => !l.item.tax)) {
    warnings.push('VAT category of 0 % lines unknown: give the VAT regime or the exemption reason in the details');
  }
  return { lines, breakdown: breakdown(lines, invoice, details), warnings };
}

function breakdown(
  lines: InvoiceLine[],
  invoice: PivotInvoice,
  details: InvoiceDetailsForUbl | undefined,
): VatBreakdown[] {
  const groups = new Map<string, { category: TaxCategory; taxable: bigint }>();
  for (const line of lines) {
    const tax = line.item.tax;
    if (!tax?.code) continue;
    const key = `${tax.code}|${tax.percent ?? ''}`;
    const full = tax.code === 'S' ? tax : (zeroRateCategory(details) ?? tax);
    const group = groups.get(key) ?? { category: { ...full }, taxable: 0n };
    group.taxable += centsOf(line.net?.value) ?? 0n;
    groups.set(key, group);
  }
  const currency = invoice.currency;
  return [...groups.values()].map(({ category: c, taxable }) => {
    let tax = 0n;
    const rate = parseDecimal(c.percent);
    if (c.code === 'S' && rate) {
      const declared = invoice.vatLines.find((v) => normalizeDecimal(v.rate) === c.percent);
      tax = (declared && centsOf(declared.vatAmount)) ?? vatCents(taxable, rate);
    }
    return {
      taxable: { value: formatCents(taxable), currency },
      tax: { value: formatCents(tax), currency },
      category: c,
    };
  });
}
