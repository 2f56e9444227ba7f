import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { ChorusClient, type ChorusError, type ChorusErrorKind } from '../../src/chorus/index.ts';
import { listen, chorusFailure } from '../helpers/http-stub.ts';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server: the token endpoint always succeeds, business calls are answered by `reply`. */
async function stub(reply: (req: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (s.path === '/token') return send(res, 200, { access_token: 'tok', expires_in: 3600 });
      seen.push(s);
      reply(s, res);
    });
  });
  const { url, close } = await listen(server);
  return { url, seen, close };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const CREDS = { clientId: 'cid', clientSecret: 'csecret', login: 'TECH_login', password: 'pwd-1234' };

function client(url: string, tokenUrl = `${url}/token`, timeouts = {}) {
  return new ChorusClient({ environment: { apiBaseUrl: url, tokenUrl }, credentials: CREDS, timeouts });
}

/** Runs `call` against a stub answering `reply` and returns the error. */
async function errorFrom(
  reply: (req: Seen, res: ServerResponse) => void,
  call: (c: ChorusClient) => Promise<unknown> = (c) => c.getInvoiceDetails(42),
) {
  const server = await stub(reply);
  try {
    return await chorusFailure(call(client(server.url)));
  } finally {
    await server.close();
  }
}

function expectKind(e: ChorusError, kind: ChorusErrorKind, retryable: boolean) {
  assert.equal(e.kind, kind, e.message);
  assert.equal(e.retryable, retryable, e.message);
}

describe('HTTP answers', () => {
  test('403 with an empty body: forbidden, explaining subscriptions and raccordement', async () => {
    const e = await errorFrom((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    expectKind(e, 'forbidden', false);
    assert.equal(e.httpStatus, 403);
    assert.match(e.message, /Factures, Structures, Transverses/);
    assert.match(e.message, /raccordement/);
    assert.equal(e.operation, 'getInvoiceDetails');
  });

  test('429 with Retry-After: rate-limited, retryable, with the delay', async () => {
    const e = await errorFrom((_req, res) => send(res, 429, '', { 'retry-after': '17' }));
    expectKind(e, 'rate-limited', true);
    assert.equal(e.retryAfterMs, 17_000);
    const dated = await errorFrom((_req, res) =>
      send(res, 429, '', { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }),
    );
    assert.ok(dated.retryAfterMs !== undefined && dated.retryAfterMs > 100_000 && dated.retryAfterMs <= 120_000);
  });

  test('5xx: server, retryable', async () => {
    for (const status of [500, 502, 503]) {
      const e = await errorFrom((_req, res) => send(res, status, '<html>Service Unavailable</html>'));
      expectKind(e, 'server', true);
      assert.equal(e.httpStatus, status);
    }
  });

  test('413: too-large, not retryable', async () => {
    const e = await errorFrom((_req, res) => send(res, 413, ''));
    expectKind(e, 'too-large', false);
  });

  test('codeRetour ≠ 0 on a 200 and on a 400: business, with the libelle', async () => {
    const on200 = await errorFrom((_req, res) =>
      send(res, 200, { codeRetour: 20000, libelle: "GDP_MSG_11.008 La demande de paiement n'existe pas." }),
    );
    expectKind(on200, 'business', false);
    assert.equal(on200.code, 20000);
    assert.match(on200.message, /La demande de paiement n'existe pas/);
    const on400 = await errorFrom((_req, res) =>
      send(res, 400, { codeRetour: 20002, libelle: 'Incohérence au niveau du statut' }),
    );
    expectKind(on400, 'business', false);
    assert.equal(on400.code, 20002);
    assert.equal(on400.httpStatus, 400);
    assert.match(on400.message, /Incohérence/);
  });

  test('malformed or incomplete answers: invalid-answer, not retryable', async () => {
    const malformed = await errorFrom((_req, res) => send(res, 200, '{"codeRetour":0,"facture":{'));
    expectKind(malformed, 'invalid-answer', false);
    assert.match(malformed.message, /not valid JSON/);
    const html = await errorFrom((_req, res) => send(res, 200, '<html>maintenance</html>'));
    expectKind(html, 'invalid-answer', false);
    const missing = await errorFrom((_req, res) => send(res, 200, { codeRetour: 0, libelle: 'ok' }));
    expectKind(missing, 'invalid-answer', false);
    assert.match(missing.message, /facture/);
    const badId = await errorFrom(
      (_req, res) => send(res, 200, { codeRetour: 0, listeStructures: [{ idStructureCPP: 'abc' }] }),
      (c) => c.findStructureBySiret('12345678900011'),
    );
    expectKind(badId, 'invalid-answer', false);
    assert.match(badId.message, /listeStructures\.0\.idStructureCPP/);
    const notFound = await errorFrom((_req, res) => send(res, 404, 'Not Found'));
    expectKind(notFound, 'invalid-answer', false);
    assert.match(notFound.message, /API base URL/);
  });
});

describe('transport failures', () => {
  test('connection refused: network, retryable, naming the URL', async () => {
    const server = await stub(() => {});
    const url = server.url;
    await server.close();
    const e = await chorusFailure(client(url).getInvoiceDetails(42));
    expectKind(e, 'network', true);
    assert.match(e.message, /refused/);
    assert.ok(e.message.includes(`${url}/token`), e.message);

    const api = await stub(() => {});
    try {
      // Token endpoint up, API down.
      const e2 = await chorusFailure(client(url, `${api.url}/token`).getInvoiceDetails(42));
      expectKind(e2, 'network', true);
      assert.ok(e2.message.includes(`${url}/cpro/factures/v1/consulter/recipiendaire`), e2.message);
    } finally {
      await api.close();
    }
  });

  test('no answer in time: timeout, retryable', async () => {
    const server = await stub(() => {
      /* never answers */
    });
    try {
      const started = Date.now();
      const e = await chorusFailure(client(server.url, undefined, { responseMs: 300 }).getInvoiceDetails(42));
      expectKind(e, 'timeout', true);
      assert.ok(Date.now() - started < 5_000);
    } finally {
      await server.close();
    }
  });

  test('a connection reset before the answer: network, retryable', async () => {
    const e = await errorFrom((_req, res) => res.socket?.destroy());
    expectKind(e, 'network', true);
  });
});

describe('structure lookup and details', () => {
  test('findStructureBySiret maps the structure, and an unknown SIRET is a clear business error', async () => {
    const server = await stub((req, res) => {
      const siret = (JSON.parse(req.body) as { structure: { identifiantStructure: string } }).structure
        .identifiantStructure;
      if (siret === '11111111111111') return send(res, 200, { codeRetour: 20000, libelle: 'TRA_MSG_00.015' });
      if (siret === '22222222222222') return send(res, 200, { codeRetour: 0, listeStructures: [] });
      send(res, 200, {
        codeRetour: 0,
        listeStructures: [
          { idStructureCPP: 1, identifiantStructure: '12345678900099', designationStructure: 'Other' },
          {
            idStructureCPP: '25783752',
            identifiantStructure: '12345678900011',
            designationStructure: 'Mairie',
            statut: 'ACTIVE',
          },
        ],
      });
    });
    try {
      const c = client(server.url);
      assert.deepEqual(await c.findStructureBySiret('123 456 789 00011'), {
        structureId: 25783752,
        siret: '12345678900011',
        name: 'Mairie',
        status: 'ACTIVE',
      });
      for (const siret of ['11111111111111', '22222222222222']) {
        const e = await chorusFailure(c.findStructureBySiret(siret));
        expectKind(e, 'business', false);
        assert.match(e.message, new RegExp(`No Chorus Pro structure has the SIRET ${siret}`));
      }
      await assert.rejects(c.findStructureBySiret('1234'), TypeError);
      assert.equal(server.seen.length, 3);
    } finally {
      await server.close();
    }
  });

  test('getInvoiceDetails sends identifiantFactureCPP and maps the answer', async () => {
    const server = await stub((_req, res) =>
      send(res, 200, {
        codeRetour: 0,
        libelle: 'CODE PAR DEFAUT',
        facture: {
          identifiantFactureCPP: 42,
          numeroFacture: 'F-42',
          fournisseur: { designationFournisseur: 'ACME', codeFournisseur: '12345678900011' },
          references: { numeroBonCommande: 'PO-1', numeroMarche: 'M-1' },
          montantTotal: { montantTtcTotal: '120.00', montantHtTotal: 100 },
        },
      }),
    );
    try {
      const d = await client(server.url).getInvoiceDetails(42);
      assert.deepEqual(JSON.parse(server.seen[0]?.body ?? ''), { identifiantFactureCPP: 42 });
      assert.equal(server.seen[0]?.path, '/cpro/factures/v1/consulter/recipiendaire');
      assert.equal(d.invoiceNumber, 'F-42');
      assert.equal(d.supplier.name, 'ACME');
      assert.equal(d.references.orderNumber, 'PO-1');
      assert.equal(d.references.contractNumber, 'M-1');
      assert.deepEqual(d.totals, { amountExclTax: 100, amountInclTax: 120 });
    } finally {
      await server.close();
    }
  });
});
