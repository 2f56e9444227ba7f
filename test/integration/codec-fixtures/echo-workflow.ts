import { workflowInfo } from '@temporalio/workflow';

export interface EchoInput {
  invoiceNumber: string;
  supplierName: string;
}

export interface EchoResult {
  echoed: EchoInput;
  /** The memo as the workflow sees it: proves the worker decoded it. */
  memo: Record<string, unknown>;
  note: string;
}

/** Returns its input, the memo it was started with and a sentence built from both. */
export function echoInvoice(input: EchoInput): Promise<EchoResult> {
  const memo = workflowInfo().memo ?? {};
  return Promise.resolve({ echoed: input, memo, note: `Invoice ${input.invoiceNumber} from ${input.supplierName}` });
}
