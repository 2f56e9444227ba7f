// `npm start`: the embedded default on one machine. A Temporal dev server (SQLite under data/, Web UI on :8233), a
// worker, and the gateways of the config file; with no config, a demo gateway against the bundled simulator.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { configPath } from './cli/config-path.ts';
import { CredentialResolver } from './config/credentials.ts';
import type { GatewayConfig } from './config/gateway-config.ts';
import { ConfigError, loadGatewayFile } from './config/load-config.ts';
import { demoGateway, exposeDemoCredentials } from './demo-gateway.ts';
import { startSimulator, type RunningSimulator } from './simulator/server.ts';
import { payloadCodecFromEnv, startCodecServer } from './temporal/codec/index.ts';
import { installConsoleLogger } from './temporal/console-logger.ts';
import { connectClient, connectWorkerConnection, taskQueue } from './temporal/connection.ts';
import { startDevServer } from './temporal/dev-server.ts';
import { deployGateway, ensureSearchAttributes, triggerGateway } from './temporal/gateway-schedules.ts';
import { createGatewayWorker } from './temporal/worker.ts';

const DEMO_NEW_INVOICES_EVERY_MS = 45_000;

interface Temporal {
  client: Client;
  workerConnection: NativeConnection;
  uiUrl?: string;
  stop(): Promise<void>;
}

async function startTemporal(dataDir: string): Promise<Temporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    const { connection } = await connectWorkerConnection();
    const client = await connectClient();
    return {
      client,
      workerConnection: connection,
      stop: async () => {
        await client.connection.close();
        await connection.close();
      },
    };
  }
  const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
  // With encrypted payloads, a local codec server lets the Web UI show them decoded to whoever runs this.
  const codec = payloadCodecFromEnv();
  const codecServer = codec ? await startCodecServer({ codec }) : undefined;
  const env = await startDevServer({
    dbFilename: join(dataDir, 'temporal.db'),
    port: Number(process.env.TEMPORAL_PORT ?? 7233),
    uiPort,
    log: (line) => console.log(line),
    ...(codecServer && { uiCodecEndpoint: codecServer.url }),
  });
  if (codecServer) console.log(`Payloads are encrypted; the Web UI decodes them through ${codecServer.url}`);
  return {
    client: env.client,
    workerConnection: env.nativeConnection,
    uiUrl: `http://localhost:${uiPort}`,
    stop: async () => {
      await env.teardown();
      await codecServer?.close();
    },
  };
}

async function run(): Promise<void> {
  installConsoleLogger();
  const dataDir = resolve(process.env.CHORUS_DATA_DIR ?? 'data');
  await mkdir(dataDir, { recursive: true });
  const path = configPath(undefined);
  const configured = path ? await loadGatewayFile(path) : undefined;

  let simulator: RunningSimulator | undefined;
  let gateways: GatewayConfig[];
  if (configured) {
    gateways = configured;
  } else {
    simulator = await startSimulator({ port: Number(process.env.CHORUS_SIMULATOR_PORT ?? 8787), invoiceCount: 12 });
    exposeDemoCredentials(simulator);
    gateways = [demoGateway(simulator)];
  }

  console.log('Starting the Temporal dev server ...');
  const temporal = await startTemporal(dataDir);
  const worker = await createGatewayWorker({
    connection: temporal.workerConnection,
    namespace: temporal.client.options.namespace,
    taskQueue: taskQueue(),
    storeRoot: dataDir,
  });
  const workerRun = worker.run();

  await ensureSearchAttributes(temporal.client);
  const credentials = new CredentialResolver();
  for (const gateway of gateways) {
    const result = await deployGateway(temporal.client, gateway, { taskQueue: taskQueue(), credentials });
    console.log(
      `Gateway ${gateway.id}: ${result.action} schedule ${result.scheduleId} (cron ${gateway.schedule.cron}, ${gateway.schedule.timezone})`,
    );
  }

  let addInvoices: NodeJS.Timeout | undefined;
  if (simulator) {
    const demo = simulator;
    await triggerGateway(temporal.client, 'demo');
    addInvoices = setInterval(() => {
      const ids = demo.addInvoices(2);
      console.log(`Simulator: 2 new invoices deposited (${ids.join(', ')}); the next tick fetches them.`);
    }, DEMO_NEW_INVOICES_EVERY_MS);
    console.log(
      `Simulator: ${demo.url} (recipient SIRET ${demo.recipient.siret}), ${demo.invoiceIds().length} invoices.`,
    );
  }
  console.log(`Temporal Web UI: ${temporal.uiUrl ?? '(external cluster)'}`);
  console.log(`Messages land in: ${join(dataDir, 'messages')}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping ...');
    clearInterval(addInvoices);
    worker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await workerRun;
  await simulator?.close();
  await temporal.stop();
  console.log('Stopped.');
}

run().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
