import { parseArgs } from 'node:util';
import { type Client, WorkflowFailedError } from '@temporalio/client';
import type { BackfillInput, BackfillProgress } from '../gateway/types.ts';
import { GatewayIdKey } from '../temporal/search-attributes.ts';
import { printProgress, progressLine } from './progress-bar.ts';
import { rootMessage } from '../gateway/root-message.ts';

/** `chorus-gateway backfill <id> --from D --to D [--supplier ID]... [--no-wait]` */
export async function backfill(client: Client, args: string[], taskQueue: string): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      supplier: { type: 'string', multiple: true },
      'no-wait': { type: 'boolean' },
    },
  });
  const [gatewayId] = positionals;
  if (!gatewayId || !values.from || !values.to) {
    throw new Error('Usage: chorus-gateway backfill <gateway-id> --from YYYY-MM-DD --to YYYY-MM-DD [--supplier ID]...');
  }
  const suppliers = values.supplier?.map((value) => {
    const id = Number(value);
    if (!Number.isInteger(id) || id <= 0)
      throw new Error(`--supplier takes a Chorus Pro structure id (a number), not "${value}"`);
    return id;
  });
  const input: BackfillInput = { gatewayId, from: values.from, to: values.to, ...(suppliers && { suppliers }) };
  const workflowId = `backfill-${gatewayId}-${values.from}-${values.to}-${Date.now().toString(36)}`;
  const handle = await client.workflow.start('backfillGateway', {
    taskQueue,
    workflowId,
    args: [input],
    typedSearchAttributes: [{ key: GatewayIdKey, value: gatewayId }],
    staticSummary: `Backfill of gateway ${gatewayId} from ${values.from} to ${values.to}`,
  });
  console.log(`Started backfill ${workflowId}`);
  if (values['no-wait']) return;

  const result = handle.result() as Promise<BackfillProgress>;
  let finished = false;
  void result.then(
    () => (finished = true),
    () => (finished = true),
  );
  while (!finished) {
    try {
      const progress = await handle.query<BackfillProgress>('progress');
      printProgress(
        progressLine(
          progress.slicesDone,
          progress.slices,
          `days; ${progress.delivered} delivered, ${progress.failed} failed`,
        ),
      );
    } catch {
      // The first query can arrive before the workflow has run its first task.
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
  try {
    const progress = await result;
    printProgress(progressLine(progress.slicesDone, progress.slices, 'days'));
    console.log(
      `\nBackfill done: ${progress.listed} listed, ${progress.delivered} delivered, ` +
        `${progress.alreadyDelivered} already delivered, ${progress.failed} failed.`,
    );
    for (const failure of progress.failures) console.log(`  invoice ${failure.invoiceId}: ${failure.message}`);
    if (progress.failed > 0) process.exitCode = 1;
  } catch (err) {
    if (err instanceof WorkflowFailedError) throw new Error(`Backfill failed: ${rootMessage(err)}`);
    throw err;
  }
}
