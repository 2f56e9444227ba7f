import { absBig, centsOf, formatCents, normalizeDecimal, parseDecimal, vatCents } from './decimal.ts';
import type { RuleIssue } from './rules-core.ts';
import type { Amount, UblInvoice, VatBreakdown } from './ubl-model.ts';

/**
 * EN 16931 rules on totals (BR-CO-10..17) and on VAT categories (BR-S/Z/E/AE/O-*). Comparisons are exact in cents,
 * except BR-CO-17 and BR-S-08/09 which the CEN artefacts check within ±1 currency unit; that tolerance is kept so
 * that this validator never refuses what the official one accepts.
 */

const cents = (amount: Amount | undefined): bigint | undefined => centsOf(amount?.value);
const show = (value: bigint | undefined): string => (value === undefined ? '(absent)' : formatCents(value));
const TOLERANCE = 100n;

function issue(rule: string, message: string, field?: string, missing = false): RuleIssue {
  return { rule, message: `[${rule}] ${message}`, field, missing: missing || undefined };
}

/** The TaxTotal in the invoice currency (BT-110 and its breakdown). */
export function documentTaxTotal(u: UblInvoice): UblInvoice['taxTotals'][number] | undefined {
  return u.taxTotals.find((t) => !t.amount?.currency || t.amount.currency === u.currency) ?? u.taxTotals[0];
}

export function checkTotals(u: UblInvoice): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const t = u.totals;
  const lineNets = u.lines.map((line) => cents(line.net));
  const allowances = u.allowanceCharges.filter((a) => !a.isCharge).map((a) => cents(a.amount));
  const charges = u.allowanceCharges.filter((a) => a.isCharge).map((a) => cents(a.amount));
  const sum = (values: (bigint | undefined)[]): bigint | undefined =>
    values.some((v) => v === undefined) ? undefined : values.reduce<bigint>((a, v) => a + (v ?? 0n), 0n);
  const lineExtension = cents(t.lineExtension);
  const lineSum = sum(lineNets);
  if (lineExtension !== undefined && lineSum !== undefined && lineExtension !== lineSum) {
    issues.push(
      issue(
        'BR-CO-10',
        `Sum of Invoice line net amount (BT-106) ${show(lineExtension)} ≠ Σ line net amounts (BT-131) ${show(lineSum)}`,
      ),
    );
  }
  const checkSum = (rule: string, label: string, total: Amount | undefined, items: (bigint | undefined)[]): void => {
    const expected = sum(items);
    if (total === undefined && items.length === 0) return;
    if (cents(total) !== expected)
      issues.push(issue(rule, `${label} ${show(cents(total))} ≠ Σ of the ${items.length} amounts ${show(expected)}`));
  };
  checkSum('BR-CO-11', 'Sum of allowances on document level (BT-107)', t.allowanceTotal, allowances);
  checkSum('BR-CO-12', 'Sum of charges on document level (BT-108)', t.chargeTotal, charges);
  const allowanceTotal = cents(t.allowanceTotal) ?? 0n;
  const chargeTotal = cents(t.chargeTotal) ?? 0n;
  const taxExclusive = cents(t.taxExclusive);
  if (
    lineExtension !== undefined &&
    taxExclusive !== undefined &&
    taxExclusive !== lineExtension - allowanceTotal + chargeTotal
  ) {
    issues.push(
      issue(
        'BR-CO-13',
        `Invoice total without VAT (BT-109) ${show(taxExclusive)} ≠ BT-106 − BT-107 + BT-108 = ${show(lineExtension - allowanceTotal + chargeTotal)}`,
      ),
    );
  }
  for (const total of u.taxTotals.filter((x) => x.subtotals.length > 0)) {
    const expected = sum(total.subtotals.map((s) => cents(s.tax)));
    if (cents(total.amount) !== expected) {
      issues.push(
        issue(
          'BR-CO-14',
          `Invoice total VAT amount (BT-110) ${show(cents(total.amount))} ≠ Σ VAT category tax amounts (BT-117) ${show(expected)}`,
        ),
      );
    }
  }
  const taxInclusive = cents(t.taxInclusive);
  const vatTotal = cents(documentTaxTotal(u)?.amount);
  if (taxInclusive !== undefined && taxExclusive !== undefined) {
    if (vatTotal === undefined) {
      issues.push(
        issue(
          'BR-CO-15',
          'the Invoice total VAT amount (BT-110) in the invoice currency is missing',
          'BT-110 Invoice total VAT amount',
          true,
        ),
      );
    } else if (taxInclusive !== taxExclusive + vatTotal) {
      issues.push(
        issue(
          'BR-CO-15',
          `Invoice total with VAT (BT-112) ${show(taxInclusive)} ≠ BT-109 + BT-110 = ${show(taxExclusive + vatTotal)}`,
        ),
      );
    }
  }
  const payable = cents(t.payable);
  if (payable !== undefined && taxInclusive !== undefined) {
    const expected = taxInclusive - (cents(t.prepaid) ?? 0n) + (cents(t.rounding) ?? 0n);
    if (payable !== expected)
      issues.push(
        issue('BR-CO-16', `Amount due (BT-115) ${show(payable)} ≠ BT-112 − BT-113 + BT-114 = ${show(expected)}`),
      );
  }
  for (const s of documentTaxTotal(u)?.subtotals ?? []) {
    const percent = parseDecimal(s.category.percent);
    const taxable = cents(s.taxable);
    const tax = cents(s.tax);
    if (!percent || taxable === undefined || tax === undefined) continue;
    const expected = vatCents(absBig(taxable), percent);
    if (absBig(absBig(tax) - expected) >= TOLERANCE) {
      const label = `${s.category.code ?? '?'} ${s.category.percent ?? ''} %`;
      issues.push(
        issue(
          'BR-CO-17',
          `VAT amount ${show(tax)} of breakdown ${label} ≠ ${show(taxable)} × rate = ${show(expected)}`,
        ),
      );
      if (s.category.code === 'S')
        issues.push(issue('BR-S-09', `VAT amount of the standard rate ${label} breakdown is not base × rate`));
    }
  }
  return issues;
}

interface Taxed {
  code?: string;
  percent?: string;
  /** Signed: allowances count negative. */
  amount?: bigint;
  kind: 'line' | 'allowance' | 'charge';
}

function taxedItems(u: UblInvoice): Taxed[] {
  return [
    ...u.lines.map((l): Taxed => ({
      code: l.item.tax?.code,
      percent: l.item.tax?.percent,
      amount: cents(l.net),
      kind: 'line',
    })),
    ...u.allowanceCharges.map((a): Taxed => {
      const amount = cents(a.amount);
      return {
        code: a.tax?.code,
        percent: a.tax?.percent,
        amount: amount === undefined ? undefined : a.isCharge ? amount : -amount,
        kind: a.isCharge ? 'charge' : 'allowance',
      };
    }),
  ];
}

const rateKey = (percent: string | undefined): string =>
  percent === undefined ? '' : (normalizeDecimal(percent) ?? percent);

const CATEGORY_NAMES: Record<string, string> = {
  S: 'Standard rated',
  Z: 'Zero rated',
  E: 'Exempt from VAT',
  AE: 'Reverse charge',
  O: 'Not subject to VAT',
};

function checkCategory(u: UblInvoice, code: string, items: Taxed[], breakdowns: VatBreakdown[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const name = CATEGORY_NAMES[code] ?? code;
  const mine = items.filter((i) => i.code === code);
  const bds = breakdowns.filter((b) => b.category.code === code);
  const lines = mine.filter((i) => i.kind === 'line');
  // BR-x-01: items of the category need its breakdown (exactly one, except S which has one per rate).
  if (mine.length > 0 && (bds.length === 0 || (code !== 'S' && bds.length !== 1))) {
    issues.push(
      issue(
        `BR-${code}-01`,
        `items are "${name}" but there is ${bds.length === 0 ? 'no' : 'more than one'} "${name}" VAT breakdown`,
      ),
    );
  }
  if (mine.length === 0 && bds.length > 0 && code === 'S') {
    issues.push(issue('BR-S-01', `a "${name}" VAT breakdown exists but no line, allowance or charge is "${name}"`));
  }
  const seller = u.seller;
  const sellerTaxId = seller?.vatId ?? seller?.taxRegistration?.id ?? u.taxRepresentative?.vatId;
  if (lines.length > 0 && ['S', 'Z', 'E', 'AE'].includes(code) && !sellerTaxId) {
    issues.push(
      issue(
        `BR-${code}-02`,
        `"${name}" lines require the Seller VAT identifier (BT-31) or tax registration identifier (BT-32)`,
        'BT-31 Seller VAT identifier',
        true,
      ),
    );
  }
  if (code === 'AE' && lines.length > 0 && !u.buyer?.vatId && !u.buyer?.legalId) {
    issues.push(
      issue(
        'BR-AE-02',
        'reverse charge lines require the Buyer VAT identifier (BT-48) or legal registration identifier (BT-47)',
        'BT-48 Buyer VAT identifier',
        true,
      ),
    );
  }
  if (code === 'O' && lines.length > 0 && (seller?.vatId || u.buyer?.vatId || u.taxRepresentative?.vatId)) {
    issues.push(
      issue('BR-O-02', '"Not subject to VAT" lines exclude the seller, buyer and tax representative VAT identifiers'),
    );
  }
  for (const item of mine) {
    const percent = parseDecimal(item.percent);
    const rule = (n: number): string =>
      `BR-${code}-${String(item.kind === 'line' ? n : item.kind === 'allowance' ? n + 1 : n + 2).padStart(2, '0')}`;
    if (code === 'S' && !(percent && percent.units > 0n))
      issues.push(issue(rule(5), `a "${name}" ${item.kind} has a VAT rate that is not greater than zero`));
    if (['Z', 'E', 'AE'].includes(code) && !(percent && percent.units === 0n))
      issues.push(issue(rule(5), `a "${name}" ${item.kind} has a VAT rate other than 0`));
    if (code === 'O' && item.percent !== undefined)
      issues.push(issue(rule(5), `a "${name}" ${item.kind} must not have a VAT rate`));
  }
  for (const bd of bds) {
    const expected = mine
      .filter((i) => code !== 'S' || rateKey(i.percent) === rateKey(bd.category.percent))
      .reduce<bigint>((a, i) => a + (i.amount ?? 0n), 0n);
    const taxable = cents(bd.taxable);
    const off =
      taxable === undefined ? true : code === 'S' ? absBig(taxable - expected) >= TOLERANCE : taxable !== expected;
    if (off)
      issues.push(
        issue(
          `BR-${code}-08`,
          `"${name}" ${bd.category.percent ?? ''} % taxable amount (BT-116) ${show(taxable)} ≠ Σ of its lines, charges and allowances ${show(expected)}`,
        ),
      );
    const hasReason = Boolean(bd.category.exemptionReason || bd.category.exemptionReasonCode);
    if (code !== 'S' && cents(bd.tax) !== 0n)
      issues.push(issue(`BR-${code}-09`, `the VAT amount of the "${name}" breakdown must be 0`));
    if ((code === 'S' || code === 'Z') && hasReason)
      issues.push(issue(`BR-${code}-10`, `a "${name}" breakdown must not have an exemption reason`));
    if (['E', 'AE', 'O'].includes(code) && !hasReason) {
      issues.push(
        issue(
          `BR-${code}-10`,
          `a "${name}" breakdown needs an exemption reason text (BT-120) or code (BT-121)`,
          'BT-120 VAT exemption reason text',
          true,
        ),
      );
    }
  }
  if (code === 'O' && bds.length > 0) {
    if (breakdowns.some((b) => b.category.code !== 'O'))
      issues.push(issue('BR-O-11', 'a "Not subject to VAT" breakdown excludes other VAT breakdowns'));
    if (items.some((i) => i.kind === 'line' && i.code !== 'O'))
      issues.push(issue('BR-O-12', 'with a "Not subject to VAT" breakdown, every line must be "Not subject to VAT"'));
  }
  return issues;
}

export function checkVatCategories(u: UblInvoice): RuleIssue[] {
  const items = taxedItems(u);
  const breakdowns = u.taxTotals.flatMap((t) => t.subtotals);
  return ['S', 'Z', 'E', 'AE', 'O'].flatMap((code) => checkCategory(u, code, items, breakdowns));
}
