// Standalone Chorus Pro + PISTE simulator: `npx tsx src/simulator/main.ts --port 8787 --seed 42 --invoices 25`.
import { USAGE, parseCliOptions } from './cli-options.ts';
import { startSimulator } from './server.ts';

async function run(): Promise<void> {
  const cli = parseCliOptions(process.argv.slice(2));
  if (cli.help) {
    console.log(USAGE);
    return;
  }
  const simulator = await startSimulator(cli.simulator);
  const { credentials, recipient } = simulator;
  const cproAccount = Buffer.from(`${credentials.login}:${credentials.password}`).toString('base64');
  console.log(`Chorus Pro simulator listening on ${simulator.url}`);
  console.log(`  API base URL   ${simulator.url}   (paths /cpro/...)`);
  console.log(`  Token URL      ${simulator.tokenUrl}`);
  console.log(`  client_id      ${credentials.clientId}`);
  console.log(`  client_secret  ${credentials.clientSecret}`);
  console.log(`  login          ${credentials.login}`);
  console.log(`  password       ${credentials.password}   (cpro-account: ${cproAccount})`);
  console.log(`  recipient      SIRET ${recipient.siret}, idStructureCPP ${recipient.structureId}, ${recipient.name}`);
  console.log(`  services       ${recipient.serviceCodes.join(', ')}`);
  console.log(`  invoices       ${simulator.invoiceIds().length}`);
  console.log(
    `  unsubscribed   ${simulator.unsubscribedClient.clientId} / ${simulator.unsubscribedClient.clientSecret} (gets 403)`,
  );
  console.log(
    `  admin          GET ${simulator.url}/admin/state, PUT /admin/faults, POST /admin/invoices, POST /admin/reset-counters`,
  );

  let timer: NodeJS.Timeout | undefined;
  if (cli.addEveryMs !== null) {
    const every = cli.addEveryMs;
    timer = setInterval(() => {
      const ids = simulator.addInvoices(
        cli.addCount,
        cli.attachmentBytes !== undefined ? { attachmentBytes: cli.attachmentBytes } : {},
      );
      console.log(`${new Date().toISOString()} deposited ${ids.join(', ')}`);
    }, every);
    console.log(`  new invoices   ${cli.addCount} every ${every} ms`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping.`);
    clearInterval(timer);
    simulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

// prettier-ignore
run().catch((err) => { console.error(err); process.exit(1); });
