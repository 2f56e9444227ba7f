import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadGatewayFile, parseGatewayFile } from '../../src/config/load-config.ts';

const valid = {
  id: 'mairie',
  environment: 'qualification',
  credentials: 'MAIRIE',
  recipient: { siret: '21310555400017' },
  schedule: { cron: '0 0/15 * * * ?' },
};

function errorOf(content: unknown): string {
  try {
    parseGatewayFile(content, 'gateways.json');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  return assert.fail('the configuration should be refused');
}

describe('gateway configuration', () => {
  test('fills defaults: pivot output, attachments saved, Paris time', () => {
    const [gateway] = parseGatewayFile({ gateways: [valid] }, 'gateways.json');
    assert.equal(gateway?.outputFormat, 'pivot');
    assert.equal(gateway?.saveAttachments, true);
    assert.equal(gateway?.schedule.timezone, 'Europe/Paris');
  });

  test('an unknown field is named with its path and the file', () => {
    const message = errorOf({ gateways: [{ ...valid, recipient: { ...valid.recipient, servce: 'X' } }] });
    assert.match(message, /gateways\.json/);
    assert.match(message, /gateways\[0\]\.recipient: unknown field "servce"/);
  });

  test('a bad SIRET, id and credential name each say what is expected', () => {
    const message = errorOf({
      gateways: [{ ...valid, id: 'Mairie!', credentials: 'my secret', recipient: { siret: '123' } }],
    });
    assert.match(message, /gateways\[0\]\.id: use 1 to 40 lower-case/);
    assert.match(message, /gateways\[0\]\.credentials: a name such as/);
    assert.match(message, /gateways\[0\]\.recipient\.siret: a SIRET has exactly 14 digits/);
  });

  test('exactly one of environment and baseUrl', () => {
    assert.match(
      errorOf({ gateways: [{ ...valid, baseUrl: 'http://127.0.0.1:8787' }] }),
      /gateways\[0\]\.environment: set exactly one/,
    );
    const { environment: _, ...neither } = valid;
    assert.match(errorOf({ gateways: [neither] }), /set exactly one/);
  });

  test('duplicate gateway ids are refused', () => {
    assert.match(errorOf({ gateways: [valid, valid] }), /gateways\[1\]\.id: gateway id "mairie" is used twice/);
  });

  test('a file that is not JSON says so with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'config-'));
    const path = join(dir, 'gateways.json');
    await writeFile(path, '{ "gateways": [ ');
    await assert.rejects(
      loadGatewayFile(path),
      (err: Error) => err instanceof ConfigError && err.message.includes(path) && /not valid JSON/.test(err.message),
    );
    await assert.rejects(loadGatewayFile(join(dir, 'missing.json')), /Cannot read the gateway configuration/);
  });
});
