// A worker process for the scale-out setup: it connects to the cluster named by TEMPORAL_ADDRESS and runs polls and
// invoice workflows; run as many as needed on the same task queue.
import { resolve } from 'node:path';
import { connectWorkerConnection, taskQueue } from './connection.ts';
import { installConsoleLogger } from './console-logger.ts';
import { createGatewayWorker } from './worker.ts';

/** CHORUS_ACTIVITY_CONCURRENCY: invoices one worker fetches at once (default 20). */
function activityConcurrency(): number | undefined {
  const text = process.env.CHORUS_ACTIVITY_CONCURRENCY;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`CHORUS_ACTIVITY_CONCURRENCY must be a whole number of at least 1, got "${text}"`);
  }
  return value;
}

async function run(): Promise<void> {
  installConsoleLogger();
  const concurrency = activityConcurrency();
  const { connection, namespace } = await connectWorkerConnection();
  const storeRoot = resolve(process.env.CHORUS_DATA_DIR ?? 'data');
  const worker = await createGatewayWorker({
    connection,
    namespace,
    taskQueue: taskQueue(),
    storeRoot,
    ...(concurrency !== undefined && { maxConcurrentActivityTaskExecutions: concurrency }),
  });
  console.log(`Worker on task queue ${taskQueue()} (namespace ${namespace}), store ${storeRoot}`);
  await worker.run();
  await connection.close();
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
