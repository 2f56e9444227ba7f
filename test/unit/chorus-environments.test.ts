import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveEnvironment } from '../../src/chorus/environments.ts';

test('production and qualification use the PISTE hosts', () => {
  assert.deepEqual(resolveEnvironment('production'), {
    name: 'production',
    apiBaseUrl: 'https://api.piste.gouv.fr',
    tokenUrl: 'https://oauth.piste.gouv.fr/api/oauth/token',
  });
  assert.deepEqual(resolveEnvironment('qualification'), {
    name: 'qualification',
    apiBaseUrl: 'https://sandbox-api.piste.gouv.fr',
    tokenUrl: 'https://sandbox-oauth.piste.gouv.fr/api/oauth/token',
  });
});

test('a custom environment keeps its URLs, without trailing slashes', () => {
  assert.deepEqual(
    resolveEnvironment({ apiBaseUrl: 'http://127.0.0.1:8080/', tokenUrl: 'http://127.0.0.1:8080/api/oauth/token' }),
    {
      name: 'custom',
      apiBaseUrl: 'http://127.0.0.1:8080',
      tokenUrl: 'http://127.0.0.1:8080/api/oauth/token',
    },
  );
});

test('invalid environments are refused', () => {
  assert.throws(() => resolveEnvironment('prod' as never), TypeError);
  assert.throws(() => resolveEnvironment({ apiBaseUrl: 'not a url', tokenUrl: 'http://x/t' }), /apiBaseUrl/);
  assert.throws(() => resolveEnvironment({ apiBaseUrl: 'ftp://x', tokenUrl: 'http://x/t' }), /http/);
  assert.throws(() => resolveEnvironment({ apiBaseUrl: 'http://u:p@x', tokenUrl: 'http://x/t' }), /credentials/);
});
