import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { CredentialResolver } from '../config/credentials.ts';
import { ConfigError, loadGatewayFile } from '../config/load-config.ts';
import { connectClient, taskQueue } from '../temporal/connection.ts';
import {
  deleteGateway,
  deployGateway,
  describeGateway,
  ensureSearchAttributes,
  listGatewayIds,
  pauseGateway,
  resumeGateway,
  triggerGateway,
} from '../temporal/gateway-schedules.ts';
import { formatGatewayInfo, gatewayInfo } from '../temporal/gateway-info.ts';
import { runTick } from '../temporal/run-tick.ts';
import { backfill } from './backfill.ts';
import { convert } from './convert.ts';
import { testConnection } from './test-connection.ts';
import { configPath } from './config-path.ts';

const USAGE = `Usage: chorus-gateway <command> [options]

Commands:
  deploy [--config FILE] [--only ID]   create or update one Temporal Schedule per gateway of the file
  test-connection <gateway-id> [--config FILE]
                                       check the PISTE token, technical account and recipient, from this machine
  convert <pivot.xml> [--to ubl|pivot] [--out DIR]
                                       run the conversion on a file by hand; lists outputs and errors
  list                                 the deployed gateways with their next run
  info <gateway-id> [--json]           state, next runs, last success, last message, last error, counts
  trigger <gateway-id> [--wait]        run a poll now (skipped if one is running); --wait prints its result
  pause <gateway-id> [--note TEXT]     stop the ticks until resumed
  resume <gateway-id>                  resume the ticks
  backfill <gateway-id> --from YYYY-MM-DD --to YYYY-MM-DD [--supplier ID]... [--no-wait]
                                       fetch every invoice deposited in the range (nothing twice)
  delete <gateway-id>                  delete the gateway's Schedule; a new deploy starts a fresh dedupe scope

The Temporal server comes from TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (default localhost:7233, namespace default).
The config file defaults to $CHORUS_GATEWAY_CONFIG, then ./gateways.json.`;

class UsageError extends Error {}

async function deploy(client: Client, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, only: { type: 'string' } } });
  const path = configPath(values.config);
  if (!path) throw new UsageError('No gateway configuration: pass --config FILE or create ./gateways.json');
  const gateways = (await loadGatewayFile(path)).filter((gateway) => !values.only || gateway.id === values.only);
  if (values.only && gateways.length === 0) throw new ConfigError(`No gateway "${values.only}" in ${path}`);
  const credentials = new CredentialResolver();
  await ensureSearchAttributes(client);
  for (const gateway of gateways) {
    const result = await deployGateway(client, gateway, { taskQueue: taskQueue(), credentials });
    console.log(`${result.action} ${result.scheduleId} (dedupe scope ${result.scope})`);
  }
}

async function list(client: Client): Promise<void> {
  const ids = await listGatewayIds(client);
  if (ids.length === 0) {
    console.log('No gateway is deployed. Deploy one with `chorus-gateway deploy --config FILE`.');
    return;
  }
  for (const id of ids) {
    const description = await describeGateway(client, id);
    const next = description.info.nextActionTimes[0]?.toISOString() ?? 'none';
    const state = description.state.paused ? 'paused' : 'running';
    console.log(`${id}\t${state}\tnext run ${next}`);
  }
}

function gatewayArgument(args: string[]): string {
  const [id] = args;
  if (!id) throw new UsageError('Missing <gateway-id>');
  return id;
}

async function run(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const commands: Record<string, (client: Client) => Promise<void>> = {
    deploy: (client) => deploy(client, args),
    list,
    trigger: async (client) => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { wait: { type: 'boolean' } },
      });
      const id = gatewayArgument(positionals);
      if (values.wait) {
        const result = await runTick(client, id, 3_600_000);
        console.log(
          `Tick done: ${result.listed} listed, ${result.delivered} delivered, ` +
            `${result.alreadyDelivered} already delivered, ${result.failed} failed.`,
        );
        for (const failure of result.failures) console.log(`  invoice ${failure.invoiceId}: ${failure.message}`);
        if (result.failed > 0) process.exitCode = 1;
        return;
      }
      await triggerGateway(client, id);
      console.log(
        `Triggered gateway ${id}; watch it in the Web UI or with \`temporal workflow list --query 'GatewayId="${id}"'\``,
      );
    },
    info: async (client) => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { json: { type: 'boolean' } },
      });
      const info = await gatewayInfo(client, gatewayArgument(positionals));
      console.log(values.json ? JSON.stringify(info, null, 2) : formatGatewayInfo(info));
    },
    pause: async (client) => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { note: { type: 'string' } },
      });
      const id = gatewayArgument(positionals);
      await pauseGateway(client, id, values.note ?? 'Paused with chorus-gateway');
      console.log(`Paused gateway ${id}.`);
    },
    resume: async (client) => {
      const id = gatewayArgument(args);
      await resumeGateway(client, id);
      console.log(`Resumed gateway ${id}.`);
    },
    backfill: (client) => backfill(client, args, taskQueue()),
    delete: async (client) => {
      const id = gatewayArgument(args);
      await deleteGateway(client, id);
      console.log(`Deleted gateway ${id}. Invoice workflows already started run to their end.`);
    },
  };
  // These need Chorus Pro or a file, not Temporal.
  if (command === 'test-connection') return testConnection(args);
  if (command === 'convert') return convert(args);
  const handler = commands[command];
  if (!handler) throw new UsageError(`Unknown command "${command}"`);
  const client = await connectClient();
  try {
    await handler(client);
  } finally {
    await client.connection.close();
  }
}

run().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  // Users get the message that says what to fix; a stack trace only when asked for.
  console.error(err instanceof Error && !process.env.CHORUS_DEBUG ? err.message : err);
  process.exit(1);
});
