import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities } from '../../activities/index.ts';
import { ChorusClientPool } from '../../activities/chorus-clients.ts';
import { CredentialResolver } from '../config/credentials.ts';
import { CursorStore } from '../store/cursor-store.ts';
import { dataConverterFromEnv } from './codec/index.ts';
import { FileStore } from '../store/file-store.ts';
import { SerialRunner } from '../gateway/serial-runner.ts';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

const noop = () => {};
/** Webpack's progress lines are noise in a worker's or a test's output. */
export const silentLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes seconds; one bundle serves every worker of the process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger });
  return bundle;
}

/** A bundle prebuilt by `npm run bundle` (CHORUS_WORKFLOW_BUNDLE), else one built now. */
async function workflowCode(): Promise<{ workflowBundle: WorkflowBundleOption }> {
  const prebuilt = process.env.CHORUS_WORKFLOW_BUNDLE;
  return { workflowBundle: prebuilt ? { codePath: prebuilt } : await workflowBundle() };
}

/** Older than any activity can run (the download's 30-minute timeout, the convert's 10), with a wide margin. */
const STALE_FILE_AGE_MS = 6 * 3600 * 1000;

export interface GatewayWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  storeRoot: string;
  credentials?: CredentialResolver;
  maxConcurrentActivityTaskExecutions?: number;
}

export async function createGatewayWorker(options: GatewayWorkerOptions): Promise<Worker> {
  const store = new FileStore(options.storeRoot);
  await store.sweepStale(STALE_FILE_AGE_MS);
  const activities = createActivities({
    store,
    cursors: new CursorStore(options.storeRoot),
    chorus: new ChorusClientPool(options.credentials ?? new CredentialResolver()),
    conversions: new SerialRunner(),
  });
  const dataConverter = dataConverterFromEnv();
  return Worker.create({
    ...(dataConverter && { dataConverter }),
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(await workflowCode()),
    activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
  });
}
