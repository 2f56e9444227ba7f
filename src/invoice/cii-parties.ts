import type { Amount, Identifier, Party, PostalAddress, TaxCategory } from './ubl-model.ts';
import { at, attrOf, child, childrenNamed, textAt, type XmlElement } from './xml-tree.ts';

/** CII D16B building blocks mapped to their EN 16931 terms (dates, amounts, addresses, parties, tax). */

export const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

/** udt:DateTimeString (or udt:DateString) with format 102 (CCYYMMDD) → xs:date; other formats are kept as written. */
export function ciiDate(element: XmlElement | undefined): string | undefined {
  const value = textAt(element, 'DateTimeString') ?? textAt(element, 'DateString') ?? element?.text;
  if (!value) return undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : value.trim();
}

export function ciiAmount(element: XmlElement | undefined, currency: string | undefined): Amount | undefined {
  if (!element || element.text === '') return undefined;
  return { value: element.text, currency: attrOf(element, 'currencyID') ?? currency };
}

export function ciiIdentifier(element: XmlElement | undefined): Identifier | undefined {
  if (!element || element.text === '') return undefined;
  return { id: element.text, scheme: attrOf(element, 'schemeID') };
}

export function ciiAddress(element: XmlElement | undefined): PostalAddress | undefined {
  if (!element) return undefined;
  return {
    postalCode: textAt(element, 'PostcodeCode'),
    street: textAt(element, 'LineOne'),
    additionalStreet: textAt(element, 'LineTwo'),
    line3: textAt(element, 'LineThree'),
    city: textAt(element, 'CityName'),
    country: textAt(element, 'CountryID'),
    subdivision: textAt(element, 'CountrySubDivisionName'),
  };
}

/** SellerTradeParty, BuyerTradeParty or SellerTaxRepresentativeTradeParty. */
export function ciiParty(element: XmlElement | undefined): Party | undefined {
  if (!element) return undefined;
  const registrations = childrenNamed(element, 'SpecifiedTaxRegistration').map((r) => child(r, 'ID'));
  const vat = registrations.find((id) => attrOf(id, 'schemeID')?.toUpperCase() === 'VA');
  const other = registrations.find((id) => id && attrOf(id, 'schemeID')?.toUpperCase() !== 'VA');
  const legal = child(element, 'SpecifiedLegalOrganization');
  const contact = child(element, 'DefinedTradeContact');
  const identifiers = [
    ...childrenNamed(element, 'ID').map(ciiIdentifier),
    ...childrenNamed(element, 'GlobalID').map(ciiIdentifier),
  ].filter((id): id is Identifier => id !== undefined);
  return {
    endpoint: ciiIdentifier(at(element, 'URIUniversalCommunication', 'URIID')),
    identifiers,
    tradingName: textAt(legal, 'TradingBusinessName'),
    address: ciiAddress(child(element, 'PostalTradeAddress')),
    vatId: vat?.text || undefined,
    taxRegistration: other?.text ? { id: other.text, scheme: 'TAX' } : undefined,
    legalName: textAt(element, 'Name'),
    legalId: ciiIdentifier(child(legal, 'ID')),
    legalForm: textAt(element, 'Description'),
    contact: contact && {
      name: textAt(contact, 'PersonName') ?? textAt(contact, 'DepartmentName'),
      phone: textAt(contact, 'TelephoneUniversalCommunication', 'CompleteNumber'),
      email: textAt(contact, 'EmailURIUniversalCommunication', 'URIID'),
    },
  };
}

/** An ApplicableTradeTax / CategoryTradeTax as a tax category. */
export function ciiTaxCategory(element: XmlElement | undefined): TaxCategory | undefined {
  if (!element) return undefined;
  return {
    code: textAt(element, 'CategoryCode'),
    percent: textAt(element, 'RateApplicablePercent'),
    exemptionReasonCode: textAt(element, 'ExemptionReasonCode'),
    exemptionReason: textAt(element, 'ExemptionReason'),
    scheme: textAt(element, 'TypeCode') ?? 'VAT',
  };
}
