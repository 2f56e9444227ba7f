/** One id per invoice and dedupe scope: a second start of the same invoice is refused by Temporal itself. */
export function invoiceWorkflowId(gatewayId: string, scope: string, invoiceId: number): string {
  return `invoice-${gatewayId}-${scope}-${invoiceId}`;
}

export function scheduleId(gatewayId: string): string {
  return `gateway-${gatewayId}`;
}
