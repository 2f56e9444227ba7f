import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { cproAccountHeader, requestToken, SimulatorClient } from '../../src/simulator/sim-client.ts';

describe('simulator PISTE token and authentication', () => {
  let sim: RunningSimulator;
  let client: SimulatorClient;

  before(async () => {
    sim = await startSimulator({ seed: 3, invoiceCount: 5 });
    client = new SimulatorClient(sim);
  });
  after(() => sim.close());

  const vatRates = '/cpro/transverses/v1/recuperer/tauxtva';

  test('issues client_credentials tokens with the PISTE answer shape', async () => {
    const { status, body } = await requestToken(sim.tokenUrl, sim.credentials.clientId, sim.credentials.clientSecret);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(body.scope, 'openid');
    assert.equal(typeof body.access_token, 'string');
    // HTTP Basic client authentication works too (RFC 6749 §2.3.1).
    const basic = Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString('base64');
    const response = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=openid',
    });
    assert.equal(response.status, 200);
    assert.equal(sim.stats().tokensIssued, 2);
  });

  test('refuses a bad client with 401 invalid_client and a bad grant with 400 unsupported_grant_type', async () => {
    const bad = await requestToken(sim.tokenUrl, sim.credentials.clientId, 'wrong-secret');
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_client');
    assert.equal(typeof bad.body.error_description, 'string');
    for (const form of ['client_id=sim-client-id&client_secret=sim-client-secret', 'grant_type=password&client_id=x']) {
      const response = await fetch(sim.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, 'unsupported_grant_type');
    }
  });

  test('a missing or unknown bearer token gets 401 invalid_token with a PISTE WWW-Authenticate', async () => {
    const account = cproAccountHeader(sim.credentials.login, sim.credentials.password);
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const headers: Record<string, string> = { 'cpro-account': account, 'Content-Type': 'application/json' };
      if (authorization) headers.Authorization = authorization;
      const response = await fetch(sim.url + vatRates, { method: 'POST', headers, body: '{}' });
      assert.equal(response.status, 401);
      const challenge = response.headers.get('www-authenticate') ?? '';
      assert.match(challenge, /^Bearer realm="PISTE",error="invalid_token",error_description="[^"]+"$/);
    }
  });

  test('a wrong technical account gets the LDAP 401 with its exact header and body', async () => {
    const headers = await client.headers();
    for (const account of [cproAccountHeader(sim.credentials.login, 'bad-password'), undefined]) {
      const sent = { ...headers };
      if (account) sent['cpro-account'] = account;
      else delete sent['cpro-account'];
      const response = await fetch(sim.url + vatRates, { method: 'POST', headers: sent, body: '{}' });
      assert.equal(response.status, 401);
      assert.equal(
        response.headers.get('www-authenticate'),
        'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"',
      );
      assert.deepEqual(await response.json(), {
        codeRetour: 401,
        libelle: "Impossible d'authentifier l'utilisateur dans le LDAP.",
      });
    }
  });

  test('an application not subscribed to the Chorus Pro APIs gets a token, then 403 with an empty body', async () => {
    const { status, body } = await requestToken(
      sim.tokenUrl,
      sim.unsubscribedClient.clientId,
      sim.unsubscribedClient.clientSecret,
    );
    assert.equal(status, 200);
    const response = await fetch(sim.url + vatRates, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${String(body.access_token)}`,
        'cpro-account': cproAccountHeader(sim.credentials.login, sim.credentials.password),
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    assert.equal(response.status, 403);
    assert.equal(await response.text(), '');
    assert.equal(response.headers.get('content-length'), '0');
  });

  test('tokens expire after their lifetime', async () => {
    const shortLived = await startSimulator({ seed: 3, invoiceCount: 1, tokenLifetimeSeconds: 1 });
    try {
      const shortClient = new SimulatorClient(shortLived);
      const { status, body } = await requestToken(
        shortLived.tokenUrl,
        shortLived.credentials.clientId,
        shortLived.credentials.clientSecret,
      );
      assert.equal(status, 200);
      assert.equal(body.expires_in, 1);
      assert.equal((await shortClient.post(vatRates, {})).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await shortClient.post(vatRates, {});
      assert.equal(expired.status, 401);
      assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    } finally {
      await shortLived.close();
    }
  });

  test('connectivity test, health check, structure search and active structures', async () => {
    const rates = await client.postJson<{ codeRetour: number; listeTauxTva: { valeurTauxTva: number }[] }>(
      vatRates,
      {},
    );
    assert.equal(rates.status, 200);
    assert.equal(rates.body.codeRetour, 0);
    assert.ok(rates.body.listeTauxTva.some((rate) => rate.valeurTauxTva === 20));

    const health = await fetch(sim.url + '/cpro/transverses/v1/health-check', { headers: await client.headers() });
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { statusCodeValue: number }).statusCodeValue, 200);
    const wrongMethod = await client.post('/cpro/transverses/v1/health-check', {});
    assert.equal(wrongMethod.status, 405);

    const found = await client.postJson<{ codeRetour: number; listeStructures: Record<string, unknown>[] }>(
      '/cpro/structures/v1/rechercher',
      {
        structure: { identifiantStructure: sim.recipient.siret, typeIdentifiantStructure: 'SIRET' },
      },
    );
    assert.equal(found.body.codeRetour, 0);
    assert.deepEqual(found.body.listeStructures, [
      {
        idStructureCPP: sim.recipient.structureId,
        identifiantStructure: sim.recipient.siret,
        designationStructure: sim.recipient.name,
        typeIdentifiantStructure: 'SIRET',
        statut: 'ACTIVE',
      },
    ]);
    const missing = await client.postJson<{ codeRetour: number; libelle: string }>('/cpro/structures/v1/rechercher', {
      structure: { identifiantStructure: '00000000000000' },
    });
    assert.equal(missing.status, 200);
    assert.equal(missing.body.codeRetour, 20000);

    const active = await client.postJson<{ listeStructures: { idStructureCPP: number; identifiant: string }[] }>(
      '/cpro/transverses/v1/recuperer/structures/actives/destinataire',
      {},
    );
    assert.deepEqual(
      active.body.listeStructures.map((s) => [s.idStructureCPP, s.identifiant]),
      [[sim.recipient.structureId, sim.recipient.siret]],
    );

    const services = await client.postJson<{
      listeServices: { codeService: string }[];
      parametresRetour: { total: number };
    }>('/cpro/structures/v1/rechercher/services', { idStructure: sim.recipient.structureId });
    assert.deepEqual(
      services.body.listeServices.map((s) => s.codeService),
      sim.recipient.serviceCodes,
    );
    assert.equal(services.body.parametresRetour.total, sim.recipient.serviceCodes.length);
  });

  test('unknown paths answer 404 after authentication', async () => {
    assert.equal((await client.post('/cpro/factures/v1/nope', {})).status, 404);
    assert.equal((await fetch(sim.url + '/somewhere')).status, 404);
  });
});
