import { z } from 'zod';
import { createRandom, hashSeed, type Random } from './prng.ts';

/** Fault injection options. All are off by default; rates are shares in [0, 1]. */
export interface FaultOptions {
  /** Share of API calls answered 500, 502 or 503. */
  serverErrorRate: number;
  /** Share of API calls answered 429 with a Retry-After header. */
  rateLimitRate: number;
  /** Value of Retry-After on 429 answers, in seconds. */
  retryAfterSeconds: number;
  /** Added before answering every call (token and API; not /admin). */
  latencyMs: number;
  /** Throttle on response bodies, bytes per second; 0 = unthrottled. */
  bytesPerSecond: number;
  /** When > 0, tokens issued from now on live this many seconds instead of the configured lifetime. */
  tokenLifetimeSeconds: number;
  /** Share of downloads whose base64 `fichierResultat` is cut short (the JSON stays well-formed). */
  truncatedDownloadRate: number;
  /** Share of PIVOT downloads whose XML is not well-formed. */
  malformedPivotRate: number;
  /** Invoices whose main attachment is replaced by one of `oversizedBytes` bytes. */
  oversizedInvoiceIds: number[];
  oversizedBytes: number;
}

export const DEFAULT_FAULTS: FaultOptions = {
  serverErrorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  bytesPerSecond: 0,
  tokenLifetimeSeconds: 0,
  truncatedDownloadRate: 0,
  malformedPivotRate: 0,
  oversizedInvoiceIds: [],
  oversizedBytes: 130 * 1024 * 1024,
};

const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);

/** Strict so that a misspelt option is refused instead of silently ignored. */
export const faultOptionsSchema = z.strictObject({
  serverErrorRate: rate.optional(),
  rateLimitRate: rate.optional(),
  retryAfterSeconds: count.optional(),
  latencyMs: count.optional(),
  bytesPerSecond: count.optional(),
  tokenLifetimeSeconds: count.optional(),
  truncatedDownloadRate: rate.optional(),
  malformedPivotRate: rate.optional(),
  oversizedInvoiceIds: z.array(z.number().int()).optional(),
  oversizedBytes: count.optional(),
});

export type RequestFault =
  { kind: 'server-error'; status: 500 | 502 | 503 } | { kind: 'rate-limit'; retryAfterSeconds: number };

export interface DownloadFault {
  truncated: boolean;
  malformed: boolean;
}

/**
 * Draws fault decisions from PRNG streams derived from the seed. Every call consumes the same number of draws whatever
 * the rates, and setting the options restarts the streams: after a change, a given sequence of requests always meets
 * the same faults.
 */
export class FaultInjector {
  #options: FaultOptions;
  #requests!: Random;
  #downloads!: Random;

  constructor(
    private readonly seed: number,
    initial: Partial<FaultOptions> = {},
  ) {
    this.#options = { ...DEFAULT_FAULTS, ...faultOptionsSchema.parse(initial) };
    this.#restart();
  }

  get options(): FaultOptions {
    return { ...this.#options, oversizedInvoiceIds: [...this.#options.oversizedInvoiceIds] };
  }

  /** Merges options (validated; throws a ZodError on bad input) and restarts the decision streams. */
  set(partial: Partial<FaultOptions>): FaultOptions {
    this.#options = { ...this.#options, ...faultOptionsSchema.parse(partial) };
    this.#restart();
    return this.options;
  }

  #restart(): void {
    this.#requests = createRandom(hashSeed(this.seed, 'faults-requests'));
    this.#downloads = createRandom(hashSeed(this.seed, 'faults-downloads'));
  }

  drawRequestFault(): RequestFault | null {
    const draw = this.#requests.next();
    const statusDraw = this.#requests.next();
    const { serverErrorRate, rateLimitRate, retryAfterSeconds } = this.#options;
    if (draw < serverErrorRate) {
      const statuses = [500, 502, 503] as const;
      return { kind: 'server-error', status: statuses[Math.floor(statusDraw * 3)] ?? 500 };
    }
    if (draw < serverErrorRate + rateLimitRate) return { kind: 'rate-limit', retryAfterSeconds };
    return null;
  }

  drawDownloadFault(): DownloadFault {
    const truncated = this.#downloads.next() < this.#options.truncatedDownloadRate;
    const malformed = this.#downloads.next() < this.#options.malformedPivotRate;
    return { truncated, malformed };
  }

  oversizedBytesFor(idFacture: number): number | undefined {
    return this.#options.oversizedInvoiceIds.includes(idFacture) ? this.#options.oversizedBytes : undefined;
  }
}
