import { ApplicationFailure, defineQuery, executeChild, setHandler, workflowInfo } from '@temporalio/workflow';
import { backfillDays, InvalidBackfillError, splitDays } from '../src/gateway/backfill-range.ts';
import { addCounts, emptyCounts, type InvoiceCounts } from '../src/gateway/invoice-counts.ts';
import type { BackfillInput, BackfillProgress, BackfillSliceInput } from '../src/gateway/types.ts';
import { loadDeployment } from './activities.ts';
import { fetchSelection } from './start-invoices.ts';

const SLICE_DAYS = 1;
const SLICES_IN_PARALLEL = 3;

export const backfillProgressQuery = defineQuery<BackfillProgress>('progress');

/**
 * A one-shot run over explicit deposit dates for a deployed gateway. Each day is a child workflow that starts
 * invoice workflows with the same ids as the scheduled ticks, so nothing is fetched twice.
 */
export async function backfillGateway(input: BackfillInput): Promise<BackfillProgress> {
  const progress: BackfillProgress = {
    gatewayId: input.gatewayId,
    from: input.from,
    to: input.to,
    slices: 0,
    slicesDone: 0,
    ...emptyCounts(),
  };
  setHandler(backfillProgressQuery, () => progress);

  let days;
  try {
    days = backfillDays(input, new Date().toISOString().slice(0, 10));
  } catch (err) {
    if (err instanceof InvalidBackfillError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidBackfillRange');
    throw err;
  }
  const deployment = await loadDeployment(input.gatewayId);
  const slices = splitDays(days, SLICE_DAYS);
  progress.slices = slices.length;

  for (let i = 0; i < slices.length; i += SLICES_IN_PARALLEL) {
    await Promise.all(
      slices.slice(i, i + SLICES_IN_PARALLEL).map(async (slice) => {
        const sliceInput: BackfillSliceInput = {
          ...deployment,
          days: slice,
          ...(input.suppliers && { supplierIds: input.suppliers }),
        };
        const result = await executeChild(backfillSlice, {
          workflowId: `${workflowInfo().workflowId}-${slice.from}`,
          args: [sliceInput],
          staticSummary: `Backfill of gateway ${input.gatewayId}, deposits of ${slice.from}..${slice.to}`,
        });
        progress.slicesDone++;
        addCounts(progress, result);
      }),
    );
  }
  return progress;
}

/** The invoices deposited on a few days, fetched like a tick fetches them. */
export async function backfillSlice(input: BackfillSliceInput): Promise<InvoiceCounts> {
  return fetchSelection(input, {
    kind: 'deposited',
    days: input.days,
    ...(input.supplierIds && { supplierIds: input.supplierIds }),
  });
}
