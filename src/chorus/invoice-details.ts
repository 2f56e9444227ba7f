/** consulterFactureParRecipiendaire → InvoiceDetails (English, optional fields left out when Chorus Pro omits them). */
import { detailsAnswerSchema, type InvoiceWire, type LineWire, type VatLineWire } from './details-wire.ts';
import type { ChorusCall, ChorusTransport } from './transport.ts';
import type { InvoiceDetails, InvoiceLine, PostalAddress, VatSummaryLine } from './types.ts';

export const DETAILS_PATH = '/cpro/factures/v1/consulter/recipiendaire';

export async function getInvoiceDetails(transport: ChorusTransport, invoiceId: number): Promise<InvoiceDetails> {
  if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) {
    throw new TypeError(`getInvoiceDetails: invalid invoice id ${String(invoiceId)}`);
  }
  const call: ChorusCall = {
    operation: 'getInvoiceDetails',
    action: `reading the details of invoice ${invoiceId}`,
    path: DETAILS_PATH,
    body: { identifiantFactureCPP: invoiceId },
  };
  const answer = await transport.postJson(call, detailsAnswerSchema);
  return toInvoiceDetails(answer.facture, invoiceId);
}

/** Drops undefined members; returns undefined when nothing is left. */
function some<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

function all<T extends object>(value: T): T {
  return some(value) ?? ({} as T);
}

/** A rate given as a number (or numeric string) becomes a number; anything else is a code. */
function splitRate(value: number | string | undefined): { rate?: number; code?: string } {
  if (value === undefined) return {};
  if (typeof value === 'number') return { rate: value };
  const trimmed = value.trim();
  if (trimmed === '') return {};
  const n = Number(trimmed.replace(',', '.').replace(/%$/, ''));
  return Number.isFinite(n) ? { rate: n } : { code: trimmed };
}

export function toInvoiceDetails(f: InvoiceWire, requestedId: number): InvoiceDetails {
  const r = f.destinataire;
  const s = f.fournisseur;
  const ref = f.references;
  const fw = f.cadreDeFacturation;
  const lines = (f.lignesDePoste?.lignePoste ?? []).map(toLine);
  const vatSummary = (f.recapitulatifDeTva?.ligneTva ?? []).map(toVatLine);
  const attachments = (f.listeDesPiecesJointes?.pieceJointe ?? []).map((a) =>
    all({
      attachmentId: a.pieceJointeId,
      linkId: a.pieceJointeIdLiaison,
      name: a.pieceJointeDesignation,
      extension: a.pieceJointeExtension,
      typeCode: a.pieceJointeTypeCode,
      typeLabel: a.pieceJointeTypeLibelle,
      invoiceLineNumber: a.pieceJointeNumeroLigneFacture,
    }),
  );
  const incomplete: InvoiceDetails['incomplete'] = [];
  if ((f.lignesDePoste?.totalLignesPoste ?? 0) > lines.length) incomplete.push('lines');
  if ((f.recapitulatifDeTva?.totalLignesRecapitulativesTVA ?? 0) > vatSummary.length) incomplete.push('vatSummary');
  if ((f.listeDesPiecesJointes?.totalListePiecesJointe ?? 0) > attachments.length) incomplete.push('attachments');

  const supplierAddress: PostalAddress | undefined = s
    ? some({
        addressId: s.adresseFournisseurId,
        street: s.adresseFournisseurDetail,
        complement1: s.adresseFournisseurComplement1,
        complement2: s.adresseFournisseurComplement2,
        postalCode: s.adresseFournisseurCodePostal,
        city: s.adresseFournisseurVille,
        countryCode: s.adresseFournisseurCodePays,
        countryName: s.adresseFournisseurLibellePays,
      })
    : undefined;
  const recipientAddress: PostalAddress | undefined = r
    ? some({
        addressId: r.adresseDestinataireId,
        street: r.adresseDestinataireDetail,
        complement1: r.adresseDestinataireComplement1,
        complement2: r.adresseDestinataireComplement2,
        postalCode: r.adresseDestinataireCodePostal,
        city: r.adresseDestinataireVille,
        countryCode: r.adresseDestinataireCodePays,
        countryName: r.adresseDestinataireLibellePays,
      })
    : undefined;

  const details: InvoiceDetails = {
    invoiceId: f.identifiantFactureCPP ?? requestedId,
    supplier: all({
      structureId: s?.idFournisseur,
      code: s?.codeFournisseur,
      identifierType: s?.typeIdentifiantFournisseur,
      name: s?.designationFournisseur ?? s?.raisonSocialeFournisseur,
      serviceId: s?.idServiceFournisseur,
      serviceCode: s?.codeServiceFournisseur,
      serviceName: s?.libelleServiceFournisseur,
      rcsNumber: s?.numeroRcsFournisseur,
      address: supplierAddress,
      bankAccount: s
        ? some({
            accountId: s.coordBancairesFournisseurId,
            type: s.coordBancairesFournisseurType,
            label: s.coordBancairesFournisseurLibelle,
            accountNumber: s.coordBancairesFournisseurCompteBancaire,
            ibanKey: s.coordBancairesFournisseurCleIban,
            ribKey: s.coordBancairesFournisseurCleRib,
            bankCode: s.coordBancairesFournisseurCodeBanque,
            branchCode: s.coordBancairesCodeGuichet,
            bic: s.coordBancairesBicSwift,
            countryCode: s.coordBancairesFournisseurCodePays,
          })
        : undefined,
      factor: s?.affactureur
        ? some({
            structureId: s.affactureur.affactureurId,
            code: s.affactureur.affactureurCode,
            identifierType: s.affactureur.affactureurTypeIdentifiant,
            name: s.affactureur.affactureurRaisonSociale,
            countryCode: s.affactureur.affactureurCodePays,
          })
        : undefined,
    }),
    recipient: all({
      structureId: r?.idDestinataire,
      code: r?.codeDestinataire,
      name: r?.libelleDestinataire,
      serviceId: r?.idServiceExecutant,
      serviceCode: r?.codeServiceExecutant,
      serviceName: r?.libelleServiceExecutant,
      isStateEntity: r?.destinataireEtat,
      address: recipientAddress,
    }),
    references: all({
      invoiceType: ref?.typeFacture,
      worksInvoiceType: ref?.typeFactureTravaux,
      currency: ref?.codeDeviseFacture,
      currencyName: ref?.libelleDeviseFacture,
      invoiceDate: ref?.dateFacture,
      depositDate: ref?.dateDepot,
      createdAt: ref?.dateCreationFacture,
      paymentDueDate: ref?.dateEcheancePaiement,
      paymentMethod: ref?.modePaiement,
      vatType: ref?.typeTva,
      vatExemptionReason: ref?.motifExonerationTva,
      vatExemptionLabel: ref?.libelleMotifExonerationTva,
      orderNumber: ref?.numeroBonCommande,
      contractNumber: ref?.numeroMarche,
      originalInvoiceNumber: ref?.numeroFactureOrigine,
      mandateNumber: ref?.numeroDpMandat,
      attachmentsTotalSize: ref?.tailleTotalePiecesJointes,
    }),
    totals: all({
      amountExclTax: f.montantTotal?.montantHtTotal,
      vatAmount: f.montantTotal?.montantTVA,
      amountInclTax: f.montantTotal?.montantTtcTotal,
      amountDue: f.montantTotal?.montantAPayer,
      globalDiscountInclTax: f.montantTotal?.montantRemiseGlobaleTTC,
      amountInclTaxBeforeDiscount: f.montantTotal?.montantTtcAvantRemiseGlobalTTC,
      globalDiscountReason: f.montantTotal?.motifRemiseGlobaleTTC,
    }),
    lines,
    vatSummary,
    attachments,
    incomplete,
  };
  const optional = some({
    invoiceNumber: f.numeroFacture,
    status: f.statutFacture ?? f.statut,
    depositMode: f.modeDepot,
    comment: f.commentaire,
    billingFramework: fw
      ? some({
          code: fw.codeCadreFacturation,
          projectOwner: some({
            structureId: fw.idMoa,
            code: fw.identifiantMoa,
            name: fw.raisonSocialeMoa ?? fw.designationMoa,
            serviceCode: fw.codeServiceMoa,
          }),
          projectManager: some({
            structureId: fw.idMoe,
            code: fw.identifiantMoe,
            name: fw.raisonSocialeMoe ?? fw.designationMoe,
            serviceCode: fw.codeServiceMoe,
          }),
        })
      : undefined,
    mainAttachment: f.pieceJointePrincipale
      ? some({
          attachmentId: f.pieceJointePrincipale.idPieceJointePrincipale,
          linkId: f.pieceJointePrincipale.idLiaisonPieceJointePrincipale,
        })
      : undefined,
    previousDocument: f.piecePrecedente
      ? some({ invoiceId: f.piecePrecedente.idPiecePrecedente, invoiceNumber: f.piecePrecedente.numeroPiecePrecedente })
      : undefined,
    nextDocument: f.pieceSuivante
      ? some({ invoiceId: f.pieceSuivante.idPieceSuivante, invoiceNumber: f.pieceSuivante.numeroPieceSuivante })
      : undefined,
  });
  return { ...details, ...optional };
}

/** Sources put the rate as a number in one field and a code ("TVA5") in the other: take each where it is. */
function rateOf(...values: (number | string | undefined)[]): { rate?: number; code?: string } {
  const split = values.map(splitRate);
  return { rate: split.find((s) => s.rate !== undefined)?.rate, code: split.find((s) => s.code !== undefined)?.code };
}

function toLine(l: LineWire): InvoiceLine {
  const rate = rateOf(l.lignePosteTauxTva, l.lignePosteTauxTvaManuel);
  return all({
    number: l.lignePosteNumero,
    reference: l.lignePosteReference,
    description: l.lignePosteDenomination,
    quantity: l.lignePosteQuantite,
    unitCode: l.lignePosteUniteCode,
    unitLabel: l.lignePosteUniteLibelle,
    unitPriceExclTax: l.lignePosteMontantUnitaireHT,
    discountExclTax: l.lignePosteMontantRemiseHT,
    amountExclTax: l.lignePosteMontantHtApresRemise,
    vatRate: rate.rate,
    vatRateCode: rate.code,
    vatAmount: l.lignePosteMontantTva,
    amountInclTax: l.lignePosteMontantTtcApresRemise,
  });
}

function toVatLine(v: VatLineWire): VatSummaryLine {
  const rate = rateOf(v.ligneTvaTauxRefValeur, v.ligneTvaTauxManuel);
  return all({
    rate: rate.rate,
    rateCode: v.ligneTvaTauxRefCode ?? rate.code,
    rateLabel: v.ligneTvaTauxRefLibelle,
    taxableAmount: v.ligneTvaMontantBaseHtParTaux,
    vatAmount: v.ligneTvaMontantTvaParTaux,
  });
}
