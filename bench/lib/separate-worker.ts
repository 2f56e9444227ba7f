import { join } from 'node:path';
import { credentialEnv } from '../../src/config/credentials.ts';
import type { Harness } from '../../test/helpers/harness.ts';
import { buildWorkflowBundle, WorkerProcess } from '../../test/helpers/worker-process.ts';

/**
 * A worker in a process of its own on the harness's server, store and credentials, as in production: it loads a
 * prebuilt workflow bundle (see the Dockerfile) and shares no event loop with the simulator. The harness's own
 * in-process worker must listen on another task queue.
 */
export async function startSeparateWorker(
  harness: Harness,
  name: string,
  taskQueue: string,
  activityConcurrency?: number,
): Promise<WorkerProcess> {
  const bundle = join(harness.storeRoot, 'workflow-bundle.js');
  await buildWorkflowBundle(bundle);
  return WorkerProcess.start(name, {
    address: harness.env.address,
    taskQueue,
    storeRoot: harness.storeRoot,
    bundle,
    secrets: credentialEnv('TEST', harness.simulator.credentials),
    logLevel: 'WARN',
    ...(activityConcurrency !== undefined && { activityConcurrency }),
  });
}
