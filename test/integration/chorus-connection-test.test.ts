import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { ChorusClient, type ConnectionReport } from '../../src/chorus/index.ts';
import { listen } from '../helpers/http-stub.ts';

type Reply = (path: string, body: string, res: ServerResponse) => void;

async function stub(reply: Reply) {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(req.url ?? '');
      reply(req.url ?? '', Buffer.concat(chunks).toString('utf8'), res);
    });
  });
  const { url, close } = await listen(server);
  return { url, paths, close };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const SIRET = '12345678900011';
const CREDS = { clientId: 'cid', clientSecret: 'csecret', login: 'TECH_login', password: 'pwd-1234' };

/** A healthy Chorus Pro; `override` may answer a path differently (return true when it did). */
function chorus(override: (path: string, res: ServerResponse) => boolean = () => false): Reply {
  return (path, body, res) => {
    if (override(path, res)) return;
    if (path === '/token') return send(res, 200, { access_token: 'tok', expires_in: 3600 });
    if (path === '/cpro/transverses/v1/recuperer/tauxtva') {
      assert.equal(body, '{}');
      return send(res, 200, {
        codeRetour: 0,
        libelle: 'TRA_MSG_00.000',
        listeTauxTva: [{ codeTauxTva: 'TVA1', libelleTauxTva: 'Art 293B', valeurTauxTva: 0 }],
      });
    }
    if (path === '/cpro/structures/v1/rechercher') {
      const siret = (JSON.parse(body) as { structure: { identifiantStructure: string } }).structure
        .identifiantStructure;
      if (siret !== SIRET) return send(res, 200, { codeRetour: 20000, libelle: 'TRA_MSG_00.015' });
      return send(res, 200, {
        codeRetour: 0,
        listeStructures: [
          {
            idStructureCPP: 77,
            identifiantStructure: SIRET,
            designationStructure: 'Commune de Test',
            statut: 'ACTIVE',
          },
        ],
      });
    }
    send(res, 404, '');
  };
}

async function report(reply: Reply, siret = SIRET): Promise<{ report: ConnectionReport; paths: string[] }> {
  const server = await stub(reply);
  try {
    const client = new ChorusClient({
      environment: { apiBaseUrl: server.url, tokenUrl: `${server.url}/token` },
      credentials: CREDS,
    });
    return { report: await client.testConnection(siret), paths: server.paths };
  } finally {
    await server.close();
  }
}

const step = (r: ConnectionReport, name: string) => {
  const found = r.steps.find((s) => s.name === name);
  assert.ok(found, `step ${name}`);
  return found;
};

describe('testConnection', () => {
  test('all good: three successful steps naming the structure', async () => {
    const { report: r, paths } = await report(chorus());
    assert.equal(r.ok, true);
    assert.deepEqual(
      r.steps.map((s) => [s.name, s.ok]),
      [
        ['token', true],
        ['technical-account', true],
        ['recipient', true],
      ],
    );
    assert.match(step(r, 'recipient').detail, /Commune de Test.*id 77/);
    assert.deepEqual(paths, ['/token', '/cpro/transverses/v1/recuperer/tauxtva', '/cpro/structures/v1/rechercher']);
  });

  test('wrong PISTE credentials: the token step says so and the others are not checked', async () => {
    const { report: r, paths } = await report(
      chorus((path, res) => path === '/token' && (send(res, 401, { error: 'invalid_client' }), true)),
    );
    assert.equal(r.ok, false);
    assert.equal(step(r, 'token').ok, false);
    assert.match(step(r, 'token').detail, /PISTE refused the OAuth client id\/secret/);
    assert.match(step(r, 'technical-account').detail, /Not checked/);
    assert.match(step(r, 'recipient').detail, /Not checked/);
    assert.deepEqual(paths, ['/token']);
  });

  test('wrong technical account: explained, and the recipient is not checked', async () => {
    const { report: r } = await report(
      chorus(
        (path, res) =>
          path.startsWith('/cpro/') &&
          (send(res, 401, '', { 'www-authenticate': 'Bearer error_description="login or password incorrects"' }), true),
      ),
    );
    assert.equal(r.ok, false);
    assert.equal(step(r, 'token').ok, true);
    assert.equal(step(r, 'technical-account').ok, false);
    assert.match(step(r, 'technical-account').detail, /technical account.*login or password incorrects/s);
    assert.match(step(r, 'recipient').detail, /Not checked/);
  });

  test('API not subscribed (403) on Transverses: explained, and the recipient is still checked', async () => {
    const { report: r } = await report(
      chorus((path, res) => path === '/cpro/transverses/v1/recuperer/tauxtva' && (res.writeHead(403), res.end(), true)),
    );
    assert.equal(r.ok, false);
    assert.match(step(r, 'technical-account').detail, /subscribed to the Chorus Pro APIs/);
    assert.equal(step(r, 'recipient').ok, true);
  });

  test('unknown SIRET: the recipient step says so', async () => {
    const { report: r } = await report(chorus(), '99999999999999');
    assert.equal(r.ok, false);
    assert.equal(step(r, 'technical-account').ok, true);
    assert.match(step(r, 'recipient').detail, /No Chorus Pro structure has the SIRET 99999999999999/);
  });
});
