import { ATTACHMENT_MIME_CODES } from './code-lists.ts';
import { absBig, centsOf, formatCents } from './decimal.ts';
import type { AddressForUbl, InvoiceDetailsForUbl } from './details-types.ts';
import { buildLines } from './pivot-lines.ts';
import type { ExtractedAttachment, PivotInvoice } from './pivot-types.ts';
import type { RuleIssue } from './rules-core.ts';
import { EN16931_CUSTOMIZATION, emptyInvoice, type Party, type PostalAddress, type UblInvoice } from './ubl-model.ts';

/**
 * Builds the EN 16931 model of an invoice from its pivot data plus the consult details (API-REFERENCE §5 mapping):
 * SIRET as scheme 0009, service code as BT-10, commitment as BT-13, contract as BT-12, framework as BT-23, payment
 * means from the pivot's UNTDID 4461 code, and the main PDF embedded. What is derived rather than read is listed in
 * `warnings`; totals that disagree with the pivot's own beyond rounding are `errors`.
 */

export interface PivotUblBuild {
  model: UblInvoice;
  warnings: string[];
  errors: RuleIssue[];
}

const SIRET = /^\d{14}$/;

function address(details: AddressForUbl | undefined, fallbackCountry: string | undefined): PostalAddress {
  return {
    street: details?.street,
    additionalStreet: details?.additionalStreet,
    line3: details?.line3,
    city: details?.city,
    postalCode: details?.postalCode,
    country: details?.countryCode?.toUpperCase() ?? fallbackCountry,
  };
}

function seller(invoice: PivotInvoice, details: InvoiceDetailsForUbl | undefined, warnings: string[]): Party {
  const s = invoice.supplier;
  const d = details?.supplier;
  const isSiret = s.identifierType === 'SIRET' && SIRET.test(s.identifier);
  // Suppliers of type 2 (EU outside France) are identified by their intra-community VAT number.
  const euVat =
    s.identifierType === 'EU_OUTSIDE_FRANCE' && /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/.test(s.identifier)
      ? s.identifier
      : undefined;
  const id = { id: s.identifier, scheme: isSiret ? '0009' : undefined };
  if (!d?.address?.countryCode && s.countryCode)
    warnings.push('seller address: only the country is known (pivot CodePays)');
  return {
    endpoint: isSiret ? id : undefined,
    identifiers: [id],
    address: address(d?.address, s.countryCode),
    vatId: d?.vatNumber ?? euVat,
    legalName: d?.name ?? s.name,
    legalId: isSiret ? id : undefined,
    contact:
      d?.email || d?.phone || d?.contactName ? { name: d.contactName, phone: d.phone, email: d.email } : undefined,
  };
}

function buyer(invoice: PivotInvoice, details: InvoiceDetailsForUbl | undefined, warnings: string[]): Party {
  const debtor = invoice.debtor;
  const d = details?.buyer;
  const isSiret = debtor.identifierTypeCode === '1' && SIRET.test(debtor.identifier);
  const id = { id: debtor.identifier, scheme: isSiret ? '0009' : undefined };
  let country = d?.address?.countryCode;
  if (!country && isSiret) {
    // A SIRET is only ever given to establishments in France.
    country = 'FR';
    warnings.push('buyer country FR derived from its SIRET');
  }
  return {
    endpoint: isSiret ? id : undefined,
    identifiers: [id],
    address: address(d?.address, country),
    vatId: d?.vatNumber,
    legalName: d?.name ?? debtor.name,
    legalId: isSiret ? id : undefined,
  };
}

function mainDocument(attachment: ExtractedAttachment | undefined, warnings: string[]): UblInvoice['documents'] {
  if (!attachment) return [];
  if (!ATTACHMENT_MIME_CODES.has(attachment.mimeType)) {
    warnings.push(
      `main attachment "${attachment.originalName}" (${attachment.mimeType}) not embedded: EN 16931 does not allow that MIME type`,
    );
    return [];
  }
  return [
    {
      id: attachment.originalName,
      description: 'Facture telle que déposée sur Chorus Pro',
      embedded: {
        mimeCode: attachment.mimeType,
        filename: attachment.storedName,
        source: { kind: 'decoded-file', path: attachment.path },
      },
    },
  ];
}

/** Totals from the lines and breakdown, checked against the pivot's declared MontantHT / TTC / NetAPayer. */
function totals(u: UblInvoice, invoice: PivotInvoice, errors: RuleIssue[], warnings: string[]): void {
  const currency = invoice.currency;
  const money = (cents: bigint) => ({ value: formatCents(cents), currency });
  const subtotals = u.taxTotals[0]?.subtotals ?? [];
  const lineSum = u.lines.reduce((sum, l) => sum + (centsOf(l.net?.value) ?? 0n), 0n);
  const vat = subtotals.reduce((sum, s) => sum + (centsOf(s.tax?.value) ?? 0n), 0n);
  const inclTax = lineSum + vat;
  const tolerance = BigInt(u.lines.length + subtotals.length);
  const declared = {
    exclTax: centsOf(invoice.amounts.exclTax) ?? 0n,
    inclTax: centsOf(invoice.amounts.inclTax) ?? 0n,
    payable: centsOf(invoice.amounts.netPayable) ?? 0n,
  };
  const compare = (rule: string, label: string, computed: bigint, expected: bigint): void => {
    const gap = absBig(computed - expected);
    if (gap > tolerance) {
      errors.push({
        rule,
        message: `[${rule}] ${label}: the pivot says ${formatCents(expected)}, its lines and VAT give ${formatCents(computed)}`,
      });
    } else if (gap > 0n) {
      warnings.push(
        `${label}: ${formatCents(computed)} used (pivot ${formatCents(expected)}, rounding of 2-decimal amounts)`,
      );
    }
  };
  if (u.lines.length > 0) {
    compare('BR-CO-13', 'total without VAT (MontantHT, BT-109)', lineSum, declared.exclTax);
    compare('BR-CO-15', 'total with VAT (MontantTTC, BT-112)', inclTax, declared.inclTax);
  }
  u.taxTotals[0] = { amount: money(vat), subtotals };
  u.totals = { lineExtension: money(lineSum), taxExclusive: money(lineSum), taxInclusive: money(inclTax) };
  // Amount due: what the pivot says; the difference to the total is a prepaid amount (A2: already paid invoices).
  const payable = declared.payable === declared.inclTax ? inclTax : declared.payable;
  const prepaid = inclTax - payable;
  if (prepaid > 0n) u.totals.prepaid = money(prepaid);
  else if (prepaid < 0n && -prepaid < 100n) u.totals.rounding = money(-prepaid);
  else if (prepaid < 0n) {
    errors.push({
      rule: 'BR-CO-16',
      message: `[BR-CO-16] amount due (MontantNetAPayer ${formatCents(payable)}) exceeds the total with VAT ${formatCents(inclTax)}`,
    });
  }
  u.totals.payable = money(payable);
}

export function buildUblFromPivot(invoice: PivotInvoice, details: InvoiceDetailsForUbl | undefined): PivotUblBuild {
  const warnings: string[] = [];
  const errors: RuleIssue[] = [];
  const u = emptyInvoice(invoice.kind === 'credit-note' ? 'CreditNote' : 'Invoice');
  const built = buildLines(invoice, details);
  warnings.push(...built.warnings);
  const main = invoice.attachments.find((a) => a.kind === 'main');
  const bank = invoice.supplier.bankReference;
  const account = (details?.bankAccount?.iban ?? bank?.account)?.replace(/\s+/g, '');
  const means = invoice.paymentMeans;
  Object.assign(u, {
    customizationId: EN16931_CUSTOMIZATION,
    profileId: invoice.billingFramework,
    id: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: u.kind === 'Invoice' ? details?.dueDate : undefined,
    typeCode: invoice.typeCode,
    notes: details?.note ? [details.note] : [],
    currency: invoice.currency,
    buyerReference: invoice.debtor.serviceCode,
    invoicePeriod:
      details?.vatRegime === 'TVA_SUR_ENCAISSEMENT' || details?.vatRegime === 'TVA_SUR_DEBIT'
        ? { descriptionCode: details.vatRegime === 'TVA_SUR_ENCAISSEMENT' ? '432' : '3' }
        : undefined,
    orderReference: invoice.commitmentNumber ? { id: invoice.commitmentNumber } : undefined,
    precedingInvoices:
      invoice.originalInvoiceNumber && invoice.originalInvoiceNumber !== invoice.number
        ? [{ id: invoice.originalInvoiceNumber }]
        : [],
    contractRef: invoice.contractNumber,
    documents: mainDocument(main, warnings),
    seller: seller(invoice, details, warnings),
    buyer: buyer(invoice, details, warnings),
    delivery: invoice.deliveryDate ? { date: invoice.deliveryDate } : undefined,
    // A payment means needs its type code (BR-49): without ModePaiement, the bank account is left out.
    paymentMeans: means
      ? [
          {
            code: means.code,
            text: means.label,
            dueDate: u.kind === 'CreditNote' ? details?.dueDate : undefined,
            payeeAccount: account
              ? {
                  id: account,
                  name: details?.bankAccount?.accountName ?? bank?.payeeName,
                  bic: details?.bankAccount?.bic,
                }
              : undefined,
          },
        ]
      : [],
    paymentTerms: details?.paymentTerms,
    taxTotals: [{ subtotals: built.breakdown }],
    lines: built.lines,
  });
  const sellerParty = u.seller;
  const taxedLines = built.lines.some((l) => ['S', 'Z', 'E', 'AE'].includes(l.item.tax?.code ?? ''));
  if (sellerParty && !sellerParty.vatId && taxedLines && sellerParty.legalId?.scheme === '0009') {
    // The SIREN (first 9 digits of the SIRET) is the French tax identification number of a legal entity (BT-32).
    sellerParty.taxRegistration = { id: sellerParty.legalId.id.slice(0, 9), scheme: 'TAX' };
    warnings.push('seller VAT number unknown: its SIREN is given as tax registration identifier (BT-32)');
  }
  if (!means && account) warnings.push('payment means code unknown (no ModePaiement): bank account not written');
  if (u.kind === 'CreditNote' && details?.dueDate && u.paymentMeans.length === 0) {
    warnings.push('due date not written: a UBL credit note carries it in PaymentMeans, and no payment means is known');
  }
  totals(u, invoice, errors, warnings);
  return { model: u, warnings, errors };
}
