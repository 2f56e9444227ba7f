import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Keyword attributes let a user filter the Web UI and `temporal workflow list` by business ids.
export const GatewayIdKey = defineSearchAttributeKey('GatewayId', SearchAttributeType.KEYWORD);
export const InvoiceIdKey = defineSearchAttributeKey('InvoiceId', SearchAttributeType.KEYWORD);
export const InvoiceNumberKey = defineSearchAttributeKey('InvoiceNumber', SearchAttributeType.KEYWORD);
export const SupplierKey = defineSearchAttributeKey('Supplier', SearchAttributeType.KEYWORD);

/** How an invoice workflow ended: delivered, converted-with-errors or already-delivered. */
export const DeliveryStatusKey = defineSearchAttributeKey('DeliveryStatus', SearchAttributeType.KEYWORD);

export const GATEWAY_SEARCH_ATTRIBUTES = [GatewayIdKey, InvoiceIdKey, InvoiceNumberKey, SupplierKey, DeliveryStatusKey];
