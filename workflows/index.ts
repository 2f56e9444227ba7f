export { backfillGateway, backfillProgressQuery, backfillSlice } from './backfill.ts';
export { fetchInvoice } from './fetch-invoice.ts';
export { pollGateway } from './poll-gateway.ts';
