import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { ChorusClient, isChorusError, type InvoiceRef } from '../../src/chorus/index.ts';
import { listen } from '../helpers/http-stub.ts';

interface SearchBody {
  idDestinataire: number;
  statutCourant?: string;
  factureTelechargeeParDestinataire?: boolean;
  paramRecherche: { pageResultatDemandee: number; nbResultatsParPage: number; triColonne: string; triSens: string };
}

/** A local server: the token endpoint always succeeds, searches are answered by `reply`. */
async function stub(reply: (body: SearchBody, res: ServerResponse) => void) {
  const bodies: SearchBody[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/token') return send(res, { access_token: 'tok', expires_in: 3600 });
      assert.equal(req.url, '/cpro/factures/v1/rechercher/recipiendaire');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SearchBody;
      bodies.push(body);
      reply(body, res);
    });
  });
  const { url, close } = await listen(server);
  return { url, bodies, close };
}

function send(res: ServerResponse, body: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function item(id: number, extra: Record<string, unknown> = {}) {
  return {
    idFacture: id,
    numeroFacture: `F-${id}`,
    codeFournisseur: '12345678900011',
    designationFournisseur: 'ACME',
    codeDestinataire: '98765432100019',
    dateDepot: '2024-03-01',
    dateFacture: '2024-02-28',
    statut: 'MISE_A_DISPOSITION',
    typeFacture: 'FACTURE',
    montantTTC: 120,
    factureTelechargeeParDestinataire: false,
    ...extra,
  };
}

/** Answers like Chorus Pro: paging at the top level, `pages` computed from the page size the client sent. */
function pagedAnswer(ids: number[], body: SearchBody) {
  const { pageResultatDemandee: page, nbResultatsParPage: size } = body.paramRecherche;
  const pages = Math.ceil(ids.length / size);
  const slice = ids.slice((page - 1) * size, page * size);
  return {
    codeRetour: 0,
    libelle: 'TRA_MSG_00.000',
    pageCourante: page,
    pages,
    nbResultatsParPage: size,
    total: ids.length,
    listeFactures: slice.map((id) => item(id)),
  };
}

const CREDS = { clientId: 'cid', clientSecret: 'csecret', login: 'TECH_login', password: 'pwd-1234' };

function client(url: string, pageSize?: number) {
  return new ChorusClient({
    environment: { apiBaseUrl: url, tokenUrl: `${url}/token` },
    credentials: CREDS,
    ...(pageSize && { pageSize }),
  });
}

async function collect(iterable: AsyncIterable<InvoiceRef>): Promise<InvoiceRef[]> {
  const out: InvoiceRef[] = [];
  for await (const ref of iterable) out.push(ref);
  return out;
}

describe('searchReceivedInvoices', () => {
  test('follows every page with a page size of 100 and a stable sort', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => 1000 + i);
    const server = await stub((body, res) => send(res, pagedAnswer(ids, body)));
    try {
      const refs = await collect(
        client(server.url).searchReceivedInvoices({ recipientStructureId: 164, downloaded: false }),
      );
      assert.deepEqual(
        refs.map((r) => r.invoiceId),
        ids,
      );
      assert.deepEqual(
        server.bodies.map((b) => b.paramRecherche.pageResultatDemandee),
        [1, 2, 3],
      );
      for (const body of server.bodies) {
        assert.equal(body.paramRecherche.nbResultatsParPage, 100);
        assert.equal(body.paramRecherche.triColonne, 'IdFacture');
        assert.equal(body.paramRecherche.triSens, 'Ascendant');
        assert.equal(body.idDestinataire, 164);
        assert.equal(body.factureTelechargeeParDestinataire, false);
      }
      assert.deepEqual(refs[0], {
        invoiceId: 1000,
        invoiceNumber: 'F-1000',
        supplierCode: '12345678900011',
        supplierName: 'ACME',
        recipientCode: '98765432100019',
        depositDate: '2024-03-01',
        invoiceDate: '2024-02-28',
        status: 'MISE_A_DISPOSITION',
        type: 'FACTURE',
        amountInclTax: 120,
        downloaded: false,
      });
    } finally {
      await server.close();
    }
  });

  test('uses the configured page size, and a per-call one', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => i + 1);
    const server = await stub((body, res) => send(res, pagedAnswer(ids, body)));
    try {
      const refs = await collect(client(server.url, 10).searchReceivedInvoices({ recipientStructureId: 1 }));
      assert.equal(refs.length, 25);
      assert.deepEqual(
        server.bodies.map((b) => [b.paramRecherche.pageResultatDemandee, b.paramRecherche.nbResultatsParPage]),
        [
          [1, 10],
          [2, 10],
          [3, 10],
        ],
      );
      server.bodies.length = 0;
      assert.equal(
        (await collect(client(server.url).searchReceivedInvoices({ recipientStructureId: 1 }, { pageSize: 20 })))
          .length,
        25,
      );
      assert.deepEqual(
        server.bodies.map((b) => b.paramRecherche.nbResultatsParPage),
        [20, 20],
      );
    } finally {
      await server.close();
    }
  });

  test('skip passes over whole pages without requesting them, and over the rest of a page by reading it', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => i + 1);
    const server = await stub((body, res) => send(res, pagedAnswer(ids, body)));
    try {
      const refs = await collect(
        client(server.url, 10).searchReceivedInvoices({ recipientStructureId: 1 }, { skip: 13 }),
      );
      assert.deepEqual(
        refs.map((r) => r.invoiceId),
        ids.slice(13),
      );
      assert.deepEqual(
        server.bodies.map((b) => b.paramRecherche.pageResultatDemandee),
        [2, 3],
      );
      server.bodies.length = 0;
      assert.deepEqual(
        await collect(client(server.url, 10).searchReceivedInvoices({ recipientStructureId: 1 }, { skip: 30 })),
        [],
      );
      // With several statuses the searches are not one list: skipped results are read, then dropped.
      server.bodies.length = 0;
      const twoStatuses = { recipientStructureId: 1, statuses: ['A', 'B'] };
      const both = await collect(client(server.url, 10).searchReceivedInvoices(twoStatuses, { skip: 13 }));
      assert.deepEqual(
        both.map((r) => r.invoiceId),
        ids.slice(13),
      );
      assert.equal(server.bodies[0]?.paramRecherche.pageResultatDemandee, 1);
    } finally {
      await server.close();
    }
  });

  test('limit stops the search and tells from the paging whether more follow, without asking for the next page', async () => {
    /** Reads the search to its end and returns what it yielded, its "more" flag and the pages it requested. */
    async function limited(ids: number[], skip: number, limit: number, statuses?: string[]) {
      const server = await stub((body, res) => send(res, pagedAnswer(ids, body)));
      try {
        const search = client(server.url, 10).searchReceivedInvoices(
          { recipientStructureId: 1, ...(statuses && { statuses }) },
          { skip, limit },
        );
        const yielded: number[] = [];
        let next = await search.next();
        for (; !next.done; next = await search.next()) yielded.push(next.value.invoiceId);
        return { yielded, more: next.value, pages: server.bodies.map((b) => b.paramRecherche.pageResultatDemandee) };
      } finally {
        await server.close();
      }
    }
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

    assert.deepEqual(await limited(ids(25), 0, 10), { yielded: ids(10), more: true, pages: [1] });
    assert.deepEqual(await limited(ids(25), 20, 10), { yielded: [21, 22, 23, 24, 25], more: false, pages: [3] });
    // A last page that is exactly full: the paging says it is the last, so no empty page is requested.
    assert.deepEqual(await limited(ids(30), 20, 10), { yielded: ids(30).slice(20), more: false, pages: [3] });
    // Stopping inside a page: the rest of that page is more.
    assert.deepEqual(await limited(ids(8), 0, 5), { yielded: ids(5), more: true, pages: [1] });
    assert.deepEqual(await limited(ids(8), 5, 5), { yielded: [6, 7, 8], more: false, pages: [1] });
    // Another status still to search may hold more: the answer is "maybe", and the next call finds out.
    const byStatus = await limited(ids(10), 0, 10, ['A', 'B']);
    assert.deepEqual(byStatus, { yielded: ids(10), more: true, pages: [1] });
    await assert.rejects(
      client('http://127.0.0.1:9').searchReceivedInvoices({ recipientStructureId: 1 }, { limit: 0 }).next(),
      /limit must be a positive integer/,
    );
  });

  test('codeRetour 20000 and an empty list with pages 0 both mean no invoice', async () => {
    for (const answer of [
      { codeRetour: 20000, libelle: 'TRA_MSG_00.015' },
      {
        codeRetour: 0,
        libelle: 'TRA_MSG_00.000',
        pageCourante: 1,
        pages: 0,
        nbResultatsParPage: 100,
        total: 0,
        listeFactures: [],
      },
      { codeRetour: 0, parametresRetour: { pageCourante: 1, pages: 0, total: 0 }, listeFactures: [] },
      { codeRetour: 0, pageCourante: null, pages: null, listeFactures: null },
    ]) {
      const server = await stub((_body, res) => send(res, answer));
      try {
        assert.deepEqual(await collect(client(server.url).searchReceivedInvoices({ recipientStructureId: 1 })), []);
        assert.equal(server.bodies.length, 1);
      } finally {
        await server.close();
      }
    }
  });

  test('reads paging from parametresRetour, and without paging stops at a short page', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => i + 1);
    const nested = await stub((body, res) => {
      const { pageCourante, pages, listeFactures } = pagedAnswer(ids, body);
      send(res, { codeRetour: 0, parametresRetour: { pageCourante, pages }, listeFactures });
    });
    const bare = await stub((body, res) =>
      send(res, { codeRetour: 0, listeFactures: pagedAnswer(ids, body).listeFactures }),
    );
    try {
      assert.equal(
        (await collect(client(nested.url, 3).searchReceivedInvoices({ recipientStructureId: 1 }))).length,
        7,
      );
      assert.equal(nested.bodies.length, 3);
      assert.equal((await collect(client(bare.url, 3).searchReceivedInvoices({ recipientStructureId: 1 }))).length, 7);
      assert.equal(bare.bodies.length, 3);
    } finally {
      await nested.close();
      await bare.close();
    }
  });

  test('searches each status in turn and yields an invoice once', async () => {
    const server = await stub((body, res) => {
      const byStatus: Record<string, number[]> = { MISE_A_DISPOSITION: [1, 2], SERVICE_FAIT: [2, 3] };
      const ids = byStatus[body.statutCourant ?? ''] ?? [];
      send(res, pagedAnswer(ids, body));
    });
    try {
      const refs = await collect(
        client(server.url).searchReceivedInvoices({
          recipientStructureId: 1,
          statuses: ['MISE_A_DISPOSITION', 'SERVICE_FAIT'],
        }),
      );
      assert.deepEqual(
        refs.map((r) => r.invoiceId),
        [1, 2, 3],
      );
      assert.deepEqual(
        server.bodies.map((b) => b.statutCourant),
        ['MISE_A_DISPOSITION', 'SERVICE_FAIT'],
      );
    } finally {
      await server.close();
    }
  });

  test('a business error on a later page fails the search; a bad filter fails before any call', async () => {
    const ids = Array.from({ length: 15 }, (_, i) => i + 1);
    const server = await stub((body, res) =>
      body.paramRecherche.pageResultatDemandee === 2
        ? send(res, { codeRetour: 20001, libelle: 'habilitations insuffisantes' })
        : send(res, pagedAnswer(ids, body)),
    );
    try {
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const ref of client(server.url, 10).searchReceivedInvoices({ recipientStructureId: 1 }))
            seen.push(ref.invoiceId);
        })(),
        (e) => isChorusError(e) && e.kind === 'business' && e.code === 20001 && /habilitations/.test(e.message),
      );
      assert.equal(seen.length, 10);
      server.bodies.length = 0;
      await assert.rejects(
        collect(client(server.url).searchReceivedInvoices({ recipientStructureId: 1, depositDateFrom: '01/02/2024' })),
        /depositDateFrom/,
      );
      assert.equal(server.bodies.length, 0);
    } finally {
      await server.close();
    }
  });
});
