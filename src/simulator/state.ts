import {
  createIdSequences,
  generateDataset,
  generateInvoice,
  initialDepositTimes,
  type Dataset,
  type IdSequences,
} from './generator.ts';
import type { Invoice, InvoiceStatus, InvoiceType } from './model.ts';

export interface SimulatorStats {
  /** Answers per route (`METHOD /path`, or `UNMATCHED`) and HTTP status. /admin calls are not counted. */
  requests: Record<string, Record<string, number>>;
  totalRequests: number;
  tokensIssued: number;
  /** Download answers (HTTP 200, faulty ones included) per idFacture. */
  downloadsByInvoice: Record<string, number>;
  /** Faults injected, per kind: server-error, rate-limit, truncated, malformed, payload-too-large. */
  faults: Record<string, number>;
  invoiceCount: number;
  downloadedInvoiceCount: number;
}

export interface AddInvoiceOptions {
  attachmentBytes?: number;
  status?: InvoiceStatus;
  downloaded?: boolean;
  type?: InvoiceType;
  supplierIndex?: number;
  recipientIndex?: number;
  depositedAt?: Date;
}

export interface StateOptions {
  seed: number;
  invoiceCount: number;
  referenceDate: Date;
  recipientCount: number;
  userEmail: string;
  depositSpreadDays: number;
  preDownloadedShare: number;
}

export class SimulatorState {
  readonly dataset: Dataset;
  readonly ids: IdSequences = createIdSequences();
  readonly userEmail: string;
  readonly #invoices = new Map<number, Invoice>();
  readonly #order: Invoice[] = [];
  #stats = SimulatorState.#emptyStats();

  constructor(options: StateOptions) {
    this.dataset = generateDataset(options.seed, options.recipientCount);
    this.userEmail = options.userEmail;
    const times = initialDepositTimes(
      options.seed,
      options.invoiceCount,
      options.referenceDate,
      options.depositSpreadDays,
    );
    for (const depositedAt of times) {
      this.#push(
        generateInvoice(this.dataset, this.#order.length, this.ids, {
          depositedAt,
          notAfter: options.referenceDate,
          preDownloadedShare: options.preDownloadedShare,
          userEmail: this.userEmail,
        }),
      );
    }
  }

  static #emptyStats(): SimulatorStats {
    return {
      requests: {},
      totalRequests: 0,
      tokensIssued: 0,
      downloadsByInvoice: {},
      faults: {},
      invoiceCount: 0,
      downloadedInvoiceCount: 0,
    };
  }

  #push(invoice: Invoice): void {
    this.#invoices.set(invoice.idFacture, invoice);
    this.#order.push(invoice);
  }

  /** All invoices in id order. */
  invoices(): readonly Invoice[] {
    return this.#order;
  }

  get(idFacture: number): Invoice | undefined {
    return this.#invoices.get(idFacture);
  }

  /** New invoices deposited now (made available at once unless a status is given); returns their ids. */
  addInvoices(count: number, options: AddInvoiceOptions = {}): number[] {
    const added: number[] = [];
    for (let i = 0; i < count; i++) {
      const now = new Date();
      const depositedAt = options.depositedAt ?? new Date(now.getTime() - 2000);
      const invoice = generateInvoice(this.dataset, this.#order.length, this.ids, {
        depositedAt,
        notAfter: new Date(Math.max(now.getTime(), depositedAt.getTime())),
        status: options.status ?? 'MISE_A_DISPOSITION',
        downloaded: options.downloaded ?? false,
        ...(options.attachmentBytes !== undefined ? { attachmentBytes: options.attachmentBytes } : {}),
        ...(options.type !== undefined ? { type: options.type } : {}),
        ...(options.supplierIndex !== undefined ? { supplierIndex: options.supplierIndex } : {}),
        ...(options.recipientIndex !== undefined ? { recipientIndex: options.recipientIndex } : {}),
        userEmail: this.userEmail,
      });
      this.#push(invoice);
      added.push(invoice.idFacture);
    }
    return added;
  }

  /** What a recipient download does on Chorus Pro: the flag flips and the history gets a user action. */
  markDownloaded(invoice: Invoice, at: Date): void {
    invoice.downloaded = true;
    invoice.userActions.push({
      id: this.ids.next('action'),
      code: 'TELECHARGEMENT_FACTURE',
      at,
      userEmail: this.userEmail,
    });
    const key = String(invoice.idFacture);
    this.#stats.downloadsByInvoice[key] = (this.#stats.downloadsByInvoice[key] ?? 0) + 1;
  }

  recordRequest(route: string, status: number): void {
    const byStatus = (this.#stats.requests[route] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    this.#stats.totalRequests++;
  }

  recordToken(): void {
    this.#stats.tokensIssued++;
  }

  recordFault(kind: string): void {
    this.#stats.faults[kind] = (this.#stats.faults[kind] ?? 0) + 1;
  }

  stats(): SimulatorStats {
    const copy = structuredClone(this.#stats);
    copy.invoiceCount = this.#order.length;
    copy.downloadedInvoiceCount = this.#order.filter((invoice) => invoice.downloaded).length;
    return copy;
  }

  resetCounters(): void {
    this.#stats = SimulatorState.#emptyStats();
  }
}
