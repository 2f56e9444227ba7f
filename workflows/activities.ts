import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';

// Listing is retried a few times within a tick; if Chorus Pro stays unreachable the poll fails visibly and the
// next tick starts over.
export const { listInvoices } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 4 },
});

// Reading a manifest and moving files into the store take milliseconds: as local activities they run inside the
// workflow task instead of costing a round trip through the server each (about twice the throughput, see bench/).
export const { findDelivery, findUndelivered, deliverInvoice } = proxyLocalActivities<GatewayActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

// A 100 MB download over a slow line takes minutes; the heartbeat timeout notices a dead worker much sooner.
export const { downloadInvoice } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export const { loadDeployment, loadCursor, saveCursor } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

// Reading a pivot and building a UBL is CPU and disk work proportional to the file (up to 100 MB).
export const { convertInvoice } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
});

// A batch's fast path: a few quick tries, then the invoice goes to a workflow of its own with the full retries above.
export const { fetchAndDeliverInvoice } = proxyActivities<GatewayActivities>({
  startToCloseTimeout: '45 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});
