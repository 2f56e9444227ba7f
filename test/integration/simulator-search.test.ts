import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { SimulatorClient } from '../../src/simulator/sim-client.ts';

const SEARCH = '/cpro/factures/v1/rechercher/recipiendaire';

interface Item {
  idFacture: number;
  numeroFacture: string;
  codeFournisseur: string;
  designationFournisseur: string;
  codeDestinataire: string;
  idDestinataire: number;
  idServiceExecutant: number;
  dateDepot: string;
  dateFacture: string;
  dateHeureEtatCourant: string;
  statut: string;
  typeFacture: string;
  montantHT: number;
  montantTTC: number;
  montantAPayer: number;
  devise: string;
  factureTelechargeeParDestinataire: boolean;
}

interface SearchAnswer {
  codeRetour: number;
  libelle: string;
  pageCourante: number | null;
  pages: number | null;
  nbResultatsParPage: number | null;
  total: number | null;
  listeFactures: Item[];
}

describe('simulator rechercher/recipiendaire', () => {
  let sim: RunningSimulator;
  let client: SimulatorClient;
  let all: Item[];

  const search = async (body: Record<string, unknown>) => {
    const answer = await client.postJson<SearchAnswer>(SEARCH, { idDestinataire: sim.recipient.structureId, ...body });
    assert.equal(answer.status, 200);
    return answer.body;
  };
  const ids = (items: Item[]) => items.map((item) => item.idFacture);

  before(async () => {
    sim = await startSimulator({ seed: 8, invoiceCount: 45, referenceDate: new Date('2025-03-14T10:00:00Z') });
    client = new SimulatorClient(sim);
    all = (await search({ paramRecherche: { nbResultatsParPage: 1000 } })).listeFactures;
  });
  after(() => sim.close());

  test('pages by 10 by default, with the paging at the top level of the answer', async () => {
    const first = await search({});
    assert.equal(first.codeRetour, 0);
    assert.equal(first.pageCourante, 1);
    assert.equal(first.nbResultatsParPage, 10);
    assert.equal(first.total, 45);
    assert.equal(first.pages, 5);
    assert.equal(first.listeFactures.length, 10);
    const item = first.listeFactures[0];
    assert.ok(item);
    assert.equal(item.codeDestinataire, sim.recipient.siret);
    assert.equal(item.idDestinataire, sim.recipient.structureId);
    assert.match(item.dateDepot, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(item.dateFacture, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(item.dateHeureEtatCourant, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    assert.equal(item.devise, 'EUR');
    assert.equal(typeof item.montantTTC, 'number');
    assert.equal(item.factureTelechargeeParDestinataire, false);
    assert.ok(!('idFournisseur' in item));
  });

  test('walking the pages returns every invoice once, by idFacture ascending unless sorted otherwise', async () => {
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const answer = await search({ paramRecherche: { nbResultatsParPage: 7, pageResultatDemandee: page } });
      assert.equal(answer.pageCourante, page);
      seen.push(...ids(answer.listeFactures));
      if (page >= (answer.pages ?? 0)) break;
    }
    assert.deepEqual(seen, sim.invoiceIds());
    const sorted = await search({
      paramRecherche: { nbResultatsParPage: 100, triColonne: 'DateDepot', triSens: 'Descendant' },
    });
    const dates = sorted.listeFactures.map((item) => item.dateDepot);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const capped = await search({ paramRecherche: { nbResultatsParPage: 10, nbResultatsMaximum: 12 } });
    assert.equal(capped.total, 12);
    assert.equal(capped.pages, 2);
  });

  test('filters by status (string or list), invoice type, service and supplier', async () => {
    const byStatus = (...statuses: string[]) => all.filter((item) => statuses.includes(item.statut));
    const available = await search({
      statutCourant: 'MISE_A_DISPOSITION',
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.deepEqual(ids(available.listeFactures), ids(byStatus('MISE_A_DISPOSITION')));
    assert.ok(available.listeFactures.length > 10);
    const others = [...new Set(all.map((item) => item.statut))].filter((s) => s !== 'MISE_A_DISPOSITION').slice(0, 2);
    const several = await search({ statutCourant: others, paramRecherche: { nbResultatsParPage: 100 } });
    assert.deepEqual(ids(several.listeFactures), ids(byStatus(...others)));

    const credits = await search({ listeTypeFacture: ['AVOIR'], paramRecherche: { nbResultatsParPage: 100 } });
    assert.deepEqual(ids(credits.listeFactures), ids(all.filter((item) => item.typeFacture === 'AVOIR')));

    const serviceId = all[0]?.idServiceExecutant;
    const byService = await search({ idServiceExecutant: serviceId, paramRecherche: { nbResultatsParPage: 100 } });
    assert.deepEqual(ids(byService.listeFactures), ids(all.filter((item) => item.idServiceExecutant === serviceId)));

    const sample = all[0];
    assert.ok(sample);
    const consulted = await client.postJson<{
      facture: { fournisseur: { idFournisseur: number; codeFournisseur: string } };
    }>('/cpro/factures/v1/consulter/recipiendaire', { identifiantFactureCPP: sample.idFacture });
    const supplier = consulted.body.facture.fournisseur;
    assert.equal(supplier.codeFournisseur, sample.codeFournisseur);
    const bySupplier = await search({
      listeFournisseurs: [{ idFournisseur: supplier.idFournisseur, listeIdService: [] }],
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.deepEqual(
      ids(bySupplier.listeFactures),
      ids(all.filter((item) => item.codeFournisseur === supplier.codeFournisseur)),
    );
  });

  test('filters by deposit day (inclusive) and by current-status instant', async () => {
    const days = [...new Set(all.map((item) => item.dateDepot))].sort();
    const day = days[Math.floor(days.length / 2)] ?? '';
    const sameDay = await search({
      periodeDateDepotDu: day,
      periodeDateDepotAu: day,
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.deepEqual(ids(sameDay.listeFactures), ids(all.filter((item) => item.dateDepot === day)));
    const fromDay = await search({ periodeDateDepotDu: day, paramRecherche: { nbResultatsParPage: 100 } });
    assert.deepEqual(ids(fromDay.listeFactures), ids(all.filter((item) => item.dateDepot >= day)));

    const instants = all.map((item) => Date.parse(item.dateHeureEtatCourant)).sort((a, b) => a - b);
    const pivot = instants[Math.floor(instants.length / 2)] ?? 0;
    const since = await search({
      periodeDateHeureEtatCourantDu: new Date(pivot).toISOString(),
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.deepEqual(
      ids(since.listeFactures),
      ids(all.filter((item) => Date.parse(item.dateHeureEtatCourant) >= pivot)),
    );
    const until = await search({
      periodeDateHeureEtatCourantAu: new Date(pivot - 1).toISOString(),
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.equal(since.listeFactures.length + until.listeFactures.length, all.length);
    // A date-time without offset is Paris time, the way PASTELL sends its upper bound.
    const lastDay = days[days.length - 1] ?? '';
    const throughLastDay = await search({
      periodeDateHeureEtatCourantAu: `${lastDay}T23:59:59`,
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.equal(throughLastDay.total, all.length);
  });

  test('filters on the downloaded flag (true, false, null) after a download', async () => {
    const target = all[2];
    assert.ok(target);
    await client.download([target.idFacture]);
    const downloaded = await search({ factureTelechargeeParDestinataire: true });
    assert.deepEqual(ids(downloaded.listeFactures), [target.idFacture]);
    assert.equal(downloaded.listeFactures[0]?.factureTelechargeeParDestinataire, true);
    const pending = await search({
      factureTelechargeeParDestinataire: false,
      paramRecherche: { nbResultatsParPage: 100 },
    });
    assert.deepEqual(
      ids(pending.listeFactures),
      ids(all).filter((id) => id !== target.idFacture),
    );
    const any = await search({ factureTelechargeeParDestinataire: null });
    assert.equal(any.total, all.length);
  });

  test('caps a search at 200 results unless nbResultatsMaximum says otherwise', async () => {
    const many = await startSimulator({ seed: 8, invoiceCount: 210 });
    try {
      const manyClient = new SimulatorClient(many);
      const capped = await manyClient.postJson<SearchAnswer>(SEARCH, {});
      assert.equal(capped.body.total, 200);
      assert.equal(capped.body.pages, 20);
      const uncapped = await manyClient.postJson<SearchAnswer>(SEARCH, {
        paramRecherche: { nbResultatsMaximum: 999_999 },
      });
      assert.equal(uncapped.body.total, 210);
    } finally {
      await many.close();
    }
  });

  test('answers codeRetour 20000 TRA_MSG_00.015 with HTTP 200 when nothing matches', async () => {
    for (const body of [{ statutCourant: 'BROUILLON' }, { idDestinataire: 1 }, { periodeDateDepotDu: '2030-01-01' }]) {
      const answer = await search(body);
      assert.equal(answer.codeRetour, 20000);
      assert.equal(answer.libelle, 'TRA_MSG_00.015');
      assert.deepEqual(answer.listeFactures, []);
    }
  });

  test('answers 400 with {codeRetour, libelle} to invalid JSON and to bad field types', async () => {
    const bodies: unknown[] = [
      '{"idDestinataire": ',
      '',
      '[1, 2]',
      { idDestinataire: 'abc' },
      { paramRecherche: { nbResultatsParPage: 0 } },
      { periodeDateDepotDu: '2025-13-01' },
      { periodeDateHeureEtatCourantDu: 'hier' },
      { factureTelechargeeParDestinataire: 'maybe' },
      { listeFournisseurs: { idFournisseur: 1 } },
    ];
    for (const body of bodies) {
      const answer = await client.post(SEARCH, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      const parsed = JSON.parse(answer.text) as { codeRetour: number; libelle: string };
      assert.equal(typeof parsed.codeRetour, 'number');
      assert.notEqual(parsed.codeRetour, 0);
      assert.ok(parsed.libelle.length > 0);
    }
    // Numeric strings pass, as they do through Jackson.
    const lenient = await client.postJson<SearchAnswer>(SEARCH, { idDestinataire: String(sim.recipient.structureId) });
    assert.equal(lenient.body.total, all.length);
  });
});
