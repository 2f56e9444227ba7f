import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Keyword attributes let a user filter the Web UI and `temporal workflow list` by business ids.
export const GatewayIdKey = defineSearchAttributeKey('GatewayId', SearchAttributeType.KEYWORD);
export const InvoiceIdKey = defineSearchAttributeKey('InvoiceId', SearchAttributeType.KEYWORD);
export const InvoiceNumberKey = defineSearchAttributeKey('InvoiceNumber', SearchAttributeType.KEYWORD);
export const SupplierKey = defineSearchAttributeKey('Supplier', SearchAttributeType.KEYWORD);

// A batch workflow lists the invoices it handles, so a search for one invoice finds its batch.
export const InvoiceIdsKey = defineSearchAttributeKey('InvoiceIds', SearchAttributeType.KEYWORD_LIST);
export const InvoiceNumbersKey = defineSearchAttributeKey('InvoiceNumbers', SearchAttributeType.KEYWORD_LIST);

/**
 * How an invoice workflow ended: delivered, converted-with-errors or already-delivered. A batch takes the first of
 * converted-with-errors, delivered, failed, already-delivered that applies to one of its invoices.
 */
export const DeliveryStatusKey = defineSearchAttributeKey('DeliveryStatus', SearchAttributeType.KEYWORD);

export const GATEWAY_SEARCH_ATTRIBUTES = [
  GatewayIdKey,
  InvoiceIdKey,
  InvoiceNumberKey,
  SupplierKey,
  DeliveryStatusKey,
  InvoiceIdsKey,
  InvoiceNumbersKey,
];
