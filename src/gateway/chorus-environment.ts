import type { ChorusEnvironment } from '../chorus/index.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';

export function chorusEnvironment(gateway: GatewayConfig): ChorusEnvironment {
  if (gateway.environment) return gateway.environment;
  const apiBaseUrl = (gateway.baseUrl ?? '').replace(/\/+$/, '');
  return { apiBaseUrl, tokenUrl: gateway.tokenUrl ?? `${apiBaseUrl}/api/oauth/token` };
}
