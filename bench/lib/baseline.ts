import { join } from 'node:path';
import { ChorusClient, type InvoiceRef } from '../../src/chorus/index.ts';
import type { Credentials } from '../../src/config/credentials.ts';
import type { GatewayConfig } from '../../src/config/gateway-config.ts';
import { chorusEnvironment } from '../../src/gateway/chorus-environment.ts';
import { convertInvoice } from '../../src/gateway/convert-invoice.ts';
import { deliverInvoice } from '../../src/gateway/deliver-invoice.ts';
import { SerialRunner } from '../../src/gateway/serial-runner.ts';
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
  const serial = new SerialRunner();
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
      const pivot = { key: blob.key, ...(await client.downloadPivot(invoice.invoiceId, blob.path, { fresh: true })) };
      const converted = await convertInvoice({ store, chorus: client, serial }, { gateway, invoice, pivot });
      await deliverInvoice(store, { gateway, scope: 'baseline', invoice, converted });
    }
  });
  await Promise.all(workers);
  return refs.length;
}
