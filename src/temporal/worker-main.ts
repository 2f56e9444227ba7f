// A worker process for the scale-out setup: it connects to the cluster named by TEMPORAL_ADDRESS and runs polls and
// invoice workflows; run as many as needed on the same task queue.
import { resolve } from 'node:path';
import { connectWorkerConnection, taskQueue } from './connection.ts';
import { installConsoleLogger } from './console-logger.ts';
import { createGatewayWorker } from './worker.ts';

async function run(): Promise<void> {
  installConsoleLogger();
  const { connection, namespace } = await connectWorkerConnection();
  const storeRoot = resolve(process.env.CHORUS_DATA_DIR ?? 'data');
  const worker = await createGatewayWorker({ connection, namespace, taskQueue: taskQueue(), storeRoot });
  console.log(`Worker on task queue ${taskQueue()} (namespace ${namespace}), store ${storeRoot}`);
  await worker.run();
  await connection.close();
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
