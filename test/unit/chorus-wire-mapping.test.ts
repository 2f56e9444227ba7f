import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detailsAnswerSchema } from '../../src/chorus/details-wire.ts';
import { toInvoiceDetails } from '../../src/chorus/invoice-details.ts';
import {
  buildSearchBody,
  DEFAULT_SEARCH_SORT,
  searchAnswerSchema,
  toInvoiceRef,
} from '../../src/chorus/search-wire.ts';

describe('search request', () => {
  test('maps every filter to the wire names and leaves absent ones out', () => {
    const body = buildSearchBody(
      {
        recipientStructureId: 164,
        serviceId: 443,
        invoiceTypes: ['FACTURE', 'AVOIR'],
        supplierStructureIds: [155, 156],
        depositDateFrom: '2024-01-01',
        depositDateTo: '2024-01-31',
        statusChangedFrom: new Date('2024-02-01T10:00:00Z'),
        statusChangedTo: new Date('2024-02-02T10:00:00.500Z'),
        downloaded: false,
        paymentRequestType: 'FACTURE_TRAVAUX',
      },
      'MISE_A_DISPOSITION',
      3,
      100,
      DEFAULT_SEARCH_SORT,
    );
    assert.deepEqual(body, {
      typeDemandePaiement: 'FACTURE_TRAVAUX',
      idDestinataire: 164,
      idServiceExecutant: 443,
      statutCourant: 'MISE_A_DISPOSITION',
      listeTypeFacture: ['FACTURE', 'AVOIR'],
      listeFournisseurs: [
        { idFournisseur: 155, listeIdService: [] },
        { idFournisseur: 156, listeIdService: [] },
      ],
      periodeDateDepotDu: '2024-01-01',
      periodeDateDepotAu: '2024-01-31',
      periodeDateHeureEtatCourantDu: '2024-02-01T10:00:00.000Z',
      periodeDateHeureEtatCourantAu: '2024-02-02T10:00:00.500Z',
      factureTelechargeeParDestinataire: false,
      paramRecherche: {
        pageResultatDemandee: 3,
        nbResultatsParPage: 100,
        nbResultatsMaximum: 999_999,
        triSens: 'Ascendant',
        triColonne: 'IdFacture',
      },
    });
    const minimal = buildSearchBody({ recipientStructureId: 1 }, undefined, 1, 10, DEFAULT_SEARCH_SORT);
    assert.deepEqual(Object.keys(minimal).sort(), ['idDestinataire', 'paramRecherche', 'typeDemandePaiement']);
    assert.equal(minimal.typeDemandePaiement, 'FACTURE');
  });

  test('refuses malformed filters', () => {
    const build = (f: object) => () =>
      buildSearchBody({ recipientStructureId: 1, ...f }, undefined, 1, 10, DEFAULT_SEARCH_SORT);
    assert.throws(build({ depositDateFrom: '2024/01/01' }), /depositDateFrom/);
    assert.throws(build({ statusChangedTo: new Date('nope') }), /statusChangedTo/);
    assert.throws(build({ recipientStructureId: 0 }), /recipientStructureId/);
    assert.throws(build({ supplierStructureIds: [1.5] }), /supplierStructureIds/);
  });
});

describe('search answer', () => {
  test('maps items with numbers given as numbers or numeric strings', () => {
    const answer = searchAnswerSchema.parse({
      codeRetour: 0,
      pageCourante: 1,
      pages: 1,
      listeFactures: [
        {
          codeDestinataire: '00000000013456',
          codeFournisseur: '00000000000727',
          dateDepot: '2019-07-11',
          dateFacture: '2019-07-11',
          dateHeureEtatCourant: '2019-07-11T15:45:39.674+02:00',
          designationDestinataire: 'TAA074DESTINATAIRE',
          designationFournisseur: 'TAA001DESTINATAIRE',
          devise: 'EUR',
          factureTelechargeeParDestinataire: true,
          idDestinataire: '25784152',
          idFacture: '3346947',
          montantAPayer: '10',
          montantHT: '10',
          montantTTC: '20.5',
          numeroFacture: '20190711-1',
          statut: 'MISE_A_DISPOSITION',
          typeFacture: 'FACTURE',
          codeServiceExecutant: null,
        },
      ],
    });
    const first = answer.listeFactures[0];
    assert.ok(first);
    assert.deepEqual(toInvoiceRef(first), {
      invoiceId: 3346947,
      invoiceNumber: '20190711-1',
      supplierCode: '00000000000727',
      supplierName: 'TAA001DESTINATAIRE',
      recipientCode: '00000000013456',
      recipientName: 'TAA074DESTINATAIRE',
      depositDate: '2019-07-11',
      invoiceDate: '2019-07-11',
      statusChangedAt: '2019-07-11T15:45:39.674+02:00',
      status: 'MISE_A_DISPOSITION',
      type: 'FACTURE',
      currency: 'EUR',
      amountExclTax: 10,
      amountInclTax: 20.5,
      amountDue: 10,
      downloaded: true,
    });
  });

  test('refuses an item without idFacture and non-numeric amounts', () => {
    assert.equal(searchAnswerSchema.safeParse({ listeFactures: [{ numeroFacture: 'A' }] }).success, false);
    assert.equal(
      searchAnswerSchema.safeParse({ listeFactures: [{ idFacture: 1, numeroFacture: 'A', montantHT: 'ten' }] }).success,
      false,
    );
    assert.deepEqual(searchAnswerSchema.parse({ codeRetour: 0 }).listeFactures, []);
  });
});

describe('invoice details', () => {
  test('maps parties, references, totals, lines, VAT summary and attachments', () => {
    const { facture } = detailsAnswerSchema.parse({
      codeRetour: 0,
      facture: {
        identifiantFactureCPP: '239',
        numeroFacture: 'F-4',
        statutFacture: 'MISE_A_DISPOSITION',
        cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
        destinataire: {
          codeDestinataire: '22460001500511',
          libelleDestinataire: 'Departement du Lot',
          codeServiceExecutant: 'DIRINFRA',
          idDestinataire: 159,
          destinataireEtat: 'NON',
          adresseDestinataireDetail: "Avenue de l'Europe",
          adresseDestinataireCodePostal: '46000',
          adresseDestinataireVille: 'Cahors',
          adresseDestinataireCodePays: 'FR',
        },
        fournisseur: {
          codeFournisseur: 12345678900011,
          raisonSocialeFournisseur: 'VIN SUR VIN',
          idFournisseur: 155,
          coordBancairesFournisseurType: 'IBAN',
          coordBancairesFournisseurCompteBancaire: 'FR7630001007941234567890185',
          coordBancairesBicSwift: 'BDFEFRPPCCT',
        },
        references: {
          numeroBonCommande: 'VABFC002',
          numeroMarche: 'VABFM001',
          codeDeviseFacture: 'EUR',
          dateFacture: '2015-07-19',
        },
        montantTotal: { montantHtTotal: 9500, montantTVA: '322.5', montantTtcTotal: 9822.5, montantAPayer: 9822.5 },
        lignesDePoste: {
          lignePoste: {
            lignePosteNumero: 1,
            lignePosteDenomination: 'Vin',
            lignePosteQuantite: '10',
            lignePosteTauxTva: 'TVA5',
            lignePosteTauxTvaManuel: 20,
          },
          totalLignesPoste: 2,
        },
        recapitulatifDeTva: { ligneTva: [{ ligneTvaTauxRefValeur: '20', ligneTvaMontantBaseHtParTaux: 100 }] },
        listeDesPiecesJointes: {
          pieceJointe: [{ pieceJointeId: 7, pieceJointeDesignation: 'facture.pdf', pieceJointeTypeCode: 'FACTURE' }],
        },
      },
    });
    const d = toInvoiceDetails(facture, 999);
    assert.equal(d.invoiceId, 239);
    assert.equal(d.invoiceNumber, 'F-4');
    assert.equal(d.status, 'MISE_A_DISPOSITION');
    assert.deepEqual(d.billingFramework, { code: 'A1_FACTURE_FOURNISSEUR' });
    assert.deepEqual(d.recipient, {
      structureId: 159,
      code: '22460001500511',
      name: 'Departement du Lot',
      serviceCode: 'DIRINFRA',
      isStateEntity: false,
      address: { street: "Avenue de l'Europe", postalCode: '46000', city: 'Cahors', countryCode: 'FR' },
    });
    assert.equal(d.supplier.code, '12345678900011');
    assert.equal(d.supplier.name, 'VIN SUR VIN');
    assert.deepEqual(d.supplier.bankAccount, {
      type: 'IBAN',
      accountNumber: 'FR7630001007941234567890185',
      bic: 'BDFEFRPPCCT',
    });
    assert.equal(d.references.orderNumber, 'VABFC002');
    assert.equal(d.references.contractNumber, 'VABFM001');
    assert.deepEqual(d.totals, { amountExclTax: 9500, vatAmount: 322.5, amountInclTax: 9822.5, amountDue: 9822.5 });
    assert.deepEqual(d.lines, [{ number: 1, description: 'Vin', quantity: 10, vatRate: 20, vatRateCode: 'TVA5' }]);
    assert.deepEqual(d.vatSummary, [{ rate: 20, taxableAmount: 100 }]);
    assert.deepEqual(d.attachments, [{ attachmentId: 7, name: 'facture.pdf', typeCode: 'FACTURE' }]);
    assert.deepEqual(d.incomplete, ['lines']);
  });

  test('a bare facture still maps, with the requested id', () => {
    const d = toInvoiceDetails(detailsAnswerSchema.parse({ facture: {} }).facture, 42);
    assert.deepEqual(d, {
      invoiceId: 42,
      supplier: {},
      recipient: {},
      references: {},
      totals: {},
      lines: [],
      vatSummary: [],
      attachments: [],
      incomplete: [],
    });
    assert.equal(detailsAnswerSchema.safeParse({ codeRetour: 0 }).success, false);
  });
});
