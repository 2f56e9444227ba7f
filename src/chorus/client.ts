/** The Chorus Pro client facade: one instance per environment and credentials, sharing its PISTE token. */
import { testConnection } from './connection-test.ts';
import { downloadPivot, type DownloadOptions, type DownloadResult } from './download-pivot.ts';
import { resolveEnvironment, type ChorusEnvironment, type ResolvedEnvironment } from './environments.ts';
import { SecretRedactor } from './errors.ts';
import { createHttpClient, resolveTimeouts, type ChorusTimeouts } from './http-client.ts';
import { getInvoiceDetails } from './invoice-details.ts';
import { checkPageSize, DEFAULT_PAGE_SIZE, searchReceivedInvoices } from './search-invoices.ts';
import { DEFAULT_SEARCH_SORT, type SearchSort } from './search-wire.ts';
import { findStructureBySiret } from './structures.ts';
import { TokenProvider } from './token-provider.ts';
import { ChorusTransport } from './transport.ts';
import type {
  ChorusCredentials,
  ConnectionReport,
  InvoiceDetails,
  InvoiceRef,
  ReceivedInvoiceFilter,
  SearchOptions,
  Structure,
} from './types.ts';

export type { ChorusEnvironment } from './environments.ts';

export interface ChorusClientOptions {
  environment: ChorusEnvironment;
  credentials: ChorusCredentials;
  /** Results per search page; default 100 (Chorus Pro's own default is 10). */
  pageSize?: number;
  timeouts?: ChorusTimeouts;
  /** Sort of searches; default IdFacture ascending (INFERRED column name, see API-REFERENCE §2.1). */
  searchSort?: SearchSort;
  /** Clock for token expiry (tests). */
  now?: () => number;
}

const CREDENTIAL_FIELDS = ['clientId', 'clientSecret', 'login', 'password'] as const;

export class ChorusClient {
  readonly environment: ResolvedEnvironment;
  private readonly tokens: TokenProvider;
  private readonly transport: ChorusTransport;
  private readonly pageSize: number;
  private readonly searchSort: SearchSort;
  private readonly redactor: SecretRedactor;

  constructor(options: ChorusClientOptions) {
    this.environment = resolveEnvironment(options.environment);
    const credentials = options.credentials;
    for (const field of CREDENTIAL_FIELDS) {
      const value: unknown = credentials?.[field];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new TypeError(`Chorus Pro client: credentials.${field} is missing or empty`);
      }
    }
    this.pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
    this.searchSort = options.searchSort ?? DEFAULT_SEARCH_SORT;
    const timeouts = resolveTimeouts(options.timeouts);
    const cproAccount = Buffer.from(`${credentials.login}:${credentials.password}`, 'utf8').toString('base64');
    const redactor = (this.redactor = new SecretRedactor([
      credentials.clientId,
      credentials.clientSecret,
      credentials.login,
      credentials.password,
      cproAccount,
    ]));
    const http = createHttpClient();
    this.tokens = new TokenProvider({
      http,
      tokenUrl: this.environment.tokenUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      timeouts,
      redactor,
      ...(options.now && { now: options.now }),
    });
    this.transport = new ChorusTransport({
      http,
      apiBaseUrl: this.environment.apiBaseUrl,
      tokens: this.tokens,
      cproAccount,
      timeouts,
      redactor,
    });
  }

  /** Number of PISTE token requests sent so far. */
  get tokenRequests(): number {
    return this.tokens.requestsSent;
  }

  /** The structure (and its Chorus Pro id) with this SIRET; a business ChorusError if there is none. */
  findStructureBySiret(siret: string): Promise<Structure> {
    return this.guard(findStructureBySiret(this.transport, siret));
  }

  /**
   * Received invoices matching `filter`, each once: all pages, or `options.limit` invoices, after which the generator
   * returns whether more may follow.
   */
  searchReceivedInvoices(
    filter: ReceivedInvoiceFilter,
    options: SearchOptions = {},
  ): AsyncGenerator<InvoiceRef, boolean, undefined> {
    return this.guardAll(
      searchReceivedInvoices(
        this.transport,
        filter,
        options.pageSize ?? this.pageSize,
        this.searchSort,
        options.skip,
        options.limit,
      ),
    );
  }

  getInvoiceDetails(invoiceId: number): Promise<InvoiceDetails> {
    return this.guard(getInvoiceDetails(this.transport, invoiceId));
  }

  /**
   * Streams the PIVOT XML of one or several invoices into `destinationFile` (via `<file>.part`). Chorus Pro marks
   * the invoices as downloaded by the recipient.
   */
  downloadPivot(
    invoiceIds: number[] | number,
    destinationFile: string,
    options?: DownloadOptions,
  ): Promise<DownloadResult> {
    return this.guard(downloadPivot(this.transport, invoiceIds, destinationFile, options));
  }

  /** Checks the token, the technical account and the recipient structure; never throws for a failed step. */
  async testConnection(recipientSiret: string): Promise<ConnectionReport> {
    const report = await this.guard(testConnection(this.tokens, this.transport, recipientSiret));
    return { ok: report.ok, steps: report.steps.map((s) => ({ ...s, detail: this.redactor.redact(s.detail) })) };
  }

  /** Last line of defence: whatever leaves the client has server-supplied text cleared of credentials. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw this.redactor.redactError(error);
    }
  }

  private async *guardAll<T, R>(work: AsyncGenerator<T, R, undefined>): AsyncGenerator<T, R, undefined> {
    try {
      return yield* work;
    } catch (error) {
      throw this.redactor.redactError(error);
    }
  }
}
