/** An arithmetic run of values, as Temporal's `Range` has it: start, start + step, … up to end. */
export interface ValueRun {
  start: number;
  end: number;
  step: number;
}

/**
 * Covers a set of whole numbers with few runs: from the smallest value left, takes the longest arithmetic run
 * (of at least 3 values) it starts, else the value alone. Every run holds only values of the set, so the union of
 * the runs is exactly the set.
 */
export function toRuns(values: Iterable<number>): ValueRun[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const left = new Set(sorted);
  const runs: ValueRun[] = [];
  for (const first of sorted) {
    if (!left.has(first)) continue;
    let best: ValueRun = { start: first, end: first, step: 1 };
    let bestLength = 1;
    for (const second of sorted) {
      if (second <= first || !left.has(second)) continue;
      const step = second - first;
      let end = second;
      let length = 2;
      while (left.has(end + step)) {
        end += step;
        length++;
      }
      if (length > bestLength) {
        best = { start: first, end, step };
        bestLength = length;
      }
    }
    if (bestLength < 3) best = { start: first, end: first, step: 1 };
    for (let v = best.start; v <= best.end; v += best.step) left.delete(v);
    runs.push(best);
  }
  return runs;
}

/** Lists the values of runs; the inverse of {@link toRuns}. */
export function fromRuns(runs: readonly ValueRun[]): Set<number> {
  const values = new Set<number>();
  for (const run of runs) for (let v = run.start; v <= run.end; v += run.step) values.add(v);
  return values;
}
