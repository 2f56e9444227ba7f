/**
 * Exact decimal arithmetic on the text of amounts. Invoice amounts must never go through binary floating point:
 * 0.1 + 0.2 style errors would break the EN 16931 equalities (BR-CO-10..17) that are checked to the cent.
 */

export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses an xs:decimal lexical value ("12", "-0.50", "+3.", ".5"); undefined when it is not one. */
export function parseDecimal(text: string | undefined): Decimal | undefined {
  if (text === undefined) return undefined;
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '') || '0';
  const units = BigInt(digits);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** Number of digits after the decimal point as written (BR-DEC rules count them in the text). */
export function decimalPlaces(text: string): number {
  const dot = text.trim().indexOf('.');
  return dot < 0 ? 0 : text.trim().length - dot - 1;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Divides rounding half away from zero (commercial rounding). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** The value expressed with `scale` decimals, rounded half away from zero. */
export function rescale(value: Decimal, scale: number): bigint {
  if (scale >= value.scale) return value.units * pow10(scale - value.scale);
  return divRound(value.units, pow10(value.scale - scale));
}

export const toCents = (value: Decimal): bigint => rescale(value, 2);

/** Cents of an amount text, or undefined when the text is not a decimal. */
export function centsOf(text: string | undefined): bigint | undefined {
  const value = parseDecimal(text);
  return value === undefined ? undefined : toCents(value);
}

export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export const formatCents = (cents: bigint): string => formatUnits(cents, 2);

/** Amount text with exactly two decimals (EN 16931 amounts, BR-DEC-*), or undefined when not a decimal. */
export function toAmountText(text: string | undefined): string | undefined {
  const cents = centsOf(text);
  return cents === undefined ? undefined : formatCents(cents);
}

/** A quantity, price or rate without useless zeros ("1.000000" → "1", "5.50" → "5.5"). */
export function normalizeDecimal(text: string): string | undefined {
  const value = parseDecimal(text);
  if (!value) return undefined;
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return formatUnits(units, scale);
}

/** VAT in cents of a base in cents at a percent rate, rounded to the cent (BR-CO-17). */
export function vatCents(baseCents: bigint, percent: Decimal): bigint {
  return divRound(baseCents * percent.units, 100n * pow10(percent.scale));
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x === y ? 0 : x < y ? -1 : 1;
}

export const isZero = (value: Decimal): boolean => value.units === 0n;

export const absBig = (value: bigint): bigint => (value < 0n ? -value : value);
