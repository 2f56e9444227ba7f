import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { type Credentials, credentialEnv, CredentialResolver } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.ts';
import { ensureSearchAttributes } from '../../src/temporal/gateway-schedules.ts';
import { createGatewayWorker } from '../../src/temporal/worker.ts';
import { startTestServer } from './temporal.ts';

export const TEST_CREDENTIALS = 'TEST';

/** A real dev server, the simulator over HTTP, a store in a temporary folder and a worker: the product, for tests. */
export interface Harness {
  env: TestWorkflowEnvironment;
  simulator: RunningSimulator;
  storeRoot: string;
  taskQueue: string;
  credentials: CredentialResolver;
  /** The worker process's environment, for CLI commands run as child processes. */
  processEnv: NodeJS.ProcessEnv;
  gateway(id: string, overrides?: Partial<GatewayConfig>): GatewayConfig;
  /** Stops the simulator, as if Chorus Pro were down; `startSimulatorAgain` brings it back on the same port. */
  stopSimulator(): Promise<void>;
  startSimulatorAgain(options?: SimulatorOptions): Promise<void>;
  stop(): Promise<void>;
}

/** A gateway on the simulator whose Schedule never fires by itself: only a test's triggers run it. */
export function simulatorGateway(
  simulator: RunningSimulator,
  id: string,
  credentials: string,
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  return {
    id,
    baseUrl: simulator.url,
    tokenUrl: simulator.tokenUrl,
    credentials,
    recipient: { siret: simulator.recipient.siret, onlyNotDownloaded: false },
    outputFormat: 'pivot',
    saveAttachments: true,
    schedule: { cron: '0 0 0 1 1 ? 2099', timezone: 'Europe/Paris' },
    ...overrides,
  };
}

export interface HarnessOptions {
  taskQueue?: string;
  /** Activities the worker runs at once. */
  activityConcurrency?: number;
  /** More credential sets the worker can resolve, by name (e.g. wrong ones). */
  moreCredentials?: (simulator: RunningSimulator) => Record<string, Credentials>;
}

export async function startHarness(simulatorOptions: SimulatorOptions, options: HarnessOptions = {}): Promise<Harness> {
  const taskQueue = options.taskQueue ?? 'gateway-test';
  const env = await startTestServer();
  let simulator = await startSimulator(simulatorOptions);
  let simulatorRunning = true;
  const storeRoot = await mkdtemp(join(tmpdir(), 'gateway-store-'));
  const secrets: Record<string, string> = credentialEnv(TEST_CREDENTIALS, simulator.credentials);
  for (const [name, more] of Object.entries(options.moreCredentials?.(simulator) ?? {})) {
    Object.assign(secrets, credentialEnv(name, more));
  }
  const credentials = new CredentialResolver({ env: secrets });
  const worker: Worker = await createGatewayWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    storeRoot,
    credentials,
    ...(options.activityConcurrency !== undefined && {
      maxConcurrentActivityTaskExecutions: options.activityConcurrency,
    }),
  });
  const workerRun = worker.run();
  await ensureSearchAttributes(env.client);

  return {
    env,
    get simulator() {
      return simulator;
    },
    storeRoot,
    taskQueue,
    credentials,
    processEnv: {
      ...process.env,
      ...secrets,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: 'default',
      CHORUS_GATEWAY_TASK_QUEUE: taskQueue,
    },
    gateway: (id, overrides = {}) => simulatorGateway(simulator, id, TEST_CREDENTIALS, overrides),
    async stopSimulator() {
      simulatorRunning = false;
      await simulator.close();
    },
    async startSimulatorAgain(options = simulatorOptions) {
      const port = Number(new URL(simulator.url).port);
      if (simulatorRunning) await simulator.close();
      simulator = await startSimulator({ ...options, port });
      simulatorRunning = true;
    },
    async stop() {
      worker.shutdown();
      await workerRun;
      if (simulatorRunning) await simulator.close();
      await env.teardown();
      await rm(storeRoot, { recursive: true, force: true });
    },
  };
}
