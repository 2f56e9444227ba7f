import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import { dataConverterFromEnv } from './codec/index.ts';

export const DEFAULT_TASK_QUEUE = 'chorus-gateway';

export function taskQueue(): string {
  return process.env.CHORUS_GATEWAY_TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
}

/**
 * Temporal's standard settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, profiles in
 * the Temporal config file); the local dev server when none is set.
 */
export function temporalSettings(): {
  address: string;
  namespace: string;
  config: ReturnType<typeof loadClientConnectConfig>;
} {
  const config = loadClientConnectConfig();
  return {
    address: config.connectionOptions.address ?? 'localhost:7233',
    namespace: config.namespace ?? 'default',
    config,
  };
}

export async function connectClient(): Promise<Client> {
  const { config, address, namespace } = temporalSettings();
  try {
    const connection = await Connection.connect({ ...config.connectionOptions, address });
    // Payloads are encrypted when CHORUS_PAYLOAD_KEYS is set; clients must use the workers' keys.
    const dataConverter = dataConverterFromEnv();
    return new Client({ connection, namespace, ...(dataConverter && { dataConverter }) });
  } catch (err) {
    throw new Error(
      `Cannot reach the Temporal server at ${address} (${(err as Error).message}). ` +
        'Start it with `npm start`, or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) to your cluster.',
    );
  }
}

export async function connectWorkerConnection(): Promise<{ connection: NativeConnection; namespace: string }> {
  const { config, address, namespace } = temporalSettings();
  return { connection: await NativeConnection.connect({ ...config.connectionOptions, address }), namespace };
}
