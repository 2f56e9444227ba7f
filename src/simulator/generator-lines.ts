import type { InvoiceLine, Totals, VatSummary } from './model.ts';
import type { Random } from './prng.ts';
import { PRODUCTS } from './generator-names.ts';

export interface GeneratedAmounts {
  lines: InvoiceLine[];
  vat: VatSummary[];
  totals: Totals;
}

/** VAT on a base, in cents, rounded half away from zero (what invoicing software does). */
export function vatCents(baseCents: number, rate: number): number {
  return Math.round((baseCents * rate) / 100 + Number.EPSILON * Math.sign(baseCents));
}

/**
 * Lines and their VAT breakdown. Everything is integer cents so that totals add up exactly: VAT is computed per rate on
 * the summed bases (as on the pivot's TVAs), and the per-line VAT is informative only.
 */
export function generateAmounts(random: Random, lineCount: number): GeneratedAmounts {
  const lines: InvoiceLine[] = [];
  for (let number = 1; number <= lineCount; number++) {
    const [reference, label, unitCode, unitLabel, vatRate] = random.pick(PRODUCTS);
    const quantity = random.chance(0.8) ? random.int(1, 40) : random.int(1, 400) / 4;
    const unitPriceCents = random.int(150, 150000);
    const netCents = Math.round(quantity * unitPriceCents);
    lines.push({
      number,
      reference,
      label,
      quantity,
      unitCode,
      unitLabel,
      unitPriceCents,
      netCents,
      vatRate,
      vatCents: vatCents(netCents, vatRate),
    });
  }
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.vatRate, (byRate.get(line.vatRate) ?? 0) + line.netCents);
  const vat = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, baseCents]) => ({ rate, baseCents, vatCents: vatCents(baseCents, rate) }));
  const netCents = vat.reduce((sum, entry) => sum + entry.baseCents, 0);
  const totalVat = vat.reduce((sum, entry) => sum + entry.vatCents, 0);
  return {
    lines,
    vat,
    totals: { netCents, vatCents: totalVat, grossCents: netCents + totalVat, payableCents: netCents + totalVat },
  };
}
