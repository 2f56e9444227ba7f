import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { credentialEnv } from '../../src/config/credentials.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { runCli } from '../helpers/cli.ts';

describe('chorus-gateway test-connection', () => {
  let simulator: RunningSimulator;
  let config: string;

  const env = (password: string): NodeJS.ProcessEnv => ({
    ...process.env,
    ...credentialEnv('SIM', { ...simulator.credentials, password }),
  });

  before(async () => {
    simulator = await startSimulator({ seed: 2, invoiceCount: 1 });
    config = join(await mkdtemp(join(tmpdir(), 'test-connection-')), 'gateways.json');
    const gateway = (id: string, siret: string) => ({
      id,
      baseUrl: simulator.url,
      credentials: 'SIM',
      recipient: { siret },
      schedule: { cron: '0 0 6 * * ?' },
    });
    await writeFile(
      config,
      JSON.stringify({ gateways: [gateway('ok', simulator.recipient.siret), gateway('nobody', '11111111111111')] }),
    );
  });

  after(() => simulator?.close());

  test('reports each check and exits 0 when everything works', async () => {
    const run = await runCli(['test-connection', 'ok', '--config', config], env(simulator.credentials.password));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /ok\s+token/);
    assert.match(run.stdout, /ok\s+technical-account/);
    assert.match(run.stdout, /ok\s+recipient/);
  });

  test('says in plain words what is wrong, and exits non-zero', async () => {
    const wrong = await runCli(['test-connection', 'ok', '--config', config], env('wrong-password'));
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /FAIL technical-account: .*(login|password)/i);
    assert.doesNotMatch(wrong.stdout + wrong.stderr, /wrong-password/);

    const unknownRecipient = await runCli(
      ['test-connection', 'nobody', '--config', config],
      env(simulator.credentials.password),
    );
    assert.equal(unknownRecipient.code, 1);
    assert.match(unknownRecipient.stdout, /FAIL recipient: .*11111111111111/);
  });
});
