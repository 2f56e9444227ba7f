export { backfillGateway, backfillProgressQuery, backfillSlice } from './backfill.ts';
export { fetchInvoice } from './fetch-invoice.ts';
export { fetchInvoiceBatch } from './fetch-invoice-batch.ts';
export { pollGateway } from './poll-gateway.ts';
