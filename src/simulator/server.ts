/**
 * A local Chorus Pro + PISTE server speaking the real wire format (API-REFERENCE.md), for demos, tests and benchmarks.
 *
 *   POST /api/oauth/token                                           PISTE client_credentials token
 *   POST /cpro/structures/v1/rechercher, .../rechercher/services     structures and services
 *   POST /cpro/transverses/v1/recuperer/structures/actives/destinataire, .../recuperer/tauxtva; GET .../health-check
 *   POST /cpro/factures/v1/rechercher/recipiendaire, consulter/recipiendaire, consulter/historique, telecharger/groupe
 *   /admin/*                                                        control plane: invoices, faults, counters
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenStore, type ClientCredentials, type SimulatorCredentials } from './auth.ts';
import { FaultInjector, type FaultOptions } from './faults.ts';
import { DEFAULT_MAX_RESULT_BYTES } from './routes/invoice-download.ts';
import { createRequestListener, TOKEN_PATH } from './request-handler.ts';
import { SimulatorState, type AddInvoiceOptions, type SimulatorStats } from './state.ts';

export type { SimulatorCredentials, ClientCredentials } from './auth.ts';
export type { FaultOptions } from './faults.ts';
export type { SimulatorStats, AddInvoiceOptions } from './state.ts';
export { DEFAULT_FAULTS } from './faults.ts';

export const DEFAULT_SIMULATOR_CREDENTIALS: SimulatorCredentials = {
  clientId: 'sim-client-id',
  clientSecret: 'sim-client-secret',
  login: 'TECH_1_simulator@cpro.fr',
  password: 'sim-password',
};

/** A second PISTE application that exists but is not subscribed to the Chorus Pro APIs (its calls get 403). */
export const DEFAULT_UNSUBSCRIBED_CLIENT: ClientCredentials = {
  clientId: 'sim-unsubscribed-client-id',
  clientSecret: 'sim-unsubscribed-client-secret',
};

export interface SimulatorOptions {
  host?: string;
  port?: number;
  seed?: number;
  invoiceCount?: number;
  referenceDate?: Date;
  credentials?: SimulatorCredentials;
  tokenLifetimeSeconds?: number;
  faults?: Partial<FaultOptions>;
  /** Recipient structures the technical account receives for (default 1); invoices are spread over them. */
  recipientCount?: number;
  unsubscribedClient?: ClientCredentials;
  /** Size over which a download answers 413 (default 120 MiB of decoded `fichierResultat`). */
  maxResultBytes?: number;
  /** Initial invoices are deposited over this many days before `referenceDate` (default 10). */
  depositSpreadDays?: number;
  /** Share of initial invoices the recipient already downloaded (flag true, history action), default 0. */
  preDownloadedShare?: number;
}

export interface RunningSimulator {
  url: string;
  tokenUrl: string;
  recipient: { siret: string; structureId: number; name: string; serviceCodes: string[] };
  credentials: SimulatorCredentials;
  unsubscribedClient: ClientCredentials;
  addInvoices(count: number, options?: AddInvoiceOptions): number[];
  setFaults(faults: Partial<FaultOptions>): void;
  faults(): FaultOptions;
  stats(): SimulatorStats;
  resetCounters(): void;
  invoiceIds(): number[];
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  const credentials = options.credentials ?? DEFAULT_SIMULATOR_CREDENTIALS;
  const unsubscribedClient = options.unsubscribedClient ?? DEFAULT_UNSUBSCRIBED_CLIENT;
  const state = new SimulatorState({
    seed,
    invoiceCount: options.invoiceCount ?? 25,
    referenceDate: options.referenceDate ?? new Date(),
    recipientCount: options.recipientCount ?? 1,
    userEmail: credentials.login,
    depositSpreadDays: options.depositSpreadDays ?? 10,
    preDownloadedShare: options.preDownloadedShare ?? 0,
  });
  const faults = new FaultInjector(seed, options.faults);
  const server = createServer(
    { keepAliveTimeout: 5000 },
    createRequestListener({
      state,
      faults,
      tokens: new TokenStore(),
      auth: { credentials, unsubscribedClient },
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      maxResultBytes: options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const main = state.dataset.recipients[0];
  if (!main) throw new Error('the simulator has no recipient structure');
  let closed: Promise<void> | undefined;
  return {
    url,
    tokenUrl: url + TOKEN_PATH,
    recipient: {
      siret: main.siret,
      structureId: main.idStructureCPP,
      name: main.name,
      serviceCodes: main.services.map((service) => service.code),
    },
    credentials,
    unsubscribedClient,
    addInvoices: (count, addOptions) => state.addInvoices(count, addOptions),
    setFaults: (partial) => void faults.set(partial),
    faults: () => faults.options,
    stats: () => state.stats(),
    resetCounters: () => state.resetCounters(),
    invoiceIds: () => state.invoices().map((invoice) => invoice.idFacture),
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
