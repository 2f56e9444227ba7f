import type { InvoiceDetails, PostalAddress } from '../chorus/index.ts';
import type { AddressForUbl, InvoiceDetailsForUbl, VatRegime } from '../invoice/index.ts';

const VAT_REGIMES: readonly string[] = ['TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA'];

function address(postal: PostalAddress | undefined): AddressForUbl | undefined {
  if (!postal) return undefined;
  const additional = [postal.complement1, postal.complement2].filter(Boolean).join(', ');
  return {
    ...(postal.street && { street: postal.street }),
    ...(additional && { additionalStreet: additional }),
    ...(postal.city && { city: postal.city }),
    ...(postal.postalCode && { postalCode: postal.postalCode }),
    ...(postal.countryCode && { countryCode: postal.countryCode }),
  };
}

/** What Chorus Pro's consult answer adds to a pivot for building an EN 16931 UBL invoice. */
export function ublDetailsFrom(details: InvoiceDetails): InvoiceDetailsForUbl {
  const { supplier, recipient, references } = details;
  const bank = supplier.bankAccount;
  const vatType = references.vatType;
  const supplierAddress = address(supplier.address);
  const buyerAddress = address(recipient.address);
  return {
    supplier: { ...(supplier.name && { name: supplier.name }), ...(supplierAddress && { address: supplierAddress }) },
    buyer: { ...(recipient.name && { name: recipient.name }), ...(buyerAddress && { address: buyerAddress }) },
    ...(bank?.accountNumber &&
      (bank.type ?? 'IBAN').toUpperCase() === 'IBAN' && {
        bankAccount: {
          iban: bank.accountNumber,
          ...(bank.bic && { bic: bank.bic }),
          ...(bank.label && { accountName: bank.label }),
        },
      }),
    ...(references.paymentDueDate && { dueDate: references.paymentDueDate.slice(0, 10) }),
    ...(vatType && VAT_REGIMES.includes(vatType) && { vatRegime: vatType as VatRegime }),
    ...((references.vatExemptionLabel ?? references.vatExemptionReason) && {
      vatExemptionReason: references.vatExemptionLabel ?? references.vatExemptionReason,
    }),
    ...(details.comment && { note: details.comment }),
    ...(details.lines.length > 0 &&
      !details.incomplete.includes('lines') && {
        lines: details.lines.map((line) => ({
          ...(line.number !== undefined && { number: line.number }),
          ...(line.reference && { reference: line.reference }),
          ...(line.description && { description: line.description }),
          ...(line.quantity !== undefined && { quantity: line.quantity }),
          ...(line.unitCode && { unitCode: line.unitCode }),
          ...(line.unitPriceExclTax !== undefined && { unitPrice: line.unitPriceExclTax }),
          ...(line.amountExclTax !== undefined && { amountExclTax: line.amountExclTax }),
          ...(line.vatRate !== undefined && { vatRate: line.vatRate }),
        })),
      }),
  };
}
