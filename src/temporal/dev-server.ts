import { TestWorkflowEnvironment } from '@temporalio/testing';
import { dataConverterFromEnv } from './codec/index.ts';
import { GATEWAY_SEARCH_ATTRIBUTES } from './search-attributes.ts';
import { resolveTemporalCli, TemporalCliNotFoundError } from './temporal-cli.ts';

export interface DevServerOptions {
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFilename?: string;
  /** gRPC port; random when absent. */
  port?: number;
  /** Web UI port; no UI when absent. */
  uiPort?: number;
  log?: (line: string) => void;
  /** A codec server the Web UI sends payloads to for decoding. */
  uiCodecEndpoint?: string;
}

/**
 * Runs `temporal server start-dev` (a real Temporal server with SQLite) from the resolved CLI binary, with the
 * gateway's search attributes registered. The SDK's own download is the last resort when no binary can be had.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  const cli = resolveTemporalCli(options.log);
  const dataConverter = dataConverterFromEnv();
  try {
    return await TestWorkflowEnvironment.createLocal({
      ...(dataConverter && { client: { dataConverter } }),
      server: {
        executable: cli ? { type: 'existing-path', path: cli.path } : { type: 'cached-download' },
        ip: '127.0.0.1',
        ...(options.port !== undefined && { port: options.port }),
        ...(options.dbFilename !== undefined && { dbFilename: options.dbFilename }),
        ...(options.uiPort !== undefined ? { ui: true, uiPort: options.uiPort } : { ui: false }),
        searchAttributes: GATEWAY_SEARCH_ATTRIBUTES,
        extraArgs: [
          '--ui-disable-news-fetch',
          ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
        ],
      },
    });
  } catch (err) {
    if (!cli) throw new TemporalCliNotFoundError(`the SDK download failed too: ${(err as Error).message}`);
    throw err;
  }
}
