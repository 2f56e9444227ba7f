import type { GatewayConfig } from '../src/config/gateway-config.ts';
import type { BlobRef } from '../src/store/types.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';
import { withHeartbeats } from './heartbeats.ts';

export const MAX_INVOICE_BYTES = 100 * 1024 * 1024;

export interface DownloadInvoiceInput {
  gateway: GatewayConfig;
  invoiceId: number;
}

/** Streams the invoice's pivot XML into the store and returns a reference to it, never its bytes. */
export function makeDownloadInvoice({ store, chorus }: ActivityDeps) {
  return async function downloadInvoice({ gateway, invoiceId }: DownloadInvoiceInput): Promise<BlobRef> {
    const blob = await store.allocateBlob(gateway.id, `-${invoiceId}.xml`);
    try {
      const { bytes, sha256 } = await withHeartbeats(() =>
        withFailures(() =>
          chorus.get(gateway).downloadPivot(invoiceId, blob.path, { maxBytes: MAX_INVOICE_BYTES, fresh: true }),
        ),
      );
      return { key: blob.key, bytes, sha256 };
    } catch (err) {
      await store.discardBlob(blob.key);
      throw err;
    }
  };
}
