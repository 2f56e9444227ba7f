import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CredentialResolver, credentialVariables } from '../../src/config/credentials.ts';
import { ConfigError } from '../../src/config/load-config.ts';

const secrets = { clientId: 'id-1', clientSecret: 'secret-1', login: 'TECH_1_x@cpro.fr', password: 'pw-1' };

describe('credential resolution', () => {
  test('from the environment, by name', () => {
    const v = credentialVariables('mairie');
    assert.equal(v.clientSecret, 'CHORUS_MAIRIE_CLIENT_SECRET');
    const env = {
      [v.clientId]: 'id-1',
      [v.clientSecret]: 'secret-1',
      [v.login]: 'TECH_1_x@cpro.fr',
      [v.password]: 'pw-1',
    };
    assert.deepEqual(new CredentialResolver({ env }).resolve('mairie'), secrets);
  });

  test('from a secrets file when the environment has none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ MAIRIE: secrets }));
    assert.deepEqual(new CredentialResolver({ env: {}, secretsFile: file }).resolve('MAIRIE'), secrets);
  });

  test('a missing credential names the variables to set, never a value', () => {
    const v = credentialVariables('MAIRIE');
    const resolver = new CredentialResolver({ env: { [v.clientId]: 'id-1', [v.clientSecret]: 'secret-1' } });
    assert.throws(
      () => resolver.resolve('MAIRIE'),
      (err: Error) =>
        err instanceof ConfigError &&
        err.message.includes('CHORUS_MAIRIE_LOGIN, CHORUS_MAIRIE_PASSWORD') &&
        !err.message.includes('secret-1'),
    );
  });
});
