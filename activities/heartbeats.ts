import { activityInfo, heartbeat } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Heartbeats while `work` runs, so that Temporal notices a dead worker after the heartbeat timeout instead of the
 * (long) start-to-close timeout, and retries the activity elsewhere.
 */
export async function withHeartbeats<T>(work: () => Promise<T>): Promise<T> {
  const ticker = setInterval(() => heartbeat({ attempt: activityInfo().attempt }), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(ticker);
  }
}
