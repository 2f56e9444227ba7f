import { setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { nextPollWindow } from '../src/gateway/poll-window.ts';
import type { PollInput, PollResult } from '../src/gateway/types.ts';
import { loadCursor, saveCursor } from './activities.ts';
import { fetchSelection } from './start-invoices.ts';

/** One scheduled tick of a gateway: list what is new on Chorus Pro since the last success and fetch each invoice. */
export async function pollGateway(input: PollInput): Promise<PollResult> {
  const { gateway, scope } = input;
  const previous =
    (workflowInfo().lastResult as PollResult | undefined)?.cursor ??
    (await loadCursor({ gatewayId: gateway.id, scope }));
  const window = nextPollWindow(new Date(), previous);
  setCurrentDetails(`Listing invoices whose status changed between ${window.from} and ${window.to}.`);

  const tally = await fetchSelection(input, { kind: 'new', window }, (listed) =>
    setCurrentDetails(`Fetching ${listed} invoice(s) listed between ${window.from} and ${window.to}.`),
  );
  await saveCursor({ gatewayId: gateway.id, scope, cursor: window.to });
  setCurrentDetails(
    `Listed ${tally.listed}, delivered ${tally.delivered}, already delivered ${tally.alreadyDelivered}, failed ${tally.failed}.`,
  );
  return { cursor: window.to, window, ...tally };
}
