import { join } from 'node:path';
import { ChorusClient, type InvoiceRef } from '../../src/chorus/index.ts';
import type { Credentials } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import { chorusEnvironment } from '../../src/gateway/chorus-environment.ts';
import { describeDelivery } from '../../src/gateway/metadata.ts';
import { FileStore } from '../../src/store/file-store.ts';

/**
 * The gateway's work without Temporal: the same client, store and metadata, the same concurrency, so the difference
 * in rate is what orchestration costs.
 */
export async function runBaseline(
  gateway: GatewayConfig,
  credentials: Credentials,
  storeRoot: string,
  concurrency: number,
) {
  const client = new ChorusClient({ environment: chorusEnvironment(gateway), credentials });
  const store = new FileStore(join(storeRoot));
  const structure = await client.findStructureBySiret(gateway.recipient.siret);
  const refs: InvoiceRef[] = [];
  for await (const ref of client.searchReceivedInvoices({
    recipientStructureId: structure.structureId,
    statusChangedFrom: new Date(Date.now() - 7 * 24 * 3600 * 1000),
    statusChangedTo: new Date(),
  })) {
    refs.push(ref);
  }
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < refs.length) {
      const invoice = refs[next++] as InvoiceRef;
      if (await store.findManifest(gateway.id, invoice.invoiceId)) continue;
      const blob = await store.allocateBlob(gateway.id, `-${invoice.invoiceId}.xml`);
      const downloaded = await client.downloadPivot(invoice.invoiceId, blob.path);
      const ref = { key: blob.key, ...downloaded };
      await store.deliver({
        gatewayId: gateway.id,
        invoiceId: invoice.invoiceId,
        scope: 'baseline',
        files: [{ name: 'message.xml', role: 'message', blob: ref }],
        metadata: describeDelivery({ gateway, invoice, message: { name: 'message.xml', format: 'pivot', blob: ref } }),
      });
    }
  });
  await Promise.all(workers);
  return refs.length;
}
