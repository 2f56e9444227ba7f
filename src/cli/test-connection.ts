import { parseArgs } from 'node:util';
import { ChorusClient } from '../chorus/index.ts';
import { CredentialResolver } from '../config/credentials.ts';
import { ConfigError, loadGatewayFile } from '../config/load-config.ts';
import { chorusEnvironment } from '../gateway/chorus-environment.ts';
import { configPath } from './config-path.ts';

/**
 * `chorus-gateway test-connection <id> [--config FILE]`: checks the PISTE token, the technical account and the
 * recipient lookup from this machine, with the credentials this process can resolve, before anything is deployed.
 */
export async function testConnection(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
  const [gatewayId] = positionals;
  if (!gatewayId) throw new ConfigError('Usage: chorus-gateway test-connection <gateway-id> [--config FILE]');
  const path = configPath(values.config);
  if (!path) throw new ConfigError('No gateway configuration: pass --config FILE or create ./gateways.json');
  const gateway = (await loadGatewayFile(path)).find((candidate) => candidate.id === gatewayId);
  if (!gateway) throw new ConfigError(`No gateway "${gatewayId}" in ${path}`);

  const client = new ChorusClient({
    environment: chorusEnvironment(gateway),
    credentials: new CredentialResolver().resolve(gateway.credentials),
  });
  const report = await client.testConnection(gateway.recipient.siret);
  for (const step of report.steps) console.log(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name}: ${step.detail}`);
  console.log(
    report.ok ? `Gateway ${gatewayId} can reach Chorus Pro.` : `Gateway ${gatewayId} cannot work as configured.`,
  );
  if (!report.ok) process.exitCode = 1;
}
