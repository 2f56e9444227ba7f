/**
 * Answer of consulterFactureParRecipiendaire (API-REFERENCE §2.2; field names from GO's `Facture` struct and CPP2017,
 * not cross-checked with the annex). Everything but the `facture` object is optional.
 */
import { z } from 'zod';
import { opt, wireBool, wireInt, wireList, wireNumber, wireText } from './wire-values.ts';

const text = opt(wireText);
const int = opt(wireInt);
const amount = opt(wireNumber);
/** A VAT rate: a number, or a code such as "TVA1". */
const rate = opt(z.union([z.number(), z.string()]));

export const recipientWire = z.object({
  adresseDestinataireCodePays: text,
  adresseDestinataireCodePostal: text,
  adresseDestinataireComplement1: text,
  adresseDestinataireComplement2: text,
  adresseDestinataireDetail: text,
  adresseDestinataireId: int,
  adresseDestinataireLibellePays: text,
  adresseDestinataireVille: text,
  codeDestinataire: text,
  codeServiceExecutant: text,
  destinataireEtat: opt(wireBool),
  idDestinataire: int,
  idServiceExecutant: int,
  libelleDestinataire: text,
  libelleServiceExecutant: text,
});

export const supplierWire = z.object({
  adresseFournisseurCodePays: text,
  adresseFournisseurCodePostal: text,
  adresseFournisseurComplement1: text,
  adresseFournisseurComplement2: text,
  adresseFournisseurDetail: text,
  adresseFournisseurId: int,
  adresseFournisseurLibellePays: text,
  adresseFournisseurVille: text,
  affactureur: opt(
    z.object({
      affactureurCode: text,
      affactureurCodePays: text,
      affactureurId: int,
      affactureurRaisonSociale: text,
      affactureurTypeIdentifiant: text,
    }),
  ),
  codeFournisseur: text,
  codeServiceFournisseur: text,
  coordBancairesBicSwift: text,
  coordBancairesCodeGuichet: text,
  coordBancairesFournisseurCleIban: text,
  coordBancairesFournisseurCleRib: text,
  coordBancairesFournisseurCodeBanque: text,
  coordBancairesFournisseurCodePays: text,
  coordBancairesFournisseurCompteBancaire: text,
  coordBancairesFournisseurId: int,
  coordBancairesFournisseurLibelle: text,
  coordBancairesFournisseurType: text,
  designationFournisseur: text,
  raisonSocialeFournisseur: text,
  idFournisseur: int,
  idServiceFournisseur: int,
  libelleServiceFournisseur: text,
  numeroRcsFournisseur: text,
  typeIdentifiantFournisseur: text,
});

export const referencesWire = z.object({
  codeDeviseFacture: text,
  dateCreationFacture: text,
  dateDepot: text,
  dateEcheancePaiement: text,
  dateFacture: text,
  libelleDeviseFacture: text,
  libelleMotifExonerationTva: text,
  modePaiement: text,
  motifExonerationTva: text,
  numeroBonCommande: text,
  numeroDpMandat: text,
  numeroFactureOrigine: text,
  numeroMarche: text,
  tailleTotalePiecesJointes: amount,
  typeFacture: text,
  typeFactureTravaux: text,
  typeTva: text,
});

export const frameworkWire = z.object({
  codeCadreFacturation: text,
  idMoa: int,
  identifiantMoa: text,
  raisonSocialeMoa: text,
  designationMoa: text,
  codeServiceMoa: text,
  idMoe: int,
  identifiantMoe: text,
  raisonSocialeMoe: text,
  designationMoe: text,
  codeServiceMoe: text,
});

export const totalsWire = z.object({
  montantAPayer: amount,
  montantHtTotal: amount,
  montantRemiseGlobaleTTC: amount,
  montantTVA: amount,
  montantTtcAvantRemiseGlobalTTC: amount,
  montantTtcTotal: amount,
  motifRemiseGlobaleTTC: text,
});

export const lineWire = z.object({
  lignePosteDenomination: text,
  lignePosteMontantHtApresRemise: amount,
  lignePosteMontantRemiseHT: amount,
  lignePosteMontantTtcApresRemise: amount,
  lignePosteMontantTva: amount,
  lignePosteMontantUnitaireHT: amount,
  lignePosteNumero: int,
  lignePosteQuantite: amount,
  lignePosteReference: text,
  lignePosteTauxTva: rate,
  lignePosteTauxTvaManuel: rate,
  lignePosteUniteCode: text,
  lignePosteUniteLibelle: text,
});

export const vatLineWire = z.object({
  ligneTvaMontantBaseHtParTaux: amount,
  ligneTvaMontantTvaParTaux: amount,
  ligneTvaTauxManuel: rate,
  ligneTvaTauxRefCode: text,
  ligneTvaTauxRefLibelle: text,
  ligneTvaTauxRefValeur: rate,
});

export const attachmentWire = z.object({
  pieceJointeDesignation: text,
  pieceJointeExtension: text,
  pieceJointeId: int,
  pieceJointeIdLiaison: int,
  pieceJointeNumeroLigneFacture: int,
  pieceJointeTypeCode: text,
  pieceJointeTypeLibelle: text,
});

export const invoiceWire = z.object({
  identifiantFactureCPP: int,
  numeroFacture: text,
  statutFacture: text,
  statut: text,
  modeDepot: text,
  commentaire: text,
  cadreDeFacturation: opt(frameworkWire),
  destinataire: opt(recipientWire),
  fournisseur: opt(supplierWire),
  references: opt(referencesWire),
  montantTotal: opt(totalsWire),
  lignesDePoste: opt(z.object({ lignePoste: wireList(lineWire), totalLignesPoste: int })),
  recapitulatifDeTva: opt(z.object({ ligneTva: wireList(vatLineWire), totalLignesRecapitulativesTVA: int })),
  pieceJointePrincipale: opt(z.object({ idLiaisonPieceJointePrincipale: int, idPieceJointePrincipale: int })),
  listeDesPiecesJointes: opt(z.object({ pieceJointe: wireList(attachmentWire), totalListePiecesJointe: int })),
  piecePrecedente: opt(z.object({ idPiecePrecedente: int, numeroPiecePrecedente: text })),
  pieceSuivante: opt(z.object({ idPieceSuivante: int, numeroPieceSuivante: text })),
});

export const detailsAnswerSchema = z.object({ facture: invoiceWire });

export type InvoiceWire = z.output<typeof invoiceWire>;
export type LineWire = z.output<typeof lineWire>;
export type VatLineWire = z.output<typeof vatLineWire>;
