import { parseArgs } from 'node:util';

/** `--name value` flags of a benchmark, as numbers with defaults. */
export function numberFlags<T extends Record<string, number>>(defaults: T): T {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(defaults).map((key) => [key, { type: 'string' as const }])),
    strict: true,
  });
  const out = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new Error(`--${key} takes a number, got "${String(value)}"`);
    (out as Record<string, number>)[key] = parsed;
  }
  return out;
}

export function rate(count: number, ms: number): number {
  return count / (ms / 1000);
}

export function printTable(title: string, rows: [string, string | number][]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) {
    console.log(`  ${label.padEnd(width)}  ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 1) : value}`);
  }
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}
