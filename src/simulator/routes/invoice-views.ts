import { formatParisDate, formatParisDateTime, formatParisMinute } from '../dates.ts';
import { totalAttachmentBytes } from '../download-files.ts';
import type { FaultInjector } from '../faults.ts';
import { cents, currentStatus, type Invoice } from '../model.ts';

/** JSON shapes of an invoice, with the field names of API-REFERENCE.md §2.1 (list item) and §2.2 (consult). */

export function searchItem(invoice: Invoice, faults: FaultInjector, withSize: boolean): Record<string, unknown> {
  const status = currentStatus(invoice);
  const item: Record<string, unknown> = {
    codeDestinataire: invoice.recipient.siret,
    codeFournisseur: invoice.supplier.siret,
    codeMOA: null,
    codeMOE: null,
    codeServiceExecutant: invoice.service.code,
    codeServiceFournisseur: invoice.supplier.serviceCode,
    commentaireEtatCourant: status.comment,
    dateDepot: formatParisDate(invoice.depositedAt),
    dateFacture: invoice.issueDate,
    dateHeureEtatCourant: formatParisDateTime(status.at),
    designationDestinataire: invoice.recipient.name,
    designationFournisseur: invoice.supplier.name,
    designationMOA: null,
    designationMOE: null,
    devise: invoice.currency,
    factureTelechargeeParDestinataire: invoice.downloaded,
    idDestinataire: invoice.recipient.idStructureCPP,
    idFacture: invoice.idFacture,
    idServiceExecutant: invoice.service.idService,
    montantAPayer: cents(invoice.totals.payableCents),
    montantHT: cents(invoice.totals.netCents),
    montantTTC: cents(invoice.totals.grossCents),
    nomServiceExecutant: invoice.service.name,
    nomServiceFournisseur: invoice.supplier.serviceName,
    numeroBonCommande: invoice.orderNumber,
    numeroFacture: invoice.number,
    numeroMarche: invoice.contractNumber,
    statut: status.code,
    typeDemandePaiement: 'FACTURE',
    typeFacture: invoice.type,
    typeFactureTravaux: null,
    typeIdentifiantFournisseur: 'SIRET',
    typeIdentifiantMOA: null,
    typeIdentifiantMOE: null,
  };
  if (withSize) item.taille = totalAttachmentBytes(invoice, faults);
  return item;
}

const VAT_CODES: Record<string, string> = { '20': 'TVA5', '10': 'TVA4', '5.5': 'TVA3', '2.1': 'TVA2', '0': 'TVA1' };

export function consultedInvoice(invoice: Invoice, faults: FaultInjector): Record<string, unknown> {
  const s = invoice.supplier;
  const r = invoice.recipient;
  const status = currentStatus(invoice);
  const t = invoice.totals;
  const zeroRate = invoice.vat.some((vat) => vat.rate === 0);
  return {
    identifiantFactureCPP: invoice.idFacture,
    numeroFacture: invoice.number,
    statutFacture: status.code,
    modeDepot: invoice.depositMode,
    commentaire: invoice.comment,
    cadreDeFacturation: {
      codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR',
      codeServiceMoa: null,
      codeServiceMoe: null,
      codeValideur1: null,
      codeValideur2: null,
      idMoa: null,
      idMoe: null,
      idValideur1: null,
      idValideur2: null,
    },
    destinataire: {
      adresseDestinataireCodePays: r.address.countryCode,
      adresseDestinataireCodePostal: r.address.postalCode,
      adresseDestinataireComplement1: r.address.complement,
      adresseDestinataireComplement2: null,
      adresseDestinataireDetail: r.address.detail,
      adresseDestinataireId: r.address.id,
      adresseDestinataireLibellePays: r.address.countryLabel,
      adresseDestinataireVille: r.address.city,
      codeDestinataire: r.siret,
      codeServiceExecutant: invoice.service.code,
      destinataireEtat: 'NON',
      idDestinataire: r.idStructureCPP,
      idServiceExecutant: invoice.service.idService,
      libelleDestinataire: r.name,
      libelleServiceExecutant: invoice.service.name,
    },
    fournisseur: {
      adresseFournisseurCodePays: s.address.countryCode,
      adresseFournisseurCodePostal: s.address.postalCode,
      adresseFournisseurComplement1: s.address.complement,
      adresseFournisseurComplement2: null,
      adresseFournisseurDetail: s.address.detail,
      adresseFournisseurId: s.address.id,
      adresseFournisseurLibellePays: s.address.countryLabel,
      adresseFournisseurVille: s.address.city,
      affactureur: null,
      codeFournisseur: s.siret,
      codeServiceFournisseur: s.serviceCode,
      coordBancairesBicSwift: s.bank.bic,
      coordBancairesCodeGuichet: s.bank.branchCode,
      coordBancairesFournisseurCleIban: s.bank.ibanKey,
      coordBancairesFournisseurCleRib: s.bank.ribKey,
      coordBancairesFournisseurCodeBanque: s.bank.bankCode,
      coordBancairesFournisseurCodePays: 'FR',
      coordBancairesFournisseurCompteBancaire: s.bank.iban,
      coordBancairesFournisseurId: s.bank.id,
      coordBancairesFournisseurLibelle: s.bank.bankName,
      coordBancairesFournisseurType: 'IBAN',
      designationFournisseur: s.name,
      idFournisseur: s.idStructureCPP,
      idServiceFournisseur: s.idService,
      libelleServiceFournisseur: s.serviceName,
      numeroRcsFournisseur: s.rcs,
      typeIdentifiantFournisseur: 'SIRET',
    },
    references: {
      codeDeviseFacture: invoice.currency,
      dateCreationFacture: formatParisMinute(invoice.depositedAt),
      dateDepot: formatParisDate(invoice.depositedAt),
      dateEcheancePaiement: invoice.dueDate,
      dateFacture: invoice.issueDate,
      libelleDeviseFacture: 'Euro',
      libelleMotifExonerationTva: zeroRate ? 'Exonération de TVA, article 261-4-4° du CGI' : null,
      modePaiement: invoice.paymentMode,
      motifExonerationTva: zeroRate ? 'ART_261_4_4_CGI' : null,
      numeroBonCommande: invoice.orderNumber,
      numeroDpMandat: null,
      numeroFactureOrigine: invoice.originalInvoiceNumber,
      numeroMarche: invoice.contractNumber,
      tailleTotalePiecesJointes: totalAttachmentBytes(invoice, faults),
      typeFacture: invoice.type,
      typeFactureTravaux: null,
      typeTva: invoice.vatRegime,
    },
    montantTotal: {
      montantAPayer: cents(t.payableCents),
      montantHtTotal: cents(t.netCents),
      montantRemiseGlobaleTTC: 0,
      montantTVA: cents(t.vatCents),
      montantTtcAvantRemiseGlobalTTC: cents(t.grossCents),
      montantTtcTotal: cents(t.grossCents),
      motifRemiseGlobaleTTC: null,
    },
    lignesDePoste: {
      lignePoste: invoice.lines.map((line) => ({
        lignePosteDenomination: line.label,
        lignePosteMontantHtApresRemise: cents(line.netCents),
        lignePosteMontantRemiseHT: 0,
        lignePosteMontantTtcApresRemise: cents(line.netCents + line.vatCents),
        lignePosteMontantTva: cents(line.vatCents),
        lignePosteMontantUnitaireHT: cents(line.unitPriceCents),
        lignePosteNumero: line.number,
        lignePosteQuantite: line.quantity,
        lignePosteReference: line.reference,
        lignePosteTauxTva: VAT_CODES[String(line.vatRate)] ?? null,
        lignePosteTauxTvaManuel: line.vatRate,
        lignePosteUniteCode: line.unitCode,
        lignePosteUniteLibelle: line.unitLabel,
      })),
      nbResultatsParPageLignesPoste: Math.max(invoice.lines.length, 1),
      pageCouranteLignesPoste: 1,
      pagesLignesPoste: 1,
      totalLignesPoste: invoice.lines.length,
    },
    recapitulatifDeTva: {
      ligneTva: invoice.vat.map((vat) => ({
        ligneTvaMontantBaseHtParTaux: cents(vat.baseCents),
        ligneTvaMontantTvaParTaux: cents(vat.vatCents),
        ligneTvaTauxManuel: null,
        ligneTvaTauxRefCode: VAT_CODES[String(vat.rate)] ?? null,
        ligneTvaTauxRefId: null,
        ligneTvaTauxRefLibelle: `TVA ${String(vat.rate).replace('.', ',')} %`,
        ligneTvaTauxRefValeur: vat.rate,
      })),
      nbResultatsParPageLignesRecapitulativesTVA: Math.max(invoice.vat.length, 1),
      pageCouranteLignesRecapitulativesTVA: 1,
      pagesLignesRecapitulativesTVA: 1,
      totalLignesRecapitulativesTVA: invoice.vat.length,
    },
    pieceJointePrincipale: (() => {
      const main = invoice.attachments.find((spec) => spec.typePJ === '01');
      return main
        ? { idLiaisonPieceJointePrincipale: main.idLiaison, idPieceJointePrincipale: main.pieceJointeId }
        : null;
    })(),
    listeDesPiecesJointes: {
      pieceJointe: invoice.attachments.map((spec) => ({
        pieceJointeDesignation: spec.fileName,
        pieceJointeExtension: spec.fileName.slice(spec.fileName.lastIndexOf('.') + 1).toUpperCase(),
        pieceJointeId: spec.pieceJointeId,
        pieceJointeIdLiaison: spec.idLiaison,
        pieceJointeNumeroLigneFacture: null,
        pieceJointeTypeCode: spec.typePJ === '01' ? 'FACTURE' : 'PJ_COMPLEMENTAIRE',
        pieceJointeTypeLibelle: spec.typePJ === '01' ? 'Facture' : spec.category,
      })),
      nbResultatsParPageListePiecesJointe: Math.max(invoice.attachments.length, 1),
      pageCouranteListePiecesJointe: 1,
      pagesListePiecesJointe: 1,
      totalListePiecesJointe: invoice.attachments.length,
    },
    piecePrecedente: null,
    pieceSuivante: null,
  };
}
