import type { ActivityDeps } from './deps.ts';

export interface FindDeliveryInput {
  gatewayId: string;
  invoiceId: number;
  scope: string;
}

/** The durable dedupe record: outlives Temporal's retention of closed workflows. */
export function makeFindDelivery({ store }: ActivityDeps) {
  return async function findDelivery({
    gatewayId,
    invoiceId,
    scope,
  }: FindDeliveryInput): Promise<{ folder: string; deliveredAt: string } | undefined> {
    const manifest = await store.findManifest(gatewayId, invoiceId);
    if (manifest?.scope !== scope) return undefined;
    return { folder: store.messageFolder(gatewayId, invoiceId), deliveredAt: manifest.deliveredAt };
  };
}
