import { activityInfo, heartbeat } from '@temporalio/activity';
import type { GatewayConfig } from '../src/config/gateway-config.ts';
import type { BlobRef } from '../src/store/types.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';

export const MAX_INVOICE_BYTES = 100 * 1024 * 1024;
const HEARTBEAT_EVERY_MS = 5_000;

export interface DownloadInvoiceInput {
  gateway: GatewayConfig;
  invoiceId: number;
}

/** Streams the invoice's pivot XML into the store and returns a reference to it, never its bytes. */
export function makeDownloadInvoice({ store, chorus }: ActivityDeps) {
  return async function downloadInvoice({ gateway, invoiceId }: DownloadInvoiceInput): Promise<BlobRef> {
    const blob = await store.allocateBlob(gateway.id, `-${invoiceId}.xml`);
    // Heartbeats let Temporal notice a dead worker during a long download instead of waiting for the full timeout.
    const ticker = setInterval(() => heartbeat({ attempt: activityInfo().attempt }), HEARTBEAT_EVERY_MS);
    try {
      const { bytes, sha256 } = await withFailures(() =>
        chorus.get(gateway).downloadPivot(invoiceId, blob.path, { maxBytes: MAX_INVOICE_BYTES }),
      );
      return { key: blob.key, bytes, sha256 };
    } catch (err) {
      await store.discardBlob(blob.key);
      throw err;
    } finally {
      clearInterval(ticker);
    }
  };
}
