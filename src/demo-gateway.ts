import type { GatewayConfig } from './config/gateway-config.ts';
import { credentialEnv } from './config/credentials.ts';
import type { RunningSimulator } from './simulator/server.ts';

export const DEMO_CREDENTIALS_NAME = 'SIMULATOR';

/** The gateway `npm start` runs when no configuration exists: the bundled simulator, polled every minute. */
export function demoGateway(simulator: RunningSimulator): GatewayConfig {
  return {
    id: 'demo',
    description: 'Demo gateway polling the bundled Chorus Pro simulator',
    baseUrl: simulator.url,
    tokenUrl: simulator.tokenUrl,
    credentials: DEMO_CREDENTIALS_NAME,
    recipient: { siret: simulator.recipient.siret, onlyNotDownloaded: false },
    outputFormat: 'pivot',
    saveAttachments: true,
    schedule: { cron: '0 * * * * ?', timezone: 'Europe/Paris' },
  };
}

/** The simulator's credentials, exposed to this process the way real ones are: through the environment. */
export function exposeDemoCredentials(simulator: RunningSimulator): void {
  Object.assign(process.env, credentialEnv(DEMO_CREDENTIALS_NAME, simulator.credentials));
}
