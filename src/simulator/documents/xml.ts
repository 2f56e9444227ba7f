export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** Decimal with exactly two digits, from cents. */
export function amount(valueCents: number): string {
  return (valueCents / 100).toFixed(2);
}

/** A VAT rate or quantity without trailing zeros (5.5, 20, 0). */
export function decimal(value: number): string {
  return String(Math.round(value * 10000) / 10000);
}
