import type { PollWindow } from './types.ts';

/** A gateway's first run looks this far back. */
export const FIRST_RUN_LOOKBACK_MS = 7 * 24 * 3600 * 1000;
/**
 * Each later run starts this long before the previous run's end, so an invoice whose status changed while the
 * previous run was listing (or whose timestamp lags on the platform's side) is not missed; dedupe absorbs the overlap.
 */
export const WINDOW_OVERLAP_MS = 60 * 60 * 1000;

export function nextPollWindow(now: Date, previousCursor: string | undefined): PollWindow {
  const previous = previousCursor === undefined ? Number.NaN : Date.parse(previousCursor);
  const from = Number.isNaN(previous)
    ? now.getTime() - FIRST_RUN_LOOKBACK_MS
    : Math.min(previous, now.getTime()) - WINDOW_OVERLAP_MS;
  return { from: new Date(from).toISOString(), to: now.toISOString() };
}
