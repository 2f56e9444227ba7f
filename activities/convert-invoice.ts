import type { InvoiceRef } from '../src/chorus/index.ts';
import type { GatewayConfig } from '../src/config/gateway-config.ts';
import type { ConvertedInvoice } from '../src/gateway/conversion.ts';
import { convertInvoice as convert } from '../src/gateway/convert-invoice.ts';
import type { BlobRef } from '../src/store/types.ts';
import type { ActivityDeps } from './deps.ts';
import { withFailures } from './failures.ts';
import { withHeartbeats } from './heartbeats.ts';

export interface ConvertInvoiceInput {
  gateway: GatewayConfig;
  invoice: InvoiceRef;
  pivot: BlobRef;
}

export function makeConvertInvoice({ store, chorus, conversions }: ActivityDeps) {
  return async function convertInvoice(input: ConvertInvoiceInput): Promise<ConvertedInvoice> {
    return withHeartbeats(() =>
      withFailures(() => convert({ store, chorus: chorus.get(input.gateway), serial: conversions }, input)),
    );
  };
}
