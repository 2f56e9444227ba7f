import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.ts';
import { SimulatorClient } from '../../src/simulator/sim-client.ts';

const XSD_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'chorus-pro',
  'CPPFacturePivot_V2_02.xsd',
);
const DOWNLOAD = '/cpro/factures/v1/telecharger/groupe';
const MiB = 1024 * 1024;

interface PivotPj {
  Contenu: string;
  NomPJ: string;
  TypePJ: string;
}
interface PivotUnit {
  Fournisseur: { Identifiant: string; RaisonSociale: string };
  Debiteur: { Identifiant: string; CodeService: string };
  DonneesFacture: {
    Id: string;
    IdCPRO: string;
    Type: string;
    Montants: { MontantHT: string; MontantTTC: string; MontantNetAPayer: string };
    Lignes: { Ligne: unknown[] };
  };
  PJ: PivotPj[];
}
interface Pivot {
  CPPFacturePivot: { CPPFactures: { '@_Compteur': string; CPPFacturePivotUnitaire: PivotUnit[] } };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['CPPFacturePivotUnitaire', 'PJ', 'Ligne', 'TVA'].includes(name),
});
const parsePivot = (xml: Buffer) => parser.parse(xml.toString('utf8')) as Pivot;
const unzipOne = (pj: PivotPj): Buffer => {
  const files = unzipSync(Buffer.from(pj.Contenu, 'base64'));
  assert.deepEqual(Object.keys(files), [pj.NomPJ]);
  return Buffer.from(files[pj.NomPJ] ?? []);
};

interface Facture {
  numeroFacture: string;
  statutFacture: string;
  fournisseur: {
    codeFournisseur: string;
    designationFournisseur: string;
    coordBancairesFournisseurCompteBancaire: string;
    adresseFournisseurVille: string;
  };
  destinataire: { codeDestinataire: string; codeServiceExecutant: string };
  references: { typeFacture: string; tailleTotalePiecesJointes: number };
  montantTotal: { montantHtTotal: number; montantTtcTotal: number; montantAPayer: number };
  lignesDePoste: { lignePoste: unknown[] };
  listeDesPiecesJointes: { pieceJointe: { pieceJointeDesignation: string }[] };
  pieceJointePrincipale: { idPieceJointePrincipale: number };
}

describe('simulator consulter and telecharger/groupe', () => {
  let sim: RunningSimulator;
  let client: SimulatorClient;

  const consult = async (id: number) => {
    const answer = await client.postJson<{ codeRetour: number; facture: Facture }>(
      '/cpro/factures/v1/consulter/recipiendaire',
      { identifiantFactureCPP: id },
    );
    assert.equal(answer.status, 200);
    return answer.body.facture;
  };
  const flag = async (id: number) => {
    const answer = await client.postJson<{
      listeFactures: { idFacture: number; factureTelechargeeParDestinataire: boolean }[];
    }>('/cpro/factures/v1/rechercher/recipiendaire', { paramRecherche: { nbResultatsParPage: 1000 } });
    return answer.body.listeFactures.find((item) => item.idFacture === id)?.factureTelechargeeParDestinataire;
  };

  before(async () => {
    sim = await startSimulator({ seed: 13, invoiceCount: 30 });
    client = new SimulatorClient(sim);
  });
  after(() => sim.close());

  test('a PIVOT download is one XSD-valid pivot, consistent with consulter, whose PJs are zips of one file', async (t) => {
    const id = sim.invoiceIds()[4] ?? 0;
    const facture = await consult(id);
    const xml = await client.download([id]);
    const unit = parsePivot(xml).CPPFacturePivot.CPPFactures.CPPFacturePivotUnitaire[0];
    assert.ok(unit);
    const data = unit.DonneesFacture;
    assert.equal(data.Id, facture.numeroFacture);
    assert.equal(Number(data.IdCPRO), id);
    assert.equal(data.Type, facture.references.typeFacture === 'AVOIR' ? '381' : '380');
    assert.equal(Number(data.Montants.MontantHT), facture.montantTotal.montantHtTotal);
    assert.equal(Number(data.Montants.MontantTTC), facture.montantTotal.montantTtcTotal);
    assert.equal(Number(data.Montants.MontantNetAPayer), facture.montantTotal.montantAPayer);
    assert.equal(unit.Fournisseur.Identifiant, facture.fournisseur.codeFournisseur);
    assert.equal(unit.Fournisseur.RaisonSociale, facture.fournisseur.designationFournisseur);
    assert.equal(unit.Debiteur.Identifiant, facture.destinataire.codeDestinataire);
    assert.equal(unit.Debiteur.CodeService, facture.destinataire.codeServiceExecutant);
    assert.equal(data.Lignes.Ligne.length, facture.lignesDePoste.lignePoste.length);
    assert.deepEqual(
      unit.PJ.map((pj) => pj.NomPJ),
      facture.listeDesPiecesJointes.pieceJointe.map((pj) => pj.pieceJointeDesignation),
    );
    assert.equal(
      unit.PJ.reduce((sum, pj) => sum + unzipOne(pj).length, 0),
      facture.references.tailleTotalePiecesJointes,
    );
    assert.match(facture.fournisseur.coordBancairesFournisseurCompteBancaire, /^FR\d{2}/);
    assert.ok(facture.fournisseur.adresseFournisseurVille.length > 0);
    assert.equal(typeof facture.pieceJointePrincipale.idPieceJointePrincipale, 'number');
    if (!existsSync(XSD_PATH)) {
      t.skip(`XSD not found at ${XSD_PATH}`);
      return;
    }
    const validation = await validateXML({
      xml: { fileName: 'p.xml', contents: xml.toString('utf8') },
      schema: { fileName: 'x.xsd', contents: readFileSync(XSD_PATH, 'utf8') },
    });
    assert.ok(validation.valid, validation.errors.map((e) => e.message).join('\n'));
  });

  test('downloading flips factureTelechargeeParDestinataire and records TELECHARGEMENT_FACTURE in the history', async () => {
    const id = sim.invoiceIds()[5] ?? 0;
    assert.equal(await flag(id), false);
    const before = await client.postJson<{ historiquesDesActionsUtilisateurs: { histoAction: unknown[] } }>(
      '/cpro/factures/v1/consulter/historique',
      { idFacture: id },
    );
    assert.equal(before.body.historiquesDesActionsUtilisateurs.histoAction.length, 0);
    await client.download([id]);
    assert.equal(await flag(id), true);
    const history = await client.postJson<{
      codeRetour: number;
      statutCourantCode: string;
      derniereAction: { derniereActionCode: string };
      historiquesDesActionsUtilisateurs: {
        histoAction: { histoActionCode: string; histoActionUtilisateurEmail: string; histoActionDateHeure: string }[];
      };
      historiquesDesStatuts: { histoStatut: { histoStatutCode: string; histoStatutDatePassage: string }[] };
    }>('/cpro/factures/v1/consulter/historique', { idFacture: id });
    assert.equal(history.body.codeRetour, 0);
    assert.equal(history.body.derniereAction.derniereActionCode, 'TELECHARGEMENT_FACTURE');
    const action = history.body.historiquesDesActionsUtilisateurs.histoAction[0];
    assert.equal(action?.histoActionCode, 'TELECHARGEMENT_FACTURE');
    assert.equal(action?.histoActionUtilisateurEmail, sim.credentials.login);
    assert.match(action?.histoActionDateHeure ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const statuses = history.body.historiquesDesStatuts.histoStatut;
    assert.equal(statuses[0]?.histoStatutCode, history.body.statutCourantCode);
    assert.equal(statuses[statuses.length - 1]?.histoStatutCode, 'DEPOSEE');
    const dates = statuses.map((s) => s.histoStatutDatePassage);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(sim.stats().downloadsByInvoice[id], 1);
  });

  test('several invoices come back as one pivot with CPPFactures@Compteur = N', async () => {
    const ids = sim.invoiceIds().slice(10, 13);
    const pivot = parsePivot(await client.download(ids)).CPPFacturePivot.CPPFactures;
    assert.equal(pivot['@_Compteur'], '3');
    assert.deepEqual(
      pivot.CPPFacturePivotUnitaire.map((unit) => Number(unit.DonneesFacture.IdCPRO)),
      ids,
    );
    for (const id of ids) {
      assert.equal(await flag(id), true);
      assert.equal(sim.stats().downloadsByInvoice[id], 1);
    }
  });

  test('format PDF gives the PDF itself for one file, else a ZIP (one folder per invoice for several)', async () => {
    const [single] = sim.addInvoices(1, { attachmentBytes: 40_000 });
    assert.ok(single);
    const pdf = await client.download([single], 'PDF');
    assert.equal(pdf.length, 40_000);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    // The same bytes as the main PJ of the pivot.
    const unit = parsePivot(await client.download([single])).CPPFacturePivot.CPPFactures.CPPFacturePivotUnitaire[0];
    assert.ok(unit?.PJ[0]);
    assert.ok(unzipOne(unit.PJ[0]).equals(pdf));

    const ids = sim.invoiceIds().slice(15, 18);
    const zip = unzipSync(await client.download(ids, 'PDF', { avecPiecesJointesComplementaires: 'OUI' }));
    const folders = new Set(Object.keys(zip).map((name) => name.split('/')[0]));
    assert.deepEqual([...folders].sort(), ids.map(String).sort());
    for (const [name, content] of Object.entries(zip)) {
      assert.match(name, /^\d+\/.+\.pdf$/);
      assert.equal(Buffer.from(content.subarray(0, 5)).toString('latin1'), '%PDF-');
    }
  });

  test('unknown invoices and bad formats are refused with a codeRetour and a libelle', async () => {
    for (const [path, body] of [
      ['/cpro/factures/v1/consulter/recipiendaire', { identifiantFactureCPP: 1 }],
      ['/cpro/factures/v1/consulter/historique', { idFacture: 1 }],
      [DOWNLOAD, { format: 'PIVOT', listeFacture: [{ idFacture: 1 }] }],
      [DOWNLOAD, { format: 'XML', listeFacture: [{ idFacture: sim.invoiceIds()[0] }] }],
      [DOWNLOAD, { format: 'PIVOT', listeFacture: [] }],
    ] as const) {
      const answer = await client.postJson<{ codeRetour: number; libelle: string }>(path, body);
      assert.equal(answer.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.notEqual(answer.body.codeRetour, 0);
      assert.ok(answer.body.libelle.length > 0);
    }
  });

  test('a result over 120 MB is refused with 413 before anything is produced, and nothing is marked downloaded', async () => {
    const [huge] = sim.addInvoices(1, { attachmentBytes: 100 * MiB });
    assert.ok(huge);
    const started = Date.now();
    const answer = await client.post(DOWNLOAD, { format: 'PIVOT', listeFacture: [{ idFacture: huge }] });
    assert.equal(answer.status, 413);
    assert.ok(Date.now() - started < 1000);
    assert.equal(await flag(huge), false);
    assert.equal(sim.stats().downloadsByInvoice[huge], undefined);
    const twoSmall = sim.invoiceIds().slice(0, 2);
    assert.equal(
      (
        await client.post(DOWNLOAD, {
          format: 'PIVOT',
          listeFacture: [...twoSmall, huge].map((idFacture) => ({ idFacture })),
        })
      ).status,
      413,
    );
    assert.equal(await flag(twoSmall[0] ?? 0), false);
  });

  test('a 100 MB attachment is streamed (format PDF): exact Content-Length, bounded memory', async () => {
    const [big] = sim.addInvoices(1, { attachmentBytes: 100 * MiB });
    assert.ok(big);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const response = await fetch(sim.url + DOWNLOAD, {
      method: 'POST',
      headers: await client.headers(),
      body: JSON.stringify({ format: 'PDF', listeFacture: [{ idFacture: big }] }),
    });
    assert.equal(response.status, 200);
    const announced = Number(response.headers.get('content-length'));
    const prefix = '{"codeRetour":0,"libelle":"CODE PAR DEFAUT","fichierResultat":"';
    assert.equal(announced, prefix.length + Math.ceil((100 * MiB) / 3) * 4 + 2);
    let received = 0;
    let head = '';
    let tail = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (head.length < 200) head += Buffer.from(chunk).toString('latin1').slice(0, 200);
      tail = (tail + Buffer.from(chunk.subarray(Math.max(0, chunk.length - 10))).toString('latin1')).slice(-10);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    assert.equal(received, announced);
    assert.ok(head.startsWith(prefix + Buffer.from('%PDF-').toString('base64').slice(0, 4)), head.slice(0, 80));
    assert.ok(tail.endsWith('"}'));
    // Server and client share this process: holding the 140 MB body anywhere would show here.
    assert.ok(peak - baseline < 120 * MiB, `RSS grew by ${Math.round((peak - baseline) / MiB)} MiB`);
    assert.equal(sim.stats().downloadsByInvoice[big], 1);
  });
});
