import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { ChorusClient, isChorusError, type ChorusCredentials } from '../../src/chorus/index.ts';
import { listen } from '../helpers/http-stub.ts';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server answering with `reply`; every request is recorded in `seen`. */
async function stub(reply: (req: Seen, res: ServerResponse) => void | Promise<void>) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      void reply(s, res);
    });
  });
  const { url, close } = await listen(server);
  return { url, seen, close };
}

const CREDS: ChorusCredentials = {
  clientId: 'piste-client-7f3a9',
  clientSecret: 'piste-secret-Zq81xLm',
  login: 'TECH_1_gateway@cpro.fr',
  password: 'tech-Passw0rd!',
};
const CPRO_ACCOUNT = Buffer.from(`${CREDS.login}:${CREDS.password}`).toString('base64');
const STRUCTURE_OK = JSON.stringify({
  codeRetour: 0,
  libelle: 'TRA_MSG_00.000',
  listeStructures: [
    {
      idStructureCPP: 25783752,
      identifiantStructure: '12345678900011',
      designationStructure: 'Mairie',
      statut: 'ACTIVE',
    },
  ],
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function client(url: string, extra: Partial<ConstructorParameters<typeof ChorusClient>[0]> = {}) {
  return new ChorusClient({ environment: { apiBaseUrl: url, tokenUrl: `${url}/token` }, credentials: CREDS, ...extra });
}

const tokenRequests = (seen: Seen[]) => seen.filter((s) => s.path === '/token');
const apiRequests = (seen: Seen[]) => seen.filter((s) => s.path !== '/token');

describe('PISTE token', () => {
  test('20 concurrent calls share one token request, and every call carries the four headers', async () => {
    let issued = 0;
    const server = await stub((req, res) => {
      if (req.path === '/token') {
        issued++;
        setTimeout(
          () =>
            json(res, 200, { access_token: `tok-${issued}`, token_type: 'Bearer', expires_in: 3600, scope: 'openid' }),
          50,
        );
        return;
      }
      json(res, 200, STRUCTURE_OK);
    });
    try {
      const c = client(server.url);
      const results = await Promise.all(Array.from({ length: 20 }, () => c.findStructureBySiret('12345678900011')));
      assert.equal(results.length, 20);
      assert.equal(tokenRequests(server.seen).length, 1);
      assert.equal(c.tokenRequests, 1);
      const [tokenRequest] = tokenRequests(server.seen);
      assert.ok(tokenRequest);
      assert.equal(tokenRequest.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(tokenRequest.body)), {
        grant_type: 'client_credentials',
        client_id: CREDS.clientId,
        client_secret: CREDS.clientSecret,
        scope: 'openid',
      });
      const calls = apiRequests(server.seen);
      assert.equal(calls.length, 20);
      for (const call of calls) {
        assert.equal(call.path, '/cpro/structures/v1/rechercher');
        assert.equal(call.headers.authorization, 'Bearer tok-1');
        assert.equal(call.headers['cpro-account'], CPRO_ACCOUNT);
        assert.equal(call.headers['content-type'], 'application/json;charset=utf-8');
        assert.equal(call.headers.accept, 'application/json');
        assert.deepEqual(JSON.parse(call.body), {
          structure: { identifiantStructure: '12345678900011', typeIdentifiantStructure: 'SIRET' },
        });
      }
    } finally {
      await server.close();
    }
  });

  test('the token is reused until expires_in minus the safety margin', async () => {
    let issued = 0;
    const server = await stub((req, res) => {
      if (req.path === '/token') return json(res, 200, { access_token: `tok-${++issued}`, expires_in: '3600' });
      json(res, 200, STRUCTURE_OK);
    });
    let now = 1_000_000;
    try {
      const c = client(server.url, { now: () => now });
      await c.findStructureBySiret('12345678900011');
      now += 3600_000 - 61_000;
      await c.findStructureBySiret('12345678900011');
      assert.equal(issued, 1, 'still valid 61 s before expiry');
      now += 2_000;
      await c.findStructureBySiret('12345678900011');
      assert.equal(issued, 2, 'renewed within the last minute');
      assert.equal(apiRequests(server.seen).at(-1)?.headers.authorization, 'Bearer tok-2');
    } finally {
      await server.close();
    }
  });

  test('a very short lifetime still gives a usable token (margin capped at half the lifetime)', async () => {
    let issued = 0;
    const server = await stub((req, res) => {
      if (req.path === '/token') return json(res, 200, { access_token: `tok-${++issued}`, expires_in: 2 });
      json(res, 200, STRUCTURE_OK);
    });
    let now = 0;
    try {
      const c = client(server.url, { now: () => now });
      await c.findStructureBySiret('12345678900011');
      now = 900;
      await c.findStructureBySiret('12345678900011');
      assert.equal(issued, 1);
      now = 1_100;
      await c.findStructureBySiret('12345678900011');
      assert.equal(issued, 2);
    } finally {
      await server.close();
    }
  });

  test('invalid token answers are invalid-answer errors, and a failed request is not cached', async () => {
    const answers: unknown[] = [
      { token_type: 'Bearer', expires_in: 3600 },
      { access_token: '', expires_in: 3600 },
      { access_token: 'x', expires_in: 0 },
      { access_token: 'x', expires_in: -5 },
      { access_token: 'x' },
      'not json',
    ];
    let next = 0;
    const server = await stub((req, res) => {
      if (req.path === '/token') return json(res, 200, answers[next++] ?? { access_token: 'good', expires_in: 3600 });
      json(res, 200, STRUCTURE_OK);
    });
    try {
      const c = client(server.url);
      for (let i = 0; i < answers.length; i++) {
        await assert.rejects(c.findStructureBySiret('12345678900011'), (e) => {
          assert.ok(isChorusError(e));
          assert.equal(e.kind, 'invalid-answer', `answer ${i}: ${e.message}`);
          assert.equal(e.retryable, false);
          return true;
        });
      }
      assert.equal(apiRequests(server.seen).length, 0);
      const found = await c.findStructureBySiret('12345678900011');
      assert.equal(found.structureId, 25783752);
      assert.equal(apiRequests(server.seen)[0]?.headers.authorization, 'Bearer good');
    } finally {
      await server.close();
    }
  });

  test('wrong PISTE client id/secret: bad-credentials naming the PISTE application', async () => {
    const server = await stub((_req, res) =>
      json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }),
    );
    try {
      await assert.rejects(client(server.url).findStructureBySiret('12345678900011'), (e) => {
        assert.ok(isChorusError(e));
        assert.equal(e.kind, 'bad-credentials');
        assert.equal(e.retryable, false);
        assert.equal(e.httpStatus, 401);
        assert.match(e.message, /client id\/secret/);
        assert.match(e.message, /Client authentication failed/);
        return true;
      });
      assert.equal(apiRequests(server.seen).length, 0);
    } finally {
      await server.close();
    }
  });
});

describe('401 on a business call', () => {
  test('drops the token, fetches a fresh one and retries the call once', async () => {
    let issued = 0;
    const server = await stub((req, res) => {
      if (req.path === '/token') return json(res, 200, { access_token: `tok-${++issued}`, expires_in: 3600 });
      if (req.headers.authorization === 'Bearer tok-1') {
        return json(res, 401, '', { 'www-authenticate': 'Bearer realm="PISTE",error="invalid_token"' });
      }
      json(res, 200, STRUCTURE_OK);
    });
    try {
      const c = client(server.url);
      const found = await c.findStructureBySiret('12345678900011');
      assert.equal(found.name, 'Mairie');
      assert.equal(issued, 2);
      assert.deepEqual(
        apiRequests(server.seen).map((s) => s.headers.authorization),
        ['Bearer tok-1', 'Bearer tok-2'],
      );
    } finally {
      await server.close();
    }
  });

  test('a second 401 blames the technical account and shows error_description, without a third try', async () => {
    let issued = 0;
    const server = await stub((req, res) => {
      if (req.path === '/token') return json(res, 200, { access_token: `tok-${++issued}`, expires_in: 3600 });
      json(res, 401, '{"codeRetour": 401, "libelle": "Impossible d\'authentifier l\'utilisateur dans le LDAP."}', {
        'www-authenticate':
          'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"',
      });
    });
    try {
      await assert.rejects(client(server.url).findStructureBySiret('12345678900011'), (e) => {
        assert.ok(isChorusError(e));
        assert.equal(e.kind, 'bad-credentials');
        assert.equal(e.retryable, false);
        assert.equal(e.httpStatus, 401);
        assert.match(e.message, /technical account/);
        assert.match(e.message, /login or password incorrects/);
        assert.match(e.message, /LDAP/);
        return true;
      });
      assert.equal(apiRequests(server.seen).length, 2);
      assert.equal(issued, 2);
    } finally {
      await server.close();
    }
  });
});

describe('credentials never leak', () => {
  test('not in messages nor in the inspected errors, even when a server echoes them', async () => {
    const secrets = [CREDS.clientId, CREDS.clientSecret, CREDS.login, CREDS.password, CPRO_ACCOUNT];
    const scenarios: ((req: Seen, res: ServerResponse) => void)[] = [
      (req, res) => json(res, 401, { error: 'invalid_client', error_description: `bad client ${req.body}` }),
      (req, res) =>
        req.path === '/token'
          ? json(res, 200, { access_token: 't', expires_in: 3600 })
          : json(res, 401, '', {
              'www-authenticate': `Bearer error_description="${req.headers['cpro-account'] as string} ${CREDS.login}"`,
            }),
      (req, res) =>
        req.path === '/token'
          ? json(res, 200, { access_token: 't', expires_in: 3600 })
          : json(res, 500, { codeRetour: 500, libelle: `echo ${CREDS.password} ${CREDS.clientSecret}` }),
      (req, res) =>
        req.path === '/token'
          ? json(res, 200, { access_token: 't', expires_in: 3600 })
          : json(res, 200, { codeRetour: 20001, libelle: `user ${CREDS.login} not allowed` }),
    ];
    for (const [i, scenario] of scenarios.entries()) {
      const server = await stub(scenario);
      try {
        const error = await client(server.url)
          .findStructureBySiret('12345678900011')
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        assert.ok(isChorusError(error), `scenario ${i}`);
        const shown = `${error.message}\n${inspect(error, { depth: 5, showHidden: true })}\n${JSON.stringify(error)}`;
        for (const secret of secrets) assert.ok(!shown.includes(secret), `scenario ${i} leaks ${secret}: ${shown}`);
      } finally {
        await server.close();
      }
    }
  });
});
