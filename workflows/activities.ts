import { proxyActivities } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';

// Listing is retried a few times within a tick; if Chorus Pro stays unreachable the poll fails visibly and the
// next tick starts over.
export const { listInvoices } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 4 },
});

export const { findDelivery, deliverInvoice } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

// A 100 MB download over a slow line takes minutes; the heartbeat timeout notices a dead worker much sooner.
export const { downloadInvoice } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export const { loadDeployment, loadCursor, saveCursor } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
